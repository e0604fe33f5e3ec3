"""analyze: category, root cause, ordered actions and the values change to propose.

The analyzer runs here once per incident, after enrich, on every alert of the incident, their
texts and the error lines Loki returned (graph.nodes.triage.analysis_of). A thread that
already holds an analysis — the regroup node re-analysed it, or it was triaged by an earlier
version that analysed in triage — keeps it, so the analyzer never runs twice for one step.
"""

from __future__ import annotations

from typing import Any

from graph.nodes.triage import analysis_of, triage_facts
from graph.state import IncidentState


async def analyze(state: IncidentState) -> dict[str, Any]:
    """Category, severity, app, namespace, the analysis, root cause, actions and remediation.

    An LLM analyzer may replace this node.
    """
    analysis = state.get("analysis")
    facts: dict[str, Any] = {}
    if analysis is None:
        facts = triage_facts(analysis_of(state))
        analysis = facts["analysis"]
    return {
        **facts,
        "root_cause": analysis["root_cause"],
        "actions": list(analysis["actions"]),
        "remediation": analysis["remediation"],
    }
