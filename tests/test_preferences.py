from senco_tui import preferences
from senco_tui.paths import resolve


def test_round_trip_and_merge(tmp_path):
    paths = resolve(tmp_path / "d", tmp_path / "c")
    assert preferences.load(paths) == {}
    preferences.save(paths, theme="textual-light")
    preferences.save(paths, last_question={"3": "gcse-outcomes"})
    assert preferences.load(paths) == {"theme": "textual-light",
                                       "last_question": {"3": "gcse-outcomes"}}
    assert [p.name for p in paths.config_dir.iterdir()] == ["preferences.json"]


def test_broken_file_means_defaults(tmp_path):
    paths = resolve(tmp_path / "d", tmp_path / "c")
    paths.config_dir.mkdir(parents=True)
    (paths.config_dir / "preferences.json").write_text("{not json")
    assert preferences.load(paths) == {}
    preferences.save(paths, theme="textual-dark")
    assert preferences.load(paths) == {"theme": "textual-dark"}
