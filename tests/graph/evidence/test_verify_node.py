"""Recovery checked by the alert's own expression, in the compiled workflow against a real
Prometheus (seven days of backfilled history, history.py; its rules API serves the
KubePodOOMKilled rule of conftest.RULES). The fake clock moves only when verify sleeps."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from graph.context import WorkflowContext
from graph.evidence.prometheus import PrometheusClient
from graph.git.gitops import GitStore
from graph.records.summary import parse_summary
from graph.state import AlertSnapshot
from graph.workflow import build_workflow
from tests.graph.evidence import history as h
from tests.graph.evidence.conftest import OOM_EXPR, History
from tests.graph.evidence.workflow_helpers import (
    FakeClock,
    checkout_alert,
    context,
    decision,
    start,
)

HOLD, INTERVAL = 300.0, 30.0
THRESHOLD_EXPR = (
    "max by (cluster, namespace, pod, container) "
    '(container_memory_working_set_bytes{container="checkout"}) > 400 * 1024 * 1024'
)


def graph_link(expr: str) -> str:
    """A Prometheus generatorURL, as Prometheus writes it."""
    return "http://prometheus:9090/graph?" + urlencode({"g0.expr": expr, "g0.tab": "1"})


async def resolved(
    alert: AlertSnapshot, ctx: WorkflowContext, outcome: str = "recovered"
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Run the incident to verify, approve it, resume verify with `outcome`: the verify
    interrupt's payload and the final state."""
    workflow = build_workflow(InMemorySaver())
    inputs, config = start(alert)
    paused = await workflow.ainvoke(inputs, config, context=ctx)
    sha = paused["__interrupt__"][0].value["diff_sha256"]
    verifying = await workflow.ainvoke(
        Command(resume=decision("approve", sha)), config, context=ctx
    )
    assert verifying["status"] == "verifying"
    shown = verifying["__interrupt__"][0].value
    done = await workflow.ainvoke(Command(resume={"outcome": outcome}), config, context=ctx)
    return shown, done


@pytest.mark.integration
async def test_resolved_but_the_rules_expression_still_true_is_not_recovered(
    store: GitStore, prometheus: PrometheusClient, tsdb_history: History
) -> None:
    """No generatorURL: the expression comes from the rules API by alertname."""
    clock = FakeClock(tsdb_history.end - 10 * h.MINUTE)
    ctx = context(store, clock, prometheus=prometheus, verify_hold=HOLD)

    shown, done = await resolved(checkout_alert(), ctx)

    assert shown["check"] is None  # nothing in the link: found after the resume
    assert (done["status"], done["outcome"]) == ("not_recovered", "not_recovered")
    checked = done["verification"]
    assert checked["checked"] and checked["expressions"] == [
        {"language": "promql", "expr": OOM_EXPR}
    ]
    assert "still returns series for it" in checked["reason"]
    assert {s["pod"] for s in checked["matching"]} == {h.POD_A}
    assert sum(clock.slept) == HOLD and set(clock.slept) == {INTERVAL}
    summary = parse_summary(
        (store.path / "examples" / done["incident_id"] / "summary.md").read_text()
    )
    assert summary["outcome"] == "not_recovered"
    assert "still returns series for it" in summary["verification"]
    memory = next(r for r in summary["evidence"] if r["signal"] == "memory")
    assert memory["subject"] == "checkout" and "peak 7d: 1.71 GiB" in memory["values"]
    assert summary["missing_evidence"] == ["loki not_configured: logs"]


@pytest.mark.integration
async def test_an_expression_clear_for_the_hold_is_recovered(
    store: GitStore, prometheus: PrometheusClient, tsdb_history: History
) -> None:
    """q9w7z's pod was replaced at END - 40 min; from END - 34 min its series is gone."""
    clock = FakeClock(tsdb_history.end - 34 * h.MINUTE)
    ctx = context(store, clock, prometheus=prometheus)
    alert = checkout_alert(pod=h.POD_B, generator_url=graph_link(OOM_EXPR))

    shown, done = await resolved(alert, ctx)

    assert shown["check"] == {"language": "promql", "expr": OOM_EXPR}
    assert done["status"] == "recovered"
    assert done["verification"]["reason"] == "alert resolved and its expression clear for 300 s"
    assert done["verification"]["matching"] == []


@pytest.mark.integration
async def test_alert_decay_resolved_while_the_series_is_over_the_threshold_is_not_recovered(
    store: GitStore, prometheus: PrometheusClient, tsdb_history: History
) -> None:
    clock = FakeClock(tsdb_history.end - 10 * h.MINUTE)
    ctx = context(store, clock, prometheus=prometheus)
    alert = checkout_alert(generator_url=graph_link(THRESHOLD_EXPR))

    _, done = await resolved(alert, ctx)

    assert done["status"] == "not_recovered"
    (series,) = done["verification"]["matching"]
    assert (series["cluster"], series["pod"]) == (h.CLUSTER, h.POD_A)  # not prod-us's x2k4p


@pytest.mark.integration
async def test_the_runners_timeout_is_not_recovered_with_what_still_matches(
    store: GitStore, prometheus: PrometheusClient, tsdb_history: History
) -> None:
    clock = FakeClock(tsdb_history.end)
    ctx = context(store, clock, prometheus=prometheus)

    _, done = await resolved(checkout_alert(), ctx, outcome="not_recovered")

    assert done["status"] == "not_recovered" and clock.slept == []
    assert done["verification"]["reason"] == (
        "alert still firing at the verify timeout; its expression returns 1 series for it"
    )


async def test_without_prometheus_the_resolution_decides_and_the_record_says_so(
    store: GitStore,
) -> None:
    ctx = context(store, FakeClock(1_796_540_400))

    _, done = await resolved(checkout_alert(), ctx)

    assert done["status"] == "recovered"
    assert not done["verification"]["checked"]
    assert done["verification"]["reason"] == (
        "alert resolved; its expression could not be checked "
        "(no expression known for KubePodOOMKilled)"
    )
