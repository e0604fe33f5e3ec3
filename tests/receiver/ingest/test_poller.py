"""The fallback Loki poller in the running service, against the loopback fake Loki.

The app runs in the test client's thread; the poller's sleep is the test's (`Polls`): each
poll runs when the test releases it, and the clock is the test's, so nothing waits for real
intervals.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from prometheus_client import CollectorRegistry
from structlog.testing import capture_logs

from receiver.app import create_app
from receiver.config import ConfigError, load_settings
from tests.conftest import CAPTURE_NOW
from tests.graph.evidence.fake_loki import FakeLoki, serving
from tests.pg import DurableMode
from tests.receiver.conftest import batches_handled, incidents_when, make_app, metric
from tests.receiver.helpers import WEBHOOK, firing, post_json
from tests.receiver.test_backends import log_line

NS = 1_000_000_000
QUERY = '{namespace="shop"} |~ "(?i)(error|exception)"'
STREAM = {"namespace": "shop", "pod": "checkout-7d9f8c6b5-x2k4p", "container": "checkout"}
OTHER_POD = {**STREAM, "pod": "checkout-7d9f8c6b5-9qzlm"}


class Clock:
    """The app's clock, moved by the test."""

    def __init__(self, start: datetime = CAPTURE_NOW) -> None:
        self.at = start

    def now(self) -> datetime:
        return self.at

    def ns(self, offset: float = 0.0) -> int:
        """The clock's time plus `offset` seconds, in nanoseconds."""
        return int((self.at.timestamp() + offset) * NS)

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


