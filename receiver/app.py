"""`create_app`: all the wiring of the service in one place."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from litestar import Litestar
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from prometheus_client import CollectorRegistry

from receiver.config import Settings
from receiver.incidents import IncidentRegistry
from receiver.metrics import Metrics
from receiver.problems import exception_handlers
from receiver.queue import EventQueue
from receiver.routes.health import health_routes, metrics_route
from receiver.routes.incidents import incident_routes
from receiver.routes.ingest import INGEST_PATHS, Ingest, ingest_routes
from receiver.runner import Runner


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
    """Build the service: queue, incident registry, workers, routes, OpenAPI at `/docs`.

    The clock, the metrics registry and the incident registry can be injected so tests are
    deterministic; by default each app gets its own.
    """
    metrics = Metrics(metrics_registry or CollectorRegistry(auto_describe=True))
    queue = EventQueue(settings.queue_maxsize)
    registry = incidents or IncidentRegistry()
    runner = Runner(queue, registry, metrics, settings.queue_workers)
    metrics.queue_depth.set_function(lambda: queue.depth)
    metrics.incidents_open.set_function(lambda: registry.open_count)
    ingest = Ingest(queue=queue, metrics=metrics, now=now, default_tenant=settings.default_tenant)

    def count_refused(path: str, reason: str, count: int) -> None:
        if path in INGEST_PATHS:
            metrics.alerts_rejected.labels(reason=reason).inc(count)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        runner.start()
        try:
            yield
        finally:
            await runner.stop()

    app = Litestar(
        route_handlers=[
            *ingest_routes(ingest),
            *incident_routes(registry),
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
    app.state.metrics = metrics
    return app
