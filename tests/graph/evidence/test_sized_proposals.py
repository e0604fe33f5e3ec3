"""Proposals sized from evidence, in the compiled workflow against a real Prometheus holding
seven days of backfilled history (history.py): checkout peaked at 1.71 GiB three days ago;
its values file (examples/gitops) limits it to 1Gi with a 768Mi request."""

from __future__ import annotations

import json

import httpx
import pytest
from langgraph.checkpoint.memory import InMemorySaver

from graph.evidence.prometheus import PrometheusClient
from graph.git.gitops import GitStore
from graph.patching.remediation import Guardrails
from graph.workflow import build_workflow
from tests.graph.evidence.conftest import History, RunningPrometheus
from tests.graph.evidence.workflow_helpers import FakeClock, checkout_alert, context, start
from tests.graph.gitrepos import git

pytestmark = pytest.mark.integration


async def test_an_oom_proposal_sizes_memory_from_the_peak_and_says_so(
    store: GitStore, prometheus: PrometheusClient, tsdb_history: History
) -> None:
    inputs, config = start(checkout_alert())
    ctx = context(store, FakeClock(tsdb_history.end), prometheus=prometheus)

    paused = await build_workflow(InMemorySaver()).ainvoke(inputs, config, context=ctx)

    proposal = paused["proposal"]
    assert "+    memory: 2304Mi\n" in proposal["diff"]  # 1.71 GiB × 1.25 → 2.25 GiB, not ×2
    assert "+    memory: 1728Mi\n" in proposal["diff"]  # the request keeps its 3:4 ratio
    reason = "peak 1.71 GiB over 7 d, limit 1 GiB → 2.25 GiB"
    assert proposal["sizing"]["reason"].startswith(reason)
    assert (proposal["sizing"]["source"], proposal["sizing"]["bound"]) == ("evidence", None)
    assert reason in paused["actions"][0]
    assert any(note.startswith(f"Evidence: {reason}") for note in proposal["notes"])


async def test_the_guardrail_caps_the_sized_value_and_is_named(
    store: GitStore, prometheus: PrometheusClient, tsdb_history: History
) -> None:
    inputs, config = start(checkout_alert())
    guardrails = Guardrails(max_memory="2Gi")
    ctx = context(store, FakeClock(tsdb_history.end), prometheus=prometheus, guardrails=guardrails)

    paused = await build_workflow(InMemorySaver()).ainvoke(inputs, config, context=ctx)

    sizing = paused["proposal"]["sizing"]
    assert "+    memory: 2Gi\n" in paused["proposal"]["diff"]
    assert (sizing["target"], sizing["bound"]) == ("2Gi", "max_memory")
    assert "would be 2.25 GiB; capped by MAX_MEMORY=2Gi" in sizing["reason"]


async def test_a_larger_learned_value_wins_over_the_evidence(
    store: GitStore, prometheus: PrometheusClient, tsdb_history: History
) -> None:
    patterns = {
        "recommended_action": {
            "kind": "raise_memory",
            "factor": 3.0,
            "target": "3Gi",
            "action": "raise memory to 3Gi",
            "reason": "2Gi did not hold",
            "learned_from": ["incident-20261101000000-0001"],
        }
    }
    learned = store.path / "examples" / "learning" / "oom_checkout_patterns.json"
    learned.parent.mkdir(parents=True, exist_ok=True)
    learned.write_text(json.dumps(patterns))
    git(store.path, "add", "-A")
    git(store.path, "commit", "-qm", "learned")
    inputs, config = start(checkout_alert())
    ctx = context(store, FakeClock(tsdb_history.end), prometheus=prometheus)

    paused = await build_workflow(InMemorySaver()).ainvoke(inputs, config, context=ctx)

    sizing = paused["proposal"]["sizing"]
    assert (sizing["target"], sizing["source"]) == ("3Gi", "learned")
    assert "+    memory: 3Gi\n" in paused["proposal"]["diff"]


async def test_with_prometheus_stopped_the_proposal_says_evidence_is_missing(
    store: GitStore, own_prometheus: RunningPrometheus, tsdb_history: History
) -> None:
    own_prometheus.stop()  # its port is closed now
    async with httpx.AsyncClient(trust_env=False) as http:
        prometheus = PrometheusClient(http, own_prometheus.url, timeout=2.0)
        ctx = context(store, FakeClock(tsdb_history.end), prometheus=prometheus)
        inputs, config = start(checkout_alert())
        paused = await build_workflow(InMemorySaver()).ainvoke(inputs, config, context=ctx)

    proposal = paused["proposal"]
    assert paused["status"] == "awaiting_approval"
    assert "+    memory: 2Gi\n" in proposal["diff"]  # today's step rule, ×2
    assert "no memory usage evidence" in proposal["sizing"]["reason"]
    missing = next(n for n in proposal["notes"] if n.startswith("Evidence missing: "))
    assert "prometheus unreachable" in missing and "loki not_configured" in missing
