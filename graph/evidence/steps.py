"""Clean quantities for sized fixes (pure): the rounding steps, human-readable amounts and the
longest window with data. The steps are graph.evidence.sizing's (its module docstring).
"""

from __future__ import annotations

import math
from fractions import Fraction

from graph.evidence.model import Measurement
from graph.patching.quantity import CPU_RESOLUTION, Family, Quantity

WINDOWS = ("7d", "24h", "1h")  # longest first
_MI, _GI = 2**20, 2**30
# (below this many bytes, round up to a multiple of this many bytes)
_MEMORY_STEPS = ((_GI, 64 * _MI), (2 * _GI, 128 * _MI), (4 * _GI, 256 * _MI), (8 * _GI, 512 * _MI))
_CPU_STEPS = ((Fraction(1), Fraction(1, 10)), (Fraction(4), Fraction(1, 4)))


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


def window_text(window: str) -> str:
    """`7d` → `7 d`, `24h` → `24 h`."""
    return f"{window[:-1]} {window[-1]}"


def longest(measurements: dict[str, Measurement]) -> Measurement | None:
    """The measurement of the longest window present."""
    return next((measurements[w] for w in WINDOWS if w in measurements), None)
