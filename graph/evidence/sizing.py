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
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from graph.evidence.model import ContainerEvidence, Evidence, Measurement
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

HEADROOM = 1.25
DEFAULT_GUARDRAILS = Guardrails()
THROTTLED_RATIO = 0.25  # kube-prometheus' CPUThrottlingHigh fires at 25 %
_WINDOWS = ("7d", "24h", "1h")  # longest first
_MI, _GI = 2**20, 2**30
# (below this many bytes, round up to a multiple of this many bytes)
_MEMORY_STEPS = ((_GI, 64 * _MI), (2 * _GI, 128 * _MI), (4 * _GI, 256 * _MI), (8 * _GI, 512 * _MI))
_CPU_STEPS = ((Fraction(1), Fraction(1, 10)), (Fraction(4), Fraction(1, 4)))


@dataclass(frozen=True, slots=True)
class Sizing:
    """What evidence (and learning) say one setting should be.

    `target` is the new limit (or replica count / maxReplicas) as a quantity string, None when
    neither evidence nor learning justify a raise (the step rule applies); `request` the new
    request, None when unchanged; `setting` what is sized (`memory`, `cpu`, `replicas`,
    `maxReplicas`); `source` which value won (`evidence`, `learned`, or `none`); `bound` the
    guardrail that capped it (`max_scale_factor`, `max_memory`, `max_cpu`, `max_replicas`) or
    None; `reason` one line for people."""

    setting: str
    target: str | None
    reason: str
    request: str | None = None
    source: str = "none"
    bound: str | None = None


# --- clean quantities --------------------------------------------------------------------------


def memory_step(nbytes: float) -> int:
    """The rounding step for a memory amount of `nbytes` (module docstring)."""
    return next((step for below, step in _MEMORY_STEPS if nbytes < below), _GI)


def clean_memory(nbytes: float) -> Quantity:
    """`nbytes` rounded UP to the memory step of its size (module docstring), binary units."""
    value = max(math.ceil(nbytes), 1)
    step = memory_step(value)
    return Quantity(Fraction(math.ceil(value / step) * step), Family.BINARY)


def clean_cpu(cores: float) -> Quantity:
    """`cores` rounded UP to the CPU step of its size (module docstring), in millicores."""
    value = max(Fraction(repr(cores)), CPU_RESOLUTION)
    step = next((s for below, s in _CPU_STEPS if value < below), Fraction(1, 2))
    return Quantity(math.ceil(value / step) * step, Family.DECIMAL)


def human_bytes(nbytes: float) -> str:
    """`1.71 GiB`, `512 MiB`, `900 KiB`: two decimals at most, trailing zeros dropped."""
    for unit, name in ((_GI, "GiB"), (_MI, "MiB"), (1024, "KiB")):
        if nbytes >= unit:
            return f"{_trim(nbytes / unit)} {name}"
    return f"{_trim(nbytes)} B"


def human_cpu(cores: float) -> str:
    """`480m`, `1.5 cores`."""
    if cores < 1:
        return f"{math.ceil(cores * 1000 - 1e-9)}m"
    return f"{_trim(cores)} cores"


