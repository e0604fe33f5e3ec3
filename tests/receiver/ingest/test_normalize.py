"""Normalisation of real captured payloads into AlertEvents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from receiver.ingest.events import AlertSource, AlertStatus
from receiver.ingest.normalize import (
    Admitted,
    Refused,
    admit,
    am_fingerprint,
    from_postable,
    from_trigger,
    from_webhook,
    trigger_problem,
    truncated,
)
from receiver.ingest.wire import (
    MAX_ANNOTATION_VALUE_LENGTH,
    MAX_LABEL_VALUE_LENGTH,
    MAX_LABELS,
    MAX_NAME_LENGTH,
    BoundedPostableAlert,
    BoundedWebhookAlert,
    PostableAlert,
    TriggerRequest,
    WebhookMessage,
    decode_postable,
    decode_webhook,
)
from tests.conftest import CAPTURE_NOW, all_fixture_names, fixture_bytes, fixture_json

WEBHOOKS = [n for n in all_fixture_names() if "am-webhook" in n]
POSTABLES = [n for n in all_fixture_names() if "prometheus-v2" in n]


def test_every_captured_body_is_covered() -> None:
    assert len(WEBHOOKS) == 4 and len(POSTABLES) == 4


@pytest.mark.parametrize("name", WEBHOOKS)
def test_webhook_bodies_decode_and_keep_every_alert(name: str) -> None:
    raw = fixture_json(name)
    message = msgspec.json.decode(fixture_bytes(name), type=WebhookMessage)
    events, invalid = from_webhook(message, "default", CAPTURE_NOW)
    assert invalid == [] and len(events) == len(raw["alerts"])
    for event, alert in zip(events, raw["alerts"], strict=True):
        assert event.source is AlertSource.ALERTMANAGER
        assert event.status.value == alert["status"]
        assert event.labels == alert["labels"]
        assert event.fingerprint == alert["fingerprint"]
        assert event.group_key == raw["groupKey"]
        assert event.generator_url == alert["generatorURL"]
        # The Go zero time of a firing alert is "no end", not year 1.
        if alert["endsAt"].startswith("0001-"):
            assert event.ends_at is None
        else:
            assert event.ends_at is not None and event.ends_at.year == 2026


@pytest.mark.parametrize("name", WEBHOOKS)
def test_our_fingerprint_equals_alertmanagers_for_every_captured_label_set(name: str) -> None:
    for alert in fixture_json(name)["alerts"]:
        assert am_fingerprint(alert["labels"]) == alert["fingerprint"]


def test_ruler_alerts_get_the_fingerprints_alertmanager_gave_the_same_alerts() -> None:
    by_labels = {
        tuple(sorted(a["labels"].items())): a["fingerprint"]
        for a in fixture_json("large/am-webhook-firing-100-alerts.json")["alerts"]
    }
    seen = 0
    for name in (
        "large/prometheus-v2-alerts-batch-64.json",
        "large/prometheus-v2-alerts-batch-36.json",
    ):
        alerts = msgspec.json.decode(fixture_bytes(name), type=list[PostableAlert])
        events, invalid = from_postable(alerts, "default", CAPTURE_NOW)
        assert invalid == []
        for event in events:
            assert event.fingerprint == by_labels[tuple(sorted(event.labels.items()))]
            seen += 1
    assert seen == 100


@pytest.mark.parametrize("name", POSTABLES)
def test_ruler_status_comes_from_ends_at(name: str) -> None:
    alerts = msgspec.json.decode(fixture_bytes(name), type=list[PostableAlert])
    before_end = min(a.ends_at for a in alerts if a.ends_at) - timedelta(seconds=1)
    firing, _ = from_postable(alerts, "fake", before_end)
    assert all(e.status is AlertStatus.FIRING for e in firing)
    after_end = max(a.ends_at for a in alerts if a.ends_at) + timedelta(seconds=1)
    resolved, _ = from_postable(alerts, "fake", after_end)
    assert all(e.status is AlertStatus.RESOLVED for e in resolved)
    assert {e.tenant for e in firing} == {"fake"}
    assert {e.source for e in firing} == {AlertSource.RULER}


def test_captured_resolved_ruler_alert_is_resolved_and_firing_one_is_firing() -> None:
    resolved = msgspec.json.decode(
        fixture_bytes("prometheus-v2-alerts-resolved.json"), type=list[PostableAlert]
    )
    firing = msgspec.json.decode(
        fixture_bytes("prometheus-v2-alerts-firing.json"), type=list[PostableAlert]
    )
    assert [e.status for e in from_postable(resolved, "t", CAPTURE_NOW)[0]] == ["resolved"]
    assert {e.status for e in from_postable(firing, "t", CAPTURE_NOW)[0]} == {"firing"}


def test_postable_alerts_are_handled_as_alertmanager_does() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    alerts = [
        PostableAlert(labels={"alertname": "A", "empty": ""}),  # no times at all
        PostableAlert(labels={"": "x"}),
        PostableAlert(labels={"empty": ""}),
        PostableAlert(labels={"alertname": "B"}, starts_at=now, ends_at=now - timedelta(1)),
        PostableAlert(labels={"alertname": "C"}, ends_at=now - timedelta(minutes=1)),
    ]
    events, invalid = from_postable(alerts, "t", now)
    assert [(i.index, i.field) for i in invalid] == [(1, "labels"), (2, "labels"), (3, "endsAt")]
    first, last = events
    assert first.labels == {"alertname": "A"}  # empty-valued labels dropped, as AM does
    assert first.fingerprint == am_fingerprint({"alertname": "A"})
    assert first.starts_at == now and first.status is AlertStatus.FIRING
    assert last.starts_at == now - timedelta(minutes=1)  # no startsAt: the (earlier) end
    assert last.status is AlertStatus.RESOLVED


def test_manual_trigger_dedupes_on_text_and_labels() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    a = from_trigger(TriggerRequest("OOMKilled", labels={"app": "grafana"}), "t", now)
    b = from_trigger(TriggerRequest("  OOMKilled \n", labels={"app": "grafana"}), "t", now)
    c = from_trigger(TriggerRequest("ImagePullBackOff", labels={"app": "grafana"}), "t", now)
    assert a.fingerprint == b.fingerprint != c.fingerprint
    assert a.labels == {"app": "grafana", "alertname": "ManualTrigger"}
    assert a.source is AlertSource.MANUAL and a.annotations["log_source"] == "manual"
    assert trigger_problem(TriggerRequest(" \n ")) == ("$.log_text", "log_text must not be empty")


@given(st.dictionaries(st.text(min_size=1), st.text(min_size=1), min_size=1, max_size=8))
def test_fingerprint_is_order_independent_and_16_hex_digits(labels: dict[str, str]) -> None:
    fp = am_fingerprint(labels)
    assert fp == am_fingerprint(dict(reversed(list(labels.items()))))
    assert len(fp) == 16 and int(fp, 16) >= 0


def test_newer_alertmanager_fields_nanoseconds_and_offsets_are_tolerated() -> None:
    body = fixture_json("am-webhook-firing-2-alerts.json")
    body["notification_reason"] = "repeat interval elapsed"  # AM ≥ 0.32
    body["routeLabels"] = {"team": "sre"}  # AM ≥ 0.34
    body["alerts"][0]["startsAt"] = "2026-11-24T12:37:56.651123456+09:00"
    body["alerts"][0]["someFutureField"] = {"x": [1, 2]}
    message = msgspec.json.decode(msgspec.json.encode(body), type=WebhookMessage)
    assert message.notification_reason == "repeat interval elapsed"
    event = from_webhook(message, "default", CAPTURE_NOW)[0][0]
    assert event.starts_at == datetime(2026, 11, 24, 3, 37, 56, 651123, tzinfo=UTC)
    assert event.ends_at is None


def test_a_value_over_its_limit_is_cut_to_the_limit_with_a_marker() -> None:
    assert truncated("é" * 10, 10) == "é" * 10
    cut = truncated("é" * 5000, 1024)
    assert len(cut) == 1024 and cut.startswith("ééé")
    assert cut.endswith("…[truncated from 5000 characters]")


def test_admit_cuts_values_and_refuses_names_and_counts_over_the_bounds() -> None:
    long_value, long_note = "v" * (MAX_LABEL_VALUE_LENGTH + 1), "n" * 100_000
    admitted = admit({"alertname": "A", "app": long_value, "gone": ""}, {"description": long_note})
    assert isinstance(admitted, Admitted)
    assert len(admitted.labels["app"]) == MAX_LABEL_VALUE_LENGTH
    assert len(admitted.annotations["description"]) == MAX_ANNOTATION_VALUE_LENGTH
    assert admitted.sent_labels == {"alertname": "A", "app": long_value}  # the fingerprint's
    too_many = {f"l{i}": "v" for i in range(MAX_LABELS + 1)}
    for labels, notes, field in (
        ({}, {}, "labels"),
        ({"only": ""}, {}, "labels"),
        ({"": "x"}, {}, "labels"),
        ({"n" * (MAX_NAME_LENGTH + 1): "x"}, {}, "labels"),
        (too_many, {}, "labels"),
        ({"a": "b"}, {"": "x"}, "annotations"),
        ({"a": "b"}, {"n" * (MAX_NAME_LENGTH + 1): "x"}, "annotations"),
        ({"a": "b"}, too_many, "annotations"),
    ):
        refused = admit(labels, notes)
        assert isinstance(refused, Refused) and refused.field == field, (labels, notes)


def test_labels_cut_alike_keep_the_fingerprints_of_what_was_sent() -> None:
    stem = "x" * MAX_LABEL_VALUE_LENGTH
    alerts = [PostableAlert(labels={"alertname": "A", "app": stem + end}) for end in "12"]
    (one, two), invalid = from_postable(alerts, "t", CAPTURE_NOW)
    assert invalid == [] and one.labels == two.labels  # the same once cut ...
    assert one.fingerprint == am_fingerprint(alerts[0].labels) != two.fingerprint  # ... not sent
    a, b = (
        from_trigger(TriggerRequest("OOMKilled", labels={"app": stem + end}), "t", CAPTURE_NOW)
        for end in "12"
    )
    assert a.labels == b.labels and a.fingerprint != b.fingerprint


def sized(length: int) -> str:
    return ("é" * length)[:length]


LENGTHS = [0, 1, MAX_NAME_LENGTH, MAX_NAME_LENGTH + 1, MAX_LABEL_VALUE_LENGTH + 1]
label_sets = st.one_of(
    st.dictionaries(
        st.sampled_from(LENGTHS).map(sized) | st.sampled_from(["alertname", "app", "pod"]),
        st.sampled_from([*LENGTHS, MAX_LABEL_VALUE_LENGTH]).map(sized) | st.just("grafana"),
        max_size=4,
    ),
    st.sampled_from([0, 1, MAX_LABELS, MAX_LABELS + 1]).map(
        lambda n: {f"label_{i}": "v" for i in range(n)}
    ),
)
annotation_sets = st.dictionaries(
    st.sampled_from(["summary", "", sized(MAX_NAME_LENGTH + 1)]),
    st.sampled_from([0, 10, MAX_ANNOTATION_VALUE_LENGTH, MAX_ANNOTATION_VALUE_LENGTH + 1]).map(
        sized
    ),
    max_size=2,
)


@given(labels=label_sets, annotations=annotation_sets)
def test_the_fast_and_the_alert_by_alert_decode_keep_and_refuse_alike(
    labels: dict[str, str], annotations: dict[str, str]
) -> None:
    # The Bounded* wire types decode exactly the alerts `admit` takes unchanged, so the fast
    # path (no checks in normalisation) and the slow one (admit) give the same events.
    expected = admit(labels, annotations)
    unchanged = expected == Admitted(labels, annotations, labels)
    alert = {"labels": labels, "annotations": annotations, "startsAt": "2026-11-24T03:37:56Z"}
    postable = decode_postable(msgspec.json.encode([alert])).value
    webhook = decode_webhook(msgspec.json.encode({"alerts": [{**alert, "status": "firing"}]})).value
    assert isinstance(postable[0], BoundedPostableAlert) is unchanged
    assert isinstance(webhook.alerts[0], BoundedWebhookAlert) is unchanged
    for events, invalid in (
        from_postable(postable, "t", CAPTURE_NOW),
        from_webhook(webhook, "t", CAPTURE_NOW),
    ):
        if isinstance(expected, Refused):
            assert events == [] and [(i.field, i.message) for i in invalid] == [expected]
        else:
            (event,) = events
            assert (event.labels, event.annotations) == (expected.labels, expected.annotations)
            assert event.fingerprint == am_fingerprint(expected.sent_labels)
