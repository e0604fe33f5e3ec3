"""triage: what kind of problem, how bad, which workload — and the lines that decided it.

The analyzer (graph.analysis) runs here, once per incident, on every alert of the incident
(cause over symptom: an OOM kill and the crash loop it causes are one memory problem): triage
keeps its conclusion in the state (`analysis`), and the analyze node takes the root cause, the
actions and the values change from there instead of analysing the same alerts again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.analysis import AlertInput, Analysis, analyze_incident
from graph.masking import mask_secrets
from graph.state import (
    AlertSnapshot,
    AnalysisState,
    IncidentInput,
    IncidentState,
    RemediationState,
    incident_alerts,
)


async def triage(state: IncidentState) -> dict[str, Any]:
    """Category, severity, app, namespace and evidence from all the incident's alerts.

    The rest of the analysis is kept for the analyze node.
    """
    return {"status": "analyzing", **triage_facts(analysis_of(state))}


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


def analysis_of(state: IncidentInput) -> Analysis:
    """The analyzer's conclusion about every alert of the incident, read together.

    The one place the workflow runs the analyzer: triage, and the regroup node when alerts
    join a waiting incident.
    """
    alerts = incident_alerts(state)
    inputs = [AlertInput(a["labels"], a["annotations"], a.get("status", "firing")) for a in alerts]
    return analyze_incident(inputs, incident_log_text(alerts))


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
