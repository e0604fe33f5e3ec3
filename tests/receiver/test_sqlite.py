"""The durable tables' SQLite files: created where they are missing, readable by another
connection at once (autocommit, WAL), and opened again without losing rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from receiver.sqlite import open_table

SCHEMA = "CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, v TEXT NOT NULL)"


def test_a_table_in_a_missing_folder_is_created_and_written_through(tmp_path: Path) -> None:
    path = tmp_path / "state" / "deep" / "alertgraph.sqlite"
    db = open_table(path, SCHEMA)
    db.execute("INSERT INTO t VALUES ('a', '1')")  # no commit: autocommit
    other = sqlite3.connect(path)
    assert other.execute("SELECT v FROM t WHERE k = 'a'").fetchone() == ("1",)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    db.close()
    reopened = open_table(path, SCHEMA)  # the schema again: IF NOT EXISTS keeps the rows
    assert reopened.execute("SELECT count(*) FROM t").fetchone() == (1,)
