"""Incident keys (pure): which alerts belong to the same problem.

A problem is an alert rule firing for a workload, not for one pod: the key is
(tenant, namespace, workload, alertname). Pods of one Deployment share the key because the
workload comes from labels such as `app` or, as a last resort, from the pod name with the
ReplicaSet/pod hash suffix stripped.
"""

from __future__ import annotations

from typing import NamedTuple

from graph.workload import namespace_of, workload_of
from receiver.ingest.events import AlertEvent


class IncidentKey(NamedTuple):
    """What makes two alerts the same problem. `workload` is `fp:<fingerprint>` when no label
    names a workload, so unrelated alerts without one never merge."""

    tenant: str
    namespace: str
    workload: str
    alertname: str


def incident_key(event: AlertEvent) -> IncidentKey:
    """The key of the incident `event` belongs to."""
    labels = event.labels
    workload = workload_of(labels) or f"fp:{event.fingerprint}"
    return IncidentKey(event.tenant, namespace_of(labels), workload, event.alertname)
