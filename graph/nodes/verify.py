"""verify: wait until the alert resolves or the verify timeout passes (the runner decides)."""

from __future__ import annotations

from typing import Any

from langgraph.types import interrupt

from graph.state import IncidentState, Outcome, incident_fingerprints


async def verify(state: IncidentState) -> dict[str, Any]:
    """Pause until resumed with {"outcome": "recovered" | "not_recovered"}."""
    answer: dict[str, Outcome] = interrupt(
        {
            "await": "resolution",
            "incident_id": state["incident_id"],
            "fingerprints": incident_fingerprints(state),
        }
    )
    outcome = answer["outcome"]
    return {"outcome": outcome, "status": outcome}
