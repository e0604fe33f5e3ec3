"""From workflow state to the record committed to git (pure)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph.record import Feedback, IncidentRecord
from graph.state import IncidentState


def incident_record(state: IncidentState, *, status: str, now: datetime) -> IncidentRecord:
    """The git record of the incident as `state` describes it, dated `now`."""
    decision = state.get("decision")
    proposal = state.get("proposal")
    rejected = decision is not None and decision["decision"] == "reject"
    alert: dict[str, Any] = dict(state["alert"])
    return IncidentRecord(
        id=state["incident_id"],
        status=status,
        category=state.get("category", "unknown"),
        severity=state.get("severity", "info"),
        app=state.get("app", ""),
        namespace=state.get("namespace", ""),
        fingerprints=tuple(state["alert"]["fingerprints"]),
        created=datetime.fromisoformat(state["created"]),
        updated=now,
        decision=decision["decision"] if decision else None,
        approver=decision["user"] if decision else None,  # Rejected-By on a rejection
        root_cause=state.get("root_cause", ""),
        actions=tuple(state.get("actions", [])),
        feedback=Feedback(comment=decision["comment"]) if decision else Feedback(),
        reason=(decision["comment"] if rejected and decision else state.get("reason", "")),
        outcome=state.get("outcome"),
        diff=proposal["diff"] if proposal else "",
        change_summary=proposal["change_summary"] if proposal else "",
        alert=alert,
        learned_from=tuple(state.get("learned_from", [])),
    )
