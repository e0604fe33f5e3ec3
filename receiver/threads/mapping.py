"""Graph state ↔ incident: what a thread starts from and what the incident shows of it.

In: `thread_input` (the incident id, when it opened, its cluster, the alert that opened it and
every alert of it, as `graph.state.IncidentInput`); `joined_alert` is an alert that joins it
later, as the approval interrupt takes it. Out: `update_live_view` copies what the thread's
state knows into the incident's live view after every step, and `thread_status` reads the
status the thread reached. `pending` says which interrupt a paused thread waits on. Pure: no
I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from langgraph.types import Command, StateSnapshot

from graph.evidence.model import Evidence
from graph.evidence.view import evidence_view
from graph.state import AlertSnapshot, IncidentInput
from receiver.incidents.model import Incident, IncidentStatus, LiveView
from receiver.ingest.events import AlertEvent
from receiver.silences.records import record_lines

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
    "reproposal_note",
    "delivery",
    "llm",  # what the model said and which parts were taken (graph.nodes.consult)
)
# What it mirrors of the analysis: why the category was chosen (masked by the graph already).
FROM_ANALYSIS = ("signal", "confidence", "explanation")
FROM_PROPOSAL: Mapping[str, Any] = {
    "diff": "",
    "diff_sha256": "",
    "change_summary": "",
    "notes": [],
    "changes": {},
    "refusal": None,
    "advice_only": False,
}


def event_snapshot(event: AlertEvent, fingerprints: list[str]) -> AlertSnapshot:
    """The workflow's view of one alert as received, standing for `fingerprints`."""
    return {
        "source": event.source.value,
        "log_text": event.log_text,
        "labels": dict(event.labels),
        "annotations": dict(event.annotations),
        "fingerprints": fingerprints,
        "starts_at": event.starts_at.isoformat(),
        "status": event.status.value,
    }


def alert_snapshot(incident: Incident) -> AlertSnapshot:
    """The workflow's view of the alert that opened `incident`; it also stands for the
    incident's alerts this process has not received itself (restored from disk)."""
    event = incident.first_event
    unseen = [fp for fp, a in incident.alerts.items() if a.event is None]
    fingerprints = list(dict.fromkeys([event.fingerprint, *unseen]))
    snapshot = event_snapshot(event, fingerprints)
    known = incident.alerts.get(event.fingerprint)
    if known is not None:
        snapshot["status"] = known.status.value
    return snapshot


def joined_alert(incident: Incident, fingerprint: str) -> AlertSnapshot | None:
    """The workflow's view of the alert `fingerprint` of `incident` as last received, or None
    when this process holds no alert of it."""
    state = incident.alerts.get(fingerprint)
    if state is None or state.event is None:
        return None
    return event_snapshot(state.event, [fingerprint])


def incident_alerts(incident: Incident) -> list[AlertSnapshot]:
    """Every alert of `incident` as the workflow reads them, the opening one first."""
    opening = incident.first_event.fingerprint
    others = (joined_alert(incident, fp) for fp in incident.alerts if fp != opening)
    return [alert_snapshot(incident), *(a for a in others if a is not None)]


def thread_input(incident: Incident) -> IncidentInput:
    """What `incident`'s thread starts from (thread_id = incident id)."""
    alerts = incident_alerts(incident)
    inputs: IncidentInput = {
        "incident_id": incident.id,
        "created": incident.first_seen.isoformat(),
        "alert": alerts[0],
        "alerts": alerts,
    }
    if incident.key.cluster:
        inputs["cluster"] = incident.key.cluster
    return inputs


def update_live_view(live: LiveView, values: Mapping[str, Any], now: datetime) -> None:
    """Copy what the thread's state `values` knows into `live`, in place (a listener may hold
    it): keys the state does not hold yet keep their value. `diff_sha256` stays the sha of the
    real diff, which is what gets approved."""
    for name in FROM_STATE:
        if name in values:
            _set(live, name, values[name])
    analysis = values.get("analysis") or {}
    for name in FROM_ANALYSIS:
        if name in analysis:
            _set(live, name, analysis[name])
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


def with_silences(
    value: IncidentInput | Command[Any] | None, incident: Incident
) -> IncidentInput | Command[Any] | None:
    """`value` — a resume of the thread — carrying the incident's silences into its state
    (`silences`: the record lists them); anything else as it is."""
    if not isinstance(value, Command) or value.resume is None or not incident.live.silences:
        return value
    lines = record_lines(incident.live.silences)
    return Command(resume=value.resume, update={"silences": lines})
