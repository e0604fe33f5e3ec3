"""The ingest benchmark's figures: one measured run, a cell of rounds, and the per-round ratios.

A `Run` is one wrk run plus the server's CPU time over it; a `Cell` holds every round of one
(server, body) pair and gives its medians; `Ratios` compares the service with one baseline round
by round (round i against round i), since on a shared machine the rounds drift.
"""

import statistics
from dataclasses import dataclass, field

from wrk import WrkResult


@dataclass(frozen=True)
class Run:
    """One measured wrk run and the server's CPU time over it."""

    wrk: WrkResult
    cpu_seconds: float  # server CPU time over the window
    window_seconds: float  # wall time of the window: the wrk run (service: plus the drain)

    @property
    def rps(self) -> float:
        return self.wrk.rps

    @property
    def cpu_us(self) -> float:
        """Server CPU microseconds per request wrk completed."""
        return self.cpu_seconds / self.wrk.requests * 1e6

    @property
    def busy(self) -> float:
        """Share of one core the server used over the window."""
        return self.cpu_seconds / self.window_seconds


@dataclass
class Cell:
    """All rounds of one (server, body) measurement."""

    runs: list[Run] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return statistics.median(r.rps for r in self.runs)

    @property
    def cpu_us(self) -> float:
        return statistics.median(r.cpu_us for r in self.runs)

    @property
    def p50(self) -> float:
        return statistics.median(r.wrk.p50_ms for r in self.runs)

    @property
    def p99(self) -> float:
        return statistics.median(r.wrk.p99_ms for r in self.runs)

    def spread(self) -> str:
        values = [r.rps for r in self.runs]
        return f"{min(values):,.0f}-{max(values):,.0f}"


@dataclass(frozen=True)
class Ratios:
    """service against one baseline on one body, round by round (round i of each)."""

    rps: list[float]  # service req/s / baseline req/s
    cpu: list[float]  # baseline CPU/request / service CPU/request
    cpu_extra: list[float]  # service CPU/request - baseline CPU/request, microseconds

    @classmethod
    def of(cls, base: Cell, service: Cell) -> "Ratios":
        pairs = list(zip(base.runs, service.runs, strict=True))
        return cls(
            rps=[s.rps / b.rps for b, s in pairs],
            cpu=[b.cpu_us / s.cpu_us for b, s in pairs],
            cpu_extra=[s.cpu_us - b.cpu_us for b, s in pairs],
        )

    @property
    def rps_median(self) -> float:
        return statistics.median(self.rps)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)
