"""Traces (OTEL_EXPORTER_OTLP_ENDPOINT): with the setting, the running service sends a span
per request and per workflow node, with the incident's id, to an OTLP/HTTP collector (a
loopback fake, tests/receiver/fake_otlp.py) and flushes them when it stops; without it,
nothing is exported and no exporter thread runs."""

from __future__ import annotations

import threading
from pathlib import Path

from litestar.testing import AsyncTestClient

from tests.receiver.conftest import make_app, status_when, ticking_clock
from tests.receiver.fake_otlp import FakeCollector, collecting
from tests.receiver.helpers import JSON, WEBHOOK, awaiting, decide, firing

NODES = ("triage", "analyze", "propose", "approval", "commit")
SERVER, ERROR = 2, 2  # Span.SpanKind.SPAN_KIND_SERVER, Status.STATUS_CODE_ERROR


def exporting() -> bool:
    """Whether an OpenTelemetry batch processor's export thread runs in this process."""
    return any(t.name.startswith("OtelBatch") and t.is_alive() for t in threading.enumerate())


def statuses(fake: FakeCollector, name: str) -> list[object]:
    return [span.attributes.get("http.response.status_code") for span in fake.named(name)]


async def test_requests_and_workflow_nodes_are_traced_with_the_incident_id(
    tmp_path: Path,
) -> None:
    with collecting() as collector:
        app = make_app(
            tmp_path,
            now=ticking_clock(),
            VERIFY_TIMEOUT="0.05",
            OTEL_EXPORTER_OTLP_ENDPOINT=collector.url,
        )
        async with AsyncTestClient(app=app) as client:
            assert exporting()
            refused = await client.post(WEBHOOK, content=b"{not json", headers=JSON)
            assert refused.status_code == 400
            shown = await awaiting(client, firing())
            r = await decide(client, shown["id"], "approve", shown["diff_sha256"])
            assert r.status_code == 202, r.text
            await status_when(client, shown["id"], lambda s: s["status"] == "not_recovered")
        assert not exporting()  # the stop flushed the spans and ended the thread

    webhook = f"POST {WEBHOOK}"
    assert sorted(map(str, statuses(collector, webhook))) == ["200", "400"]
    for span in collector.named(webhook):
        assert span.kind == SERVER
        assert span.attributes["http.request.method"] == "POST"
        assert span.attributes["http.route"] == WEBHOOK
        assert span.service == "alertgraph"
    decisions = [s for s in collector.spans if s.name.endswith("/feedback")]
    assert [s.attributes["http.response.status_code"] for s in decisions] == [202]
    assert shown["id"] not in decisions[0].name  # the route template, not the path
    assert "{" in decisions[0].attributes["http.route"]
    for node in NODES:
        spans = collector.named(node)
        assert spans, f"no span for node {node}"
        assert {s.attributes["alertgraph.incident_id"] for s in spans} == {shown["id"]}
        assert all(s.attributes["alertgraph.node"] == node for s in spans)
        assert all(s.status_code != ERROR for s in spans)
    paused = [s for s in collector.named("approval") if s.attributes.get("alertgraph.paused")]
    assert len(paused) == 1  # the approval waited once, then ran with the decision


async def test_without_an_endpoint_nothing_is_exported_and_no_exporter_runs(
    tmp_path: Path,
) -> None:
    with collecting() as collector:
        async with AsyncTestClient(app=make_app(tmp_path, now=ticking_clock())) as client:
            assert not exporting()
            shown = await awaiting(client, firing())
            r = await decide(client, shown["id"], "approve", shown["diff_sha256"])
            assert r.status_code == 202, r.text
            assert not exporting()
    assert collector.requests == []
