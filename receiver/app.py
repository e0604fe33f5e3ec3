"""`create_app`: the wiring of the service in one place — its objects and its routes.

What runs between start-up and stop, and in which order, is receiver.lifespan's."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
import structlog
from litestar import Litestar
from litestar.handlers import BaseRouteHandler, HTTPRouteHandler
from litestar.middleware import DefineMiddleware
from litestar.openapi.config import OpenAPIConfig
from prometheus_client import CollectorRegistry

from graph.context import DeliveryContext, EvidenceContext, WorkflowContext
from graph.git.gitops import GitStore
from graph.git.history import HistoryIndex
from graph.learning.loop import FeedbackLoop
from graph.patching.remediation import Guardrails
from receiver.api.access import Access, AccessMiddleware
from receiver.api.approvals import approval_routes
from receiver.api.docs import render_plugins
from receiver.api.forges import OnForgeEvent, forge_webhook_routes, ignore_forge_event
from receiver.api.health import health_routes, metrics_route
from receiver.api.incidents import incident_routes
from receiver.api.ingest import INGEST_PATHS, ingest_routes
from receiver.api.learning import learning_routes
from receiver.api.policies import policy_routes
from receiver.api.ratelimit import RateLimiter
from receiver.api.refusals import exception_handlers
from receiver.api.silences import silence_route
from receiver.backends import Backends, backends_from, evidence_context
from receiver.config import Settings
from receiver.delivery.wiring import delivery_watcher
from receiver.incidents.key import Clusters
from receiver.incidents.registry import IncidentRegistry
from receiver.incidents.table import IncidentTable
from receiver.incidents.watch import IncidentWatch
from receiver.ingest.intake import Intake
from receiver.ingest.poll_cursor import PollCursorStore
from receiver.ingest.poller import LokiPoller, poller_config
from receiver.ingest.queue import EventQueue
from receiver.ingest.workers import IngestWorkers
from receiver.lifespan import Background, lifespan
from receiver.metrics import Metrics
from receiver.policies.store import PolicyStore
from receiver.silences.client import SilenceClient
from receiver.silences.silencer import DRY_RUN, IncidentSilences
from receiver.slack.approvers import ApproverRule, Approvers
from receiver.slack.client import SlackClient
from receiver.slack.commands import commands_route
from receiver.slack.inbound import SlackInbound
from receiver.slack.interactions import events_route
from receiver.slack.notifier import SlackNotifier
from receiver.threads.runner import WorkflowRunner

log = structlog.get_logger("alertgraph.app")
# The demo GitOps tree a new repository is seeded with (zero-config start).
Sleep = Callable[[float], Awaitable[None]]
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
    reminder_timer: Callable[[float], Awaitable[None]] = asyncio.sleep,
    poller_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    evidence_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    on_forge_event: OnForgeEvent = ignore_forge_event,
) -> Litestar:
    """Build the service: queue, incident registry, workers, git store, workflow runner,
    routes, OpenAPI at `/docs`; its start-up and stop are receiver.lifespan's.

    The clock, the metrics registry, the incident registry, the sleep between Slack retries,
    the timer of the approval reminders, the Loki poller's sleep, the sleep between checks of
    an alert's expression, the rate limiter's monotonic clock and what the forges' webhook
    events go to (default: logged, dropped) can be injected; by default each app gets its own.
    """
    metrics = Metrics(metrics_registry or CollectorRegistry(auto_describe=True))
    registry = incidents or IncidentRegistry(
        clusters=Clusters(settings.cluster_labels, settings.default_cluster)
    )
    work = service(
        settings,
        metrics,
        now,
        registry,
        (slack_sleep, reminder_timer, poller_sleep, evidence_sleep),
    )
    access = Access(
        settings.api_key_roles,
        settings.webhook_token,
        RateLimiter(settings.rate_limit_per_second, settings.rate_limit_burst, monotonic=monotonic),
    )
    on_event = work.delivery.on_event if work.delivery is not None else on_forge_event
    forge = forge_webhook_routes(settings.forge_webhook_secret, on_event)
    app = Litestar(
        route_handlers=routes(work, now, forge),
        lifespan=[lifespan(work)],
        middleware=[DefineMiddleware(AccessMiddleware, access=access)],
        request_max_body_size=settings.max_body_bytes,
        exception_handlers=exception_handlers(
            on_refused=refusal_counter(metrics), unrouted=access.unrouted
        ),
        openapi_config=OPENAPI,
        debug=False,
        logging_config=None,  # receiver.logs configures logging once, for everything
    )
    app.state.update(
        workers=work.workers,
        registry=work.registry,
        workflows=work.workflows,
        store=work.store,
        history=work.history,
        feedback_loop=work.loop,
        slack=work.slack,
        metrics=metrics,
        backends=work.backends,
        silences=work.silences,
        policies=work.policies,
    )
    return app


def service(
    settings: Settings,
    metrics: Metrics,
    now: Callable[[], datetime],
    registry: IncidentRegistry,
    timers: tuple[Sleep, Sleep, Sleep, Sleep],
) -> Background:
    """The service's objects from the settings, subscribed to each other; `timers` are the
    sleeps of Slack's retries, of the approval reminders, of the Loki poller and between
    checks of an alert's expression."""
    slack_sleep, reminder_timer, poller_sleep, evidence_sleep = timers
    queue = EventQueue(settings.queue_maxsize)
    backends = backends_from(settings)  # before the workflow context, which holds them
    store = GitStore(
        settings.git_repo_path,
        settings.git_branch,
        settings.git_remote,
        seed=SEED,
        now=now,
        read_only=settings.dry_run,  # DRY_RUN: the store refuses every write, whoever asks
    )
    history = HistoryIndex(settings.git_repo_path, settings.git_branch)
    evidence = evidence_context(settings, backends, lambda: now().timestamp(), evidence_sleep)
    context = workflow_context(settings, store, now, evidence)
    workflows = workflow_runner(settings, registry, context)
    watch = IncidentWatch()
    workflows.subscribe(watch.changed)
    metrics.queue_depth.set_function(lambda: queue.depth)
    metrics.incidents_open.set_function(lambda: registry.open_count)
    intake = Intake(queue=queue, metrics=metrics, now=now, default_tenant=settings.default_tenant)
    table = incident_table(settings.checkpoint_path)
    if table is not None:
        workflows.subscribe(table.save)  # before anything runs: every change is written
    return Background(
        store=store,
        history=history,
        registry=registry,
        queue=queue,
        metrics=metrics,
        watch=watch,
        workers=IngestWorkers(queue, registry, metrics, settings.queue_workers, workflows),
        workflows=workflows,
        loop=FeedbackLoop(history, store),
        intake=intake,
        slack=slack_inbound(
            settings,
            metrics,
            registry,
            workflows,
            intake,
            history,
            store,
            now,
            slack_sleep,
            reminder_timer,
        ),
        table=table,
        checkpoint_path=settings.checkpoint_path,
        feedback_loop_interval=0.0 if settings.dry_run else settings.feedback_loop_interval,
        alertmanager_url=settings.alertmanager_url,
        backends=backends,
        poller=loki_poller(settings, backends, intake, metrics, poller_sleep),
        silences=incident_silences(settings, backends, (table, watch), now),
        delivery=delivery_watcher(
            settings, workflows, registry, store, backends, now, poller_sleep
        ),
        policies=PolicyStore(settings.policy_file, now=now),  # PolicyError stops start-up
    )


