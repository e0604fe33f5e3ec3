"""The Loki poller's cursor, kept beside the incidents table (`CHECKPOINT_URL`).

One row per poll query: the poller's state as graph.evidence.poll_state writes it (the newest
timestamp read, the hashes of the lines read at it, the streams' last events), saved after
every poll whose events were queued, so a restart neither reads a line again nor skips one.
`CursorStore` is what the poller needs of it: `PollCursorStore` keeps it in a SQLite file of
its own (receiver.assembly), like the incidents table: WAL mode, one connection used from the
event loop, one upsert of a few KB per poll; with a postgresql:// URL,
receiver.pg.tables.PgPollCursorStore keeps the same table in PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

import structlog

from graph.evidence.poll_state import PollerState
from receiver.sqlite import open_table

log = structlog.get_logger("alertgraph.loki_poller")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS poller_cursor (
    query TEXT PRIMARY KEY,
    document TEXT NOT NULL
)
"""


class CursorStore(Protocol):
    """Where the poller's state is kept between runs, by poll query."""

    def load(self, query: str) -> PollerState | None:
        """The state saved for `query`, or None (never polled, or unreadable: logged)."""
        ...

    def save(self, query: str, state: PollerState) -> None:
        """Write `query`'s state (replacing the previous one)."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...


def loaded_state(document: str | None, where: str) -> PollerState | None:
    """The poller state in a saved `document` (JSON), None when there is none or it is not
    one (logged, naming `where` it was kept)."""
    if document is None:
        return None
    try:
        return PollerState.from_dict(json.loads(document))
    except (ValueError, TypeError, KeyError, AttributeError):
        log.warning("loki poller cursor unreadable: starting from the window", file=where)
        return None


def dumped_state(state: PollerState) -> str:
    """`state` as the JSON document the stores keep."""
    return json.dumps(state.to_dict(), separators=(",", ":"))


class PollCursorStore:
    """The poller states in the SQLite file at `path` (created on first use)."""

    def __init__(self, path: Path) -> None:
        """Open (or create) the table in the SQLite file at `path`."""
        self.path = Path(path)
        self._db = open_table(self.path, _SCHEMA)

    def load(self, query: str) -> PollerState | None:
        """The state saved for `query`, or None (never polled, or unreadable: logged)."""
        row = self._db.execute(
            "SELECT document FROM poller_cursor WHERE query = ?", (query,)
        ).fetchone()
        return loaded_state(None if row is None else row[0], self.path.name)

    def save(self, query: str, state: PollerState) -> None:
        """Write `query`'s state (replacing the previous one)."""
        self._db.execute(
            "INSERT INTO poller_cursor (query, document) VALUES (?, ?) "
            "ON CONFLICT(query) DO UPDATE SET document=excluded.document",
            (query, dumped_state(state)),
        )

    def close(self) -> None:
        """Close the database."""
        self._db.close()
