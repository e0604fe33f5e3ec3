"""Kubernetes naming: workloads from labels and pod names."""

from __future__ import annotations

import pytest

from graph.workload import namespace_of, workload_from_pod, workload_of


@pytest.mark.parametrize(
    ("pod", "workload"),
    [
        ("grafana-7d9f8c6b5-x2k4p", "grafana"),  # Deployment
        ("grafana-7d9f-x2k4p", "grafana"),  # captured fixture pod
        ("cert-manager-webhook-6c9b7d8f4-q9w7z", "cert-manager-webhook"),
        ("node-exporter-8kz2v", "node-exporter"),  # DaemonSet
        ("backup-29012345-7zq4m", "backup"),  # CronJob
        ("kafka-0", "kafka"),  # StatefulSet
        ("postgres-12", "postgres"),
        ("standalone", "standalone"),
        ("grafana-7d9f", "grafana-7d9f"),  # nothing recognisable: unchanged
    ],
)
def test_pod_names_lose_their_controller_suffixes(pod: str, workload: str) -> None:
    assert workload_from_pod(pod) == workload


def test_app_labels_win_over_container_and_pod() -> None:
    labels = {"pod": "api-5d8f7c9b6-abcde", "container": "server", "app": "checkout"}
    assert workload_of(labels) == "checkout"
    assert workload_of({"app_kubernetes_io_name": "loki", "container": "x"}) == "loki"
    assert workload_of({"container": "server", "pod": "api-5d8f7c9b6-abcde"}) == "server"
    assert workload_of({"pod": "api-5d8f7c9b6-bcdfg"}) == "api"
    assert workload_of({"alertname": "Watchdog"}) == ""


def test_namespace_prefers_the_namespace_label() -> None:
    assert namespace_of({"exported_namespace": "a", "namespace": "b"}) == "b"
    assert namespace_of({"exported_namespace": "a"}) == "a"
    assert namespace_of({}) == ""
