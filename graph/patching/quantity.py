"""Kubernetes resource quantities (pure): parse, format, compare and scale without float drift.

A quantity is an exact `Fraction` of its base unit (bytes for memory and storage, cores for
CPU) plus the notation family it was written in, so a result is printed the way the input
was: binary suffixes stay binary (`512Mi` × 2 → `1Gi`), decimal ones decimal (`1` × 1.5 →
`1500m`), exponents stay exponents (`129e6` × 2 → `258e6`). Printing picks the largest suffix
of the family that gives a whole number, as Kubernetes does (`1.5Gi` → `1536Mi`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from functools import total_ordering

# Kubernetes keeps nine decimal places: anything finer is rounded up to 1n when parsed.
_NANO = Fraction(1, 10**9)
_MAX_TEXT = 64  # longer strings are not quantities anyone writes; refuse before any arithmetic
_MAX_EXPONENT = 30

_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL_POWERS = {"n": -9, "u": -6, "m": -3, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_DECIMAL_SUFFIXES = {power: suffix for suffix, power in _DECIMAL_POWERS.items()}
# The exponent alternative comes first so that `1E3` is 1000, while a lone `1E` is one exa.
_QUANTITY = re.compile(
    r"\+?(?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
    r"(?:(?P<exponent>[eE][-+]?[0-9]+)|(?P<suffix>Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?"
)

# The resolution a resource is meaningful at: the API server rounds CPU to whole millicores,
# and a fraction of a byte is nonsense.
CPU_RESOLUTION = Fraction(1, 1000)
BYTE_RESOLUTION = Fraction(1)


class Family(StrEnum):
    """The notation a quantity is written in; formatting stays in it."""

    BINARY = "binary"  # Ki, Mi, Gi, …
    DECIMAL = "decimal"  # n, u, m, (none), k, M, G, …
    EXPONENT = "exponent"  # 1e3, 129e6


@total_ordering
@dataclass(frozen=True, slots=True, eq=False)
class Quantity:
    """An exact, non-negative amount of a resource.

    Equality, ordering and hashing look at the amount only: `1Gi == 1073741824`, whatever the
    notation.
    """

    value: Fraction
    family: Family = Family.DECIMAL

    def __eq__(self, other: object) -> bool:
        """Equal amounts, whatever the notation."""
        if not isinstance(other, Quantity):
            return NotImplemented
        return self.value == other.value

    def __lt__(self, other: Quantity) -> bool:
        """The smaller amount."""
        return self.value < other.value

    def __hash__(self) -> int:
        """The amount's hash, so equal quantities hash alike."""
        return hash(self.value)

    def __str__(self) -> str:
        """The canonical text (`format_quantity`)."""
        return format_quantity(self)


def parse_quantity(text: str) -> Quantity:
    """Parse a Kubernetes quantity such as `512Mi`, `1.5Gi`, `500m`, `2`, `129e6`.

    The value is exact; precision finer than one nano-unit is rounded up, as Kubernetes does.
    Raises ValueError, naming the text, for anything else: empty strings, negative amounts,
    unknown suffixes (`1K`, `1GB`), words.
    """
    if not isinstance(text, str):
        raise ValueError(f"{text!r} is not a Kubernetes quantity: expected a string")
    if len(text) > _MAX_TEXT:
        raise ValueError(f"{text[:20]!r}… is not a Kubernetes quantity: too long")
    match = _QUANTITY.fullmatch(text)
    if match is None:
        reason = "negative" if text.startswith("-") else "empty" if not text else "not a quantity"
        raise ValueError(
            f"{text!r} is not a Kubernetes quantity ({reason}; expected e.g. 512Mi, 1Gi, 500m, 2)"
        )
    value = Fraction(Decimal(match["number"]))
    if exponent := match["exponent"]:
        power = int(exponent[1:])
        if abs(power) > _MAX_EXPONENT:
            raise ValueError(f"{text!r} is not a usable Kubernetes quantity: exponent too large")
        value *= Fraction(10) ** power
        family = Family.EXPONENT
    elif (suffix := match["suffix"]) in _BINARY:
        value *= _BINARY[suffix]
        family = Family.BINARY
    else:
        value *= Fraction(10) ** _DECIMAL_POWERS[suffix] if suffix else 1
        family = Family.DECIMAL
    return Quantity(_ceil_to(value, _NANO), family)


def format_quantity(quantity: Quantity) -> str:
    """The canonical text of a quantity in its own family.

    The largest suffix that gives a whole number (`1536Mi`, `1500m`, `3`, `258e6`). A binary
    amount that is not a whole number of bytes is printed in decimal notation, as Kubernetes
    does.
    """
    value = quantity.value
    if value == 0:
        return "0"
    if quantity.family is Family.BINARY and value.denominator == 1:
        for suffix, unit in reversed(_BINARY.items()):
            if value % unit == 0:
                return f"{value // unit}{suffix}"
        return str(value.numerator)
    for power in range(18, -10, -3):
        scaled = value / Fraction(10) ** power
        if scaled.denominator == 1:
            if power == 0:
                return str(scaled.numerator)
            if quantity.family is Family.EXPONENT:
                return f"{scaled.numerator}e{power}"
            return f"{scaled.numerator}{_DECIMAL_SUFFIXES[power]}"
    raise AssertionError(f"{value} is not a whole number of nano-units")  # parse rounds to 1n


def rounding_unit(quantity: Quantity, resolution: Fraction) -> Fraction:
    """The unit `scale` rounds to.

    The largest unit of the quantity's family that divides the quantity, is at least
    `resolution`, and leaves at least 100 of them in the quantity (so rounding adds under 1 %).
    `512Mi` → Mi, `1Gi` → Mi, `1` (CPU) → m, `2G` → M.
    """
    units = _units(quantity.family)
    allowed = [u for u in units if u >= resolution and quantity.value % u == 0]
    if not allowed:
        return min((u for u in units if u >= resolution), default=resolution)
    fine_enough = [u for u in allowed if quantity.value >= 100 * u]
    return max(fine_enough) if fine_enough else min(allowed)


def scale(
    quantity: Quantity, factor: Fraction | Decimal | int | float, *, resolution: Fraction
) -> Quantity:
    """`quantity` × `factor`, rounded UP to a whole `rounding_unit`, in the same family.

    The product is exact (a float factor is read as its shortest decimal, so 1.1 means 11/10).
    Rounding up means a factor ≥ 1 never shrinks the quantity, and a factor of 1 leaves any
    quantity that is a whole number of `resolution` unchanged (binary quantities round to
    whole bytes at least). Raises ValueError for a negative or non-finite factor.
    """
    exact_factor = _exact(factor)
    if exact_factor < 0:
        raise ValueError(f"cannot scale a quantity by a negative factor ({factor})")
    unit = rounding_unit(quantity, resolution)
    return Quantity(_ceil_to(quantity.value * exact_factor, unit), quantity.family)


def _exact(number: Fraction | Decimal | int | float) -> Fraction:
    if isinstance(number, float):
        if not math.isfinite(number):
            raise ValueError(f"cannot scale a quantity by {number}")
        return Fraction(repr(number))
    return Fraction(number)


def _ceil_to(value: Fraction, unit: Fraction) -> Fraction:
    return math.ceil(value / unit) * unit


def _units(family: Family) -> list[Fraction]:
    if family is Family.BINARY:
        return [Fraction(1), *(Fraction(u) for u in _BINARY.values())]
    return [Fraction(10) ** power for power in range(-9, 19, 3)]
