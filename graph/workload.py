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
APP_NAME_MAX = 253  # the longest Kubernetes object name; a file name may be 255 bytes
# One folder name: no "/", no "..", no leading "." or "-" (so never hidden, never an option).
_APP_NAME = re.compile(rf"[A-Za-z0-9_][A-Za-z0-9_.-]{{0,{APP_NAME_MAX - 1}}}", re.ASCII)


def is_app_name(name: str) -> bool:
    """Whether a workload name can stand for its folder in the GitOps repository (values file,
    learned patterns): ASCII letters, digits, `_`, `.`, `-`, not starting with `.` or `-`, at
    most 253 characters. Label values are not DNS labels: `Grafana`, `my_app` and `app.v2`
    are workload names; `../etc` and `a/b` are not."""
    return _APP_NAME.fullmatch(name) is not None and ".." not in name


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


# A StatefulSet's claims are named `<template>-<statefulset>-<ordinal>` (data-postgres-0).
_CLAIM_OF_STATEFULSET = re.compile(r"^[a-z0-9]+-(?P<name>.+)-\d+$")
_REPLICASET = re.compile(rf"^(?P<name>.+)-{_SAFE}{{4,10}}$")
# `job` and `service` usually name the scrape target (kube-state-metrics, node-exporter,
# kubelet) rather than the workload; a Grafana-style `job="<namespace>/<name>"` names it.
_NAMESPACED_JOB = re.compile(r"^[a-z0-9][-a-z0-9]*/(?P<name>[A-Za-z0-9][\w.-]*)$")
_SCRAPE_SERVICES = re.compile(
    r"kube-state-metrics|node-exporter|kubelet|apiserver|^kubernetes$|blackbox|"
    r"prometheus-operator|kube-prometheus|^prometheus(?:-k8s)?$|^alertmanager(?:-main)?$"
)


def workload_from_claim(claim: str) -> str:
    """The workload a PersistentVolumeClaim belongs to: a StatefulSet's claims are named
    `<template>-<statefulset>-<ordinal>`, so `data-postgres-0` belongs to `postgres`; any
    other claim is named for its workload."""
    match = _CLAIM_OF_STATEFULSET.match(claim)
    return match.group("name") if match else claim


def workload_of(labels: Mapping[str, str]) -> str:
    """The workload an alert is about, from its labels; empty when none can be told.

    The workload labels (`WORKLOAD_LABELS`) come first, then the pod; alerts without either
    are named by their PersistentVolumeClaim, HorizontalPodAutoscaler, ReplicaSet, a
    `<namespace>/<name>` job, or a Service that is not a scrape target's.
    """
    for name in WORKLOAD_LABELS:
        value = labels.get(name)
        if value:
            return value
    pod = labels.get("pod") or labels.get("pod_name")
    if pod:
        return workload_from_pod(pod)
    return _workload_of_other_objects(labels)


def _workload_of_other_objects(labels: Mapping[str, str]) -> str:
    claim = labels.get("persistentvolumeclaim")
    if claim:
        return workload_from_claim(claim)
    hpa = labels.get("horizontalpodautoscaler")
    if hpa:
        return hpa
    replicaset = labels.get("replicaset")
    if replicaset:
        match = _REPLICASET.match(replicaset)
        return match.group("name") if match else replicaset
    job = _NAMESPACED_JOB.match(labels.get("job", ""))
    if job:
        return job.group("name")
    service = labels.get("service", "")
    if service and not _SCRAPE_SERVICES.search(service):
        return service
    return ""


def namespace_of(labels: Mapping[str, str]) -> str:
    """The namespace an alert is about; empty when the labels do not say."""
    for name in NAMESPACE_LABELS:
        value = labels.get(name)
        if value:
            return value
    return ""
