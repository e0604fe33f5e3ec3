"""`create_app`: all the wiring of the service in one place."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
import structlog
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver
from litestar import Litestar
from litestar.middleware import DefineMiddleware
from litestar.openapi.config import OpenAPIConfig
from prometheus_client import CollectorRegistry

from graph.context import WorkflowContext
from graph.git.gitops import GitStore
from graph.git.history import HistoryIndex
from graph.learning.loop import FeedbackLoop
from graph.patching.remediation import Guardrails
from receiver.api.access import Access, AccessMiddleware
from receiver.api.approvals import approval_routes
from receiver.api.docs import render_plugins
from receiver.api.health import health_routes, metrics_route
from receiver.api.incidents import incident_routes
from receiver.api.ingest import INGEST_PATHS, ingest_routes
from receiver.api.learning import learning_routes
from receiver.api.ratelimit import RateLimiter
from receiver.api.refusals import exception_handlers
from receiver.config import Settings
from receiver.incidents.model import IncidentStatus
from receiver.incidents.registry import KEEP_FINISHED, IncidentRegistry
from receiver.incidents.table import IncidentTable
from receiver.incidents.watch import IncidentWatch
from receiver.ingest.intake import Intake
from receiver.ingest.queue import EventQueue
from receiver.ingest.reconcile import reconcile
from receiver.ingest.workers import IngestWorkers
from receiver.metrics import Metrics
from receiver.slack.client import SlackClient
from receiver.slack.commands import commands_route
from receiver.slack.inbound import SlackInbound
from receiver.slack.interactions import events_route
from receiver.slack.notifier import SlackNotifier
from receiver.threads.runner import WorkflowRunner

log = structlog.get_logger("alertgraph.app")
# The demo GitOps tree a new repository is seeded with (zero-config start).
SEED = Path(__file__).resolve().parents[1] / "examples" / "gitops"


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def create_app(
    settings: Settings,
    *,
    now: Callable[[], datetime] = utc_now,
    metrics_registry: CollectorRegistry | None = None,
    incidents: IncidentRegistry | None = None,
    slack_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    monotonic: Callable[[], float] = time.monotonic,
) -> Litestar:
    """Build the service: queue, incident registry, workers, git store, workflow runner,
    routes, OpenAPI at `/docs`.

    The clock, the metrics registry, the incident registry, the sleep between Slack retries and
    the rate limiter's monotonic clock can be injected so tests are deterministic and fast; by
    default each app gets its own.
    """
    metrics = Metrics(metrics_registry or CollectorRegistry(auto_describe=True))
    queue = EventQueue(settings.queue_maxsize)
    registry = incidents or IncidentRegistry()
    store = GitStore(
        settings.git_repo_path, settings.git_branch, settings.git_remote, seed=SEED, now=now
    )
    history = HistoryIndex(settings.git_repo_path, settings.git_branch)
    loop = FeedbackLoop(history, store)
    workflows = WorkflowRunner(
        registry,
        workflow_context(settings, store, now),
        verify_timeout=settings.verify_timeout,
        max_concurrent_runs=settings.workflow_concurrency,
    )
    runner = IngestWorkers(queue, registry, metrics, settings.queue_workers, workflows)
    watch = IncidentWatch()
    workflows.subscribe(watch.changed)
    metrics.queue_depth.set_function(lambda: queue.depth)
    metrics.incidents_open.set_function(lambda: registry.open_count)
    ingest = Intake(queue=queue, metrics=metrics, now=now, default_tenant=settings.default_tenant)
    slack = slack_inbound(
        settings, metrics, registry, workflows, ingest, history, store, now, slack_sleep
    )

    access = Access(
        settings.api_keys,
        settings.webhook_token,
        RateLimiter(settings.rate_limit_per_second, settings.rate_limit_burst, monotonic=monotonic),
    )

    def count_refused(path: str, reason: str, count: int) -> None:
        if path in INGEST_PATHS:
            metrics.alerts_rejected.labels(reason=reason).inc(count)

    table = None
    if settings.checkpoint_path is not None:
        # Beside the checkpoints, in a file of its own: two writers on one SQLite file would
        # wait on each other's locks from the event loop.
        path = settings.checkpoint_path
        table = IncidentTable(path.with_name(f"{path.stem}-incidents{path.suffix or '.db'}"))
    if table is not None:
        workflows.subscribe(table.save)  # before anything runs: every change is written

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        await asyncio.to_thread(store.ensure)  # creates ./data/gitops on first start
        await asyncio.to_thread(index_history, history)
        async with contextlib.AsyncExitStack() as durable:
            if table is not None and settings.checkpoint_path is not None:
                saver = await durable.enter_async_context(
                    AsyncSqliteSaver.from_conn_string(str(settings.checkpoint_path))
                )
                durable.callback(table.close)
                workflows.use_checkpointer(saver)
                await resume_incidents(table, registry, workflows)
            async with _running(runner, workflows, loop, slack, store, settings):
                reconciling = None
                if settings.alertmanager_url:  # once the workers run: they take its alerts
                    work = _reconcile(settings.alertmanager_url, ingest)
                    reconciling = asyncio.create_task(work, name="reconcile")
                try:
                    yield
                finally:
                    if reconciling is not None:
                        await _stop(reconciling)

    app = Litestar(
        route_handlers=[
            *ingest_routes(ingest),
            *incident_routes(registry, history, watch),
            *learning_routes(registry, history, store, loop, now),
            *approval_routes(registry, workflows),
            *health_routes(
                ready=lambda: runner.alive() and not queue.closed,
                queue_depth=lambda: queue.depth,
                incidents_open=lambda: registry.open_count,
            ),
            metrics_route(metrics.registry),
            *([events_route(slack), commands_route(slack)] if slack is not None else []),
        ],
        lifespan=[lifespan],
        middleware=[DefineMiddleware(AccessMiddleware, access=access)],
        request_max_body_size=settings.max_body_bytes,
        exception_handlers=exception_handlers(on_refused=count_refused, unrouted=access.unrouted),
        openapi_config=OpenAPIConfig(
            title="alertgraph",
            version="0.1.0",
            description="Turns Kubernetes alerts into reviewed, committed Helm values fixes.",
            path="/docs",
            render_plugins=render_plugins("/docs"),  # Swagger UI, served locally
        ),
        debug=False,
        logging_config=None,  # receiver.logs configures logging once, for everything
    )
    app.state.workers = runner
    app.state.registry = registry
    app.state.workflows = workflows
    app.state.store = store
    app.state.history = history
    app.state.feedback_loop = loop
    app.state.slack = slack
    app.state.metrics = metrics
    return app


@asynccontextmanager
async def _running(
    runner: IngestWorkers,
    workflows: WorkflowRunner,
    loop: FeedbackLoop,
    slack: SlackInbound | None,
    store: GitStore,
    settings: Settings,
) -> AsyncIterator[None]:
    """The service's background work from start to a graceful stop: the queue is drained into
    incidents before the workflows stop (and, with CHECKPOINT_URL, are written down)."""
    runner.start()
    learning = None
    if settings.feedback_loop_interval > 0:
        learning = asyncio.create_task(
            loop.every(settings.feedback_loop_interval), name="feedback-loop"
        )
    try:
        yield
    finally:
        if learning is not None:
            learning.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await learning
        await runner.stop()
        await workflows.stop()
        if slack is not None:
            await slack.notifier.stop()
        await asyncio.to_thread(store.close)  # waits for a write in flight


async def _reconcile(url: str, ingest: Intake) -> None:
    async with httpx.AsyncClient(trust_env=False) as client:
        await reconcile(client, url, ingest)


async def _stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def resume_incidents(
    table: IncidentTable, registry: IncidentRegistry, workflows: WorkflowRunner
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


def slack_inbound(
    settings: Settings,
    metrics: Metrics,
    registry: IncidentRegistry,
    workflows: WorkflowRunner,
    ingest: Intake,
    history: HistoryIndex,
    store: GitStore,
    now: Callable[[], datetime],
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> SlackInbound | None:
    """Slack, when configured: the outbound notifier subscribed to the workflow, and what
    the inbound routes need. None when Slack is off."""
    if not settings.slack_enabled:
        return None
    assert settings.slack_bot_token and settings.slack_signing_secret and settings.slack_channel
    client = SlackClient(
        settings.slack_bot_token, settings.slack_api_url, metrics.slack_errors, sleep=sleep
    )
    notifier = SlackNotifier(
        client,
        settings.slack_channel,
        settings.ui_language,
        link_base=settings.base_url,
        verify_timeout=settings.verify_timeout,
        reminder_after=settings.approval_reminder_after,
        now=now,
        sleep=sleep,
    )
    workflows.subscribe(notifier.incident_changed)
    return SlackInbound(
        signing_secret=settings.slack_signing_secret,
        approvers=frozenset(settings.slack_approvers),
        language=settings.ui_language,
        registry=registry,
        workflows=workflows,
        notifier=notifier,
        intake=ingest,
        history=history,
        store=store,
        now=now,
    )


def index_history(history: HistoryIndex) -> None:
    """Read the incident history from git once, at start-up, and say how long it took."""
    started = time.perf_counter()
    history.build()
    log.info(
        "history indexed",
        incidents=len(history.ordered()),
        commits=history.stats["commits_read"],
        seconds=round(time.perf_counter() - started, 3),
    )


def workflow_context(
    settings: Settings, store: GitStore, now: Callable[[], datetime]
) -> WorkflowContext:
    """The workflow's collaborators from the settings."""
    return WorkflowContext(
        store=store,
        now=now,
        guardrails=Guardrails(
            max_memory=settings.max_memory,
            max_cpu=settings.max_cpu,
            max_replicas=settings.max_replicas,
            max_factor=settings.max_scale_factor,
        ),
        values_path_template=settings.values_path_template,
    )
