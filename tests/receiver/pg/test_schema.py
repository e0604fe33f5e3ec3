"""The schema migrations on a real PostgreSQL: applied once however many processes start
together, not again on the next start, and a database newer than the code is refused."""

from __future__ import annotations

import asyncio
import multiprocessing
from typing import Any

import psycopg
import pytest
from psycopg import AsyncConnection

from receiver.pg.schema import Migration, SchemaTooNew, known_migrations, migrate, schema_version


def applied(url: str) -> list[tuple[int, str]]:
    with psycopg.connect(url) as db:
        return [tuple(row) for row in db.execute("SELECT version, name FROM schema_migrations")]


def test_the_package_ships_its_steps_numbered_from_one() -> None:
    steps = known_migrations()
    assert [s.version for s in steps] == list(range(1, len(steps) + 1))
    assert (
        steps[0].name == "incidents_and_poller_cursor" and "CREATE TABLE incidents" in steps[0].sql
    )


async def test_a_fresh_database_gets_every_step_once_and_a_second_start_applies_none(
    pg_url: str,
) -> None:
    async with await AsyncConnection.connect(pg_url, autocommit=True) as conn:
        first = await migrate(conn)
        again = await migrate(conn)
        version = await schema_version(conn)
    steps = known_migrations()
    assert first == [s.version for s in steps] and again == []
    assert version == steps[-1].version
    assert applied(pg_url) == [(s.version, s.name) for s in steps]
    with psycopg.connect(pg_url) as db:  # the tables exist and take rows
        db.execute("INSERT INTO incidents VALUES ('i-1', 'received', true, '{}')")
        db.execute("INSERT INTO poller_cursor VALUES ('{app=\"x\"}', '{}')")


def _migrate_in_a_process(url: str, start: Any) -> list[int]:
    async def run() -> list[int]:
        async with await AsyncConnection.connect(url, autocommit=True) as conn:
            start.wait()  # every process connected: they migrate at the same moment
            return await migrate(conn)

    return asyncio.run(run())


def test_processes_starting_together_apply_each_step_once(pg_url: str) -> None:
    # Four processes migrate one fresh database at the same moment: each step runs once
    # (a second CREATE TABLE would fail the step), whoever comes later finds it done.
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, context.Pool(4) as pool:
        start = manager.Barrier(4)
        results = pool.starmap(_migrate_in_a_process, [(pg_url, start)] * 4)
    steps = [s.version for s in known_migrations()]
    assert sorted(results, key=len) == [[], [], [], steps]
    assert applied(pg_url) == [(s.version, s.name) for s in known_migrations()]


async def test_a_database_newer_than_the_code_is_refused_and_left_as_it_is(pg_url: str) -> None:
    newer = [*known_migrations(), Migration(99, "from_the_future", "CREATE TABLE future (x int)")]
    async with await AsyncConnection.connect(pg_url, autocommit=True) as conn:
        await migrate(conn, newer)
    before = applied(pg_url)
    async with await AsyncConnection.connect(pg_url, autocommit=True) as conn:
        with pytest.raises(SchemaTooNew) as refused:
            await migrate(conn)
    assert "schema is at version 99" in str(refused.value)
    assert f"up to {known_migrations()[-1].version}" in str(refused.value)
    assert applied(pg_url) == before
