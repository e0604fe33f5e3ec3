"""The fallback Loki poller: read matching log lines once, turn them into events.

Every `interval` seconds `poll_once` reads `[start, end)` with `direction=forward`, where
`end = now - delay` (lines get a few seconds to arrive) and
`start = max(cursor.timestamp, end - window)` — the window (LOKI_QUERY_INTERVAL) bounds how
far back a poll looks, the cursor keeps overlapping windows and pages from reading a line
twice:

- the cursor is the newest timestamp read plus a hash of every line (stream labels + text)
  read *at* that timestamp; a query starts at that timestamp (Loki's start is inclusive), and
  lines there whose hash is known are skipped — so lines that share the cursor's nanosecond
  but arrived later are still read, and none is read twice;
- a window holding more than `limit` lines is read in pages, each starting at the previous
  page's newest timestamp (same dedup); more than `limit` lines on one nanosecond cannot be
  paged through, so the rest of that nanosecond is skipped and counted;
- the cursor is plain JSON (`PollerState.to_dict`), saved after the events are queued: after
  a restart the poller goes on where it stopped (durable mode). A downtime longer than the
  window is not caught up: the gap is reported (`skipped_seconds`), not silently lost.

Lines become one `PollEvent` per stream per poll (labels = the stream's labels, at most
`max_lines_per_stream` lines, masked and cut), source `loki_poller`. A stream that stays noisy
gives its next event only `repeat_after` seconds (of log time) after its previous one.

Loki down, slow or answering errors: the poll returns the error, the delay before the next
one doubles (up to `max_backoff`, at least Loki's Retry-After), `run_poller` logs it and
counts it; nothing raises and the cursor does not move past unread lines.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import structlog

from graph.evidence.backend import Unavailable
from graph.evidence.loki import LokiClient, Stream
from graph.evidence.poll_state import (
    SOURCE,
    Cursor,
    PollerConfig,
    PollerState,
    PollEvent,
    PollResult,
)
from graph.masking import mask_secrets

# Re-exported: the poller's configuration, state and results (graph.evidence.poll_state).
__all__ = ["SOURCE", "Cursor", "PollEvent", "PollResult", "PollerConfig", "PollerHooks"]
__all__ += ["PollerState", "next_delay", "poll_once", "run_poller", "stream_key"]

_NS = 1_000_000_000
_MAX_REMEMBERED_STREAMS = 10_000

log = structlog.get_logger("alertgraph.loki_poller")


@dataclass(slots=True)
class _Pending:
    labels: Mapping[str, str]
    lines: list[tuple[int, str]] = field(default_factory=list)
    count: int = 0
    first_ns: int = 0
    last_ns: int = 0


@dataclass(slots=True)
class _Read:
    """What the pages of one poll gathered so far."""

    cursor: Cursor | None
    streams: dict[str, _Pending] = field(default_factory=dict)
    lines: int = 0
    skipped_lines: int = 0


def stream_key(labels: Mapping[str, str]) -> str:
    """A stream's identity: its labels, sorted, as one string."""
    return ",".join(f"{k}={v!r}" for k, v in sorted(labels.items()))


def _line_hash(key: str, line: str) -> str:
    return hashlib.blake2b(f"{key}\x00{line}".encode(), digest_size=8).hexdigest()