def incident_silences(
    settings: Settings,
    backends: Backends,
    listeners: tuple[IncidentTable | None, IncidentWatch],
    now: Callable[[], datetime],
) -> IncidentSilences:
    """The incidents' Alertmanager silences (off without ALERTMANAGER_URL or in a dry run),
    saved to the incident table and waking status requests when they change."""
    client = None
    if settings.alertmanager_url and not settings.dry_run:
        http = httpx.AsyncClient(trust_env=False)
        backends.http.append(http)  # closed with the backends at stop
        client = SilenceClient(http, settings.alertmanager_url)
    silences = IncidentSilences(client, now, off_reason=DRY_RUN if settings.dry_run else None)
    table, watch = listeners
    if table is not None:
        silences.subscribe(table.save)
    silences.subscribe(watch.changed)
    return silences


def workflow_runner(
    settings: Settings, registry: IncidentRegistry, context: WorkflowContext
) -> WorkflowRunner:
    """The runner of the incidents' graph threads, bounded as the settings say."""
    return WorkflowRunner(
        registry,
        context,
        verify_timeout=settings.verify_timeout,
        max_concurrent_runs=settings.workflow_concurrency,
    )


def routes(
    work: Background, now: Callable[[], datetime], forge: list[HTTPRouteHandler]
) -> list[BaseRouteHandler]:
    """Every route of the service, bound to its objects (the Slack ones when Slack is on;
    `forge`: the forges' webhooks)."""
    slack = work.slack
    return [
        *ingest_routes(work.intake),
        *incident_routes(work.registry, work.history, work.watch),
        *learning_routes(work.registry, work.history, work.store, work.loop, now),
        *approval_routes(work.registry, work.workflows),
        silence_route(work.registry, work.silences),
        *(policy_routes(work.policies) if work.policies is not None else []),
        *health_routes(
            ready=lambda: work.workers.alive() and not work.queue.closed,
            queue_depth=lambda: work.queue.depth,
            incidents_open=lambda: work.registry.open_count,
        ),
        metrics_route(work.metrics.registry),
        *([events_route(slack), commands_route(slack)] if slack is not None else []),
        *forge,
    ]


