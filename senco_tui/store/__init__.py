"""The meeting store: the only code that writes SQL, behind one interface.

`MeetingStore` (base.py) is the interface; `Store` is the SQLite file, the default.
"""

from __future__ import annotations

from senco_tui.store.base import MeetingStore, StoreError
from senco_tui.store.sqlite import (
    BACKUP_DIR,
    DB_NAME,
    KEEP_BACKUPS,
    SCHEMA_VERSION,
    NoStoreYet,
    Store,
    restore,
)

__all__ = ["BACKUP_DIR", "DB_NAME", "KEEP_BACKUPS", "SCHEMA_VERSION", "MeetingStore", "NoStoreYet",
           "Store", "StoreError", "restore"]
