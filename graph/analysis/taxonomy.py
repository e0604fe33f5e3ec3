"""The analyzer's vocabulary (pure data): categories, severities, and which failures cause which.

A *cause* category names why a workload fails (it ran out of memory, a volume will not mount, a
secret is missing); a *symptom* category names what the failure looks like from outside (it
restarts, fails its probes, answers with errors). When one incident shows both, the cause is
the analysis: an OOM-killed container also crash-loops, a missing secret also fails its rollout.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

CATEGORIES = (
    "oom",
    "crashloop",
    "image_pull",
    "cpu_throttling",
    "disk_full",
    "probe_failure",
    "high_error_rate",
    "high_latency",
    "connection_error",
    "cert_expiry",
    "tls_error",
    "too_many_open_files",
    "evicted",
    "config_error",
    "scheduling",
    "node_health",
    "volume",
    "rollout_failure",
    "dependency_limit",
    "unknown",
)
SEVERITIES = ("critical", "high", "warning", "info")

# Most causal first. Within one incident, a category earlier here explains one later: a full
# disk or a missing secret explains a crash loop, a node that is down explains pods that cannot
# be scheduled, CPU throttling explains latency. The symptoms come last, the probe failure
# first among them because the kubelet restarts a container whose liveness probe fails.
RANKING = (
    "oom",
    "disk_full",
    "too_many_open_files",
    "dependency_limit",
    "config_error",
    "image_pull",
    "volume",
    "cert_expiry",
    "tls_error",
    "evicted",
    "node_health",
    "scheduling",
    "cpu_throttling",
    "connection_error",
    "probe_failure",
    "crashloop",
    "rollout_failure",
    "high_error_rate",
    "high_latency",
    "unknown",
)
SYMPTOMS = frozenset(
    {"probe_failure", "crashloop", "rollout_failure", "high_error_rate", "high_latency"}
)
CAUSES = frozenset(RANKING) - SYMPTOMS - {"unknown"}
RANK: Mapping[str, int] = MappingProxyType({category: n for n, category in enumerate(RANKING)})

_SEVERITY_ALIASES = MappingProxyType(
    {
        "critical": "critical",
        "page": "critical",
        "error": "high",
        "high": "high",
        "major": "high",
        "warning": "warning",
        "warn": "warning",
        "minor": "warning",
        "info": "info",
        "none": "info",
        "low": "info",
    }
)


def normalize_severity(value: str) -> str:
    """The canonical severity for a label value (`page` → critical, `warn` → warning, …), or
    empty when the value is not one of the known spellings."""
    return _SEVERITY_ALIASES.get(value.strip().lower(), "")


def is_cause(category: str) -> bool:
    """Whether `category` names a cause rather than a symptom (see the module docstring)."""
    return category in CAUSES
