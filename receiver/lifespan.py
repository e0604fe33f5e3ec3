"""The service's start-up and graceful stop, in order (the `lifespan` of `create_app`).

Start: the git repository is ensured (seeded on first start) and its incident history read
once; with `OTEL_EXPORTER_OTLP_ENDPOINT` the traces' exporter starts (flushed and stopped
last); with `CHECKPOINT_URL` the durable checkpointer is opened (PostgreSQL: connected and its
schema migrated first, receiver.pg) and the unfinished incidents of the last run resume; then
the ingest workers, the learning loop and, with `ALERTMANAGER_URL`, the start-up
reconciliation run, the evidence backends are probed once (a log line) and, with
`LOKI_POLL_QUERY`, the fallback Loki poller starts; SIGHUP reloads the policy file until the
stop. Stop, in reverse: the poller stops, the queue is drained into incidents before the
workflows stop (and, with `CHECKPOINT_URL`, are written down), then the backends' HTTP
clients, Slack and git close.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import structlog
from langgraph.checkpoint.base import BaseCheckpointSaver
from litestar import Litestar

from graph.git.gitops import GitStore
from graph.git.history import HistoryIndex
from graph.learning.loop import FeedbackLoop
from receiver.backends import Backends
from receiver.delivery.watcher import DeliveryWatcher
from receiver.incidents.model import IncidentStatus
from receiver.incidents.registry import KEEP_FINISHED, IncidentRegistry
from receiver.incidents.table import IncidentStore
from receiver.incidents.watch import IncidentWatch
from receiver.ingest.intake import Intake
from receiver.ingest.poll_cursor import CursorStore
from receiver.ingest.poller import LokiPoller
from receiver.ingest.queue import EventQueue
from receiver.ingest.reconcile import reconcile
from receiver.ingest.workers import IngestWorkers
from receiver.metrics import Metrics
from receiver.pg.errors import DatabaseUnavailable
from receiver.policies.store import PolicyStore, ReloadResult
from receiver.replicas.roles import Replicas
from receiver.silences.lifecycle import SilenceLifecycle
from receiver.silences.silencer import IncidentSilences
from receiver.slack.inbound import SlackInbound
from receiver.threads.gate import ApprovalGate
from receiver.threads.runner import WorkflowRunner
from receiver.tracing import Tracing

log = structlog.get_logger("alertgraph.app")
Lifespan = Callable[[Litestar], AbstractAsyncContextManager[None]]
Checkpointer = BaseCheckpointSaver[Any]


@dataclass(frozen=True, slots=True)
class Durable:
    """Where state outlives the process (CHECKPOINT_URL; receiver.assembly.durable_state picks
    SQLite or PostgreSQL by the URL's scheme): the incident store, the poller's cursor store
    (made when a poller exists), the checkpointer (its context opens and closes what it uses)
    and, where it can fail apart from the process, why it cannot be used now (None: it can)."""

    table: IncidentStore
    cursors: Callable[[], CursorStore]
    checkpointer: Callable[[], AbstractAsyncContextManager[Checkpointer]]
    problem: Callable[[], Awaitable[str | None]] | None = None
    connect: Callable[[], Awaitable[Any]] | None = None  # PostgreSQL: a new connection


@dataclass(frozen=True, slots=True)
class Background:
    """The service's objects, built by `create_app`: what runs between start-up and stop and
    what the routes read."""

    store: GitStore
    history: HistoryIndex
    registry: IncidentRegistry
    queue: EventQueue
    metrics: Metrics
    watch: IncidentWatch
    workers: IngestWorkers
    workflows: WorkflowRunner
    loop: FeedbackLoop
    intake: Intake
    slack: SlackInbound | None
    durable: Durable | None  # CHECKPOINT_URL; None: in memory
    feedback_loop_interval: float
    alertmanager_url: str | None
    backends: Backends
    poller: LokiPoller | None
    silences: IncidentSilences
    delivery: DeliveryWatcher | None = None  # GIT_DELIVERY branch / pull_request
    monotonic: Callable[[], float] = time.perf_counter
    policies: PolicyStore | None = None
    gate: ApprovalGate | None = None  # the approval policy's veto windows and counts
    silence_lifecycle: SilenceLifecycle | None = None
    tracing: Tracing | None = None  # OTEL_EXPORTER_OTLP_ENDPOINT: spans exported
    replicas: Replicas | None = None  # PostgreSQL mode: the election, the inbox


def lifespan(work: Background) -> Lifespan:
    """The app's lifespan: start `work` in order, stop it in reverse (see module doc)."""

    @asynccontextmanager
    async def running_app(_app: Litestar) -> AsyncIterator[None]:
        await asyncio.to_thread(work.store.ensure)  # creates ./data/gitops on first start
        await asyncio.to_thread(index_history, work.history, work.monotonic)
        async with contextlib.AsyncExitStack() as durable:
            if work.tracing is not None:  # stopped last: the spans of the whole stop flushed
                work.tracing.start()
                durable.push_async_callback(asyncio.to_thread, work.tracing.stop)
            if work.policies is not None:
                durable.enter_context(reload_on_sighup(work.policies))
            if work.durable is not None:
                try:
                    saver = await durable.enter_async_context(work.durable.checkpointer())
                except DatabaseUnavailable as error:  # one clear line before uvicorn's report
                    log.error("start-up failed", reason=str(error))
                    raise
                durable.callback(work.durable.table.close)
                work.workflows.use_checkpointer(saver)
            if work.replicas is not None:  # the leader's work starts once elected
                async with _replicated(work, work.replicas):
                    yield
                return
            if work.durable is not None:
                await resume_incidents(work.durable.table, work.registry, work.workflows)
            async with _serving(work):
                yield

    return running_app


@asynccontextmanager
async def _serving(work: Background) -> AsyncIterator[None]:
    """The background work, and with ALERTMANAGER_URL the start-up reconciliation."""
    async with _running(work):
        reconciling = None
        if work.alertmanager_url:  # once the workers run: they take its alerts
            job = _reconcile(work.alertmanager_url, work.intake)
            reconciling = asyncio.create_task(job, name="reconcile")
        try:
            yield
        finally:
            if reconciling is not None:
                await _stop(reconciling)


@asynccontextmanager
async def _replicated(work: Background, replicas: Replicas) -> AsyncIterator[None]:
    """PostgreSQL mode: serve at once (alerts go to the inbox, the rest is forwarded) while
    the election runs; once elected, take back the unfinished incidents and do the leader's
    work, the inbox pumped into the queue. At the stop the leader's work stops first (the
    pump before the workers drain), then the lock is let go, so two never lead at once."""
    leading = contextlib.AsyncExitStack()

    async def elected() -> None:
        if work.durable is not None:
            await resume_incidents(work.durable.table, work.registry, work.workflows)
        await leading.enter_async_context(_serving(work))
        pump = asyncio.create_task(replicas.pump(work.queue).run(), name="inbox-pump")
        leading.push_async_callback(_stop, pump)

    election = asyncio.create_task(
        replicas.leadership.run(elected, replicas.on_lost), name="leader-election"
    )
    try:  # a replica that finds no leader takes over before it serves: no 503s meanwhile
        settling = asyncio.ensure_future(replicas.leadership.settled())
        await asyncio.wait({settling, election}, return_when=asyncio.FIRST_COMPLETED)
        settling.cancel()
        yield
    finally:
        await leading.aclose()
        await _stop(election)
        await replicas.inbox.close()
        await replicas.http.aclose()


@asynccontextmanager
async def _running(work: Background) -> AsyncIterator[None]:
    """The service's background work from start to a graceful stop: the queue is drained into
    incidents before the workflows stop (and, with CHECKPOINT_URL, are written down)."""
    work.workers.start()
    probing = asyncio.create_task(log_reachability(work.backends), name="probe-backends")
    if work.poller is not None:
        work.poller.start()
    following = None
    if work.delivery is not None:  # pull requests and branches waiting to be merged
        following = asyncio.create_task(work.delivery.run(), name="delivery-poll")
    learning = None
    if work.feedback_loop_interval > 0:
        learning = asyncio.create_task(
            work.loop.every(work.feedback_loop_interval), name="feedback-loop"
        )
    try:
        yield
    finally:
        await _stop(probing)
        if work.poller is not None:  # before the queue closes: what it queued is drained
            await work.poller.stop()
        if learning is not None:
            await _stop(learning)
        if following is not None:
            await _stop(following)
        await work.workers.stop()
        if work.delivery is not None:  # its steps resume threads: before the runs stop
            await work.delivery.stop()
        if work.gate is not None:  # veto timers: armed again from the live view on restart
            await work.gate.stop()
        await work.workflows.stop()
        if work.silence_lifecycle is not None:  # expiries of incidents that just ended
            await work.silence_lifecycle.stop()
        await work.backends.aclose()  # the workflows were their last users
        if work.slack is not None:
            await work.slack.notifier.stop()
        await asyncio.to_thread(work.store.close)  # waits for a write in flight


@contextlib.contextmanager
def reload_on_sighup(policies: PolicyStore) -> Iterator[None]:
    """While in the block, SIGHUP reloads the policy file (in a thread; an invalid file is
    refused and logged, the rules in force stay). Where the loop cannot take signals (not the
    main thread) a log line says so and only the API reloads."""
    loop = asyncio.get_running_loop()
    pending: set[asyncio.Future[ReloadResult]] = set()

    def reload() -> None:
        future = loop.run_in_executor(None, policies.reload)
        pending.add(future)
        future.add_done_callback(pending.discard)

    try:
        loop.add_signal_handler(signal.SIGHUP, reload)
    except (NotImplementedError, RuntimeError, ValueError) as error:
        log.info("SIGHUP does not reload the policies here", reason=str(error))
        yield
        return
    try:
        yield
    finally:
        loop.remove_signal_handler(signal.SIGHUP)


async def _reconcile(url: str, intake: Intake) -> None:
    """Queue the alerts Alertmanager fires now (receiver.ingest.reconcile)."""
    async with httpx.AsyncClient(trust_env=False) as client:
        await reconcile(client, url, intake)


async def log_reachability(backends: Backends) -> None:
    """One log line saying which evidence backends are configured and which answer; in the
    background, so a slow backend never delays start-up."""
    states = await backends.reachability()
    log.info("evidence backends", **states)


async def _stop(task: asyncio.Task[None]) -> None:
    """Cancel `task` and wait until it ended."""
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def resume_incidents(
    table: IncidentStore, registry: IncidentRegistry, workflows: WorkflowRunner
) -> None:
    """Take back the unfinished incidents of the last run and let each workflow go on, and
    the newest finished ones (the status route and late alerts find them as before)."""
    incidents = await asyncio.to_thread(table.open_incidents)
    for finished in await asyncio.to_thread(table.finished_incidents, KEEP_FINISHED):
        registry.restore(finished)
    for incident in incidents:
        registry.restore(incident)
        await workflows.resume(incident)
    if incidents or table.unreadable:
        log.info(
            "incidents resumed",
            incidents=len(incidents),
            awaiting_approval=sum(i.status is IncidentStatus.AWAITING_APPROVAL for i in incidents),
            unreadable=table.unreadable,
        )


def index_history(
    history: HistoryIndex, monotonic: Callable[[], float] = time.perf_counter
) -> None:
    """Read the incident history from git once, at start-up, and say how long it took."""
    started = monotonic()
    history.build()
    log.info(
        "history indexed",
        incidents=len(history.ordered()),
        commits=history.stats["commits_read"],
        seconds=round(monotonic() - started, 3),
    )
