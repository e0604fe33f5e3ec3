"""The incident model: every shape of an incident is derived from its facts by name."""

from __future__ import annotations

import dataclasses

import msgspec

from receiver.api.views import IncidentStatusView, incident_status_view
from receiver.incidents.model import IncidentStatus, LiveView, incident_facts
from receiver.slack.card import IncidentCard, incident_card
from tests.receiver.incidents.test_table import observed


def test_every_live_fact_reaches_the_api_status_and_the_slack_card() -> None:
    (incident,) = observed().newest_first()
    incident.status = IncidentStatus.AWAITING_APPROVAL
    incident.live.root_cause = "the container ran out of memory"
    incident.live.actions = ["raise the memory limit"]
    incident.live.changes = {"resources.limits.memory": "1Gi"}
    incident.live.learned_from = ["incident-20261201000000-abcd"]
    view = incident_status_view(incident)
    card = incident_card(incident, link_base="http://x", verify_timeout=60)
    facts = incident_facts(incident)
    incident.live.signal = {"kind": "label", "detail": 'label reason="OOMKilled"'}
    view = incident_status_view(incident)
    facts = incident_facts(incident)
    for name in msgspec.structs.fields(IncidentStatusView):
        if name.name not in ("counters", "alert_list", "signal"):
            assert getattr(view, name.name) == facts[name.name], name.name
    assert [tuple(msgspec.structs.astuple(a)) for a in view.alert_list] == facts["alert_list"]
    assert view.signal is not None and msgspec.structs.asdict(view.signal) == facts["signal"]
    assert card.alert_list == tuple(facts["alert_list"]) and card.cluster is None
    assert card.actions == ("raise the memory limit",)
    assert card.changes == (("resources.limits.memory", "1Gi"),)
    assert card.root_cause == view.root_cause and card.app == view.app
    assert view.counters.alerts == 2 and view.fingerprints == list(incident.alerts)


def test_a_shape_never_shares_the_incidents_lists() -> None:
    (incident,) = observed().newest_first()
    incident.live.notes = ["first"]
    view = incident_status_view(incident)
    incident.live.notes.append("second")
    assert view.notes == ["first"]


def test_the_card_declares_only_facts_or_what_slack_adds() -> None:
    (incident,) = observed().newest_first()
    facts = set(incident_facts(incident))
    added = {"incident_id", "decided_by", "decided_at", "verify_timeout", "link", "dry_run"}
    added |= {"silenceable"}
    names = {f.name for f in dataclasses.fields(IncidentCard)}
    assert names - facts <= added
    assert {f.name for f in dataclasses.fields(LiveView)} <= facts
