"""Incident keys (pure): which alerts belong to the same problem.

A problem is a workload in trouble in one cluster, not one pod and not one alert rule: the key
of an alert that names a workload is (tenant, cluster, namespace, workload), so an OOM kill and
the crash loop it causes for one Deployment are one incident. Pods of one Deployment share the
key because the workload comes from labels such as `app` or, as a last resort, from the pod
name with the ReplicaSet/pod hash suffix stripped. An alert that names no workload keeps its
own key: its fingerprint and its alert rule (plus its cluster), so unrelated alerts without a
workload never merge.

The cluster is the first label of `Clusters.labels` the alert carries (Prometheus' external
label, usually `cluster`), else `Clusters.default`; "" when neither (a single-cluster setup).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from graph.workload import namespace_of, workload_of
from receiver.ingest.events import AlertEvent

DEFAULT_CLUSTER_LABELS = ("cluster", "cluster_name", "k8s_cluster")
FINGERPRINT_PREFIX = "fp:"


@dataclass(frozen=True, slots=True)
class Clusters:
    """How an alert names its cluster: the labels to look at, in order, and the cluster of
    alerts that carry none of them ("" = single-cluster, no cluster)."""

    labels: Sequence[str] = DEFAULT_CLUSTER_LABELS
    default: str = ""

    def of(self, labels: dict[str, str]) -> str:
        """The cluster `labels` name (the first of `self.labels` with a value), or the default."""
        for name in self.labels:
            value = labels.get(name, "").strip()
            if value:
                return value
        return self.default


SINGLE_CLUSTER = Clusters()  # the default labels, and no default cluster


class IncidentKey(NamedTuple):
    """What makes two alerts the same problem. `workload` is `fp:<fingerprint>` when no label
    names a workload; only then is `alertname` part of the key (else it is "")."""

    tenant: str
    cluster: str
    namespace: str
    workload: str
    alertname: str

    @property
    def names_workload(self) -> bool:
        """True when the key is a workload's, False when it is one alert's (its fingerprint)."""
        return not self.workload.startswith(FINGERPRINT_PREFIX)


def incident_key(event: AlertEvent, clusters: Clusters = SINGLE_CLUSTER) -> IncidentKey:
    """The key of the incident `event` belongs to, its cluster found by `clusters`."""
    labels = event.labels
    cluster = clusters.of(labels)
    workload = workload_of(labels)
    if workload:
        return IncidentKey(event.tenant, cluster, namespace_of(labels), workload, "")
    workload = f"{FINGERPRINT_PREFIX}{event.fingerprint}"
    return IncidentKey(event.tenant, cluster, namespace_of(labels), workload, event.alertname)


def migrated_key(stored: Sequence[str]) -> IncidentKey:
    """The key of a stored incident whatever shape it was written in.

    Before clusters the key was (tenant, namespace, workload, alertname), with the alertname
    also for workloads: such a key becomes today's, without a cluster (those services knew
    none) and without the alertname of a workload.
    """
    if len(stored) == len(IncidentKey._fields):
        return IncidentKey(*stored)
    tenant, namespace, workload, alertname = stored
    if not workload.startswith(FINGERPRINT_PREFIX):
        alertname = ""
    return IncidentKey(tenant, "", namespace, workload, alertname)
