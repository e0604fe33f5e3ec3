"""triage: what kind of problem, how bad, which workload — and the lines that decided it.

The analyzer (graph.analysis) runs here, once per incident: triage keeps its conclusion in the
state (`analysis`), and the analyze node takes the root cause, the actions and the values
change from there instead of analysing the same alert again.
"""

from __future__ import annotations

from typing import Any

from graph.analysis import Analysis, analyze
from graph.state import AlertSnapshot, AnalysisState, IncidentState, RemediationState


async def triage(state: IncidentState) -> dict[str, Any]:
    """Category, severity, app, namespace and evidence from the opening alert.

    The rest of the analysis is kept for the analyze node.
    """
    result = analysis_of(state["alert"])
    return {
        "status": "analyzing",
        "category": result.category,
        "severity": result.severity,
        "app": result.app,
        "namespace": result.namespace,
        "evidence": list(result.evidence),
        "analysis": kept(result),
    }


def analysis_of(alert: AlertSnapshot) -> Analysis:
    """The analyzer's conclusion about the opening alert (the one place the workflow runs it)."""
    return analyze(alert["log_text"], alert["labels"], alert["annotations"])


def kept(result: Analysis) -> AnalysisState:
    """What the analyze node needs of `result`, as plain values a checkpointer can store."""
    remediation: RemediationState | None = None
    if result.remediation is not None:
        remediation = {"kind": result.remediation.kind.value, "factor": result.remediation.factor}
    return {
        "root_cause": result.root_cause,
        "actions": list(result.actions),
        "remediation": remediation,
    }