OPENAPI = OpenAPIConfig(
    title="alertgraph",
    version="0.1.0",
    description="Turns Kubernetes alerts into reviewed, committed Helm values fixes.",
    path="/docs",
    render_plugins=render_plugins("/docs"),  # Swagger UI, served locally
)


def refusal_counter(metrics: Metrics) -> Callable[[str, str, int], None]:
    """What counts a refused request: the alerts an ingest route refused, by reason."""

    def count_refused(path: str, reason: str, count: int) -> None:
        if path in INGEST_PATHS:
            metrics.alerts_rejected.labels(reason=reason).inc(count)

    return count_refused


def incident_table(checkpoint_path: Path | None) -> IncidentTable | None:
    """The durable incident table beside the checkpoints, or None without CHECKPOINT_URL.

    A file of its own: two writers on one SQLite file would wait on each other's locks from
    the event loop."""
    if checkpoint_path is None:
        return None
    name = f"{checkpoint_path.stem}-incidents{checkpoint_path.suffix or '.db'}"
    return IncidentTable(checkpoint_path.with_name(name))


def loki_poller(
    settings: Settings, backends: Backends, intake: Intake, metrics: Metrics, sleep: Sleep
) -> LokiPoller | None:
    """The fallback Loki poller when LOKI_URL and LOKI_POLL_QUERY are set (its cursor in a
    file beside the checkpoints with CHECKPOINT_URL), else None."""
    config = poller_config(settings)
    if config is None or backends.loki is None:
        return None
    path = settings.checkpoint_path
    store = None if path is None else PollCursorStore(path.with_name(f"{path.stem}-poller.db"))
    return LokiPoller(
        backends.loki,
        config,
        intake,
        settings.loki_tenant or settings.default_tenant,
        metrics,
        store,
        clock=lambda: intake.now().timestamp(),
        sleep=sleep,
    )


def slack_inbound(
    settings: Settings,
    metrics: Metrics,
    registry: IncidentRegistry,
    workflows: WorkflowRunner,
    intake: Intake,
    history: HistoryIndex,
    store: GitStore,
    now: Callable[[], datetime],
    sleep: Sleep = asyncio.sleep,
    timer: Sleep = asyncio.sleep,
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
        timer=timer,
        dry_run=settings.dry_run,
    )
    workflows.subscribe(notifier.incident_changed)
    rule = ApproverRule.parse(settings.slack_approvers)
    log.info(f"slack approvers: {rule.describe(settings.slack_channel)}")
    return SlackInbound(
        signing_secret=settings.slack_signing_secret,
        approvers=Approvers(rule, client.usergroup_members, lambda: now().timestamp()),
        language=settings.ui_language,
        registry=registry,
        workflows=workflows,
        notifier=notifier,
        intake=intake,
        history=history,
        store=store,
        now=now,
    )


def workflow_context(
    settings: Settings,
    store: GitStore,
    now: Callable[[], datetime],
    evidence: EvidenceContext | None = None,
) -> WorkflowContext:
    """The workflow's collaborators from the settings (`evidence`: receiver.backends)."""
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
        evidence=evidence,
        advise_without_approval=True,  # the runner answers the advise interrupt
        delivery=DeliveryContext(settings.git_delivery, settings.dry_run),
    )
