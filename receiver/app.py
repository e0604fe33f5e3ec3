"""`create_app`: all the wiring of the service in one place."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from litestar import Litestar
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from prometheus_client import CollectorRegistry

from graph.context import WorkflowContext
from graph.remediation import Guardrails
from graph.store import GitStore
from receiver.config import Settings
from receiver.incidents import IncidentRegistry
from receiver.metrics import Metrics
from receiver.problems import exception_handlers
from receiver.queue import EventQueue
from receiver.routes.decisions import decision_routes
from receiver.routes.health import health_routes, metrics_route
from receiver.routes.incidents import incident_routes
from receiver.routes.ingest import INGEST_PATHS, Ingest, ingest_routes
from receiver.runner import Runner
from receiver.workflows import WorkflowRunner

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
) -> Litestar:
    """Build the service: queue, incident registry, workers, git store, workflow runner,
    routes, OpenAPI at `/docs`.

    The clock, the metrics registry and the incident registry can be injected so tests are
    deterministic; by default each app gets its own.
    """
    metrics = Metrics(metrics_registry or CollectorRegistry(auto_describe=True))
    queue = EventQueue(settings.queue_maxsize)
    registry = incidents or IncidentRegistry()
    store = GitStore(
        settings.git_repo_path, settings.git_branch, settings.git_remote, seed=SEED, now=now
    )
    workflows = WorkflowRunner(
        registry,
        workflow_context(settings, store, now),
        verify_timeout=settings.verify_timeout,
        max_concurrent_runs=settings.workflow_concurrency,
    )
    runner = Runner(queue, registry, metrics, settings.queue_workers, workflows)
    metrics.queue_depth.set_function(lambda: queue.depth)
    metrics.incidents_open.set_function(lambda: registry.open_count)
    ingest = Ingest(queue=queue, metrics=metrics, now=now, default_tenant=settings.default_tenant)

    def count_refused(path: str, reason: str, count: int) -> None:
        if path in INGEST_PATHS:
            metrics.alerts_rejected.labels(reason=reason).inc(count)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        await asyncio.to_thread(store.ensure)  # creates ./data/gitops on first start
        runner.start()
        try:
            yield
        finally:
            await runner.stop()
            await workflows.stop()
            store.close()

    app = Litestar(
        route_handlers=[
            *ingest_routes(ingest),
            *incident_routes(registry),
            *decision_routes(registry, workflows),
            *health_routes(
                ready=lambda: runner.alive() and not queue.closed,
                queue_depth=lambda: queue.depth,
                incidents_open=lambda: registry.open_count,
            ),
            metrics_route(metrics.registry),
        ],
        lifespan=[lifespan],
        request_max_body_size=settings.max_body_bytes,
        exception_handlers=exception_handlers(on_refused=count_refused),
        openapi_config=OpenAPIConfig(
            title="alertgraph",
            version="0.1.0",
            description="Turns Kubernetes alerts into reviewed, committed Helm values fixes.",
            path="/docs",
            render_plugins=[SwaggerRenderPlugin(), ScalarRenderPlugin()],
        ),
        debug=False,
        logging_config=None,  # receiver.logs configures logging once, for everything
    )
    app.state.runner = runner
    app.state.registry = registry
    app.state.workflows = workflows
    app.state.store = store
    app.state.metrics = metrics
    return app


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
