"""The one way the service opens its SQLite files (the durable tables beside the checkpoints).

Every table lives in a file that may not exist yet: the folder is created, the connection is
shared by the asyncio loop and worker threads (`check_same_thread=False`) in autocommit mode,
with WAL journaling and `synchronous=NORMAL` (a row written survives a killed process; a power
cut may lose the last transactions, which the workflow's checkpoints replay).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def open_table(path: Path, schema: str) -> sqlite3.Connection:
    """A connection to the SQLite file at `path`, with `schema` (CREATE … IF NOT EXISTS) run."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(schema)
    return db
