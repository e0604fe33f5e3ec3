"""The enrich node in the compiled workflow: evidence from a real Prometheus (seven days of
backfilled history) and the loopback fake Loki, kept in the state and shown with the
approval; the analyzer reads Loki's lines, once per incident."""

from __future__ import annotations

import sys
from types import FrameType

import httpx
import pytest
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from graph import analysis as analyzer
from graph.evidence.loki import LokiClient
from graph.evidence.prometheus import PrometheusClient
from graph.git.gitops import GitStore
from graph.records.summary import parse_summary
from graph.workflow import build_workflow
from tests.graph.evidence import history as h
from tests.graph.evidence.conftest import History
from tests.graph.evidence.fake_loki import FakeLoki
from tests.graph.evidence.workflow_helpers import (
    FakeClock,
    checkout_alert,
    context,
    decision,
    start,
)
from tests.integration.conftest import _free_port

NS = 1_000_000_000


@pytest.mark.integration
async def test_the_approval_shows_what_the_workload_used_and_logged(
    store: GitStore,
    prometheus: PrometheusClient,
    tsdb_history: History,
    fake_loki: FakeLoki,
    loki: LokiClient,
) -> None:
    end = tsdb_history.end
    pod = {"namespace": h.NAMESPACE, "pod": h.POD_A, "cluster": h.CLUSTER}
    fake_loki.push(pod, [((end - 60) * NS, "ERROR payment token=abc123secret failed")])
    inputs, config = start(checkout_alert(starts_at=end - 30))
    ctx = context(store, FakeClock(end), prometheus=prometheus, loki=loki)

    workflow = build_workflow(InMemorySaver())
    paused = await workflow.ainvoke(inputs, config, context=ctx)

    checkout = paused["enrichment"]["containers"]["checkout"]
    assert checkout["memory_peak"]["7d"]["value"] == h.PEAK_BYTES
    assert checkout["memory_limit"]["value"] == h.NEW_LIMIT
    assert checkout["termination_reasons"] == {"OOMKilled": 2}  # x2k4p and q9w7z
    view = paused["__interrupt__"][0].value["evidence_view"]
    memory = next(r for r in view["rows"] if (r["signal"], r["subject"]) == ("memory", "checkout"))
    assert memory["values"]["peak 7d"] == "1.71 GiB" and memory["values"]["limit"] == "512 MiB"
    assert {"signal": "replicas", "subject": "checkout"}.items() <= view["rows"][-1].items()
    assert view["logs"]["lines"] == 1
    assert "abc123secret" not in str(paused) and "payment" in view["logs"]["excerpt"][0]
    sha = paused["__interrupt__"][0].value["diff_sha256"]
    await workflow.ainvoke(Command(resume=decision("reject", sha)), config, context=ctx)
    record = (store.path / "examples" / inputs["incident_id"] / "summary.md").read_text()
    (line,) = parse_summary(record)["log_excerpt"]
    assert "ERROR payment token=" in line and "abc123secret" not in record


async def test_the_analyzer_decides_with_lokis_lines_and_runs_once(
    store: GitStore, fake_loki: FakeLoki, loki: LokiClient
) -> None:
    """A crash loop alone is a crash loop; Loki's OutOfMemoryError makes it a memory problem."""
    now = 1_796_540_400
    pod = {"namespace": h.NAMESPACE, "pod": h.POD_A, "cluster": h.CLUSTER}
    fake_loki.push(pod, [((now - 120) * NS, "ERROR java.lang.OutOfMemoryError: Java heap space")])
    alert = checkout_alert(
        "KubePodCrashLooping", starts_at=now - 60, summary="Pod is crash looping"
    )
    inputs, config = start(alert)
    code = analyzer.analyze_incident.__code__
    calls = 0

    def count(frame: FrameType, event: str, arg: object) -> None:
        nonlocal calls
        calls += event == "call" and frame.f_code is code

    sys.setprofile(count)
    try:
        paused = await build_workflow(InMemorySaver()).ainvoke(
            inputs, config, context=context(store, FakeClock(now), loki=loki)
        )
    finally:
        sys.setprofile(None)

    assert calls == 1
    assert paused["category"] == "oom"
    assert "OutOfMemoryError" in paused["analysis"]["signal"]["detail"]
    assert paused["proposal"]["diff"]


async def test_a_backend_that_is_down_never_fails_the_incident(store: GitStore) -> None:
    closed = f"http://127.0.0.1:{_free_port()}"
    async with httpx.AsyncClient(trust_env=False) as http:
        prometheus = PrometheusClient(http, closed, timeout=2.0)
        ctx = context(store, FakeClock(1_796_540_400), prometheus=prometheus)
        inputs, config = start(checkout_alert())
        paused = await build_workflow(InMemorySaver()).ainvoke(inputs, config, context=ctx)

    assert paused["status"] == "awaiting_approval" and paused["proposal"]["diff"]
    missing = paused["__interrupt__"][0].value["evidence_view"]["missing"]
    down = [m for m in missing if (m["backend"], m["reason"]) == ("prometheus", "unreachable")]
    assert len(down) == 1 and "memory.peak 7d" in down[0]["signals"]
    reasons = {m["reason"] for m in paused["enrichment"]["missing"]}
    assert reasons == {"unreachable", "not_configured"}  # and Loki is not configured


async def test_without_evidence_in_the_context_nothing_is_gathered(store: GitStore) -> None:
    ctx = context(store, FakeClock(0.0))
    plain = type(ctx)(store=store, now=ctx.now)
    inputs, config = start(checkout_alert())

    paused = await build_workflow(InMemorySaver()).ainvoke(inputs, config, context=plain)

    assert "enrichment" not in paused
    assert "evidence_view" not in paused["__interrupt__"][0].value
