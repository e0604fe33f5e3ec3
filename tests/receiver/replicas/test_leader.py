"""Leader election on a real PostgreSQL: one leader, a dead one replaced, a lost hold stops."""

from __future__ import annotations

import asyncio
from typing import Any

import psycopg
import pytest

from receiver.replicas.leader import Leadership, current_leader


def connector(url: str) -> Any:
    async def connect() -> psycopg.AsyncConnection[Any]:
        return await psycopg.AsyncConnection.connect(url, autocommit=True)

    return connect


async def test_one_of_two_replicas_leads_and_says_where(schema_url: str) -> None:
    elected: list[str] = []
    a = Leadership(connector(schema_url), name="a", url="http://a:8000", lease_seconds=0.6)
    b = Leadership(connector(schema_url), name="b", url="http://b:8000", lease_seconds=0.6)

    async def on_elected_a() -> None:
        elected.append("a")

    async def on_elected_b() -> None:
        elected.append("b")

    running = [
        asyncio.create_task(a.run(on_elected_a, pytest.fail)),
        asyncio.create_task(b.run(on_elected_b, pytest.fail)),
    ]
    try:
        await asyncio.wait_for(
            asyncio.wait(
                [asyncio.ensure_future(a.elected()), asyncio.ensure_future(b.elected())],
                return_when=asyncio.FIRST_COMPLETED,
            ),
            5,
        )
        await asyncio.sleep(1.0)  # three more lease checks: nobody else is elected
        assert len(elected) == 1
        assert [a.leading, b.leading].count(True) == 1
        async with await connector(schema_url)() as connection:
            leader = await current_leader(connection)
        assert leader is not None and leader.name == elected[0]
        assert leader.url == f"http://{elected[0]}:8000"
    finally:
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)


async def test_a_killed_leader_is_replaced_within_a_lease(schema_url: str) -> None:
    loop = asyncio.get_running_loop()
    a = Leadership(connector(schema_url), name="a", url="http://a", lease_seconds=0.9)
    b = Leadership(connector(schema_url), name="b", url="http://b", lease_seconds=0.9)

    async def nothing() -> None:
        return None

    first = asyncio.create_task(a.run(nothing, pytest.fail))
    await asyncio.wait_for(a.elected(), 5)
    second = asyncio.create_task(b.run(nothing, pytest.fail))
    await asyncio.sleep(0.5)
    assert not b.leading
    # The leader's session ends (as when its process is killed): the server frees the lock.
    async with await connector(schema_url)() as admin:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )
    ended = loop.time()
    await asyncio.wait_for(b.elected(), 5)
    assert loop.time() - ended <= 0.9 + 0.5  # one lease, and some slack for the machine
    second.cancel()
    await asyncio.gather(first, second, return_exceptions=True)


async def test_a_leader_that_cannot_confirm_its_hold_stops(schema_url: str) -> None:
    lost: list[str] = []
    a = Leadership(connector(schema_url), name="a", url="http://a", lease_seconds=0.6)

    async def nothing() -> None:
        return None

    task = asyncio.create_task(a.run(nothing, lost.append))
    await asyncio.wait_for(a.elected(), 5)
    async with await connector(schema_url)() as admin:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )
    await asyncio.wait_for(task, 5)
    assert not a.leading
    assert len(lost) == 1 and "connection" in lost[0]


async def test_followers_wait_while_the_database_is_away() -> None:
    attempts = 0

    async def refused() -> Any:
        nonlocal attempts
        attempts += 1
        raise psycopg.OperationalError("connection refused")

    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        if len(slept) >= 3:
            raise asyncio.CancelledError

    a = Leadership(refused, name="a", url="http://a", lease_seconds=3.0, sleep=sleep)

    async def nothing() -> None:
        return None

    with pytest.raises(asyncio.CancelledError):
        await a.run(nothing, pytest.fail)
    assert attempts == 3 and slept == [1.0, 1.0, 1.0]
    assert not a.leading


async def test_a_frozen_leader_loses_the_lock_to_the_server_within_a_lease(
    schema_url: str,
) -> None:
    loop = asyncio.get_running_loop()
    frozen = asyncio.Event()

    async def stops_checking(seconds: float) -> None:
        if frozen.is_set():
            await asyncio.Event().wait()  # a process that no longer runs its heartbeat
        await asyncio.sleep(seconds)

    a = Leadership(
        connector(schema_url), name="a", url="http://a", lease_seconds=1.5, sleep=stops_checking
    )
    b = Leadership(connector(schema_url), name="b", url="http://b", lease_seconds=1.5)

    async def nothing() -> None:
        return None

    first = asyncio.create_task(a.run(nothing, pytest.fail))
    await asyncio.wait_for(a.elected(), 5)
    frozen.set()
    froze = loop.time()
    second = asyncio.create_task(b.run(nothing, pytest.fail))
    await asyncio.wait_for(b.elected(), 10)
    assert loop.time() - froze <= 1.5 * 2 + 1.0  # the server's timeout, then b's next try
    for task in (first, second):
        task.cancel()
    await asyncio.gather(first, second, return_exceptions=True)
