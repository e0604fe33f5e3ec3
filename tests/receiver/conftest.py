"""An app per test with a fixed clock, driven through Litestar's test client."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from prometheus_client import CollectorRegistry

from receiver.app import create_app
from receiver.config import load_settings
from tests.conftest import CAPTURE_NOW


def ticking_clock(start: datetime = CAPTURE_NOW) -> Callable[[], datetime]:
    """A clock that moves one second forward on every call (incidents get distinct times)."""
    ticks = itertools.count()
    return lambda: start + timedelta(seconds=next(ticks))


def make_app(
    tmp_path: Path, now: Callable[[], datetime] = lambda: CAPTURE_NOW, **env: str
) -> Litestar:
    """The real app with the captures' clock (or `now`), its own metrics registry and its own
    GitOps repository under `tmp_path` (created on start, as in production)."""
    # Tests drive many requests from one client in a burst; the ones about rate limits set it.
    env = {"GIT_REPO_PATH": str(tmp_path / "gitops"), "RATE_LIMIT_PER_SECOND": "0", **env}
    return create_app(load_settings(env), now=now, metrics_registry=CollectorRegistry())


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=make_app(tmp_path)) as c:
        yield c


async def status_when(
    client: AsyncTestClient[Litestar], incident_id: str, predicate: Any, within: float = 10.0
) -> dict[str, Any]:
    """Poll one incident's status until `predicate(body)` holds; fail with the last body."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        body: dict[str, Any] = (await client.get(f"/api/incidents/{incident_id}/status")).json()
        if predicate(body) or loop.time() > deadline:
            assert predicate(body), body
            return body
        await asyncio.sleep(0.01)


async def incidents_when(
    client: AsyncTestClient[Litestar], predicate: Any, within: float = 5.0
) -> list[dict[str, Any]]:
    """Poll the incident list until `predicate(items)` holds (the workers run in the
    background); fail with the last list after `within` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        items: list[dict[str, Any]] = (await client.get("/api/incidents")).json()["items"]
        if predicate(items) or loop.time() > deadline:
            assert predicate(items), items
            return items
        await asyncio.sleep(0.01)


def metric(client: AsyncTestClient[Litestar], name: str, **labels: str) -> float:
    """A sample's value from the app's own registry (0 when absent)."""
    registry = client.app.state.metrics.registry
    value = registry.get_sample_value(name, labels)
    return 0.0 if value is None else value


async def batches_handled(
    client: AsyncTestClient[Litestar], count: int, within: float = 5.0
) -> None:
    """Wait until the ingest workers handled `count` batches in all (the app runs in the test
    client's own loop and thread, so its queue cannot be awaited from here: this polls the
    queue-wait metric, observed once per batch, then makes one request, which the app's
    single-threaded loop serves only after the worker's synchronous handling finished)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while metric(client, "alertgraph_queue_wait_seconds_count") < count:
        assert loop.time() < deadline, "the ingest workers did not handle the batches"
        await asyncio.sleep(0.01)
    await client.get("/health")
