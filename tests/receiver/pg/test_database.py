"""PostgreSQL mode through the real app: readiness follows the database (a stopped server
makes the service not ready, with the reason; it is ready again once the server is back),
incidents written while it was down are written when it answers, and a start-up the
database refuses (a schema newer than the code) fails saying why."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from litestar.testing import AsyncTestClient
from structlog.testing import capture_logs

from receiver.incidents.model import IncidentStatus
from receiver.pg.database import Database
from receiver.pg.errors import DatabaseUnavailable
from receiver.pg.tables import PgIncidentTable
from tests.pg import PostgresServer, postgres_server, require_postgres
from tests.receiver.conftest import make_app
from tests.receiver.incidents.test_table import observed
from tests.receiver.web.test_overview import row


@pytest.fixture
def own_server() -> Iterator[PostgresServer]:
    """A server of this test's own (the test stops and starts it)."""
    require_postgres()
    with postgres_server() as server:
        yield server


def incident_rows(url: str) -> dict[str, str]:
    with psycopg.connect(url) as db:
        return dict(db.execute("SELECT id, status FROM incidents").fetchall())


async def test_readiness_follows_the_database_and_rows_of_the_outage_are_written_after_it(
    tmp_path: Path, own_server: PostgresServer
) -> None:
    url = own_server.url(own_server.create_database())
    async with AsyncTestClient(app=make_app(tmp_path, CHECKPOINT_URL=url)) as client:
        assert (await client.get("/health/ready")).status_code == 200
        assert row((await client.get("/ui/health")).text, "database") == "reachable"
        own_server.stop()
        down = await client.get("/health/ready")
        assert down.status_code == 503
        assert down.headers["content-type"] == "application/problem+json"
        assert down.json()["detail"].startswith("the database does not answer: ")
        assert own_server.role_password not in down.text
        assert (await client.get("/health")).status_code == 200  # the process still answers
        page = (await client.get("/ui/health")).text
        assert row(page, "database").startswith("unreachable: the database does not answer")
        own_server.start()
        assert (await client.get("/health/ready")).status_code == 200


async def test_incidents_saved_while_the_database_is_down_are_written_when_it_answers(
    own_server: PostgresServer,
) -> None:
    url = own_server.url(own_server.create_database())
    database = Database(url, "the test database")
    async with database.running():  # the schema
        pass
    table = PgIncidentTable(database.link)
    (first,) = observed().newest_first()
    table.save(first)
    own_server.stop()
    first.status = IncidentStatus.AWAITING_APPROVAL
    (second,) = observed().newest_first()
    second.id = "incident-during-the-outage"
    with capture_logs() as logs:
        table.save(first)  # neither raises: kept to be written later
        table.save(second)
    own_server.start()
    (third,) = observed().newest_first()
    third.id = "incident-after-the-outage"
    with capture_logs() as later:
        table.save(third)
    assert incident_rows(url) == {
        first.id: "awaiting_approval",
        second.id: second.status.value,
        third.id: third.status.value,
    }
    errors = [e for e in logs if e["log_level"] == "error"]
    assert len(errors) == 1 and "the database does not answer" in errors[0]["event"]
    assert own_server.role_password not in str(logs)
    assert [e["event"] for e in later] == ["incidents written again: the database answers"]
    table.close()


async def test_a_database_newer_than_the_code_stops_start_up_saying_so(
    tmp_path: Path, pg_url: str
) -> None:
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        db.execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')")
    with capture_logs() as logs, pytest.raises(BaseExceptionGroup) as group:
        async with AsyncTestClient(app=make_app(tmp_path, CHECKPOINT_URL=pg_url)):
            pass
    matched, _ = group.value.split(DatabaseUnavailable)  # the lifespan's task group wraps it
    assert matched is not None
    (refused,) = matched.exceptions
    assert "schema is at version 999" in str(refused)
    password = pg_url.split(":")[2].split("@")[0]
    assert ":****@" in str(refused) and password not in str(refused)
    (failed,) = [e for e in logs if e["log_level"] == "error"]
    assert failed["event"] == "start-up failed" and "version 999" in failed["reason"]
    with psycopg.connect(pg_url) as db:  # nothing of ours was created
        assert db.execute("SELECT to_regclass('incidents')").fetchone() == (None,)
