"""Combining a size from evidence with a learned one under the guardrails (pure), and what
every sizing answers (`Sizing`).

The larger of the two (each only when above the current value), capped by MAX_SCALE_FACTOR ×
the current value and the setting's maximum: the lower bound wins and is named.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from graph.evidence.model import Measurement
from graph.patching.quantity import Family, Quantity, parse_quantity, scale
from graph.patching.remediation import Guardrails

HEADROOM = 1.25
DEFAULT_GUARDRAILS = Guardrails()
THROTTLED_RATIO = 0.25  # kube-prometheus' CPUThrottlingHigh fires at 25 %


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


@dataclass(frozen=True, slots=True)
class Choice:
    """The value chosen, which one won (`evidence` or `learned`), the guardrail that capped it
    (or None) and the value wanted before the cap."""

    value: Quantity
    source: str
    bound: str | None
    wanted: Quantity  # before the cap


def choose(
    current: Quantity | None,
    from_evidence: Quantity | None,
    learned: Quantity | None,
    *,
    factor: float,
    maximum: Quantity,
    maximum_name: str,
    resolution: Fraction,
) -> Choice | None:
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
        return Choice(cap, source, name, wanted)
    return Choice(wanted, source, None, wanted)


def bound_text(choice: Choice, guardrails: Guardrails, maximum: str) -> str:
    """The guardrail that capped `choice`, for people (`capped by MAX_MEMORY=8Gi`)."""
    if choice.bound == "max_scale_factor":
        return f"capped by MAX_SCALE_FACTOR={guardrails.max_factor:g}"
    return f"capped by {choice.bound.upper() if choice.bound else ''}={maximum}"


def learned_quantity(text: str | None) -> Quantity | None:
    """A learned target as a quantity; None when there is none or it does not parse."""
    if text is None:
        return None
    try:
        return parse_quantity(text.strip())
    except ValueError:
        return None  # a hand-edited patterns file: evidence alone decides


def current_quantity(
    text: str | None, measured: Measurement | None, family: Family
) -> Quantity | None:
    """The current setting: the values file's text, else the measured one, else None."""
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
