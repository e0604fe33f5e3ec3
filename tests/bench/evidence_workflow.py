"""What enrichment adds to alert → awaiting_approval: the compiled workflow (in-memory
checkpoints, a GitOps repo seeded from examples/gitops in a temporary directory) run for the
same OOM alert of the backfilled workload with and without evidence, interleaved, sequential.
Part of tests/bench/evidence_bench.py (not run on its own)."""

from __future__ import annotations

import logging
import statistics
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import structlog
from langgraph.checkpoint.memory import InMemorySaver

from graph.context import EvidenceContext, WorkflowContext
from graph.evidence.prometheus import PrometheusClient
from graph.git.gitops import GitStore
from graph.state import IncidentInput
from graph.workflow import build_workflow
from tests.graph.evidence import history

SEED = Path(__file__).resolve().parents[2] / "examples" / "gitops"
T0 = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)


@dataclass
class Added:
    """Wall ms of each run to awaiting_approval, without and with evidence."""

    without: list[float]
    with_evidence: list[float]

    def added_p50(self) -> float:
        """p50 with evidence minus p50 without."""
        return statistics.median(self.with_evidence) - statistics.median(self.without)


def _inputs(index: int) -> IncidentInput:
    labels = {
        "alertname": "KubePodOOMKilled",
        "namespace": history.NAMESPACE,
        "pod": history.POD_A,
        "container": "checkout",
        "cluster": history.CLUSTER,
        "severity": "critical",
    }
    alert = {
        "source": "alertmanager",
        "log_text": "KubePodOOMKilled\nContainer checkout was OOMKilled",
        "labels": labels,
        "annotations": {"summary": "Container checkout was OOMKilled"},
        "fingerprints": [f"{index:016x}"],
        "starts_at": T0.isoformat(),
    }
    return {
        "incident_id": f"incident-20261124153000-{index:04x}",
        "created": T0.isoformat(),
        "alert": alert,  # type: ignore[typeddict-item]
        "cluster": history.CLUSTER,
    }


async def _sleep(seconds: float) -> None:
    raise AssertionError("nothing sleeps on the way to awaiting_approval")


async def workflow_added(url: str, end: int, workdir: Path, rounds: int, warmup: int) -> Added:
    """Alert → awaiting_approval, `rounds` times each way after `warmup`, interleaved."""
    # The bench's own process: the per-incident info lines would bury the report.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    store = GitStore(workdir / "gitops", seed=SEED, now=lambda: T0)
    store.ensure()
    without, with_evidence = [], []
    async with httpx.AsyncClient(trust_env=False) as http:
        evidence = EvidenceContext(
            clock=lambda: float(end), sleep=_sleep, prometheus=PrometheusClient(http, url)
        )
        plain = WorkflowContext(store=store, now=lambda: T0)
        enriched = WorkflowContext(store=store, now=lambda: T0, evidence=evidence)
        workflow = build_workflow(InMemorySaver())
        for index in range(warmup + rounds):
            for ctx, times in ((plain, without), (enriched, with_evidence)):
                inputs = _inputs(index * 2 + (ctx is enriched))
                config = {"configurable": {"thread_id": inputs["incident_id"]}}
                started = time.perf_counter()
                paused = await workflow.ainvoke(inputs, config, context=ctx)
                elapsed = (time.perf_counter() - started) * 1000
                if paused.get("status") != "awaiting_approval":
                    raise RuntimeError(f"not awaiting approval: {paused.get('status')}")
                if ctx is enriched and "sizing" not in paused["proposal"]:
                    raise RuntimeError("the proposal was not sized from evidence")
                if index >= warmup:
                    times.append(elapsed)
    store.close()
    return Added(without, with_evidence)