def _trim(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _window(window: str) -> str:
    """`7d` → `7 d`, `24h` → `24 h`."""
    return f"{window[:-1]} {window[-1]}"


def longest(measurements: dict[str, Measurement]) -> Measurement | None:
    """The measurement of the longest window present."""
    return next((measurements[w] for w in _WINDOWS if w in measurements), None)


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


# --- combining with learning, guardrails ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Choice:
    value: Quantity
    source: str
    bound: str | None
    wanted: Quantity  # before the cap


def _choose(
    current: Quantity | None,
    from_evidence: Quantity | None,
    learned: Quantity | None,
    *,
    factor: float,
    maximum: Quantity,
    maximum_name: str,
    resolution: Fraction,
) -> _Choice | None:
    """The larger of the evidence's and the learned value (each only when above `current`),
    capped by factor × current and `maximum` (the lower bound wins)."""
    candidates = [
        (value, source)
        for value, source in ((from_evidence, "evidence"), (learned, "learned"))
        if value is not None and (current is None or value > current)
    ]
    if not candidates:
        return None
    wanted, source = max(candidates, key=lambda c: (c[0], c[1] == "evidence"))
    caps: list[tuple[Quantity, str]] = [(maximum, maximum_name)]
    if current is not None and current.value > 0:
        caps.append(
            (scale(current, Fraction(repr(factor)), resolution=resolution), "max_scale_factor")
        )
    cap, name = min(caps, key=lambda c: c[0])
    if wanted > cap:
        return _Choice(cap, source, name, wanted)
    return _Choice(wanted, source, None, wanted)


def _bound_text(choice: _Choice, guardrails: Guardrails, maximum: str) -> str:
    if choice.bound == "max_scale_factor":
        return f"capped by MAX_SCALE_FACTOR={guardrails.max_factor:g}"
    return f"capped by {choice.bound.upper() if choice.bound else ''}={maximum}"


def _learned(text: str | None) -> Quantity | None:
    if text is None:
        return None
    try:
        return parse_quantity(text.strip())
    except ValueError:
        return None  # a hand-edited patterns file: evidence alone decides


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
    limit = _current(current_limit, container.memory_limit, Family.BINARY)
    request = _current(current_request, container.memory_request, Family.BINARY)
    peak = longest(container.memory_peak)
    wanted = clean_memory(peak.value * headroom) if peak else None
    observed = f"peak {human_bytes(peak.value)} over {_window(peak.window)}" if peak else ""
    now = f"limit {human_bytes(float(limit.value))}" if limit else "no limit"
    choice = _choose(
        limit,
        wanted,
        _learned(learned),
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
    choice: _Choice, peak: Measurement | None, headroom: float, guardrails: Guardrails
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
        why += _bound_text(choice, guardrails, guardrails.max_memory)
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


def _current(text: str | None, measured: Measurement | None, family: Family) -> Quantity | None:
    if text is not None:
        try:
            return parse_quantity(text.strip())
        except ValueError:
            pass
    if measured is None:
        return None
    if family is Family.BINARY:
        return Quantity(Fraction(math.ceil(measured.value)), Family.BINARY)
    return Quantity(Fraction(repr(round(measured.value, 3))), Family.DECIMAL)


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
    limit = _current(current_limit, container.cpu_limit, Family.DECIMAL)
    request = _current(current_request, container.cpu_request, Family.DECIMAL)
    if limit is None:
        return Sizing("cpu", None, "no CPU limit: throttling comes from the node, not from a limit")
    p99 = longest(container.cpu_p99)
    ratios = container.cpu_throttled_ratio.values()
    ratio = max(ratios, key=lambda m: m.value) if ratios else None
    wanted: Quantity | None = None
    parts: list[str] = []
    why = ""
    if p99 is not None:
        parts.append(f"CPU p99 {human_cpu(p99.value)} over {_window(p99.window)}")
        demand = p99.value * headroom
        why = f"p99 × {headroom:g}"
        if ratio is not None:
            parts.append(f"throttled {ratio.value:.0%} of periods over {_window(ratio.window)}")
            if ratio.value >= throttled_ratio and float(limit.value) * (1 + ratio.value) > demand:
                demand = float(limit.value) * (1 + ratio.value)
                why = f"limit × {1 + ratio.value:.2f} for the throttling"
        wanted = clean_cpu(demand)
    observed = ", ".join(parts) or "no CPU usage"
    choice = _choose(
        limit,
        wanted,
        _learned(learned),
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
        why += _bound_text(choice, guardrails, guardrails.max_cpu)
    new = choice.value
    p95 = longest(container.cpu_p95)
    new_request = None
    if request is not None and p95 is not None:
        wanted_request = min(clean_cpu(p95.value), new)
        new_request = format_quantity(wanted_request) if wanted_request > request else None
    return Sizing(
        "cpu",
        format_quantity(new),
        f"{observed}, {now} → {format_quantity(new)} ({why})",
        request=new_request,
        source=choice.source,
        bound=choice.bound,
    )


# --- replicas -----------------------------------------------------------------------------------


def size_replicas(
    evidence: Evidence,
    *,
    current: int | None = None,
    headroom: float = HEADROOM,
    guardrails: Guardrails = DEFAULT_GUARDRAILS,
    learned: int | None = None,
) -> Sizing:
    """maxReplicas of a saturated HPA, or replicas without an HPA (module docstring);
    `current` is the values file's replica count (the evidence's pod count when None)."""
    if evidence.hpa_max is not None:
        return _size_hpa(evidence, headroom, guardrails, learned)
    count = current if current is not None else _count(evidence.replicas)
    if count is None or count < 1:
        return Sizing("replicas", None, "no replica count known: the step rule applies")
    wanted = max(count + 1, math.ceil(count * headroom))
    observed = f"{count} replicas, no HPA"
    return _capped_count("replicas", observed, count, wanted, headroom, guardrails, learned)


def _size_hpa(
    evidence: Evidence, headroom: float, guardrails: Guardrails, learned: int | None
) -> Sizing:
    maximum = _count(evidence.hpa_max) or 0
    current = _count(evidence.hpa_current) or 0
    peak = max(current, _count(evidence.hpa_peak) or 0)
    observed = f"HPA at {current} of {maximum} replicas (peak {peak} in 24 h)"
    if peak < maximum:
        return Sizing("maxReplicas", None, f"{observed}: not saturated, no change")
    wanted = max(maximum + 1, math.ceil(maximum * headroom))
    return _capped_count("maxReplicas", observed, maximum, wanted, headroom, guardrails, learned)


def _capped_count(
    setting: str,
    observed: str,
    current: int,
    wanted: int,
    headroom: float,
    guardrails: Guardrails,
    learned: int | None,
) -> Sizing:
    source, why = "evidence", f"max(+1, ×{headroom:g})"
    if learned is not None and learned > wanted:
        source, wanted, why = "learned", learned, f"the learned {learned}"
    caps = [
        (math.ceil(current * Fraction(repr(guardrails.max_factor))), "max_scale_factor"),
        (guardrails.max_replicas, "max_replicas"),
    ]
    cap, bound = min(caps)
    target, hit = (cap, bound) if wanted > cap else (wanted, None)
    if hit == "max_scale_factor":
        why += f", would be {wanted}; capped by MAX_SCALE_FACTOR={guardrails.max_factor:g}"
    elif hit:
        why += f", would be {wanted}; capped by MAX_REPLICAS={guardrails.max_replicas}"
    if target <= current:
        return Sizing(setting, None, f"{observed}: already at the guardrail ({why})", bound=hit)
    return Sizing(setting, str(target), f"{observed} → {target} ({why})", source=source, bound=hit)


def _count(measurement: Measurement | None) -> int | None:
    return None if measurement is None else round(measurement.value)
