"""Manual incidents verified by the signal that opened them, against a real Prometheus holding
seven days of backfilled history (history.py): x2k4p was OOMKilled at END - 50 min (and
END - 6 h), and checkout has been throttled in 30 % of its CFS periods over the last day. The
fake clock moves only when verify sleeps."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command
from litestar.testing import AsyncTestClient
from prometheus_client import CollectorRegistry

from graph.context import WorkflowContext
from graph.evidence.prometheus import PrometheusClient
from graph.git.gitops import GitStore
from graph.records.summary import parse_summary
from graph.state import AlertSnapshot
from graph.workflow import build_workflow
from receiver.app import create_app
from receiver.config import load_settings
from tests.graph.evidence import history as h
from tests.graph.evidence.conftest import History, RunningPrometheus
from tests.graph.evidence.workflow_helpers import FakeClock, context, decision, start
from tests.receiver.conftest import status_when
from tests.receiver.helpers import decide

HOLD, INTERVAL, TIMEOUT = 300.0, 30.0, 900.0
LABELS = {
    "alertname": "ManualTrigger",
    "cluster": h.CLUSTER,
    "namespace": h.NAMESPACE,
    "pod": h.POD_A,
    "container": "checkout",
}
OOM_TEXT = "Last State: Terminated\n  Reason: OOMKilled\n  Exit Code: 137"
THROTTLED_TEXT = "CPU throttling: container checkout throttled in 30% of its CFS periods"


def manual(text: str) -> AlertSnapshot:
    """A manual trigger about checkout's x2k4p, as the receiver hands it over."""
    return {
        "source": "manual",
        "log_text": text,
        "labels": dict(LABELS),
        "annotations": {},
        "fingerprints": ["00000000000c0ffe"],
        "starts_at": datetime(2026, 11, 24, 15, 30, tzinfo=UTC).isoformat(),
    }


async def committed(alert: AlertSnapshot, ctx: WorkflowContext) -> dict[str, Any]:
    """Run the manual incident to its approval, approve it; the state after the commit."""
    workflow = build_workflow(InMemorySaver())
    inputs, config = start(alert)
    paused = await workflow.ainvoke(inputs, config, context=ctx)
    sha = paused["__interrupt__"][0].value["diff_sha256"]
    after: dict[str, Any] = await workflow.ainvoke(
        Command(resume=decision("approve", sha)), config, context=ctx
    )
    if after["status"] == "verifying":
        shown = after["__interrupt__"][0].value
        done = await workflow.ainvoke(Command(resume={"check": "signal"}), config, context=ctx)
        return {**done, "shown": shown}
    return after


def evidence_context(store: GitStore, clock: FakeClock, prometheus: Any) -> WorkflowContext:
    return context(
        store,
        clock,
        prometheus=prometheus,
        verify_hold=HOLD,
        verify_interval=INTERVAL,
        verify_timeout=TIMEOUT,
    )


@pytest.mark.integration
async def test_oom_kills_that_stopped_for_the_hold_are_recovered(
    store: GitStore, prometheus: PrometheusClient, tsdb_history: History
) -> None:
    """From END - 52 min: the kill at END - 50 min grows the count, then nothing does."""
    clock = FakeClock(tsdb_history.end - 52 * h.MINUTE)
    ctx = evidence_context(store, clock, prometheus)

    done = await committed(manual(OOM_TEXT), ctx)

    assert done["shown"]["await"] == "signal"
    assert 'reason="OOMKilled"' in done["shown"]["check"]["expr"]
    assert (done["status"], done["outcome"]) == ("recovered", "recovered")
    checked = done["verification"]
    assert (
        checked["checked"]
        and checked["reason"] == "OOM kills of the workload: has not grown for 300 s"
    )
    # It waited for the kill at END - 50 min to leave the 5 min window before the hold began.
    assert sum(clock.slept) > HOLD + 5 * h.MINUTE and set(clock.slept) == {INTERVAL}
    summary = parse_summary(
        (store.path / "examples" / done["incident_id"] / "summary.md").read_text()
    )
    assert summary["outcome"] == "recovered"


