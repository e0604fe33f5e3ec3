"""`create_app`: the wiring of the service in one place — its objects and its routes.

What runs between start-up and stop, and in which order, is receiver.lifespan's."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import structlog
from litestar import Litestar
from litestar.handlers import BaseRouteHandler, HTTPRouteHandler
from litestar.middleware import DefineMiddleware
from litestar.openapi.config import OpenAPIConfig
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig
from prometheus_client import CollectorRegistry

from graph.git.gitops import GitStore
from graph.git.history import HistoryIndex
from graph.learning.loop import FeedbackLoop
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
from receiver.assembly import (
    around_the_workflow,
    durable_state,
    evidence_counter,
    loki_poller,
    observe_workflow,
    replicas_of,
    service_health,
    workflow_context,
    workflow_runner,
)
from receiver.backends import backends_from, evidence_context
from receiver.config import Settings
from receiver.incidents.key import Clusters
from receiver.incidents.registry import IncidentRegistry
from receiver.incidents.watch import IncidentWatch
from receiver.ingest.intake import Intake
from receiver.ingest.queue import EventQueue
from receiver.ingest.workers import IngestWorkers
from receiver.lifespan import Background, lifespan
from receiver.metrics import Metrics
from receiver.replicas.forward import LeaderForwarding
from receiver.replicas.roles import Replicas
from receiver.slack.commands import commands_route
from receiver.slack.interactions import events_route
from receiver.tracing import NodeSpans, Tracing, request_spans, tracing_from
from receiver.web.auth import Sessions
from receiver.web.forms import decision_routes
from receiver.web.live import LiveFeed
from receiver.web.overview import overview_routes
from receiver.web.routes import TEMPLATES, Console, console_router, security_headers

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
    ui_stream_seconds: float = 300.0,
) -> Litestar:
    """Build the service: queue, incident registry, workers, git store, workflow runner,
    routes, OpenAPI at `/docs`; its start-up and stop are receiver.lifespan's.

    The clock, the metrics registry, the incident registry, the sleep between Slack retries,
    the timer of the approval reminders and veto windows, the sleep of the pollers (Loki,
    pull requests), the sleep between checks of an alert's expression, the rate limiter's
    monotonic clock and what the forges' webhook events go to without GIT_DELIVERY=
    pull_request (default: logged, dropped) and how long one live stream of the web console
    lasts before the browser reconnects can be injected; by default each app gets its own.
    """
    metrics = Metrics(metrics_registry or CollectorRegistry(auto_describe=True))
    registry = incidents or IncidentRegistry(
        clusters=Clusters(settings.cluster_labels, settings.default_cluster)
    )
    tracing = tracing_from(settings.otel_exporter_otlp_endpoint, settings.otel_service_name)
    work = service(
        settings,
        metrics,
        now,
        registry,
        (slack_sleep, reminder_timer, poller_sleep, evidence_sleep),
        tracing,
    )
    access = access_rules(settings, monotonic)
    on_event = work.delivery.on_event if work.delivery is not None else on_forge_event
    forge = forge_webhook_routes(settings.forge_webhook_secret, on_event)
    ui = web_console(settings, work, now, ui_stream_seconds)
    app = Litestar(
        route_handlers=[
            *routes(work, now, forge),
            console_router(ui, console_forms(ui, settings, work)),
        ],
        lifespan=[lifespan(work)],
        middleware=[  # a follower forwards first; the request's span sees access refusals
            *([forwarding(settings, work.replicas)] if work.replicas is not None else []),
            *([request_spans(tracing)] if tracing is not None else []),
            DefineMiddleware(AccessMiddleware, access=access),
        ],
        request_max_body_size=settings.max_body_bytes,
        exception_handlers=exception_handlers(
            on_refused=refusal_counter(metrics), unrouted=access.unrouted
        ),
        openapi_config=OPENAPI,
        template_config=TemplateConfig(directory=TEMPLATES, engine=JinjaTemplateEngine),
        before_send=[security_headers],
        debug=False,
        logging_config=None,  # receiver.logs configures logging once, for everything
    )
    app.state.update(exposed(work), metrics=metrics)
    return app


def forwarding(settings: Settings, replicas: Replicas) -> DefineMiddleware:
    """PostgreSQL mode: what a follower cannot answer goes to the leader (receiver.replicas)."""
    return DefineMiddleware(
        LeaderForwarding,
        leading=lambda: replicas.leadership.leading,
        look_up=replicas.leader,
        secret=settings.cluster_secret,
        client=replicas.http,
        max_body=settings.max_body_bytes,
    )


def access_rules(settings: Settings, monotonic: Callable[[], float]) -> Access:
    """Who may call what: the API keys with their roles, the webhook token, the rate limit."""
    limiter = RateLimiter(
        settings.rate_limit_per_second, settings.rate_limit_burst, monotonic=monotonic
    )
    return Access(settings.api_key_roles, settings.webhook_token, limiter)


def console_forms(ui: Console, settings: Settings, work: Background) -> list[Any]:
    """The console's handlers beyond its reading pages: decisions, learning, health."""
    return [*decision_routes(ui), *overview_routes(ui, service_health(settings, work))]


