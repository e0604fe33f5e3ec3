"""Liveness, readiness, metrics and the OpenAPI document."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.conftest import fixture_bytes


async def test_liveness_and_readiness(client: AsyncTestClient[Litestar]) -> None:
    assert (await client.get("/health")).json() == {"status": "ok"}
    ready = await client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "queue_depth": 0, "incidents_open": 0}


async def test_readiness_fails_when_the_workers_are_gone(
    client: AsyncTestClient[Litestar],
) -> None:
    # The app runs on the test client's own loop: stop its workers there.
    client.blocking_portal.call(client.app.state.workers.stop)
    r = await client.get("/health/ready")
    assert r.status_code == 503
    assert r.headers["content-type"] == "application/problem+json"
    assert (await client.get("/health")).status_code == 200


async def test_metrics_are_prometheus_text_with_the_business_series(
    client: AsyncTestClient[Litestar],
) -> None:
    await client.post(
        "/webhooks/alertmanager",
        headers={"content-type": "application/json"},
        content=fixture_bytes("am-webhook-firing-2-alerts.json"),
    )
    await client.post("/webhooks/alertmanager", content=b"{", headers={})
    r = await client.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    text = r.text
    for series in (
        'alertgraph_alerts_received_total{source="alertmanager"} 2.0',
        "alertgraph_queue_depth ",
        "alertgraph_queue_wait_seconds_bucket",
        "alertgraph_incidents_open ",
        "alertgraph_alerts_deduplicated_total 0.0",
    ):
        assert series in text, series


async def test_openapi_lists_every_route(client: AsyncTestClient[Litestar]) -> None:
    r = await client.get("/docs/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    for path in (
        "/webhooks/alertmanager",
        "/api/v2/alerts",
        "/api/incidents/trigger",
        "/api/incidents",
        "/api/incidents/{incident_id}/status",
        "/api/incidents/{incident_id}/feedback",
        "/health",
        "/health/ready",
    ):
        assert path in paths
    schema = r.json()["paths"]["/webhooks/alertmanager"]["post"]["requestBody"]
    assert schema["required"] is True
