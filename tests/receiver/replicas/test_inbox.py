"""The alert inbox on a real PostgreSQL: alerts accepted by any replica are grouped once by the
leader, and survive the leader's death between taking and grouping them."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest
from prometheus_client import CollectorRegistry

from receiver.incidents.registry import IncidentRegistry
from receiver.ingest.events import AlertEvent, AlertSource, AlertStatus
from receiver.ingest.queue import EventQueue
from receiver.ingest.workers import IngestWorkers
from receiver.metrics import Metrics
from receiver.replicas.inbox import Inbox, InboxPump, InboxUnavailable

T0 = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def connector(url: str) -> Any:
    async def connect() -> psycopg.AsyncConnection[Any]:
        return await psycopg.AsyncConnection.connect(url, autocommit=True)

    return connect


def alert(workload: int, replica: int) -> AlertEvent:
    pod = f"app{workload:03d}-7d9f8c6b5-" + "bcdfghjklm"[replica] * 5  # a Deployment's pod
    labels = {"alertname": "KubePodCrashLooping", "namespace": "shop", "pod": pod}
    return AlertEvent(
        timestamp=T0,
        source=AlertSource.ALERTMANAGER,
        status=AlertStatus.FIRING,
        labels=labels,
        annotations={},
        fingerprint=hashlib.sha256(pod.encode()).hexdigest()[:16],
        starts_at=T0,
        ends_at=None,
        generator_url="",
        group_key="",
        tenant="default",
    )


def storm() -> list[list[AlertEvent]]:
    """1,000 alerts over 100 workloads, as Alertmanager groups them (one body per workload)."""
    return [[alert(w, r) for r in range(10)] for w in range(100)]


async def rows(url: str) -> int:
    async with await connector(url)() as connection:
        cursor = await connection.execute("SELECT count(*) FROM alert_inbox")
        row = await cursor.fetchone()
    return int(row[0]) if row else -1


class Leader:
    """The leader's side, as the service wires it: pump → queue → workers → registry."""

    def __init__(self, url: str) -> None:
        self.queue = EventQueue(maxsize=100_000)
        self.registry = IncidentRegistry()
        self.workers = IngestWorkers(
            self.queue, self.registry, Metrics(CollectorRegistry()), workers=1
        )
        self.pump = InboxPump(connector(url), self.queue, poll_seconds=0.2)
        self.task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.workers.start()
        self.task = asyncio.create_task(self.pump.run())

    async def stop(self) -> None:
        assert self.task is not None
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)
        await self.workers.stop()


async def until_empty(url: str, within: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while await rows(url):
        assert loop.time() < deadline, "inbox not drained"
        await asyncio.sleep(0.05)


async def test_a_storm_sent_to_two_replicas_twice_makes_one_incident_per_workload(
    schema_url: str,
) -> None:
    replica_a, replica_b = Inbox(connector(schema_url)), Inbox(connector(schema_url))
    bodies = storm()
    # Both Alertmanagers of an HA pair send every notification, each to its own replica.
    await asyncio.gather(
        *(replica_a.put(body, AlertSource.ALERTMANAGER) for body in bodies),
        *(replica_b.put(body, AlertSource.ALERTMANAGER) for body in bodies),
    )
    assert await rows(schema_url) > 0
    leader = Leader(schema_url)
    leader.start()
    try:
        await until_empty(schema_url)
    finally:
        await leader.stop()
        await replica_a.close()
        await replica_b.close()
    incidents = list(leader.registry.newest_first())
    assert len(incidents) == 100
    assert sorted(len(i.alerts) for i in incidents) == [10] * 100
    assert sum(i.events for i in incidents) == 2000  # each alert attached once, seen twice


async def test_rows_stay_until_grouped_so_a_new_leader_groups_them(schema_url: str) -> None:
    inbox = Inbox(connector(schema_url))
    await inbox.put(storm()[0], AlertSource.ALERTMANAGER)
    await inbox.close()
    dead = Leader(schema_url)  # takes the rows but dies before its workers group them
    dead.task = asyncio.create_task(dead.pump.run())
    await asyncio.sleep(0.5)
    dead.task.cancel()
    await asyncio.gather(dead.task, return_exceptions=True)
    assert list(dead.registry.newest_first()) == []
    assert await rows(schema_url) == 1
    survivor = Leader(schema_url)
    survivor.start()
    try:
        await until_empty(schema_url)
    finally:
        await survivor.stop()
    (incident,) = list(survivor.registry.newest_first())
    assert len(incident.alerts) == 10


async def test_an_unreachable_database_refuses_the_alerts_in_time() -> None:
    async def refused() -> Any:
        raise psycopg.OperationalError("connection refused")

    inbox = Inbox(refused, timeout=1.0)
    with pytest.raises(InboxUnavailable, match="connection refused"):
        await inbox.put(storm()[0], AlertSource.ALERTMANAGER)
