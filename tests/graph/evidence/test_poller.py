"""The fallback Loki poller against the loopback fake Loki (httpx real): every line read once
across overlapping windows, pages and restarts; noisy streams; Loki down."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence

import httpx
import pytest
from prometheus_client import CollectorRegistry, Counter, Gauge

from graph.evidence.backend import Reason, Unavailable
from graph.evidence.loki import LokiClient
from graph.evidence.poller import (
    SOURCE,
    Cursor,
    PollerConfig,
    PollerHooks,
    PollerState,
    PollEvent,
    PollResult,
    next_delay,
    poll_once,
    run_poller,
)
from tests.graph.evidence.fake_loki import FakeLoki
from tests.integration.conftest import _free_port

NS = 10**9
T = 1_796_540_400 * NS  # "now" of the first poll
QUERY = '{namespace=~".+"} |~ "(?i)(error|panic)"'
A = {"namespace": "shop", "pod": "checkout-7d9f8c6b5-x2k4p", "container": "checkout"}
B = {"namespace": "shop", "pod": "checkout-7d9f8c6b5-q9w7z", "container": "checkout"}
C = {"namespace": "cart", "pod": "cart-0", "container": "cart"}


def config(**overrides: object) -> PollerConfig:
    """Every line visible in the events (no suppression, no per-stream bound), no delay."""
    settings: dict[str, object] = {
        "query": QUERY,
        "interval": 60.0,
        "window": 300.0,
        "delay": 0.0,
        "limit": 1000,
        "max_lines_per_stream": 100_000,
        "max_line_chars": 10_000,
        "repeat_after": 0.0,
    }
    settings.update(overrides)
    return PollerConfig(**settings)  # type: ignore[arg-type]


def lines_of(results: Sequence[PollResult]) -> list[str]:
    return [line for r in results for e in r.events for line in e.text.split("\n")]


async def test_overlapping_windows_read_every_line_exactly_once(
    fake_loki: FakeLoki, loki: LokiClient
) -> None:
    fake_loki.push(A, [(T - 200 * NS + i, f"error a{i}") for i in range(5)])
    fake_loki.push(B, [(T - 100 * NS, "error b0"), (T - NS, "error b1")])
    fake_loki.push(A, [(T - 400 * NS, "error too old for the first window")])
    state = PollerState()

    first = await poll_once(loki, config(), state, now_ns=T)
    # Lines arrive after the first poll: one on the cursor's very nanosecond, others later.
    fake_loki.push(C, [(T - NS, "error c0 shares b1's nanosecond")])
    fake_loki.push(A, [(T + 10 * NS, "error a5"), (T + 59 * NS, "panic a6")])
    second = await poll_once(loki, config(), first.state, now_ns=T + 60 * NS)
    third = await poll_once(loki, config(), second.state, now_ns=T + 120 * NS)

    assert sorted(lines_of([first, second, third])) == sorted(
        [f"error a{i}" for i in range(5)]
        + ["error b0", "error b1", "error c0 shares b1's nanosecond", "error a5", "panic a6"]
    )
    assert (first.lines_read, second.lines_read, third.lines_read) == (7, 3, 0)
    starts = [int(r.params["start"]) for r in fake_loki.query_range_requests()]
    assert starts == [T - 300 * NS, T - NS, T + 59 * NS]  # the cursor, not the window start
    assert all(r.params["direction"] == "forward" for r in fake_loki.query_range_requests())


async def test_a_window_larger_than_the_limit_is_paged_without_loss_or_repeats(
    fake_loki: FakeLoki, loki: LokiClient
) -> None:
    # 2,500 lines, three on each nanosecond (one per stream): page edges fall mid-nanosecond.
    counts = {"a": 834, "b": 833, "c": 833}
    for labels, name in ((A, "a"), (B, "b"), (C, "c")):
        lines = [(T - 250 * NS + 3 * i, f"error {name}{i}") for i in range(counts[name])]
        fake_loki.push(labels, lines)
    expected = {f"error {n}{i}" for n, count in counts.items() for i in range(count)}

    result = await poll_once(loki, config(limit=1000), PollerState(), now_ns=T)

    read = lines_of([result])
    assert len(read) == len(set(read)) == len(expected) == 2500
    assert set(read) == expected
    assert len(fake_loki.query_range_requests()) == 3
    assert result.state.cursor is not None
    assert result.state.cursor.timestamp_ns == T - 250 * NS + 3 * 833


async def test_restart_from_saved_json_goes_on_where_it_stopped(
    fake_loki: FakeLoki, loki: LokiClient
) -> None:
    fake_loki.push(A, [(T - 10 * NS, "error before the restart")])
    before = await poll_once(loki, config(), PollerState(), now_ns=T)
    saved = json.dumps(before.state.to_dict())
    fake_loki.push(B, [(T - 10 * NS, "error on the cursor's nanosecond, after the restart")])
    fake_loki.push(A, [(T + 30 * NS, "error after the restart")])

    restored = PollerState.from_dict(json.loads(saved))
    after = await poll_once(loki, config(), restored, now_ns=T + 90 * NS)

    assert restored == before.state
    assert lines_of([before]) == ["error before the restart"]
    assert sorted(lines_of([after])) == [
        "error after the restart",
        "error on the cursor's nanosecond, after the restart",
    ]


async def test_a_downtime_longer_than_the_window_is_reported_not_hidden(
    fake_loki: FakeLoki, loki: LokiClient
) -> None:
    state = PollerState(Cursor(T - 3600 * NS, frozenset(), T - 3600 * NS))

    result = await poll_once(loki, config(window=300.0), state, now_ns=T)

    assert result.skipped_seconds == pytest.approx(3300.0)
    assert int(fake_loki.query_range_requests()[0].params["start"]) == T - 300 * NS


async def test_lines_become_one_masked_bounded_event_per_stream(
    fake_loki: FakeLoki, loki: LokiClient
) -> None:
    fake_loki.push(A, [(T - 100 * NS + i, f"error {i} token=abc{i}def") for i in range(50)])
    fake_loki.push(C, [(T - 50 * NS, "panic: nil map")])

    result = await poll_once(loki, config(max_lines_per_stream=20), PollerState(), now_ns=T)

    event_a, event_c = result.events
    assert dict(event_a.labels) == A and event_a.source == SOURCE == "loki_poller"
    assert event_a.line_count == 50
    assert event_a.text.split("\n") == [f"error {i} token=****" for i in range(20)]
    assert (event_a.timestamp_ns, event_a.last_timestamp_ns) == (T - 100 * NS, T - 100 * NS + 49)
    assert event_c.text == "panic: nil map"
    assert json.loads(json.dumps(event_a.to_dict()))["timestamp_ns"] == str(T - 100 * NS)


async def test_a_stream_that_stays_noisy_gives_one_event_per_repeat_interval(
    fake_loki: FakeLoki, loki: LokiClient
) -> None:
    settings = config(repeat_after=3600.0)
    state = PollerState()
    events: list[int] = []
    suppressed: list[int] = []
    for minute in range(0, 125, 1):  # a poll a minute for two hours, a line before each
        now = T + minute * 60 * NS
        fake_loki.push(A, [(now - 30 * NS, f"error at minute {minute}")])
        result = await poll_once(loki, settings, state, now_ns=now)
        state = result.state
        events.append(len(result.events))
        suppressed.append(result.suppressed_streams)

    assert [m for m, n in enumerate(events) if n] == [0, 60, 120]
    assert sum(suppressed) == 125 - 3


async def test_loki_down_backs_off_and_loses_nothing(
    fake_loki: FakeLoki, loki: LokiClient, http: httpx.AsyncClient
) -> None:
    fake_loki.push(A, [(T - 10 * NS, "error one")])
    first = await poll_once(loki, config(), PollerState(), now_ns=T)
    down = LokiClient(http, f"http://127.0.0.1:{_free_port()}")
    fake_loki.push(A, [(T + 20 * NS, "error during the outage")])

    failed = await poll_once(down, config(), first.state, now_ns=T + 60 * NS)
    failed_again = await poll_once(down, config(), failed.state, now_ns=T + 180 * NS)
    back = await poll_once(loki, config(), failed_again.state, now_ns=T + 240 * NS)

    assert failed.error is not None and failed.error.reason is Reason.UNREACHABLE
    assert failed.state.cursor == first.state.cursor and failed.events == ()
    assert (failed.next_delay, failed_again.next_delay, back.next_delay) == (120.0, 240.0, 60.0)
    assert lines_of([back]) == ["error during the outage"]


@pytest.mark.parametrize(
    ("status", "headers", "reason", "delay"),
    [
        (429, {"Retry-After": "300"}, Reason.RATE_LIMITED, 300.0),
        (429, {}, Reason.RATE_LIMITED, 120.0),
        (500, {}, Reason.SERVER_ERROR, 120.0),
        (503, {}, Reason.SERVER_ERROR, 120.0),
        (400, {}, Reason.REJECTED, 120.0),
    ],
)
async def test_error_answers_back_off(
    fake_loki: FakeLoki,
    loki: LokiClient,
    status: int,
    headers: dict[str, str],
    reason: Reason,
    delay: float,
) -> None:
    fake_loki.fail(status, "too many outstanding requests", headers=headers)

    result = await poll_once(loki, config(), PollerState(), now_ns=T)

    assert result.error is not None and result.error.reason is reason
    assert result.next_delay == delay and result.state.failures == 1


async def test_an_error_between_pages_keeps_what_was_read(
    fake_loki: FakeLoki, loki: LokiClient
) -> None:
    fake_loki.push(A, [(T - 100 * NS + i, f"error {i}") for i in range(25)])
    fake_loki.fail(502, "bad gateway", after=1)  # the second page fails

    first = await poll_once(loki, config(limit=10), PollerState(), now_ns=T)
    second = await poll_once(loki, config(limit=10), first.state, now_ns=T + 60 * NS)

    assert first.error is not None and first.error.status == 502
    assert lines_of([first]) == [f"error {i}" for i in range(10)]
    assert lines_of([second]) == [f"error {i}" for i in range(10, 25)]


async def test_more_lines_on_one_nanosecond_than_the_limit_cannot_loop(
    fake_loki: FakeLoki, loki: LokiClient
) -> None:
    fake_loki.push(A, [(T - 10 * NS, f"error same ns {i}") for i in range(15)])
    fake_loki.push(B, [(T - 5 * NS, "error later")])

    result = await poll_once(loki, config(limit=10), PollerState(), now_ns=T)

    assert result.skipped_lines == 1
    assert "error later" in lines_of([result])
    assert len(lines_of([result])) == 11  # 10 of the 15, and the later one


def test_backoff_doubles_up_to_its_cap_and_honours_retry_after() -> None:
    settings = config(interval=60.0, max_backoff=600.0)
    limited = Unavailable("loki", Reason.RATE_LIMITED, retry_after=3000.0)

    delays = [next_delay(settings, failures, None) for failures in range(6)]

    assert delays == [60.0, 120.0, 240.0, 480.0, 600.0, 600.0]
    assert next_delay(settings, 1, limited) == 600.0  # Retry-After, within the cap


# --- the loop ------------------------------------------------------------------------------------


async def test_run_poller_counts_logs_and_survives_failures(
    fake_loki: FakeLoki, loki: LokiClient
) -> None:
    registry = CollectorRegistry()
    polls = Counter("polls", "", registry=registry)
    lines = Counter("lines", "", registry=registry)
    queued = Counter("events", "", registry=registry)
    errors = Counter("errors", "", ["reason"], registry=registry)
    lag = Gauge("lag", "", registry=registry)
    hooks = PollerHooks(
        polls=polls.inc,
        lines_read=lines.inc,
        events_queued=queued.inc,
        errors=lambda reason: errors.labels(reason=reason).inc(),
        lag_seconds=lag.set,
    )
    now = [T / NS]
    delays: list[float] = []
    stop = asyncio.Event()
    emitted: list[PollEvent] = []
    saved: list[str] = []
    emit_failures = [1]

    async def sleep(seconds: float) -> None:
        delays.append(seconds)
        now[0] += seconds
        fake_loki.push(B, [(int(now[0] * NS) - 5 * NS, f"error after sleep {len(delays)}")])
        if len(delays) == 5:
            stop.set()

    async def emit(events: Sequence[PollEvent]) -> None:
        if len(delays) == 2 and emit_failures:
            emit_failures.pop()
            raise RuntimeError("queue full")
        emitted.extend(events)

    async def save(state: PollerState) -> None:
        saved.append(json.dumps(state.to_dict()))

    fake_loki.push(A, [(T - 5 * NS, "error at start")])
    fake_loki.fail(503, "overloaded")  # the first poll fails

    final = await run_poller(
        loki,
        config(),
        emit=emit,
        clock=lambda: now[0],
        sleep=sleep,
        save=save,
        hooks=hooks,
        stop=stop,
    )

    texts = [line for e in emitted for line in e.text.split("\n")]
    assert sorted(texts) == sorted(
        ["error at start", *(f"error after sleep {i}" for i in range(1, 5))]
    )  # the emit that failed lost nothing: its lines came again
    assert delays == [120.0, 60.0, 120.0, 60.0, 60.0]  # backoff after Loki's and emit's errors
    metric = registry.get_sample_value
    assert metric("polls_total") == 5
    assert metric("errors_total", {"reason": "server_error"}) == 1
    assert metric("errors_total", {"reason": "internal"}) == 1
    assert metric("lines_total") == 6
    assert metric("events_total") == len(emitted) == 4
    assert metric("lag") == 0.0
    assert PollerState.from_dict(json.loads(saved[-1])) == final
