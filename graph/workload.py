"""Kubernetes naming (pure): which workload and namespace labels or a pod name point at.

Shared by the receiver (incident keys) and the workflow (triage), so it lives in `graph/`,
which the receiver may import and which imports nothing of the receiver.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# Label names that name the workload, best first. Prometheus label names cannot hold dots or
# slashes, so `app.kubernetes.io/name` arrives sanitised as `app_kubernetes_io_name`;
# kube-state-metrics' kube_pod_labels joins add the `label_` prefix.
WORKLOAD_LABELS = (
    "app",
    "app_kubernetes_io_name",
    "label_app",
    "label_app_kubernetes_io_name",
    "k8s_app",
    "deployment",
    "statefulset",
    "daemonset",
    "cronjob",
    "job_name",
    "container",
)
NAMESPACE_LABELS = ("namespace", "exported_namespace", "kubernetes_namespace")

# Kubernetes' rand.SafeEncodeString alphabet (no vowels, no 0/1/3), used for
# pod-template-hash and the 5-character pod suffix.
_SAFE = "[bcdfghjklmnpqrstvwxz2456789]"
_POD_SUFFIXES = (
    re.compile(rf"^(?P<name>.+)-{_SAFE}{{4,10}}-{_SAFE}{{5}}$"),  # Deployment pod
    re.compile(rf"^(?P<name>.+)-\d{{8}}-{_SAFE}{{5}}$"),  # CronJob pod (job name + minute)
    re.compile(rf"^(?P<name>.+)-{_SAFE}{{5}}$"),  # DaemonSet / Job / bare ReplicaSet pod
    re.compile(r"^(?P<name>.+)-\d{1,5}$"),  # StatefulSet pod (ordinal)
)


def workload_from_pod(pod: str) -> str:
    """The controller name of a pod: `grafana-7d9f8c6b5-x2k4p` → `grafana`, `kafka-0` → `kafka`.

    Names without a recognisable suffix are returned unchanged.
    """
    for pattern in _POD_SUFFIXES:
        match = pattern.match(pod)
        if match:
            return match.group("name")
    return pod


def workload_of(labels: Mapping[str, str]) -> str:
    """The workload an alert is about, from its labels; empty when none can be told."""
    for name in WORKLOAD_LABELS:
        value = labels.get(name)
        if value:
            return value
    pod = labels.get("pod") or labels.get("pod_name")
    return workload_from_pod(pod) if pod else ""


def namespace_of(labels: Mapping[str, str]) -> str:
    """The namespace an alert is about; empty when the labels do not say."""
    for name in NAMESPACE_LABELS:
        value = labels.get(name)
        if value:
            return value
    return ""
