"""Structured alert labels that name a cause (pure).

kube-state-metrics puts the reason of a waiting or terminated container, of a pod's status
and of a node's condition into labels (`reason="OOMKilled"`, `reason="ImagePullBackOff"`,
`condition="DiskPressure"`); Kubernetes event exporters carry the event's reason the same way.
A label is the most exact signal an alert carries: it is what the rule selected on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

_REASONS: Mapping[str, str] = MappingProxyType(
    {
        "oomkilled": "oom",
        "systemoom": "oom",
        "crashloopbackoff": "crashloop",
        "containercannotrun": "crashloop",
        "runcontainererror": "crashloop",
        "starterror": "crashloop",
        "error": "crashloop",
        "imagepullbackoff": "image_pull",
        "errimagepull": "image_pull",
        "errimageneverpull": "image_pull",
        "invalidimagename": "image_pull",
        "imageinspecterror": "image_pull",
        "registryunavailable": "image_pull",
        "createcontainerconfigerror": "config_error",
        "createcontainererror": "config_error",
        "evicted": "evicted",
        "evicting": "evicted",
        "failedscheduling": "scheduling",
        "unschedulable": "scheduling",
        "outofcpu": "scheduling",
        "outofmemory": "scheduling",
        "outofpods": "scheduling",
        "nottriggerscaleup": "scheduling",
        "failedmount": "volume",
        "failedattachvolume": "volume",
        "failedbinding": "volume",
        "provisioningfailed": "volume",
        "volumeresizefailed": "volume",
        "backofflimitexceeded": "rollout_failure",
        "deadlineexceeded": "rollout_failure",
        "progressdeadlineexceeded": "rollout_failure",
        "failedcreate": "rollout_failure",
        "unhealthy": "probe_failure",
        "nodenotready": "node_health",
        "nodelost": "node_health",
        "nodeunreachable": "node_health",
        # Kubernetes event reasons, as event exporters label them
        "backoff": "crashloop",
        "inspectfailed": "image_pull",
        "failedcreatepodsandbox": "node_health",
        "networknotready": "node_health",
        "rebooted": "node_health",
        "nodehasdiskpressure": "node_health",
        "nodehasinsufficientmemory": "node_health",
        "nodehasinsufficientpid": "node_health",
        "freediskspacefailed": "disk_full",
        "evictionthresholdmet": "evicted",
        "preempted": "scheduling",
        "preempting": "scheduling",
        "oomkilling": "oom",
    }
)
_CONDITIONS: Mapping[str, str] = MappingProxyType(
    {
        "memorypressure": "node_health",
        "diskpressure": "node_health",
        "pidpressure": "node_health",
        "networkunavailable": "node_health",
        "ready": "node_health",
    }
)
# SLO tools (Sloth, Pyrra, OpenSLO generators) label their burn-rate alerts with the SLO's name:
# an error budget burns for errors unless the SLO is about latency.
_SLO_LABELS = ("sloth_slo", "slo", "sloth_id", "slo_name", "objective")
_BURN_ALERT = re.compile(r"burn|budget|slo", re.IGNORECASE)
_LATENCY_SLO = re.compile(r"laten|duration|slow|response.?time|p9\d|speed", re.IGNORECASE)
_REASON_LABELS = ("reason", "event_reason", "waiting_reason", "terminated_reason", "k8s_reason")
_EXIT_LABELS = ("exit_code", "exitcode", "code")


class LabelSignal(NamedTuple):
    """A category named by a label, with the label as written (`reason="OOMKilled"`)."""

    category: str
    detail: str


def label_signal(labels: Mapping[str, str]) -> LabelSignal | None:
    """The category the labels name, or None. A `reason` decides; `Error` (a container that
    exited with an error) is read with its exit code: 137 beside `OOMKilled` is an OOM kill,
    an exit code alone names no cause. A node `condition` names the node's health."""
    for key in _REASON_LABELS:
        value = labels.get(key, "").strip()
        category = _REASONS.get(value.lower())
        if category:
            detail = f'{key}="{value}"'
            code = _exit_code(labels)
            if code:
                detail += f' {code[0]}="{code[1]}"'
            return LabelSignal(category, detail)
    condition = labels.get("condition", "").strip()
    if condition.lower() in _CONDITIONS:
        status = labels.get("status", "")
        detail = f'condition="{condition}"' + (f' status="{status}"' if status else "")
        return LabelSignal(_CONDITIONS[condition.lower()], detail)
    return _slo_signal(labels)


def _slo_signal(labels: Mapping[str, str]) -> LabelSignal | None:
    """The measured symptom an SLO burn-rate alert's SLO label names: latency for a latency
    SLO, else the error rate."""
    if not _BURN_ALERT.search(labels.get("alertname", "")):
        return None
    for key in _SLO_LABELS:
        value = labels.get(key, "").strip()
        if value:
            latency = _LATENCY_SLO.search(value)
            return LabelSignal("high_latency" if latency else "high_error_rate", f'{key}="{value}"')
    return None


def _exit_code(labels: Mapping[str, str]) -> tuple[str, str] | None:
    for key in _EXIT_LABELS:
        value = labels.get(key, "").strip()
        if value.isdigit():
            return key, value
    return None
