"""Fixes sized from observed usage (pure).

Memory limit
    wanted = the container's peak working set over the longest window with data
    (7 d, else 24 h, else 1 h; the highest pod's) × headroom (default 1.25), rounded UP to a
    clean step: 64Mi below 1Gi, 128Mi below 2Gi, 256Mi below 4Gi, 512Mi below 8Gi, 1Gi from
    8Gi on (the step is at most 1/8 of the value from 512Mi on, so rounding adds < 12.5 %).
    A limit already ≥ wanted is not raised from evidence: the sampled peak does not explain
    the alert (an OOM kill between two scrapes), and the step rule applies instead.
Memory request
    keeps its ratio to the limit (as graph.patching.patcher does for a step), raised to the observed
    p99 (same window, rounded up to a clean step) when the ratio would leave it below that;
    never above the new limit. Unset requests stay unset.
CPU limit
    wanted = p99 of the 5-minute usage rate (longest window with data) × headroom; when the
    container was throttled in at least 25 % of its CFS periods over any window (the highest
    ratio of 1 h / 24 h / 7 d: recent throttling is not diluted by a quiet week), its usage was
    capped by the limit, so wanted = at least limit × (1 + throttled ratio). Rounded UP:
    100m steps below 1 core, 250m below 4 cores, 500m from 4 cores on. No CPU limit: nothing
    to raise.
CPU request
    follows p95 (the longest window with data: 24 h by default; rounded up to the same steps)
    when that is above the current request; never above the new limit.
Replicas
    with an HPA: saturated when its current replicas reached maxReplicas (now or at the
    24 h peak) → maxReplicas = max(max + 1, ⌈max × headroom⌉); not saturated → no change.
    Without an HPA: replicas = max(n + 1, ⌈n × headroom⌉).
Combining with a learned target (graph.learning.patterns)
    the larger of the evidence's value and the learned one (each only when above the current
    value), then capped by the guardrails: MAX_SCALE_FACTOR × the current value and
    MAX_MEMORY / MAX_CPU / MAX_REPLICAS — the lower bound wins and the reasoning names it
    (and says when the capped value is still below the observed peak).

Every result carries its reasoning as one line, e.g.
`peak 1.71 GiB over 7 d, limit 512 MiB → 2.25 GiB (peak × 1.25, rounded up to a 256 MiB step)`.

This module sizes memory and CPU and offers the whole: the clean steps are in
`graph.evidence.steps`, the combining and `Sizing` in `graph.evidence.capping`, replicas in
`graph.evidence.replicas`, each re-exported here.
"""

from __future__ import annotations

import math

from graph.evidence.capping import (
    DEFAULT_GUARDRAILS,
    HEADROOM,
    THROTTLED_RATIO,
    Choice,
    Sizing,
    bound_text,
    choose,
    current_quantity,
    learned_quantity,
)
from graph.evidence.model import ContainerEvidence, Evidence, Measurement
from graph.evidence.replicas import size_replicas
from graph.evidence.steps import (
    clean_cpu,
    clean_memory,
    human_bytes,
    human_cpu,
    longest,
    memory_step,
    window_text,
)
from graph.patching.quantity import (
    BYTE_RESOLUTION,
    CPU_RESOLUTION,
    Family,
    Quantity,
    format_quantity,
    parse_quantity,
    scale,
)
from graph.patching.remediation import Guardrails

# Re-exported: sizing's answer and its parts (graph.evidence.capping, .steps, .replicas).
__all__ = ["DEFAULT_GUARDRAILS", "HEADROOM", "THROTTLED_RATIO", "Sizing", "clean_cpu"]
__all__ += ["clean_memory", "container_to_size", "human_bytes", "human_cpu", "longest"]
__all__ += ["memory_step", "size_cpu", "size_memory", "size_replicas"]


def container_to_size(
    evidence: Evidence, container: str | None = None
) -> tuple[str, ContainerEvidence] | None:
    """The container to size: `container` when the evidence has it, else the one named like
    the workload, else the one with the highest memory peak; None without any."""
    if not evidence.containers:
        return None
    if container and container in evidence.containers:
        return container, evidence.containers[container]
    if evidence.workload in evidence.containers:
        return evidence.workload, evidence.containers[evidence.workload]

    def peak(item: tuple[str, ContainerEvidence]) -> float:
        found = longest(item[1].memory_peak)
        return found.value if found else -math.inf

    return max(evidence.containers.items(), key=peak)


# --- memory ---------------------------------------------------------------------------------


def size_memory(
    container: ContainerEvidence,
    *,
    current_limit: str | None = None,
    current_request: str | None = None,
    headroom: float = HEADROOM,
    guardrails: Guardrails = DEFAULT_GUARDRAILS,
    learned: str | None = None,
) -> Sizing:
    """The memory limit (and request) from the container's peak and p99, combined with a
    learned target (module docstring). `current_*` are the values file's (quantity strings);
    when None, the evidence's current limit / request are used."""
    limit = current_quantity(current_limit, container.memory_limit, Family.BINARY)
    request = current_quantity(current_request, container.memory_request, Family.BINARY)
    peak = longest(container.memory_peak)
    wanted = clean_memory(peak.value * headroom) if peak else None
    observed = f"peak {human_bytes(peak.value)} over {window_text(peak.window)}" if peak else ""
    now = f"limit {human_bytes(float(limit.value))}" if limit else "no limit"
    choice = choose(
        limit,
        wanted,
        learned_quantity(learned),
        factor=guardrails.max_factor,
        maximum=parse_quantity(guardrails.max_memory),
        maximum_name="max_memory",
        resolution=BYTE_RESOLUTION,
    )
    if choice is None:
        if peak is None:
            return Sizing(
                "memory", None, f"no memory usage evidence ({now}): the step rule applies"
            )
        why = (
            f"fits with ×{headroom:g} headroom: the sampled usage does not explain it, "
            "the step rule applies"
        )
        return Sizing("memory", None, f"{observed}, {now}: {why}")
    new = choice.value
    why = _memory_why(choice, peak, headroom, guardrails)
    context = ", ".join(part for part in (observed, now) if part)
    line = f"{context} → {human_bytes(float(new.value))} ({why})"
    return Sizing(
        "memory",
        format_quantity(new),
        line,
        request=_memory_request(container, limit, request, new, peak),
        source=choice.source,
        bound=choice.bound,
    )


