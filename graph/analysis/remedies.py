"""The values change and the actions a finding proposes (pure): a rule's own remediation or the
category's, none when the memory or disk is a node's or a scale-out has no load to answer,
and the steps a person takes, in words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from graph.analysis.guidance import (
    GUIDANCE,
    LOAD_HINT,
    NO_LOAD_REASON,
    NODE_CPU_REASON,
    NODE_DISK_REASON,
    NODE_MEMORY_REASON,
    REMEDIATION_ACTIONS,
    REMEDIATIONS,
)
from graph.analysis.rules import Rule
from graph.analysis.signals import AlertInput, Candidate
from graph.patching.remediation import Remediation, RemediationKind

_NODE_LABELS = ("mountpoint", "device", "fstype")
_NODE_REASONS: Mapping[str, str] = {
    "oom": NODE_MEMORY_REASON,
    "disk_full": NODE_DISK_REASON,
    "cpu_throttling": NODE_CPU_REASON,
}
_WORKLOAD_SCOPE_LABELS = ("persistentvolumeclaim", "pod", "container", "app", "deployment")


def remediation_for(
    chosen: Candidate,
    rule: Rule | None,
    supporters: Sequence[Candidate],
    alerts: Sequence[AlertInput],
    text: str,
) -> tuple[Remediation | None, str]:
    """The values change the chosen category proposes, or None and why a person must act:
    the rule's own remediation over the category's; none for a node's memory or disk, nor a
    scale-out without a load signal."""
    category = chosen.category
    guidance = GUIDANCE[category]
    if rule is not None and rule.category == category and rule.advice_only:
        return None, rule.why_manual or guidance.why_manual
    remediation = REMEDIATIONS.get(category)
    if rule is not None and rule.category == category and rule.remediation is not None:
        remediation = rule.remediation
    if category in _NODE_REASONS and _node_scoped(supporters, alerts):
        return None, _NODE_REASONS[category]
    if remediation is None:
        return None, guidance.why_manual
    if remediation.kind is RemediationKind.SCALE_OUT and not LOAD_HINT.search(text):
        return None, NO_LOAD_REASON
    return remediation, ""


def _node_scoped(supporters: Sequence[Candidate], alerts: Sequence[AlertInput]) -> bool:
    """Whether the memory or disk in question is a node's, not the workload's."""
    if any(c.entry is not None and c.entry.node_scope for c in supporters):
        return True
    for candidate in supporters:
        if 0 <= candidate.alert < len(alerts):
            labels = alerts[candidate.alert].labels
            if any(labels.get(k) for k in _NODE_LABELS) and not any(
                labels.get(k) for k in _WORKLOAD_SCOPE_LABELS
            ):
                return True
    return False


def actions_for(
    category: str, remediation: Remediation | None, why_manual: str, fill: Mapping[str, str]
) -> tuple[str, ...]:
    """The actions, in words: the values change (or why there is none), then the category's
    steps filled in."""
    if remediation is None:
        lead = f"No values change is proposed: {why_manual}."
    else:
        lead = remediation_action(remediation, fill["app"])
    steps = (step.format_map(fill) for step in GUIDANCE[category].actions)
    return (lead, *steps)


def remediation_action(remediation: Remediation, app: str) -> str:
    """The first action of a proposal that makes `remediation` to `app`, in words
    ("Raise the memory limit of grafana ×2 in its Helm values; …")."""
    fill = {"app": app or "the workload", "factor": f"{remediation.factor:g}"}
    return REMEDIATION_ACTIONS[remediation.kind].format_map(fill)
