"""The fallback Loki poller as a task of the service.

It runs only when `LOKI_URL` and `LOKI_POLL_QUERY` are set: every `LOG_MONITOR_INTERVAL`
seconds graph.evidence.poller (the core: cursor, paging, bounds, backoff) reads what is new
over at most `LOKI_QUERY_INTERVAL` seconds; each stream with new lines becomes one firing
alert (`source: loki_poller`, alertname `LokiErrorLines`, the stream's labels, its lines as
the text) queued through the intake like every other alert, so it is grouped by workload
(receiver.incidents.registry: the poller's lines join an open incident of their workload). A
stream that stays noisy gives its next alert only an hour (of log time) later.

Loki down, slow or rate limiting: the core backs off (doubling, at least Retry-After), this
counts it and logs one line per failed poll; push ingest never waits for it. A full queue
leaves the cursor where it was, so the lines are read again at the next poll. With
`CHECKPOINT_URL` the cursor is saved after every poll (receiver.ingest.poll_cursor).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from graph.evidence.loki import LokiClient
from graph.evidence.poll_state import PollerConfig, PollerState, PollEvent
from graph.evidence.poller import PollerHooks, run_poller
from receiver.config import Settings
from receiver.ingest.events import AlertEvent, AlertSource, AlertStatus
from receiver.ingest.intake import Intake
from receiver.ingest.normalize import Refused, admit, am_fingerprint, truncated
from receiver.ingest.poll_cursor import CursorStore
from receiver.ingest.wire import MAX_LOG_TEXT_LENGTH
from receiver.metrics import Metrics

ALERTNAME = "LokiErrorLines"
_NS = 1_000_000_000


def poller_config(settings: Settings) -> PollerConfig | None:
    """The poller's configuration from the settings; None when it is off."""
    if settings.loki_url is None or settings.loki_poll_query is None:
        return None
    return PollerConfig(
        query=settings.loki_poll_query,
        interval=settings.log_monitor_interval,
        window=settings.loki_query_interval,
        limit=settings.loki_poll_limit,
        max_lines_per_stream=settings.loki_poll_lines_per_stream,
        tenant=settings.loki_tenant,
    )


def alert_events(events: Sequence[PollEvent], tenant: str, now: datetime) -> list[AlertEvent]:
    """The poller's events as firing alerts (pure): labels = the stream's plus `alertname`,
    the lines as the text, started at the first line. A stream whose labels no alert could
    carry (`admit`) is left out."""
    alerts = []
    for event in events:
        admitted = admit(
            {**event.labels, "alertname": ALERTNAME},
            {"summary": f"{event.line_count} log lines matched the Loki poll query"},
        )
        if isinstance(admitted, Refused):
            continue
        alerts.append(
            AlertEvent(
                timestamp=now,
                source=AlertSource.LOKI_POLLER,
                status=AlertStatus.FIRING,
                labels=admitted.labels,
                annotations=admitted.annotations,
                fingerprint=am_fingerprint(admitted.sent_labels),
                starts_at=datetime.fromtimestamp(event.timestamp_ns / _NS, UTC),
                ends_at=None,
                generator_url="",
                group_key="",
                tenant=tenant,
                text=truncated(event.text, MAX_LOG_TEXT_LENGTH),
            )
        )
    return alerts


def hooks(metrics: Metrics) -> PollerHooks:
    """The core's metric callbacks bound to the service's metrics."""
    return PollerHooks(
        polls=metrics.loki_polls.inc,
        lines_read=metrics.loki_lines_read.inc,
        events_queued=metrics.loki_events_queued.inc,
        errors=lambda reason: metrics.loki_poll_errors.labels(reason=reason).inc(),
        lag_seconds=metrics.loki_poll_lag.set,
    )


@dataclass(slots=True)
class LokiPoller:
    """The poller task: reads with `client`, queues through `intake` as `tenant`'s alerts,
    saves its cursor in `store` (durable mode). `clock` (unix seconds) and `sleep` are
    injected so tests never wait."""

    client: LokiClient
    config: PollerConfig
    intake: Intake
    tenant: str
    metrics: Metrics
    store: CursorStore | None
    clock: Callable[[], float]
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _task: asyncio.Task[PollerState] | None = None

    def start(self) -> None:
        """Start polling (from the saved cursor in durable mode)."""
        state = self.store.load(self.config.query) if self.store is not None else None
        self._task = asyncio.create_task(
            run_poller(
                self.client,
                self.config,
                emit=self._emit,
                clock=self.clock,
                sleep=self.sleep,
                state=state,
                save=self._save if self.store is not None else None,
                hooks=hooks(self.metrics),
            ),
            name="loki-poller",
        )

    async def stop(self) -> None:
        """Stop polling (a poll in flight is abandoned: its lines are read again next time)
        and close the cursor store."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self.store is not None:
            self.store.close()

    async def _emit(self, events: Sequence[PollEvent]) -> None:
        """Queue the events (QueueFull / QueueClosed propagate: the cursor stays)."""
        alerts = alert_events(events, self.tenant, self.intake.now())
        if alerts:
            self.intake.enqueue(alerts, AlertSource.LOKI_POLLER)

    async def _save(self, state: PollerState) -> None:
        assert self.store is not None
        self.store.save(self.config.query, state)
