"""approval: wait for a human decision on the proposal (the one interrupt of this node)."""

from __future__ import annotations

from typing import Any

from langgraph.types import interrupt

from graph.state import Decision, IncidentState


def approval_request(state: IncidentState) -> dict[str, Any]:
    """What the human is shown: the proposal (without the full new file) and the analysis."""
    proposal = dict(state.get("proposal") or {})
    proposal.pop("new_values", None)
    return {
        "incident_id": state["incident_id"],
        "category": state.get("category", "unknown"),
        "severity": state.get("severity", "info"),
        "app": state.get("app", ""),
        "namespace": state.get("namespace", ""),
        "root_cause": state.get("root_cause", ""),
        "actions": state.get("actions", []),
        **proposal,
    }


async def approval(state: IncidentState) -> dict[str, Any]:
    """Pause until resumed with a Decision; the runner checks it before resuming.

    A modify decision is also kept in `modifications`: the record says who asked for what, and
    why.
    """
    decision: Decision = interrupt(approval_request(state))
    if decision["decision"] != "modify":
        return {"decision": decision}
    return {"decision": decision, "modifications": [*state.get("modifications", []), decision]}
