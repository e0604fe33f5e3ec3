"""Graph state ↔ incident: what a thread starts from and what the incident shows of it.

In: `thread_input` (the incident id, when it opened, and the alert that opened it, as
`graph.state.IncidentInput`). Out: `update_live_view` copies what the thread's state knows into
the incident's live view after every step, and `thread_status` reads the status the thread
reached. `pending` says which interrupt a paused thread waits on. Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from langgraph.types import StateSnapshot

from graph.evidence.model import Evidence
from graph.evidence.view import evidence_view
from graph.state import AlertSnapshot, IncidentInput
from receiver.incidents.model import Incident, IncidentStatus, LiveView

# What the live view mirrors of the thread's state, and of its proposal (with the value a
# proposal without that key means). Any other key of the state stays in the checkpoint.
FROM_STATE = (
    "category",
    "severity",
    "app",
    "root_cause",
    "actions",
    "commit_sha",
    "outcome_sha",
    "reason",
    "learned_from",
)
FROM_PROPOSAL: Mapping[str, Any] = {
    "diff": "",
    "diff_sha256": "",
    "change_summary": "",
    "notes": [],
    "changes": {},
    "refusal": None,
}


def alert_snapshot(incident: Incident) -> AlertSnapshot:
    """The workflow's view of the alert that opened `incident`."""
    event = incident.first_event
    return {
        "source": event.source.value,
        "log_text": event.log_text,
        "labels": dict(event.labels),
        "annotations": dict(event.annotations),
        "fingerprints": list(incident.alerts) or [event.fingerprint],
        "starts_at": event.starts_at.isoformat(),
    }


def thread_input(incident: Incident) -> IncidentInput:
    """What `incident`'s thread starts from (thread_id = incident id)."""
    return {
        "incident_id": incident.id,
        "created": incident.first_seen.isoformat(),
        "alert": alert_snapshot(incident),
    }


def update_live_view(live: LiveView, values: Mapping[str, Any], now: datetime) -> None:
    """Copy what the thread's state `values` knows into `live`, in place (a listener may hold
    it): keys the state does not hold yet keep their value. `diff_sha256` stays the sha of the
    real diff, which is what gets approved."""
    for name in FROM_STATE:
        if name in values:
            _set(live, name, values[name])
    proposal = values.get("proposal")
    if proposal:
        for name, absent in FROM_PROPOSAL.items():
            value = proposal.get(name)
            _set(live, name, absent if value is None else value)
    decision = values.get("decision")
    if decision:
        live.decision = decision["decision"]
    enrichment = values.get("enrichment")
    if enrichment:
        live.evidence = evidence_view(Evidence.from_dict(enrichment))
    live.updated = now


def _set(live: LiveView, name: str, value: Any) -> None:
    """Set one field of `live` to a copy of `value` (state lists and dicts stay the state's).

    Not masked: text is masked where it leaves the process (API, Slack, logs, git)."""
    if isinstance(value, list):
        value = list(value)
    elif isinstance(value, dict):
        value = dict(value)
    setattr(live, name, value)


def thread_status(values: Mapping[str, Any]) -> IncidentStatus:
    """The status the thread reached (`analyzing` until its first node says otherwise)."""
    return IncidentStatus(values.get("status", IncidentStatus.ANALYZING.value))


def pending(snapshot: StateSnapshot, node: str) -> tuple[str, dict[str, Any]] | None:
    """The id and value of the interrupt `node` waits on, or None when it does not wait."""
    if node not in snapshot.next:
        return None
    for interrupt in snapshot.interrupts:
        if isinstance(interrupt.value, dict):
            return interrupt.id, interrupt.value
    return None
