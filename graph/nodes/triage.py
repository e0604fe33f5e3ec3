"""triage: what kind of problem, how bad, which workload — and the lines that decided it."""

from __future__ import annotations

from typing import Any

from graph.analyzer import analyze
from graph.state import IncidentState


async def triage(state: IncidentState) -> dict[str, Any]:
    """Category, severity, app, namespace and evidence from the opening alert."""
    alert = state["alert"]
    result = analyze(alert["log_text"], alert["labels"], alert["annotations"])
    return {
        "status": "analyzing",
        "category": result.category,
        "severity": result.severity,
        "app": result.app,
        "namespace": result.namespace,
        "evidence": list(result.evidence),
    }