def _memory_why(
    choice: Choice, peak: Measurement | None, headroom: float, guardrails: Guardrails
) -> str:
    wanted = float(choice.wanted.value)
    if choice.source == "learned":
        why = f"the learned {format_quantity(choice.wanted)}"
        if peak:
            why += f", above peak × {headroom:g}"
    else:
        assert peak is not None  # evidence won, so there was a peak
        step = memory_step(math.ceil(peak.value * headroom))
        why = f"peak × {headroom:g}, rounded up to a {human_bytes(step)} step"
    if choice.bound:
        why += f", would be {human_bytes(wanted)}; "
        why += bound_text(choice, guardrails, guardrails.max_memory)
        if peak and choice.value.value < peak.value:
            why += ", still below the observed peak"
    return why


def _memory_request(
    container: ContainerEvidence,
    limit: Quantity | None,
    request: Quantity | None,
    new_limit: Quantity,
    peak: Measurement | None,
) -> str | None:
    if request is None:
        return None
    new = request
    if limit is not None and limit.value > 0:
        new = scale(request, new_limit.value / limit.value, resolution=BYTE_RESOLUTION)
    p99 = container.memory_p99.get(peak.window) if peak else None
    if p99 is not None and new.value < p99.value:
        new = clean_memory(p99.value)
    new = min(new, new_limit)
    return None if new == request else format_quantity(new)


# --- CPU ----------------------------------------------------------------------------------------


def size_cpu(
    container: ContainerEvidence,
    *,
    current_limit: str | None = None,
    current_request: str | None = None,
    headroom: float = HEADROOM,
    throttled_ratio: float = THROTTLED_RATIO,
    guardrails: Guardrails = DEFAULT_GUARDRAILS,
    learned: str | None = None,
) -> Sizing:
    """The CPU limit (and request) from p99 / p95 usage and the throttled ratio, combined with
    a learned target (module docstring)."""
    limit = current_quantity(current_limit, container.cpu_limit, Family.DECIMAL)
    request = current_quantity(current_request, container.cpu_request, Family.DECIMAL)
    if limit is None:
        return Sizing("cpu", None, "no CPU limit: throttling comes from the node, not from a limit")
    p99 = longest(container.cpu_p99)
    wanted, parts, why = _cpu_wanted(container, limit, headroom, throttled_ratio)
    observed = ", ".join(parts) or "no CPU usage"
    choice = choose(
        limit,
        wanted,
        learned_quantity(learned),
        factor=guardrails.max_factor,
        maximum=parse_quantity(guardrails.max_cpu),
        maximum_name="max_cpu",
        resolution=CPU_RESOLUTION,
    )
    now = f"limit {format_quantity(limit)}"
    if choice is None:
        tail = "fits: the step rule applies" if p99 else "no evidence: the step rule applies"
        return Sizing("cpu", None, f"{observed}, {now}: {tail}")
    if choice.source == "learned":
        why = f"the learned {format_quantity(choice.wanted)}"
    else:
        why += ", rounded up"
    if choice.bound:
        why += f", would be {format_quantity(choice.wanted)}; "
        why += bound_text(choice, guardrails, guardrails.max_cpu)
    new = choice.value
    return Sizing(
        "cpu",
        format_quantity(new),
        f"{observed}, {now} → {format_quantity(new)} ({why})",
        request=_cpu_request(container, request, new),
        source=choice.source,
        bound=choice.bound,
    )


def _cpu_wanted(
    container: ContainerEvidence, limit: Quantity, headroom: float, throttled_ratio: float
) -> tuple[Quantity | None, list[str], str]:
    """The limit the usage asks for (p99 × headroom, or more for throttling), what was
    observed, and why that value."""
    p99 = longest(container.cpu_p99)
    if p99 is None:
        return None, [], ""
    ratios = container.cpu_throttled_ratio.values()
    ratio = max(ratios, key=lambda m: m.value) if ratios else None
    parts = [f"CPU p99 {human_cpu(p99.value)} over {window_text(p99.window)}"]
    demand = p99.value * headroom
    why = f"p99 × {headroom:g}"
    if ratio is not None:
        parts.append(f"throttled {ratio.value:.0%} of periods over {window_text(ratio.window)}")
        if ratio.value >= throttled_ratio and float(limit.value) * (1 + ratio.value) > demand:
            demand = float(limit.value) * (1 + ratio.value)
            why = f"limit × {1 + ratio.value:.2f} for the throttling"
    return clean_cpu(demand), parts, why


def _cpu_request(
    container: ContainerEvidence, request: Quantity | None, new_limit: Quantity
) -> str | None:
    """The request raised to p95 (never above the new limit), None when it stays."""
    p95 = longest(container.cpu_p95)
    if request is None or p95 is None:
        return None
    wanted = min(clean_cpu(p95.value), new_limit)
    return format_quantity(wanted) if wanted > request else None
