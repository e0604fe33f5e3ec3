"""triage: which workload the incident is about — and the analyzer's helpers.

Triage names the workload (app, namespace) from the alerts' labels alone, so that the enrich
node can gather its evidence; the analyzer (graph.analysis) then runs once per incident, in
the analyze node, on every alert of the incident (cause over symptom: an OOM kill and the
crash loop it causes are one memory problem) together with the alerts' texts and the error
lines Loki returned (`analysis_of`). Its conclusion is kept in the state (`analysis`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.analysis import AlertInput, Analysis, analyze_incident
from graph.evidence.model import Evidence
from graph.evidence.view import log_text
from graph.masking import mask_secrets
from graph.state import (
    AlertSnapshot,
    AnalysisState,
    IncidentState,
    RemediationState,
    incident_alerts,
)
from graph.workload import namespace_of, workload_of


async def triage(state: IncidentState) -> dict[str, Any]:
    """The workload (app, namespace) of the first alert whose labels name one.

    The analyze node names it again from its analysis, which may pick another alert's.
    """
    for alert in incident_alerts(state):
        app = workload_of(alert["labels"])
        if app:
            return {"status": "analyzing", "app": app, "namespace": namespace_of(alert["labels"])}
    return {"status": "analyzing"}


def triage_facts(result: Analysis) -> dict[str, Any]:
    """The state keys triage writes for `result`: its facts and the analysis kept."""
    return {
        "category": result.category,
        "severity": result.severity,
        "app": result.app,
        "namespace": result.namespace,
        "evidence": list(result.evidence),
        "analysis": kept(result),
    }


def analysis_of(state: IncidentState) -> Analysis:
    """The analyzer's conclusion about every alert of the incident, read together.

    The one place the workflow runs the analyzer: the analyze node, and the regroup node when
    alerts join a waiting incident. The log it reads is the alerts' texts followed by the
    error lines the enrich node got from Loki (`enrichment`), when it got any.
    """
    alerts = incident_alerts(state)
    inputs = [AlertInput(a["labels"], a["annotations"], a.get("status", "firing")) for a in alerts]
    text = incident_log_text(alerts)
    gathered = state.get("enrichment")
    lines = log_text(Evidence.from_dict(gathered)) if gathered else ""
    return analyze_incident(inputs, f"{text}\n{lines}" if text and lines else text or lines)


def incident_log_text(alerts: Sequence[AlertSnapshot]) -> str:
    """The alerts' texts as one log, each distinct text once, in the order the alerts came.

    The analyzer skips the lines an alert's own annotations already say, so an alert's text
    handed over as its log is read once.
    """
    return "\n".join(dict.fromkeys(a["log_text"] for a in alerts if a["log_text"].strip()))


def kept(result: Analysis) -> AnalysisState:
    """What the later nodes need of `result`, as plain values a checkpointer can store.

    The deciding signal and the explanation quote alert and log text, so they are masked.
    """
    remediation: RemediationState | None = None
    if result.remediation is not None:
        remediation = {"kind": result.remediation.kind.value, "factor": result.remediation.factor}
    return {
        "root_cause": result.root_cause,
        "actions": list(result.actions),
        "remediation": remediation,
        "category": result.category,
        "signal": {"kind": result.signal.kind, "detail": mask_secrets(result.signal.detail)},
        "confidence": result.confidence,
        "explanation": mask_secrets(result.explanation),
    }