class Polls:
    """The poller's sleep: each call records its delay and returns when the test releases
    it (thread-safe: the app's loop runs in another thread)."""

    def __init__(self) -> None:
        self.delays: list[float] = []
        self._released = 0
        self._lock = threading.Lock()

    async def sleep(self, seconds: float) -> None:
        with self._lock:
            self.delays.append(seconds)
            mine = len(self.delays)
        while True:
            with self._lock:
                if self._released >= mine:
                    return
            await asyncio.sleep(0.002)

    def release(self) -> None:
        with self._lock:
            self._released += 1

    async def finished(self, polls: int, within: float = 10.0) -> None:
        """Wait until `polls` polls ended (each ends in a sleep)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while len(self.delays) < polls:
            assert loop.time() < deadline, f"only {len(self.delays)} polls ended"
            await asyncio.sleep(0.005)

    async def next(self) -> None:
        """Let one more poll run and wait until it ended."""
        done = len(self.delays)
        self.release()
        await self.finished(done + 1)


@pytest.fixture
def fake_loki() -> Iterator[FakeLoki]:
    with serving(FakeLoki()) as fake:
        yield fake


def poller_app(tmp_path: Path, fake: FakeLoki, clock: Clock, polls: Polls, **env: str) -> Litestar:
    settings = {
        "GIT_REPO_PATH": str(tmp_path / "gitops"),
        "RATE_LIMIT_PER_SECOND": "0",
        "LOKI_URL": fake.url,
        "LOKI_POLL_QUERY": QUERY,
        "LOKI_TENANT": "fake",
        **env,
    }
    return create_app(
        load_settings(settings),
        now=clock.now,
        metrics_registry=CollectorRegistry(),
        poller_sleep=polls.sleep,
    )


def ruler_alert(clock: Clock, **labels: str) -> list[dict[str, Any]]:
    """What the Loki ruler posts for a LogQL rule `sum by (namespace, pod) (…) > 0`."""
    return [
        {
            "labels": {"alertname": "CheckoutErrorLogs", "namespace": "shop", **labels},
            "annotations": {"summary": "checkout logs errors"},
            "startsAt": (clock.at - timedelta(minutes=1)).isoformat(),
            "endsAt": (clock.at + timedelta(minutes=4)).isoformat(),
            "generatorURL": "http://grafana/explore",
        }
    ]


async def post_ruler(client: AsyncTestClient[Litestar], body: Any) -> None:
    response = await client.post("/api/v2/alerts", json=body, headers={"X-Scope-OrgID": "fake"})
    assert response.status_code == 200, response.text


async def test_a_ruler_alert_and_the_pollers_lines_for_one_workload_are_one_incident(
    tmp_path: Path, fake_loki: FakeLoki
) -> None:
    clock, polls = Clock(), Polls()
    async with AsyncTestClient(app=poller_app(tmp_path, fake_loki, clock, polls)) as client:
        await polls.finished(1)  # nothing logged yet
        await post_ruler(client, ruler_alert(clock, pod=STREAM["pod"]))
        (opened,) = await incidents_when(client, lambda items: len(items) == 1)
        fake_loki.push(STREAM, [(clock.ns(20), "level=error msg=OutOfMemoryError: heap")])
        fake_loki.push(OTHER_POD, [(clock.ns(25), "level=error msg=connection reset")])
        clock.advance(60)
        await polls.next()
        await batches_handled(client, 2)

        items = (await client.get("/api/incidents")).json()["items"]
        status = (await client.get(f"/api/incidents/{opened['id']}/status")).json()
        assert metric(client, "alertgraph_loki_events_queued_total") == 2
        assert metric(client, "alertgraph_alerts_received_total", source="loki_poller") == 2
    assert [item["id"] for item in items] == [opened["id"]]
    assert sorted(status["sources"]) == ["loki_poller", "ruler"]
    assert status["counters"]["alerts"] == 1  # the lines are evidence, the alert decides


async def test_the_poller_opens_an_incident_that_the_ruler_alert_then_joins_and_resolves(
    tmp_path: Path, fake_loki: FakeLoki
) -> None:
    clock, polls = Clock(), Polls()
    fake_loki.push(STREAM, [(clock.ns(-30), "level=error msg=OutOfMemoryError: heap")])
    async with AsyncTestClient(app=poller_app(tmp_path, fake_loki, clock, polls)) as client:
        await polls.finished(1)
        (opened,) = await incidents_when(client, lambda items: len(items) == 1)
        await post_ruler(client, ruler_alert(clock, pod=STREAM["pod"]))
        resolved = ruler_alert(clock, pod=STREAM["pod"])
        resolved[0]["endsAt"] = clock.at.isoformat()
        await post_ruler(client, resolved)
        await batches_handled(client, 3)

        items = (await client.get("/api/incidents")).json()["items"]
        status = (await client.get(f"/api/incidents/{opened['id']}/status")).json()
    assert [item["id"] for item in items] == [opened["id"]]
    assert status["alertname"] == "LokiErrorLines"
    assert sorted(status["sources"]) == ["loki_poller", "ruler"]
    assert status["alerts_resolved"] is True  # the ruler's resolve; the lines never resolve


async def test_a_stream_that_stays_noisy_does_not_open_an_incident_per_poll(
    tmp_path: Path, fake_loki: FakeLoki
) -> None:
    clock, polls = Clock(), Polls()
    async with AsyncTestClient(app=poller_app(tmp_path, fake_loki, clock, polls)) as client:
        await polls.finished(1)
        for poll in range(5):
            fake_loki.push(
                STREAM, [(clock.ns(10 + i), f"level=error n={poll}.{i}") for i in range(3)]
            )
            clock.advance(60)
            await polls.next()
        await incidents_when(client, lambda items: len(items) == 1)
        items = (await client.get("/api/incidents")).json()["items"]
        read = metric(client, "alertgraph_loki_lines_read_total")
        queued = metric(client, "alertgraph_loki_events_queued_total")
    assert len(items) == 1
    assert (read, queued) == (15, 1)


async def test_loki_down_backs_off_logs_and_counts_while_alerts_still_come_in(
    tmp_path: Path, fake_loki: FakeLoki
) -> None:
    clock, polls = Clock(), Polls()
    with capture_logs() as logs:
        async with AsyncTestClient(app=poller_app(tmp_path, fake_loki, clock, polls)) as client:
            await polls.finished(1)
            await log_line(logs, "evidence backends")  # the failures below are the poller's
            fake_loki.fail(503, "querier unavailable", times=3)
            fake_loki.fail(429, "too many outstanding requests", headers={"Retry-After": "900"})
            for _ in range(4):
                await polls.next()
            response = await post_json(client, WEBHOOK, firing())
            assert response.status_code == 200
            await incidents_when(client, lambda items: len(items) == 1)
            assert (await client.get("/health/ready")).status_code == 200
            errors = {
                reason: metric(client, "alertgraph_loki_poll_errors_total", reason=reason)
                for reason in ("server_error", "rate_limited")
            }
            fake_loki.push(STREAM, [(clock.ns(20), "level=error msg=boom")])
            clock.advance(60)
            await polls.next()  # Loki is back: the lines are read
            await incidents_when(client, lambda items: len(items) == 2)
    # Doubling from LOG_MONITOR_INTERVAL; Retry-After 900 s is capped at 600 s; then 60 again.
    assert polls.delays == [60, 120, 240, 480, 600, 60]
    assert errors == {"server_error": 3, "rate_limited": 1}
    failures = [e for e in logs if e["event"] == "loki poll failed"]
    assert [e["reason"] for e in failures] == ["server_error"] * 3 + ["rate_limited"]


def poll_ranges(fake: FakeLoki, since: int) -> list[tuple[str, str]]:
    """(start, end) of the poller's query_range requests from the `since`-th on (not the
    workflow's queries for a workload's lines)."""
    requests = fake.query_range_requests()[since:]
    return [(r.params["start"], r.params["end"]) for r in requests if r.params["query"] == QUERY]


async def test_the_cursor_survives_a_restart_in_durable_mode_across_pages(
    tmp_path: Path, fake_loki: FakeLoki, durable: DurableMode
) -> None:
    clock, polls = Clock(), Polls()
    env = {"CHECKPOINT_URL": durable.url, "LOKI_POLL_LIMIT": "2"}
    first = [(clock.ns(-60 + i), f"level=error first {i}") for i in range(5)]
    fake_loki.push(STREAM, first)
    async with AsyncTestClient(app=poller_app(tmp_path, fake_loki, clock, polls, **env)) as c:
        await polls.finished(1)
        read_before = metric(c, "alertgraph_loki_lines_read_total")
    pages_before = len(poll_ranges(fake_loki, 0))
    requests_before = len(fake_loki.query_range_requests())
    newest = first[-1][0]
    # Lines on the newest nanosecond read (arrived late), and after it.
    later = [(newest, "level=error late on the same nanosecond")]
    later += [(clock.ns(30 + i), f"level=error second {i}") for i in range(4)]
    fake_loki.push(STREAM, later)
    clock.advance(60)
    polls = Polls()
    async with AsyncTestClient(app=poller_app(tmp_path, fake_loki, clock, polls, **env)) as c:
        await polls.finished(1)
        read_after = metric(c, "alertgraph_loki_lines_read_total")
    assert read_before == 5 and pages_before >= 3  # 5 lines in pages of 2
    assert read_after == len(later)  # nothing read twice, nothing skipped
    starts = {int(start) for start, _ in poll_ranges(fake_loki, requests_before)}
    assert min(starts) == newest  # the restart went on from the saved cursor


async def test_without_a_poll_query_nothing_polls(tmp_path: Path, fake_loki: FakeLoki) -> None:
    clock, polls = Clock(), Polls()
    app = make_app(tmp_path, now=clock.now, LOKI_URL=fake_loki.url)
    async with AsyncTestClient(app=app) as client:
        assert (await client.get("/health/ready")).status_code == 200
    assert fake_loki.query_range_requests() == [] and polls.delays == []


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LOKI_POLL_QUERY": QUERY}, "LOKI_POLL_QUERY needs LOKI_URL"),
        (
            {"LOKI_URL": "http://loki:3100", "LOKI_POLL_QUERY": 'sum(rate({a="b"}[5m]))'},
            "LOKI_POLL_QUERY must be a LogQL stream selector",
        ),
        (
            {
                "LOKI_URL": "http://loki:3100",
                "LOKI_POLL_QUERY": QUERY,
                "LOG_MONITOR_INTERVAL": "600",
            },
            "LOKI_QUERY_INTERVAL must be at least LOG_MONITOR_INTERVAL",
        ),
        ({"LOKI_POLL_LIMIT": "5001"}, "LOKI_POLL_LIMIT (got '5001')"),
    ],
)
def test_a_poller_setting_that_cannot_work_stops_startup(
    env: dict[str, str], expected: str
) -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(env)
    assert expected in str(err.value)
