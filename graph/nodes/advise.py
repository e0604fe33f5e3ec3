"""advise: an advice-only incident waits for its alerts to resolve or an acknowledgement.

A category no values change remedies (a certificate to renew, a node to repair) gets a
proposal with the root cause and actions only; nothing is approved. This node's one interrupt,
at its top, waits for the runner to say how it ended (graph.state.AdviceEvent); the record
node then commits the incident's record, changing no values.
"""

from __future__ import annotations

from typing import Any

from langgraph.types import interrupt

from graph.state import ADVICE_END, ADVICE_EVENTS, AdviceEvent, IncidentState, incident_fingerprints


def advice_request(state: IncidentState) -> dict[str, Any]:
    """What the advise interrupt shows: the incident, the advice and the alerts to watch.

    `"await": "advice"` tells it from the approval and verify interrupts.
    """
    analysis: dict[str, Any] = dict(state.get("analysis") or {})
    return {
        "await": "advice",
        "incident_id": state["incident_id"],
        "category": state.get("category", "unknown"),
        "severity": state.get("severity", "info"),
        "app": state.get("app", ""),
        "namespace": state.get("namespace", ""),
        "cluster": state.get("cluster", ""),
        "root_cause": state.get("root_cause", ""),
        "actions": state.get("actions", []),
        "explanation": analysis.get("explanation", ""),
        "fingerprints": incident_fingerprints(state),
        "advice_only": True,
    }


async def advise(state: IncidentState) -> dict[str, Any]:
    """Pause until resumed with an AdviceEvent; the incident then ends closed or acknowledged.

    Raises:
        ValueError: the resume value is not an AdviceEvent (the runner checks it first).
    """
    answer: dict[str, Any] = interrupt(advice_request(state))
    kind = answer.get("event") if isinstance(answer, dict) else None
    if kind not in ADVICE_EVENTS:
        raise ValueError(f"the advice waits for an event {' or '.join(ADVICE_EVENTS)}")
    event: AdviceEvent = {"event": kind}
    if kind == "acknowledged":
        event["user"] = str(answer.get("user", ""))
        event["comment"] = str(answer.get("comment", ""))
    return {"advice_event": event, "outcome": kind, "status": ADVICE_END[kind]}
