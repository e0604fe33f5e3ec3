"""analyze: root cause, ordered actions and the values change to propose.

They come from the analysis triage kept (the analyzer runs once per incident, in triage); the
enrich node, between the two, may have added evidence to it.
"""

from __future__ import annotations

from typing import Any

from graph.nodes.triage import analysis_of, kept
from graph.state import IncidentState


async def analyze(state: IncidentState) -> dict[str, Any]:
    """The root cause, actions and remediation of the analysis triage kept.

    A thread triaged before triage kept it is analysed here. An LLM analyzer may replace this
    node.
    """
    analysis = state.get("analysis") or kept(analysis_of(state["alert"]))
    return {
        "root_cause": analysis["root_cause"],
        "actions": list(analysis["actions"]),
        "remediation": analysis["remediation"],
    }