async def poll_once(
    client: LokiClient, config: PollerConfig, state: PollerState, *, now_ns: int
) -> PollResult:
    """Read what is new since `state`'s cursor (module docstring) and return the events."""
    end = now_ns - int(config.delay * _NS)
    earliest = end - int(config.window * _NS)
    cursor = state.cursor
    start = earliest if cursor is None else max(cursor.timestamp_ns, earliest)
    seen = cursor.hashes if cursor is not None and start == cursor.timestamp_ns else frozenset()
    gap = 0 if cursor is None else max(0, earliest - cursor.read_until_ns)
    read = _Read(cursor)
    error: Unavailable | None = None
    complete = start >= end
    for _ in range(config.max_pages):
        if complete:
            break
        answer = await client.query_range(
            config.query,
            start_ns=start,
            end_ns=end,
            limit=config.limit,
            direction="forward",
            tenant=config.tenant,
        )
        if isinstance(answer, Unavailable):
            error = answer
            break
        entries = _entries(answer.streams)
        fresh = _take(read, entries, start, seen, config)
        if len(entries) < config.limit:
            complete = True
        elif entries[-1][0] == start and not fresh:  # > limit lines on one nanosecond
            read.skipped_lines += 1
            start, seen = start + 1, frozenset()
            old = read.cursor.read_until_ns if read.cursor else 0
            read.cursor = Cursor(start, seen, old)
        else:
            start = entries[-1][0]
            seen = read.cursor.hashes if read.cursor else frozenset()
    read_until = end if complete else (read.cursor.timestamp_ns if read.cursor else start)
    if read.cursor is not None or complete:
        base = read.cursor or Cursor(start, frozenset(), read_until)
        read.cursor = replace(base, read_until_ns=max(read_until, base.read_until_ns))
    return _result(state, read, config, error, gap)


def _entries(streams: Sequence[Stream]) -> list[tuple[int, str, str, Mapping[str, str]]]:
    """All entries as (ns, stream key, line, labels), oldest first."""
    entries: list[tuple[int, str, str, Mapping[str, str]]] = []
    for stream in streams:
        key = stream_key(stream.labels)
        entries.extend((ts, key, line, stream.labels) for ts, line in stream.entries)
    entries.sort(key=lambda e: e[0])
    return entries


def _take(
    read: _Read,
    entries: list[tuple[int, str, str, Mapping[str, str]]],
    start: int,
    seen: frozenset[str],
    config: PollerConfig,
) -> int:
    """Add the entries not read before to `read`, move its cursor; how many were new."""
    fresh = 0
    for ts, key, line, labels in entries:
        if ts == start and seen and _line_hash(key, line) in seen:
            continue
        fresh += 1
        pending = read.streams.get(key)
        if pending is None:
            pending = read.streams[key] = _Pending(labels, first_ns=ts)
        pending.count += 1
        pending.last_ns = ts
        if len(pending.lines) < config.max_lines_per_stream:
            pending.lines.append((ts, line))
    read.lines += fresh
    if entries:
        newest = entries[-1][0]
        at_newest = {_line_hash(k, line) for ts, k, line, _ in entries if ts == newest}
        if newest == start:
            at_newest |= seen
        old = read.cursor.read_until_ns if read.cursor else 0
        read.cursor = Cursor(newest, frozenset(at_newest), old)
    return fresh


def _result(
    state: PollerState, read: _Read, config: PollerConfig, error: Unavailable | None, gap: int
) -> PollResult:
    last_event = dict(state.last_event_ns)
    events: list[PollEvent] = []
    suppressed = dropped = 0
    repeat = int(config.repeat_after * _NS)
    for key, pending in sorted(read.streams.items(), key=lambda kv: kv[1].first_ns):
        previous = last_event.get(key)
        if previous is not None and pending.last_ns - previous < repeat:
            suppressed += 1
            continue
        if len(events) == config.max_streams:
            dropped += 1
            continue
        last_event[key] = pending.last_ns
        events.append(_event(pending, config))
    if read.cursor is not None:
        oldest = read.cursor.timestamp_ns - repeat
        last_event = {k: ns for k, ns in last_event.items() if ns >= oldest}
        if len(last_event) > _MAX_REMEMBERED_STREAMS:
            newest = sorted(last_event.items(), key=lambda kv: kv[1])[-_MAX_REMEMBERED_STREAMS:]
            last_event = dict(newest)
    failures = state.failures + 1 if error is not None else 0
    new_state = PollerState(read.cursor or state.cursor, last_event, failures)
    return PollResult(
        state=new_state,
        events=tuple(events),
        lines_read=read.lines,
        suppressed_streams=suppressed,
        dropped_streams=dropped,
        skipped_seconds=gap / _NS,
        skipped_lines=read.skipped_lines,
        error=error,
        next_delay=next_delay(config, failures, error),
    )


