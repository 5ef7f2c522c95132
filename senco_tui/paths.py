"""Where senco-tui keeps its files: the one module that knows.

Every command takes --data-dir / --config-dir (or SENCO_TUI_DATA_DIR /
SENCO_TUI_CONFIG_DIR); otherwise the platform's usual folders are used.
"""

# No `from __future__ import annotations` here: the NamedTuples' field types are then
# objects, not strings typing compiles one by one as every process starts (its first
# compile() alone costs a command ~1.5 ms)

import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from senco_tui.errors import UserError
from senco_tui.records import CARRY_POLICIES, DEFAULT_CARRY_POLICY, CarryPolicy

APP = "senco-tui"
DATA_ENV = "SENCO_TUI_DATA_DIR"
CONFIG_ENV = "SENCO_TUI_CONFIG_DIR"
STORE_ENV = "SENCO_TUI_STORE"
EXPORT_ENV = "SENCO_TUI_EXPORT_DIR"


class Settings(NamedTuple):
    """The user's own settings from <config-dir>/settings.toml (all optional)."""

    export_dir: Path | None = None
    # half-term -> "MM-DD" start date, overriding England's usual boundaries
    # (a read-only default: every Settings() shares it)
    half_term_starts: Mapping[str, str] = MappingProxyType({})
    meeting_minutes: int = 60  # how long a meeting should take: the meeting's time guide
    # which questions are carried forward, unless a SENCo has their own (carry = "red")
    carry_policy: CarryPolicy = DEFAULT_CARRY_POLICY
    # a postgresql:// URL: the shared store (none: the SQLite file in the data folder)
    store: str | None = None


class Paths(NamedTuple):
    data_dir: Path
    config_dir: Path
    store: str | None = None  # --store or SENCO_TUI_STORE; else settings.toml's
    export: Path | None = None  # --export-dir or SENCO_TUI_EXPORT_DIR; else settings.toml's

    def store_url(self) -> str | None:
        """The shared store's URL, if one is chosen: flag, environment, then settings."""
        return self.store or self.settings().store

    @property
    def database(self) -> Path:
        return self.data_dir / "senco.db"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def user_checklists(self) -> Path:
        return self.config_dir / "checklists"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"

    @property
    def export_dir(self) -> Path:
        """Where exported notes go: --export-dir, SENCO_TUI_EXPORT_DIR, settings.toml's
        export_dir, else a senco-tui folder in Documents."""
        chosen = self.export or self.settings().export_dir
        if chosen is not None:
            return chosen
        import platformdirs

        return Path(platformdirs.user_documents_dir()) / APP

    def settings(self) -> Settings:
        """Read settings.toml; a missing file means defaults.

        Raises SettingsError (with file and line where TOML gives one) when it is broken.
        """
        try:
            raw = self.settings_file.read_bytes()
        except FileNotFoundError:
            return Settings()
        except OSError as exc:
            raise SettingsError(f"{self.settings_file}: cannot read: {exc.strerror}") from None
        import tomllib  # only when there is a file: it costs start-up time

        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"{self.settings_file}: {exc}") from None
        export_dir = data.get("export_dir")
        store = data.get("store")
        if store is not None and not isinstance(store, str):
            raise SettingsError(f"{self.settings_file}: store must be a text URL "
                                "(postgresql://...)")
        starts = data.get("half_term_starts", {})
        minutes = data.get("meeting_minutes", 60)
        policy = data.get("carry", DEFAULT_CARRY_POLICY)
        if policy not in CARRY_POLICIES:
            raise SettingsError(f"{self.settings_file}: carry must be one of "
                                f"{', '.join(CARRY_POLICIES)} (which questions are carried "
                                "forward; open actions always are), e.g. carry = \"red\"")
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 5 <= minutes <= 600:
            raise SettingsError(f"{self.settings_file}: meeting_minutes must be a whole number "
                                "of minutes from 5 to 600, e.g. meeting_minutes = 60")
        if export_dir is not None and not isinstance(export_dir, str):
            raise SettingsError(f"{self.settings_file}: export_dir must be a text path")
        if not isinstance(starts, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in starts.items()
        ):
            raise SettingsError(
                f"{self.settings_file}: [half_term_starts] must map half-terms to \"MM-DD\""
            )
        from senco_tui.calendar import check_starts

        try:
            check_starts(starts)
        except ValueError as exc:
            raise SettingsError(f"{self.settings_file}: [half_term_starts]: {exc}") from None
        return Settings(
            export_dir=Path(export_dir).expanduser() if export_dir else None,
            half_term_starts=dict(starts),
            meeting_minutes=minutes,
            carry_policy=policy,
            store=store or None,
        )


class SettingsError(UserError):
    """settings.toml cannot be used; the message names the file."""


def resolve(data_dir: str | os.PathLike[str] | None = None,
            config_dir: str | os.PathLike[str] | None = None,
            store: str | None = None,
            export_dir: str | os.PathLike[str] | None = None) -> Paths:
    """Flags win over environment variables, which win over platform defaults."""
    store = store or os.environ.get(STORE_ENV) or None
    export = export_dir or os.environ.get(EXPORT_ENV) or None
    data = data_dir or os.environ.get(DATA_ENV)
    config = config_dir or os.environ.get(CONFIG_ENV)
    if not data or not config:
        import platformdirs

        data = data or platformdirs.user_data_dir(APP, appauthor=False)
        config = config or platformdirs.user_config_dir(APP, appauthor=False)
    return Paths(Path(data).expanduser().absolute(), Path(config).expanduser().absolute(),
                 store, Path(export).expanduser().absolute() if export else None)


def builtin_checklists() -> Path:
    """The checklists shipped with the package (inside the wheel, or the repo's top level)."""
    here = Path(__file__).resolve().parent
    packaged = here / "checklists"
    if packaged.is_dir():
        return packaged
    return here.parent / "checklists"
