"""Replica counts sized from observed usage (pure): maxReplicas of a saturated HPA, or the
replica count without one (graph.evidence.sizing's module docstring says how).
"""

from __future__ import annotations

import math
from fractions import Fraction

from graph.evidence.capping import DEFAULT_GUARDRAILS, HEADROOM, Sizing
from graph.evidence.model import Evidence, Measurement
from graph.patching.remediation import Guardrails


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