def _event(pending: _Pending, config: PollerConfig) -> PollEvent:
    lines = [_cut(mask_secrets(line), config.max_line_chars) for _, line in pending.lines]
    return PollEvent(
        labels=dict(pending.labels),
        text="\n".join(lines),
        timestamp_ns=pending.first_ns,
        last_timestamp_ns=pending.last_ns,
        line_count=pending.count,
    )


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def next_delay(config: PollerConfig, failures: int, error: Unavailable | None) -> float:
    """The interval after a success; after `failures` failures in a row the interval doubled
    per failure, at most `max_backoff`, at least Loki's Retry-After."""
    if failures == 0:
        return config.interval
    delay: float = min(config.interval * float(2 ** min(failures, 30)), config.max_backoff)
    if error is not None and error.retry_after is not None:
        delay = max(delay, min(error.retry_after, config.max_backoff))
    return delay


# --- the loop -----------------------------------------------------------------------------------


def _nothing(*_: Any) -> None:
    return None


@dataclass(frozen=True, slots=True)
class PollerHooks:
    """Metrics callbacks (the app passes prometheus-client counters / gauges: `polls=
    counter.inc`, `errors=lambda reason: counter.labels(reason=reason).inc()`,
    `lag_seconds=gauge.set`)."""

    polls: Callable[[float], object] = _nothing
    lines_read: Callable[[float], object] = _nothing
    events_queued: Callable[[float], object] = _nothing
    errors: Callable[[str], object] = _nothing
    lag_seconds: Callable[[float], object] = _nothing


async def run_poller(
    client: LokiClient,
    config: PollerConfig,
    *,
    emit: Callable[[Sequence[PollEvent]], Awaitable[None]],
    clock: Callable[[], float],
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    state: PollerState | None = None,
    save: Callable[[PollerState], Awaitable[None]] | None = None,
    hooks: PollerHooks = PollerHooks(),
    stop: asyncio.Event | None = None,
) -> PollerState:
    """Poll until `stop` is set (or the task is cancelled): each poll's events go to `emit`
    (the ingest queue), then the state to `save` (durable mode). An error — Loki's, `emit`'s,
    `save`'s, or a bug — is logged and counted and never ends the loop; when `emit` fails the
    state does not advance, so the lines are read again. `clock` gives unix seconds."""
    current = state or PollerState()
    while stop is None or not stop.is_set():
        delay = config.interval
        try:
            result = await poll_once(client, config, current, now_ns=int(clock() * _NS))
            delay = result.next_delay
            _observe(result, hooks, clock)
            if result.events:
                await emit(result.events)
                hooks.events_queued(len(result.events))
            current = result.state
            if save is not None:
                await save(current)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # never let one poll end the poller
            hooks.errors("internal")
            log.exception("loki poll failed", error=type(exc).__name__)
            delay = next_delay(config, current.failures + 1, None)
        await sleep(delay)
    return current


def _observe(result: PollResult, hooks: PollerHooks, clock: Callable[[], float]) -> None:
    hooks.polls(1)
    hooks.lines_read(result.lines_read)
    cursor = result.state.cursor
    if cursor is not None:
        hooks.lag_seconds(max(0.0, clock() - cursor.read_until_ns / _NS))
    if result.error is not None:
        error = result.error
        hooks.errors(error.reason.value)
        log.warning(
            "loki poll failed",
            reason=error.reason.value,
            status=error.status,
            detail=error.detail,
            failures=result.state.failures,
            next_poll_in=result.next_delay,
        )
    if result.skipped_seconds > 0:
        log.warning("loki poller skipped a gap", seconds=round(result.skipped_seconds, 1))
    if result.skipped_lines:
        log.warning("loki poller skipped lines on one nanosecond", pages=result.skipped_lines)
