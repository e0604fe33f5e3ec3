"""The incident registry kept beside the workflow checkpoints (`CHECKPOINT_URL`).

LangGraph keeps each incident's workflow state; it has no cheap way to list the threads that
wait for a human (contracts.md §5.6). This table keeps what the service needs to pick up after
a restart: the incident (its key, alerts, counters, status), its live view (Slack channel and
ts included) and when it started verifying, as one JSON document per incident. A row is
written whenever the workflow changes the incident, and when it opens.

`IncidentStore` is what the service needs of it; two kinds keep it: `IncidentTable`, in a
SQLite file beside the checkpoints (WAL mode, one connection used from the event loop: a write
is a single upsert of a few KB, well under a millisecond), and, with a postgresql:// URL,
receiver.pg.tables.PgIncidentTable (the same table in PostgreSQL). A write is synchronous in
both: an incident is on disk before the request that opened it is answered.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Protocol

import msgspec

from receiver.incidents.key import migrated_key
from receiver.incidents.model import AlertState, Incident, IncidentStatus, LiveView
from receiver.ingest.events import AlertEvent, AlertSource, AlertStatus
from receiver.sqlite import open_table

_SCHEMA = """
CREATE TABLE IF NOT EXISTS incidents (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    open INTEGER NOT NULL,
    document BLOB NOT NULL
)
"""


class _Alert(msgspec.Struct, array_like=True):
    starts_at: datetime
    status: AlertStatus
    statuses: list[AlertStatus]
    name: str = ""  # rows written before alerts had names lack it


class _Document(msgspec.Struct):
    id: str
    # IncidentKey; 4 parts in rows written before clusters (receiver.incidents.key.migrated_key)
    key: Annotated[list[str], msgspec.Meta(min_length=4, max_length=5)]
    status: IncidentStatus
    first_seen: datetime
    last_seen: datetime
    first_event: AlertEvent
    sources: dict[AlertSource, int]
    alerts: dict[str, _Alert]
    events: int
    repeats: int
    live: dict[str, Any]


# The facts of an Incident the document holds as they are (the others are converted below).
_AS_IS = ("id", "status", "first_seen", "last_seen", "first_event", "sources", "events", "repeats")


def dump_incident(incident: Incident) -> bytes:
    """The incident as one JSON document (pure); `load_incident` reads it back."""
    document = _Document(
        **{name: getattr(incident, name) for name in _AS_IS},
        key=list(incident.key),
        alerts={
            fp: _Alert(a.starts_at, a.status, sorted(a.statuses), a.name)
            for fp, a in incident.alerts.items()
        },
        live=asdict(incident.live),
    )
    return msgspec.json.encode(document)


def load_incident(data: bytes) -> Incident:
    """The incident `dump_incident` wrote. ValueError when the document is not one."""
    try:
        document = msgspec.json.decode(data, type=_Document)
        live = msgspec.convert(document.live, LiveView, strict=False) if document.live else None
    except (msgspec.DecodeError, msgspec.ValidationError) as error:
        raise ValueError(f"not an incident document: {error}") from None
    alerts = document.alerts
    return Incident(
        **{name: getattr(document, name) for name in _AS_IS},
        key=migrated_key(document.key),
        alerts={
            fp: AlertState(a.starts_at, a.status, set(a.statuses), a.name)
            for fp, a in alerts.items()
        },
        seen={(fp, a.starts_at, s) for fp, a in alerts.items() for s in a.statuses},
        live=live or LiveView(),
    )


class IncidentStore(Protocol):
    """Where the incidents are written down between runs (see the module doc)."""

    unreadable: list[str]  # ids of the rows the last read skipped (not incident documents)

    def save(self, incident: Incident) -> None:
        """Write the incident's current state (replacing the previous one) before returning."""
        ...

    def open_incidents(self) -> list[Incident]:
        """Every incident that was not finished, oldest first (unreadable rows skipped)."""
        ...

    def finished_incidents(self, limit: int) -> list[Incident]:
        """The `limit` newest finished incidents, oldest first (unreadable rows skipped)."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...


def loaded_incidents(rows: list[tuple[str, bytes]], unreadable: list[str]) -> list[Incident]:
    """The incidents of (id, document) rows; the ids of documents that are not one are added
    to `unreadable`."""
    found: list[Incident] = []
    for incident_id, document in rows:
        try:
            found.append(load_incident(document))
        except ValueError:
            unreadable.append(incident_id)
    return found


class IncidentTable:
    """The incidents table in the SQLite file at `path` (created on first use)."""

    def __init__(self, path: Path) -> None:
        """Open (or create) the table in the SQLite file at `path`."""
        self.path = Path(path)
        self._db = open_table(self.path, _SCHEMA)
        self.unreadable: list[str] = []

    def save(self, incident: Incident) -> None:
        """Write the incident's current state (replacing the previous one)."""
        self._db.execute(
            "INSERT INTO incidents (id, status, open, document) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET status=excluded.status, open=excluded.open, "
            "document=excluded.document",
            (
                incident.id,
                incident.status.value,
                int(not incident.status.terminal),
                dump_incident(incident),
            ),
        )

    def open_incidents(self) -> list[Incident]:
        """Every incident that was not finished, oldest first; unreadable rows are skipped
        (and returned by `unreadable`)."""
        self.unreadable = []
        rows = self._db.execute(
            "SELECT id, document FROM incidents WHERE open = 1 ORDER BY id"
        ).fetchall()
        return loaded_incidents(rows, self.unreadable)

    def finished_incidents(self, limit: int) -> list[Incident]:
        """The `limit` newest finished incidents, oldest first (a failed one has no commit,
        so without them it would vanish from the API at a restart); unreadable rows are
        skipped (and added to `unreadable`)."""
        rows = self._db.execute(
            "SELECT id, document FROM incidents WHERE open = 0 ORDER BY id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return loaded_incidents(rows[::-1], self.unreadable)

    def close(self) -> None:
        """Close the database."""
        self._db.close()
