"""What a silence of an incident's alerts says: exact matchers per alert, who asked and why,
bounded, and the alerts it must leave alone (pure)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import msgspec
import pytest

from receiver.incidents.model import Incident
from receiver.incidents.registry import IncidentRegistry
from receiver.ingest.events import AlertEvent
from receiver.ingest.normalize import from_postable, from_trigger
from receiver.ingest.wire import PostableAlert, TriggerRequest
from receiver.silences.matchers import (
    PostableSilence,
    person_ask,
    plan_silences,
    silence_duration,
    verification_ask,
)

NOW = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)
GRAFANA = {"alertname": "KubePodOOMKilled", "namespace": "monitoring", "app": "grafana"}


def events(*label_sets: dict[str, str]) -> list[AlertEvent]:
    alerts = [PostableAlert(labels=labels, starts_at=NOW) for labels in label_sets]
    found, invalid = from_postable(alerts, "default", NOW)
    assert not invalid
    return found


def incident_of(*label_sets: dict[str, str]) -> Incident:
    registry = IncidentRegistry()
    observed = [registry.observe(event) for event in events(*label_sets)]
    assert observed[0] is not None
    return observed[0].incident


def sent(silence: PostableSilence) -> dict[str, object]:
    """The silence as Alertmanager receives it."""
    body: dict[str, object] = json.loads(msgspec.json.encode(silence))
    return body


ASK = person_ask("incident-20261124153000-ab12", "alice", timedelta(hours=2), "Slack")


def test_each_alert_gets_one_silence_matching_exactly_its_own_labels() -> None:
    pods = [{**GRAFANA, "pod": "grafana-7d9f-x2k4p"}, {**GRAFANA, "pod": "grafana-7d9f-q9w7z"}]
    incident = incident_of(*pods)
    assert len(incident.alerts) == 2

    plan = plan_silences(incident, ASK, NOW, {})

    assert plan.not_silenced == []
    matchers = [sent(p.silence)["matchers"] for p in plan.silences]
    assert matchers == [
        [
            {"name": name, "value": value, "isRegex": False, "isEqual": True}
            for name, value in sorted(pod.items())
        ]
        for pod in pods
    ]


def test_a_label_value_with_regex_characters_stays_literal() -> None:
    labels = {**GRAFANA, "pod": "grafana-.*", "route": "/api/(v1|v2)/users?id=[0-9]+"}
    plan = plan_silences(incident_of(labels), ASK, NOW, {})
    [silence] = [sent(p.silence) for p in plan.silences]
    by_name = {m["name"]: m for m in silence["matchers"]}  # type: ignore[attr-defined]
    assert by_name["pod"] == {
        "name": "pod",
        "value": "grafana-.*",
        "isRegex": False,
        "isEqual": True,
    }
    assert by_name["route"]["value"] == "/api/(v1|v2)/users?id=[0-9]+"
    assert all(m["isRegex"] is False for m in by_name.values())


def test_labels_with_an_empty_value_are_left_out() -> None:
    incident = incident_of({**GRAFANA, "pod": "grafana-1"})
    event = incident.first_event
    state = incident.alerts[event.fingerprint]
    state.event = msgspec.structs.replace(event, labels={**event.labels, "job": ""})
    [planned] = plan_silences(incident, ASK, NOW, {}).silences
    assert "job" not in {m.name for m in planned.silence.matchers}
    assert all(m.value for m in planned.silence.matchers)


def test_who_asked_why_and_until_when() -> None:
    [planned] = plan_silences(incident_of(GRAFANA), ASK, NOW, {}).silences
    body = sent(planned.silence)
    assert body["createdBy"] == "alertgraph (alice)"
    assert body["comment"] == "incident-20261124153000-ab12: silenced for 2h by alice from Slack"
    assert body["startsAt"] == "2026-11-24T15:30:00Z"
    assert body["endsAt"] == "2026-11-24T17:30:00Z"
    assert "id" not in body

    policy = verification_ask(
        "incident-20261124153000-ab12", "policy:small-oom", timedelta(hours=1)
    )
    [verifying] = plan_silences(incident_of(GRAFANA), policy, NOW, {}).silences
    assert verifying.silence.created_by == "alertgraph (policy:small-oom)"
    assert verifying.silence.comment.endswith("verifying the fix of incident-20261124153000-ab12")


def test_a_comment_carrying_a_secret_is_masked_before_it_reaches_alertmanager() -> None:
    ask = person_ask(
        "incident-20261124153000-ab12",
        "bob",
        timedelta(hours=1),
        "the API",
        "db password=hunter2hunter2 rotated",
    )
    [planned] = plan_silences(incident_of(GRAFANA), ask, NOW, {}).silences
    assert "hunter2hunter2" not in planned.silence.comment
    assert planned.silence.comment.startswith(
        "incident-20261124153000-ab12: silenced for 1h by bob"
    )


def test_an_alert_already_silenced_extends_its_silence() -> None:
    incident = incident_of(GRAFANA)
    fingerprint = incident.first_event.fingerprint
    [planned] = plan_silences(incident, ASK, NOW, {fingerprint: "silence-1"}).silences
    assert sent(planned.silence)["id"] == "silence-1"


def test_at_most_the_limit_the_rest_reported_as_not_silenced() -> None:
    pods = [{**GRAFANA, "pod": f"grafana-{n}"} for n in range(25)]
    plan = plan_silences(incident_of(*pods), ASK, NOW, {}, limit=20)
    assert len(plan.silences) == 20
    assert len(plan.not_silenced) == 5
    assert {n.reason for n in plan.not_silenced} == {"an incident gets at most 20 silences"}
    assert {n.alertname for n in plan.not_silenced} == {"KubePodOOMKilled"}


def test_alerts_alertmanager_does_not_hold_or_whose_labels_are_unknown_are_not_silenced() -> None:
    manual = from_trigger(TriggerRequest("OOMKilled", labels=GRAFANA), "default", NOW)
    registry = IncidentRegistry()
    observed = registry.observe(manual)
    assert observed is not None
    plan = plan_silences(observed.incident, ASK, NOW, {})
    assert plan.silences == []
    assert "not an alert Alertmanager holds" in plan.not_silenced[0].reason

    incident = incident_of({**GRAFANA, "pod": "a"}, {**GRAFANA, "pod": "b"})
    for state in incident.alerts.values():
        state.event = None  # as after a restart: only the opening alert's labels are kept
    plan = plan_silences(incident, ASK, NOW, {})
    assert [p.fingerprint for p in plan.silences] == [incident.first_event.fingerprint]
    assert "not held by this process" in plan.not_silenced[0].reason


def test_shortened_labels_would_match_nothing_and_are_not_silenced() -> None:
    long_value = "x" * 5000
    plan = plan_silences(incident_of({**GRAFANA, "trace": long_value}), ASK, NOW, {})
    assert plan.silences == []
    assert "shortened" in plan.not_silenced[0].reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2h", timedelta(hours=2)),
        ("90m", timedelta(minutes=90)),
        ("1h30m", timedelta(minutes=90)),
        ("24h", timedelta(hours=24)),
        (" 5m ", timedelta(minutes=5)),
    ],
)
def test_durations_people_write(text: str, expected: timedelta) -> None:
    assert silence_duration(text) == expected


@pytest.mark.parametrize("text", ["", "2", "2d", "-1h", "24h1s", "25h", "0m", "30s", "h", "2h 5m"])
def test_durations_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"not a duration|out of range"):
        silence_duration(text)
