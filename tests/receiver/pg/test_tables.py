"""The incident table and the poller's cursor in PostgreSQL: what is written is what a
restarted service reads back, as in SQLite mode (tests/receiver/incidents/test_table.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import AsyncConnection

from graph.evidence.poll_state import Cursor, PollerState
from receiver.incidents.model import IncidentStatus
from receiver.pg.schema import migrate
from receiver.pg.tables import PgIncidentTable, PgPollCursorStore, SyncLink
from tests.receiver.incidents.test_table import observed


@pytest.fixture
def link(pg_url: str) -> Iterator[SyncLink]:
    """The tables' connection to a fresh database with the schema migrated."""

    async def migrated() -> None:
        async with await AsyncConnection.connect(pg_url, autocommit=True) as conn:
            await migrate(conn)

    asyncio.run(migrated())
    link = SyncLink(pg_url, 5)
    yield link
    link.close()


def test_the_table_returns_unfinished_incidents_and_skips_unreadable_rows(
    link: SyncLink, pg_url: str
) -> None:
    table = PgIncidentTable(link)
    (incident,) = observed().newest_first()
    incident.status = IncidentStatus.AWAITING_APPROVAL
    incident.live.slack_channel, incident.live.slack_ts = "C1", "1764650000.000100"
    table.save(incident)
    incident.live.reason = "saved twice: the newest wins"
    table.save(incident)
    (done,) = observed().newest_first()
    done.status = IncidentStatus.RECOVERED
    table.save(done)
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute("""INSERT INTO incidents VALUES ('incident-x', 'analyzing', true, '"no"')""")
    table.close()

    reopened = PgIncidentTable(link)
    (back,) = reopened.open_incidents()
    assert back.id == incident.id and back.live == incident.live
    assert back.alerts == incident.alerts and back.key == incident.key
    assert reopened.unreadable == ["incident-x"]
    (finished,) = reopened.finished_incidents(10)
    assert finished.id == done.id and finished.status is IncidentStatus.RECOVERED
    assert reopened.finished_incidents(0) == []


def test_a_label_with_a_nul_escape_is_stored_and_read_back(link: SyncLink) -> None:
    table = PgIncidentTable(link)
    (incident,) = observed().newest_first()
    incident.live.reason = "odd \x00 byte from a log line"
    table.save(incident)
    (back,) = table.open_incidents()
    assert back.live.reason == incident.live.reason


def test_the_poller_cursor_reads_back_and_an_unreadable_one_starts_over(
    link: SyncLink, pg_url: str
) -> None:
    store = PgPollCursorStore(link)
    assert store.load('{app="x"}') is None
    state = PollerState(Cursor(123, frozenset({"a1"}), 150), {'{app="x"}': 120}, 2)
    store.save('{app="x"}', state)
    store.save('{app="x"}', state)
    store.close()
    assert PgPollCursorStore(link).load('{app="x"}') == state
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute("""INSERT INTO poller_cursor VALUES ('{app="y"}', '[1, 2]')""")
    assert PgPollCursorStore(link).load('{app="y"}') is None
