"""Helpers for the workflow tests with evidence: a fake clock, the checkout alerts of the
backfilled history (history.py), and the compiled workflow's context."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from graph.context import EvidenceContext, WorkflowContext
from graph.evidence.loki import LokiClient
from graph.evidence.prometheus import PrometheusClient
from graph.git.gitops import GitStore
from graph.patching.remediation import Guardrails
from graph.state import AlertSnapshot, IncidentInput
from receiver.ingest.events import build_log_text
from tests.graph.evidence import history as h

_ids = itertools.count(0x100)
_fingerprints = itertools.count(0xB000)


@dataclass
class FakeClock:
    """Unix seconds that move only when the workflow sleeps (and records the sleeps)."""

    now: float
    slept: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def checkout_alert(
    alertname: str = "KubePodOOMKilled",
    *,
    pod: str = h.POD_A,
    starts_at: float | None = None,
    summary: str | None = None,
    **extra: Any,
) -> AlertSnapshot:
    """An alert about the checkout container of `pod`, as the receiver hands it over."""
    labels = {
        "alertname": alertname,
        "severity": "critical",
        "cluster": h.CLUSTER,
        "namespace": h.NAMESPACE,
        "pod": pod,
        "container": "checkout",
    }
    annotations = {
        "summary": summary or f"Container checkout in pod {h.NAMESPACE}/{pod} was OOMKilled"
    }
    snapshot: AlertSnapshot = {
        "source": "alertmanager",
        "log_text": build_log_text(labels, annotations),
        "labels": labels,
        "annotations": annotations,
        "fingerprints": [f"{next(_fingerprints):016x}"],
        "starts_at": datetime.fromtimestamp(starts_at or 0, UTC).isoformat()
        if starts_at
        else datetime(2026, 11, 24, 15, 30, tzinfo=UTC).isoformat(),
    }
    snapshot.update(extra)  # type: ignore[typeddict-item]
    return snapshot


def start(alert: AlertSnapshot) -> tuple[IncidentInput, dict[str, Any]]:
    """A thread's input for the checkout incident in cluster prod-eu, and its config."""
    incident_id = f"incident-20261124153012-{next(_ids):04x}"
    inputs: IncidentInput = {
        "incident_id": incident_id,
        "created": "2026-11-24T15:30:12+00:00",
        "alert": alert,
        "cluster": h.CLUSTER,
    }
    return inputs, {"configurable": {"thread_id": incident_id}}


def context(
    store: GitStore,
    clock: FakeClock,
    *,
    prometheus: PrometheusClient | None = None,
    loki: LokiClient | None = None,
    guardrails: Guardrails | None = None,
    **evidence: Any,
) -> WorkflowContext:
    """The workflow's context with evidence from `prometheus` / `loki` at `clock`'s time."""
    return WorkflowContext(
        store=store,
        now=lambda: datetime(2026, 11, 24, 15, 31, tzinfo=UTC) + timedelta(0),
        guardrails=guardrails or Guardrails(),
        evidence=EvidenceContext(
            clock=clock, sleep=clock.sleep, prometheus=prometheus, loki=loki, **evidence
        ),
    )


def decision(kind: str, sha: str) -> dict[str, Any]:
    """The approval's resume value."""
    return {"decision": kind, "user": "U123", "comment": "", "overrides": {}, "diff_sha256": sha}