@pytest.mark.integration
async def test_throttling_still_growing_at_the_timeout_is_not_recovered_with_the_series(
    store: GitStore, prometheus: PrometheusClient, tsdb_history: History
) -> None:
    clock = FakeClock(tsdb_history.end - 2 * h.HOUR)
    ctx = evidence_context(store, clock, prometheus)

    done = await committed(manual(THROTTLED_TEXT), ctx)

    assert done["category"] == "cpu_throttling"
    assert done["status"] == "not_recovered"
    checked = done["verification"]
    assert checked["reason"] == "CPU throttling of the workload: still growing after 900 s"
    # Both pods of checkout then (q9w7z was replaced at END - 40 min), only prod-eu's.
    assert {(s["pod"], s["container"], s["cluster"]) for s in checked["matching"]} == {
        (h.POD_A, "checkout", h.CLUSTER),
        (h.POD_B, "checkout", h.CLUSTER),
    }
    assert sum(clock.slept) == TIMEOUT


@pytest.mark.integration
async def test_a_flat_signal_recovers_after_exactly_the_hold(
    store: GitStore, prometheus: PrometheusClient, tsdb_history: History
) -> None:
    """Three hours before END no pod of checkout restarts (the kills are at -6 h and -50 min)."""
    clock = FakeClock(tsdb_history.end - 3 * h.HOUR)
    ctx = evidence_context(store, clock, prometheus)

    done = await committed(manual(OOM_TEXT), ctx)

    assert done["status"] == "recovered" and sum(clock.slept) == HOLD


async def test_without_prometheus_a_manual_incident_ends_committed_as_before(
    store: GitStore,
) -> None:
    ctx = context(store, FakeClock(1_796_540_400))

    done = await committed(manual(OOM_TEXT), ctx)

    assert done["status"] == "committed" and "verification" not in done


@pytest.mark.integration
async def test_the_runner_starts_the_check_of_a_manual_incident_after_its_approval(
    tmp_path: Path, prometheus_server: RunningPrometheus, tsdb_history: History
) -> None:
    """Through the service: a manual trigger, approved, is checked and ends recovered by
    itself (before, it ended `committed` at once)."""
    clock = FakeClock(tsdb_history.end - 52 * h.MINUTE)
    env = {
        "GIT_REPO_PATH": str(tmp_path / "gitops"),
        "RATE_LIMIT_PER_SECOND": "0",
        "PROMETHEUS_URL": prometheus_server.url,
        "VERIFY_HOLD": str(HOLD),
        "VERIFY_TIMEOUT": str(TIMEOUT),
    }
    app = create_app(
        load_settings(env),
        now=lambda: datetime.fromtimestamp(clock.now, UTC),
        metrics_registry=CollectorRegistry(),
        evidence_sleep=clock.sleep,
    )
    labels = {k: v for k, v in LABELS.items() if k != "alertname"}
    async with AsyncTestClient(app=app) as client:
        r = await client.post(
            "/api/incidents/trigger", json={"log_text": OOM_TEXT, "labels": labels}
        )
        assert r.status_code == 202, r.text
        incident_id = r.json()["incident_id"]
        shown = await status_when(client, incident_id, lambda s: s["status"] == "awaiting_approval")
        r = await decide(client, incident_id, "approve", shown["diff_sha256"])
        assert r.status_code == 202, r.text
        done = await status_when(
            client,
            incident_id,
            lambda s: s["status"] != "verifying" and s["status"] != "committing",
        )
    assert done["status"] == "recovered"
    summary = parse_summary(
        (tmp_path / "gitops" / "examples" / incident_id / "summary.md").read_text()
    )
    assert summary["outcome"] == "recovered"
    assert summary["verification"].endswith("OOM kills of the workload: has not grown for 300 s")