def web_console(
    settings: Settings, work: Background, now: Callable[[], datetime], stream_seconds: float
) -> Console:
    """The web console's objects: its sessions, and its live feed subscribed to the runner."""
    feed = LiveFeed()
    work.workflows.subscribe(feed.changed)
    sessions = Sessions(
        settings.api_key_roles, settings.ui_session_secret, settings.ui_session_hours, now
    )
    return Console(
        work.registry,
        work.history,
        work.workflows,
        sessions,
        feed,
        settings.ui_language,
        stream_seconds,
        store=work.store,
        now=now,
    )


def readiness_problem(work: Background) -> Callable[[], Awaitable[str | None]] | None:
    """What `/health/ready` asks beyond the workers: the database answers (PostgreSQL) and,
    with replicas, a leader is known or this replica leads."""
    durable, replicas = work.durable, work.replicas
    database = None if durable is None else durable.problem
    if database is None or replicas is None:
        return database

    async def problem() -> str | None:
        return await database() or await replicas.problem()

    return problem


def following(work: Background) -> bool:
    """True on a replica that does not lead (its ingest workers wait for the leadership)."""
    return work.replicas is not None and work.replicas.following


def exposed(work: Background) -> dict[str, Any]:
    """The objects tests and tools reach through `app.state`."""
    return {
        "workers": work.workers,
        "registry": work.registry,
        "workflows": work.workflows,
        "store": work.store,
        "history": work.history,
        "feedback_loop": work.loop,
        "slack": work.slack,
        "backends": work.backends,
        "silences": work.silences,
        "policies": work.policies,
    }


def service(
    settings: Settings,
    metrics: Metrics,
    now: Callable[[], datetime],
    registry: IncidentRegistry,
    timers: tuple[Sleep, Sleep, Sleep, Sleep],
    tracing: Tracing | None = None,
) -> Background:
    """The service's objects from the settings, subscribed to each other; `timers` are the
    sleeps of Slack's retries, of the approval reminders, of the Loki poller and between
    checks of an alert's expression; with `tracing`, a span per workflow node run."""
    _, _, poller_sleep, evidence_sleep = timers
    queue = EventQueue(settings.queue_maxsize)
    backends = backends_from(settings, evidence_counter(metrics))  # before the context
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
    context = workflow_context(settings, store, now, evidence, metrics)
    workflows = workflow_runner(settings, registry, context)
    observe_workflow(metrics, workflows, now)
    if tracing is not None:
        workflows.run_callbacks.append(NodeSpans(tracing))
    watch = IncidentWatch()
    workflows.subscribe(watch.changed)
    metrics.queue_depth.set_function(lambda: queue.depth)
    metrics.queue_capacity.set(settings.queue_maxsize)
    metrics.incidents_open.set_function(lambda: registry.open_count)
    durable = durable_state(settings)
    replicas = replicas_of(settings, durable)
    intake = Intake(
        queue=queue,
        metrics=metrics,
        now=now,
        default_tenant=settings.default_tenant,
        inbox=None if replicas is None else replicas.inbox,
    )
    table = None if durable is None else durable.table
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
        durable=durable,
        feedback_loop_interval=0.0 if settings.dry_run else settings.feedback_loop_interval,
        alertmanager_url=settings.alertmanager_url,
        backends=backends,
        poller=loki_poller(settings, backends, intake, metrics, poller_sleep, durable),
        tracing=tracing,
        replicas=replicas,
        **around_the_workflow(
            settings, metrics, workflows, (intake, history, backends, table, watch), now, timers
        ),
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
            ready=lambda: not work.queue.closed and (work.workers.alive() or following(work)),
            queue_depth=lambda: work.queue.depth,
            incidents_open=lambda: work.registry.open_count,
            database=readiness_problem(work),
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
