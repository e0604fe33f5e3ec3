"""analyze: root cause, ordered actions and the values change to propose."""

from __future__ import annotations

from typing import Any

from graph.analyzer import analyze as analyze_alert
from graph.state import IncidentState, RemediationState


async def analyze(state: IncidentState) -> dict[str, Any]:
    """The rule-based analysis of the opening alert (an LLM analyzer may replace this node)."""
    alert = state["alert"]
    result = analyze_alert(alert["log_text"], alert["labels"], alert["annotations"])
    remediation: RemediationState | None = None
    if result.remediation is not None:
        remediation = {"kind": result.remediation.kind.value, "factor": result.remediation.factor}
    return {
        "root_cause": result.root_cause,
        "actions": list(result.actions),
        "remediation": remediation,
    }
