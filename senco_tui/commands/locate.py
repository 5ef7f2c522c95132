"""`senco-tui locate`: where the files are (users on macOS and Windows need it)."""

from __future__ import annotations

from senco_tui.paths import Paths, builtin_checklists


def run(args, paths: Paths) -> int:
    rows = [
        ("data", paths.data_dir),
        ("database", paths.database),
        ("backups", paths.backup_dir),
        ("config", paths.config_dir),
        ("your checklists", paths.user_checklists),
        ("settings", paths.settings_file),
        ("exports", paths.export_dir),
        ("built-in checklists", builtin_checklists()),
    ]
    width = max(len(name) for name, _ in rows)
    for name, where in rows:
        print(f"{name.ljust(width)}  {where}")
    return 0
