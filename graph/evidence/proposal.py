"""Which values a proposal sets from evidence (pure): the glue between sizing and the patcher.

For a memory or CPU remediation the container's limit and request are sized from what it used
(graph.evidence.sizing: peak × headroom, p99 / p95, throttling), for a scale-out the replica
count (a saturated HPA's maxReplicas is only reported: the HPA owns the replicas). The values
file says what is set now; a learned target (graph.learning, the "recall" node) and the
evidence combine by sizing's rule — the larger of the two, capped by the guardrails, the bound
named. The sized values go to the patcher as the values it must set, so its own checks (the
guardrails, a request never above the limit) still apply. When evidence does not justify a
value the sizing says why and the step rule applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from graph.evidence.model import Evidence
from graph.evidence.sizing import (
    Sizing,
    container_to_size,
    size_cpu,
    size_memory,
    size_replicas,
)
from graph.patching.chart import Chart
from graph.patching.quantity import parse_quantity
from graph.patching.remediation import Guardrails, Remediation, RemediationKind
from graph.patching.yaml_splice import EditError, Path, ValuesText, dotted


@dataclass(frozen=True, slots=True)
class Sized:
    """The sizing (its reasoning, source and bound) and the values to set (dotted path →
    value; empty when the step rule applies)."""

    sizing: Sizing
    values: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Knobs:
    """What sizing is tuned by: headroom, the throttled ratio, the guardrails."""

    headroom: float
    throttled_ratio: float
    guardrails: Guardrails


def sized_values(
    values_text: str,
    app: str,
    remediation: Remediation,
    evidence: Evidence,
    knobs: Knobs,
    *,
    container: str | None = None,
) -> Sized | None:
    """The values `evidence` sizes for `remediation` in `values_text`; None for a kind that
    evidence does not size, or a values file the patcher will refuse anyway."""
    chart = _chart(values_text, app, remediation, knobs.guardrails)
    if chart is None:
        return None
    try:
        return _sized(chart, remediation, evidence, knobs, container)
    except EditError:  # a setting holds a mapping: the patcher says so
        return None


def _sized(
    chart: Chart,
    remediation: Remediation,
    evidence: Evidence,
    knobs: Knobs,
    container: str | None,
) -> Sized | None:
    kind = remediation.kind
    if kind is RemediationKind.SCALE_OUT:
        return _replicas(chart, remediation, evidence, knobs)
    if kind not in (RemediationKind.RAISE_MEMORY, RemediationKind.RAISE_CPU):
        return None
    resource: Literal["memory", "cpu"] = "memory" if kind is RemediationKind.RAISE_MEMORY else "cpu"
    section = chart.find(("resources",)) or (*chart.primary, "resources")
    limit_path: Path = (*section, "limits", resource)
    request_path: Path = (*section, "requests", resource)
    found = container_to_size(evidence, container)
    if found is None:
        why = f"no {resource} usage evidence for {evidence.workload}: the step rule applies"
        return Sized(Sizing(resource, None, why), {})
    size = size_memory if resource == "memory" else size_cpu
    sizing = size(
        found[1],
        current_limit=chart.doc.raw(limit_path),
        current_request=chart.doc.raw(request_path),
        headroom=knobs.headroom,
        guardrails=knobs.guardrails,
        learned=remediation.target,
        **({"throttled_ratio": knobs.throttled_ratio} if resource == "cpu" else {}),
    )
    values: dict[str, str] = {}
    if sizing.target is not None:
        values[dotted(limit_path)] = sizing.target
        if sizing.request is not None:
            values[dotted(request_path)] = sizing.request
    return Sized(sizing, values)


def _replicas(chart: Chart, remediation: Remediation, evidence: Evidence, knobs: Knobs) -> Sized:
    path = chart.find(("replicaCount",), ("replicas",)) or (*chart.primary, "replicaCount")
    raw = chart.doc.raw(path)
    current = int(raw) if raw is not None and raw.isdigit() else None
    learned = remediation.target
    sizing = size_replicas(
        evidence,
        current=current,
        headroom=knobs.headroom,
        guardrails=knobs.guardrails,
        learned=int(learned) if learned is not None and learned.isdigit() else None,
    )
    if sizing.setting != "replicas" or sizing.target is None:
        return Sized(sizing, {})
    return Sized(sizing, {dotted(path): sizing.target})


def _chart(
    values_text: str, app: str, remediation: Remediation, guardrails: Guardrails
) -> Chart | None:
    try:
        maximums = (parse_quantity(guardrails.max_memory), parse_quantity(guardrails.max_cpu))
        return Chart(ValuesText(values_text), app, remediation, guardrails, maximums, {})
    except (EditError, ValueError):
        return None
