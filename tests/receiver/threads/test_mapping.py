"""Graph state ↔ incident: the thread's input and the live view copied from its state."""

from __future__ import annotations

from datetime import timedelta

from receiver.incidents.model import IncidentStatus, LiveView
from receiver.incidents.registry import IncidentRegistry
from receiver.ingest.normalize import from_trigger
from receiver.ingest.wire import TriggerRequest
from receiver.threads.mapping import thread_input, thread_status, update_live_view
from tests.conftest import CAPTURE_NOW


def test_a_thread_starts_from_the_alert_that_opened_the_incident() -> None:
    event = from_trigger(TriggerRequest("OOMKilled", labels={"app": "api"}), "t", CAPTURE_NOW)
    observation = IncidentRegistry().observe(event)
    assert observation is not None
    incident = observation.incident
    inputs = thread_input(incident)
    assert inputs["incident_id"] == incident.id
    assert inputs["created"] == CAPTURE_NOW.isoformat()
    alert = inputs["alert"]
    assert alert["source"] == "manual" and alert["log_text"] == "OOMKilled"
    assert alert["labels"]["app"] == "api" and alert["fingerprints"] == [event.fingerprint]


def test_the_live_view_keeps_what_the_state_does_not_hold_yet() -> None:
    live = LiveView(category="oom", root_cause="earlier")
    update_live_view(live, {"severity": "critical"}, CAPTURE_NOW)
    assert (live.category, live.severity, live.root_cause) == ("oom", "critical", "earlier")
    assert live.updated == CAPTURE_NOW


def test_the_proposal_and_the_decision_are_shown_and_not_shared_with_the_state() -> None:
    state = {
        "status": "committing",
        "actions": ["raise the limit"],
        "proposal": {
            "values_path": "helm-values/api/values.yaml",
            "diff": "-a\n+b\n",
            "diff_sha256": "ab12",
            "change_summary": "memory 512Mi → 1Gi",
            "notes": [],
            "refusal": None,
            "new_values": "b\n",
            "changes": {"resources.limits.memory": "1Gi"},
        },
        "decision": {"decision": "approve", "user": "U1", "comment": "", "overrides": {}},
    }
    live = LiveView()
    later = CAPTURE_NOW + timedelta(seconds=5)
    update_live_view(live, state, later)
    assert (live.diff, live.diff_sha256, live.refusal) == ("-a\n+b\n", "ab12", None)
    assert live.changes == {"resources.limits.memory": "1Gi"} and live.decision == "approve"
    state["actions"].append("changed later")  # type: ignore[attr-defined]
    assert live.actions == ["raise the limit"]
    assert thread_status(state) is IncidentStatus.COMMITTING
    assert thread_status({}) is IncidentStatus.ANALYZING
