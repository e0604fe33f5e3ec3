"""SQLite mode's durable tables in PostgreSQL: the incident registry
(receiver.incidents.table.IncidentStore) and the Loki poller's cursor
(receiver.ingest.poll_cursor.CursorStore), with the same documents.

Synchronous, on one psycopg connection (`SyncLink`), because their callers are: the workflow
runner tells its listeners of a change synchronously, and an incident must be written before
the request that opened it is answered (a kill right after the answer must not lose it), as
SQLite mode guarantees. A write is one upsert round trip; a statement that takes longer than
STATEMENT_TIMEOUT_MS fails instead of holding the event loop.

While the database does not answer, a write fails: the incident's newest document is kept in
memory and written with the next write that goes through (and at a graceful stop), so an
outage costs no incident that changes again or outlives it in a running process; one error
line says it started, one info line that it ended.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

import psycopg
import structlog

from graph.evidence.poll_state import PollerState
from receiver.incidents.model import Incident
from receiver.incidents.table import dump_incident, loaded_incidents
from receiver.ingest.poll_cursor import dumped_state, loaded_state
from receiver.pg.errors import reason

log = structlog.get_logger("alertgraph.database")
T = TypeVar("T")
STATEMENT_TIMEOUT_MS = 5000

_UPSERT_INCIDENT = (
    "INSERT INTO incidents (id, status, open, document) VALUES (%s, %s, %s, %s::json) "
    "ON CONFLICT (id) DO UPDATE SET status = excluded.status, open = excluded.open, "
    "document = excluded.document"
)


def _upsert(db: psycopg.Connection[Any], rows: list[tuple[str, str, bool, str]]) -> None:
    """Write `rows`: one statement for one row (the usual case; executemany would go through
    psycopg's pipeline mode, several times the CPU), one transaction for more."""
    if len(rows) == 1:
        db.execute(_UPSERT_INCIDENT, rows[0])
        return
    with db.transaction():
        for row in rows:
            db.execute(_UPSERT_INCIDENT, row)


class SyncLink:
    """One synchronous autocommit connection to the database of `conninfo`, opened on first
    use and again after it broke; one caller at a time (the loop, or a thread at start-up)."""

    def __init__(self, conninfo: str, connect_timeout: int) -> None:
        """Nothing connects before the first `run`."""
        self._conninfo = conninfo
        self._connect_timeout = connect_timeout
        self._conn: psycopg.Connection[Any] | None = None
        self._lock = threading.Lock()

    def run(self, work: Callable[[psycopg.Connection[Any]], T]) -> T:
        """`work(connection)`; psycopg.Error when the database cannot be reached or the
        statement fails (a broken connection is dropped: the next call connects again)."""
        with self._lock:
            if self._conn is None or self._conn.closed:
                conn = psycopg.connect(
                    self._conninfo, autocommit=True, connect_timeout=self._connect_timeout
                )
                try:
                    conn.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")
                except psycopg.Error:
                    conn.close()
                    raise
                self._conn = conn
            try:
                return work(self._conn)
            except psycopg.Error:
                if self._conn.broken or self._conn.closed:
                    self._conn.close()
                    self._conn = None
                raise

    def close(self) -> None:
        """Close the connection (a later `run` opens it again)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


class PgIncidentTable:
    """The `incidents` table (migration 0001) through `link`."""

    def __init__(self, link: SyncLink) -> None:
        """Nothing is read or written before the first call."""
        self._link = link
        self.unreadable: list[str] = []
        self._unsaved: dict[str, tuple[str, str, bool, str]] = {}  # while writes fail
        self._failing = False

    def save(self, incident: Incident) -> None:
        """Write the incident's current state (replacing the previous one); while the
        database does not answer it is kept to be written later (see the module doc)."""
        row = (incident.id, incident.status.value, not incident.status.terminal)
        self._unsaved[incident.id] = (*row, dump_incident(incident).decode())
        self.flush()

    def flush(self) -> bool:
        """Write every row a failed write left (True when none is left)."""
        if not self._unsaved:
            return True
        rows = list(self._unsaved.values())
        try:
            self._link.run(lambda db: _upsert(db, rows))
        except psycopg.Error as error:
            if not self._failing:  # once per outage
                log.error(
                    "incidents not written: the database does not answer; kept to be "
                    "written when it does",
                    incidents=len(rows),
                    error=reason(error),
                )
            self._failing = True
            return False
        for incident_id, *_, document in rows:
            if self._unsaved.get(incident_id, (None,))[-1] is document:
                del self._unsaved[incident_id]
        if self._failing:
            self._failing = False
            log.info("incidents written again: the database answers", incidents=len(rows))
        return True

    def open_incidents(self) -> list[Incident]:
        """Every incident that was not finished, oldest first; unreadable rows are skipped
        (and returned by `unreadable`)."""
        self.unreadable = []
        rows = self._link.run(
            lambda db: db.execute(
                "SELECT id, document::text FROM incidents WHERE open ORDER BY id"
            ).fetchall()
        )
        return loaded_incidents([(i, d.encode()) for i, d in rows], self.unreadable)

    def finished_incidents(self, limit: int) -> list[Incident]:
        """The `limit` newest finished incidents, oldest first; unreadable rows are skipped
        (and added to `unreadable`)."""
        rows = self._link.run(
            lambda db: db.execute(
                "SELECT id, document::text FROM incidents WHERE NOT open ORDER BY id DESC LIMIT %s",
                (limit,),
            ).fetchall()
        )
        return loaded_incidents([(i, d.encode()) for i, d in rows[::-1]], self.unreadable)

    def close(self) -> None:
        """Write what is left (when the database answers), then release the connection."""
        self.flush()
        self._link.close()


class PgPollCursorStore:
    """The `poller_cursor` table (migration 0001) through `link`."""

    def __init__(self, link: SyncLink) -> None:
        """Nothing is read or written before the first call."""
        self._link = link

    def load(self, query: str) -> PollerState | None:
        """The state saved for `query`, or None (never polled, or unreadable: logged)."""
        row = self._link.run(
            lambda db: db.execute(
                "SELECT document::text FROM poller_cursor WHERE query = %s", (query,)
            ).fetchone()
        )
        return loaded_state(None if row is None else row[0], "poller_cursor")

    def save(self, query: str, state: PollerState) -> None:
        """Write `query`'s state (replacing the previous one); psycopg.Error when the
        database does not answer (the poller logs it and saves again after its next poll)."""
        self._link.run(
            lambda db: db.execute(
                "INSERT INTO poller_cursor (query, document) VALUES (%s, %s::json) "
                "ON CONFLICT (query) DO UPDATE SET document = excluded.document",
                (query, dumped_state(state)),
            )
        )

    def close(self) -> None:
        """Release the connection."""
        self._link.close()
