"""The meeting store: the only code that writes SQL, behind one interface.

`MeetingStore` (base.py) is the interface; `Store` is the SQLite file, the default.
`open_store(paths)` chooses: a postgresql:// URL (--store, SENCO_TUI_STORE or
`store = "..."` in settings.toml) opens the shared PostgreSQL store (postgres.py,
imported only then), anything else the SQLite file in the data folder.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from senco_tui.store.base import MeetingStore, SaveConflict, StoreError
from senco_tui.store.sqlite import (
    BACKUP_DIR,
    DB_NAME,
    KEEP_BACKUPS,
    SCHEMA_VERSION,
    NoStoreYet,
    Store,
    restore,
)

if TYPE_CHECKING:
    from senco_tui.paths import Paths
    from senco_tui.store.postgres import PostgresStore

__all__ = ["BACKUP_DIR", "DB_NAME", "KEEP_BACKUPS", "SCHEMA_VERSION", "MeetingStore",
           "NoStoreYet", "SaveConflict", "Store", "StoreError", "glance_ahead", "glance_store",
           "is_postgres", "open_postgres", "open_read_only", "open_store", "restore"]

INSTALL_HINT = "pip install 'senco-tui[postgres]'"


def is_postgres(url: str | None) -> bool:
    return url is not None and url.startswith(("postgresql://", "postgres://"))


def open_postgres(url: str, *, owner_ok: bool = False) -> PostgresStore:
    """The shared store at `url`; a one-line error when the driver is not installed."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise StoreError(f"the shared PostgreSQL store needs its driver: {INSTALL_HINT}") from None
    from senco_tui.store.postgres import PostgresStore

    return PostgresStore.open(url, owner_ok=owner_ok)


def _url(paths: Paths) -> str | None:
    url = paths.store_url()
    if url and not is_postgres(url):
        raise StoreError(f"store {url!r}: give a postgresql:// URL for a shared store, or "
                         "leave it out for the file in the data folder")
    return url


def open_store(paths: Paths, *, read_only: bool = False, busy_ms: int | None = None,
               read_only_if_unwritable: bool = False) -> MeetingStore:
    """The store chosen for these paths, open (read_only: the SQLite file must exist
    and is not written; busy_ms: how long a write waits for the file's lock;
    read_only_if_unwritable: a file that cannot be written (a full disk) opens read-only,
    with a notice, instead of refusing)."""
    url = _url(paths)
    if url:
        return open_postgres(url)
    if busy_ms is None:
        return Store.open(paths.data_dir, read_only=read_only,
                          read_only_if_unwritable=read_only_if_unwritable)
    return Store.open(paths.data_dir, read_only=read_only, busy_ms=busy_ms,
                      read_only_if_unwritable=read_only_if_unwritable)


def glance_store(paths: Paths) -> MeetingStore | None:
    """Something to show at once (see Store.glance, and for the shared store
    shared_glance.py, read ahead by glance_ahead); None: open it fully instead."""
    url = _url(paths)
    if url:
        from senco_tui.store import shared_glance

        return shared_glance.take(url)
    return Store.glance(paths.data_dir)


def open_read_only(paths: Paths) -> MeetingStore:
    """The store for a command that only reads: what glance_ahead read of a shared
    store, else open_store(paths, read_only=True)."""
    url = _url(paths)
    if url:
        from senco_tui.store import shared_glance

        return shared_glance.take(url) or open_postgres(url)
    return open_store(paths, read_only=True)


@contextlib.contextmanager
def glance_ahead(paths: Paths, senco: str | None = None) -> Iterator[None]:
    """For a shared store, its SENCos (and the records of the one named `senco`) read
    in a child process meanwhile (see shared_glance.py), for glance_store or
    open_read_only; nothing for the SQLite file, whose glance is quick."""
    from senco_tui.paths import SettingsError

    try:
        url = _url(paths)
    except (StoreError, SettingsError):  # the app's own open says what is wrong
        url = None
    if not url:
        yield
        return
    from senco_tui.store import shared_glance

    with shared_glance.reading_ahead(url, senco):
        yield
