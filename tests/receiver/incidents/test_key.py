"""Incident keys: a workload, not a pod."""

from __future__ import annotations

from datetime import UTC, datetime

from receiver.incidents.key import incident_key
from receiver.ingest.events import AlertEvent, AlertSource, AlertStatus

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def event(labels: dict[str, str], fingerprint: str = "0123456789abcdef") -> AlertEvent:
    return AlertEvent(
        timestamp=T0,
        source=AlertSource.ALERTMANAGER,
        status=AlertStatus.FIRING,
        labels=labels,
        annotations={},
        fingerprint=fingerprint,
        starts_at=T0,
        ends_at=None,
        generator_url="",
        group_key="",
        tenant="default",
    )


def test_pods_of_one_deployment_share_a_key_other_alerts_do_not() -> None:
    a = incident_key(event({"alertname": "OOM", "namespace": "m", "pod": "web-7d9f8c6b5-x2k4p"}))
    b = incident_key(event({"alertname": "OOM", "namespace": "m", "pod": "web-7d9f8c6b5-q9w7z"}))
    other_ns = incident_key(event({"alertname": "OOM", "namespace": "n", "pod": "web-7d-x2k4p"}))
    other_rule = incident_key(event({"alertname": "Crash", "namespace": "m", "pod": "web-x2k4p"}))
    assert a == b
    assert a.workload == "web"
    assert len({a, other_ns, other_rule}) == 3


def test_alerts_without_a_workload_are_keyed_by_fingerprint() -> None:
    a = incident_key(event({"alertname": "Watchdog"}, "aaaaaaaaaaaaaaaa"))
    b = incident_key(event({"alertname": "Watchdog", "x": "1"}, "bbbbbbbbbbbbbbbb"))
    assert a != b and a.workload == "fp:aaaaaaaaaaaaaaaa"
