"""Health and metrics routes: liveness, readiness and the Prometheus scrape endpoint."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import msgspec
from litestar import asgi, get
from litestar.handlers import ASGIRouteHandler, HTTPRouteHandler
from litestar.types import Receive, Scope, Send
from prometheus_client import CollectorRegistry, make_asgi_app

from receiver.api.problems import ProblemError, problem_responses


class Health(msgspec.Struct, frozen=True, omit_defaults=True):
    """Liveness / readiness answer."""

    status: str
    queue_depth: int | None = None
    incidents_open: int | None = None


def health_routes(
    ready: Callable[[], bool],
    queue_depth: Callable[[], int],
    incidents_open: Callable[[], int],
    database: Callable[[], Awaitable[str | None]] | None = None,
) -> list[HTTPRouteHandler]:
    """`/health` (the process answers) and `/health/ready` (the queue workers run and, with
    `database`, it answers: it returns why not, or None)."""

    @get("/health", tags=["health"], summary="Liveness")
    async def health() -> Health:
        """200 while the process serves HTTP."""
        return Health(status="ok")

    @get(
        "/health/ready",
        tags=["health"],
        summary="Readiness",
        responses=problem_responses(503),
    )
    async def health_ready() -> Health:
        """200 while the queue workers run, the service accepts alerts and (PostgreSQL mode)
        the database answers; 503 otherwise, saying which."""
        if not ready():
            raise ProblemError(
                503, "Not ready", "ingest workers are not running or the service is stopping"
            )
        problem = None if database is None else await database()
        if problem is not None:
            raise ProblemError(503, "Not ready", problem)
        return Health(status="ready", queue_depth=queue_depth(), incidents_open=incidents_open())

    return [health, health_ready]


def metrics_route(registry: CollectorRegistry) -> ASGIRouteHandler:
    """`/metrics` serving `registry` in the Prometheus text format."""
    app = make_asgi_app(registry=registry)

    @asgi("/metrics", is_mount=True, copy_scope=True, include_in_schema=False)
    async def metrics(scope: Scope, receive: Receive, send: Send) -> None:
        await app(scope, receive, send)

    return metrics
