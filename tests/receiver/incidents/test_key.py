"""Incident keys: a workload in one cluster, not a pod and not an alert rule."""

from __future__ import annotations

from datetime import UTC, datetime

from receiver.incidents.key import Clusters, incident_key
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


def test_pods_of_one_deployment_share_a_key_other_namespaces_do_not() -> None:
    a = incident_key(event({"alertname": "OOM", "namespace": "m", "pod": "web-7d9f8c6b5-x2k4p"}))
    b = incident_key(event({"alertname": "OOM", "namespace": "m", "pod": "web-7d9f8c6b5-q9w7z"}))
    other_ns = incident_key(event({"alertname": "OOM", "namespace": "n", "pod": "web-7d-x2k4p"}))
    assert a == b
    assert a.workload == "web" and a.names_workload
    assert a != other_ns


def test_an_oom_kill_and_a_crash_loop_of_one_deployment_share_a_key() -> None:
    oom = event({"alertname": "KubePodOOMKilled", "namespace": "m", "pod": "web-7d9f8c6b5-x2k4p"})
    crash = event({"alertname": "KubePodCrashLooping", "namespace": "m", "deployment": "web"})
    assert incident_key(oom) == incident_key(crash)
    assert incident_key(oom).alertname == ""


def test_the_same_alert_from_two_clusters_has_two_keys() -> None:
    labels = {"alertname": "KubePodOOMKilled", "namespace": "m", "app": "grafana"}
    eu = incident_key(event({**labels, "cluster": "prod-eu"}))
    us = incident_key(event({**labels, "cluster_name": "prod-us"}))
    assert (eu.cluster, us.cluster) == ("prod-eu", "prod-us") and eu != us
    assert incident_key(event(labels)).cluster == ""


def test_the_cluster_labels_are_looked_at_in_order_then_the_default() -> None:
    clusters = Clusters(labels=("region_cluster", "cluster"), default="main")
    labels = {"alertname": "X", "app": "web", "cluster": "b"}
    assert incident_key(event({**labels, "region_cluster": "a"}), clusters).cluster == "a"
    assert incident_key(event(labels), clusters).cluster == "b"
    assert incident_key(event({"alertname": "X", "app": "web"}), clusters).cluster == "main"
    assert incident_key(event({**labels, "k8s_cluster": "c"}), Clusters()).cluster == "b"


def test_alerts_without_a_workload_are_keyed_by_fingerprint_and_cluster() -> None:
    a = incident_key(event({"alertname": "Watchdog"}, "aaaaaaaaaaaaaaaa"))
    b = incident_key(event({"alertname": "Watchdog", "x": "1"}, "bbbbbbbbbbbbbbbb"))
    assert a != b and a.workload == "fp:aaaaaaaaaaaaaaaa" and not a.names_workload
    assert a.alertname == "Watchdog"
    in_eu = incident_key(event({"alertname": "Watchdog", "cluster": "eu"}, "aaaaaaaaaaaaaaaa"))
    assert in_eu.cluster == "eu" and in_eu != a
