"""The evidence gathered for one incident, as plain values (pure).

Every number is a `Measurement`: the value, the PromQL that produced it and its window
(`1h`, `24h`, `7d`, or `now`), and the pod it came from when it is one pod's value (a peak).
`Evidence.to_dict()` is JSON (no NaN, no infinities: such samples are dropped when gathered)
and `Evidence.from_dict()` reads it back, so evidence can live in the workflow state and the
incident record and still be sized from later.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from graph.evidence.backend import Reason

Windowed = dict[str, "Measurement"]  # window ("1h", "24h", "7d") → measurement


@dataclass(frozen=True, slots=True)
class Measurement:
    """A number and where it came from."""

    value: float
    query: str
    window: str
    pod: str | None = None


@dataclass(frozen=True, slots=True)
class Missing:
    """Evidence that could not be had: the signal (`memory.peak`, `logs`, `prometheus`), its
    window, the backend, why, what the backend said (masked), and the query asked."""

    signal: str
    backend: str
    reason: Reason
    detail: str = ""
    window: str = ""
    query: str = ""

    def describe(self) -> str:
        """One line: `memory.peak 7d: prometheus timeout (no answer within 3 s)`."""
        window = f" {self.window}" if self.window else ""
        detail = f" ({self.detail})" if self.detail else ""
        return f"{self.signal}{window}: {self.backend} {self.reason.value}{detail}"


@dataclass(slots=True)
class ContainerEvidence:
    """What one container of the workload used and is allowed (across its pods: the highest
    pod's peak and p99, the summed restarts and CFS periods)."""

    memory_peak: Windowed = field(default_factory=dict)
    memory_p99: Windowed = field(default_factory=dict)
    memory_limit: Measurement | None = None
    memory_request: Measurement | None = None
    cpu_p95: Windowed = field(default_factory=dict)
    cpu_p99: Windowed = field(default_factory=dict)
    cpu_throttled_ratio: Windowed = field(default_factory=dict)
    cpu_limit: Measurement | None = None
    cpu_request: Measurement | None = None
    restarts: Windowed = field(default_factory=dict)
    termination_reasons: dict[str, int] = field(default_factory=dict)  # reason → pods


@dataclass(frozen=True, slots=True)
class LogLine:
    """One log line (masked, possibly cut), its time in ns and the pod it came from."""

    timestamp_ns: int
    text: str
    pod: str = ""


@dataclass(frozen=True, slots=True)
class LogExcerpt:
    """Error lines of a workload around a time: the LogQL, the range read, the lines (oldest
    first) and whether more matched than the bounds allowed."""

    query: str
    start_ns: int
    end_ns: int
    lines: tuple[LogLine, ...]
    truncated: bool = False


@dataclass(slots=True)
class Evidence:
    """Everything gathered for one workload at one time (`at`, unix seconds)."""

    namespace: str
    workload: str
    at: float
    cluster: str | None = None
    containers: dict[str, ContainerEvidence] = field(default_factory=dict)
    replicas: Measurement | None = None
    hpa_current: Measurement | None = None
    hpa_max: Measurement | None = None
    hpa_peak: Measurement | None = None
    volumes: dict[str, dict[str, Measurement]] = field(default_factory=dict)  # pvc → used/cap
    logs: LogExcerpt | None = None
    missing: list[Missing] = field(default_factory=list)

    def container(self, name: str) -> ContainerEvidence:
        """The container's evidence, created empty on first use."""
        return self.containers.setdefault(name, ContainerEvidence())

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values (Reason as its string)."""
        document = asdict(self)
        document["missing"] = [{**m, "reason": str(m["reason"])} for m in document["missing"]]
        if document["logs"] is not None:
            document["logs"]["lines"] = list(document["logs"]["lines"])
        return document

    @classmethod
    def from_dict(cls, document: dict[str, Any]) -> Evidence:
        """The inverse of `to_dict`."""
        containers = {
            name: _container(raw) for name, raw in (document.get("containers") or {}).items()
        }
        logs = document.get("logs")
        return cls(
            namespace=document["namespace"],
            workload=document["workload"],
            at=float(document["at"]),
            cluster=document.get("cluster"),
            containers=containers,
            replicas=_measurement(document.get("replicas")),
            hpa_current=_measurement(document.get("hpa_current")),
            hpa_max=_measurement(document.get("hpa_max")),
            hpa_peak=_measurement(document.get("hpa_peak")),
            volumes={
                pvc: {k: Measurement(**v) for k, v in values.items()}
                for pvc, values in (document.get("volumes") or {}).items()
            },
            logs=None
            if logs is None
            else LogExcerpt(
                query=logs["query"],
                start_ns=int(logs["start_ns"]),
                end_ns=int(logs["end_ns"]),
                lines=tuple(LogLine(**line) for line in logs["lines"]),
                truncated=bool(logs.get("truncated")),
            ),
            missing=[
                Missing(**{**m, "reason": Reason(m["reason"])})
                for m in document.get("missing") or []
            ],
        )


def _measurement(raw: dict[str, Any] | None) -> Measurement | None:
    return None if raw is None else Measurement(**raw)


def _windowed(raw: dict[str, Any] | None) -> Windowed:
    return {window: Measurement(**m) for window, m in (raw or {}).items()}


def _container(raw: dict[str, Any]) -> ContainerEvidence:
    return ContainerEvidence(
        memory_peak=_windowed(raw.get("memory_peak")),
        memory_p99=_windowed(raw.get("memory_p99")),
        memory_limit=_measurement(raw.get("memory_limit")),
        memory_request=_measurement(raw.get("memory_request")),
        cpu_p95=_windowed(raw.get("cpu_p95")),
        cpu_p99=_windowed(raw.get("cpu_p99")),
        cpu_throttled_ratio=_windowed(raw.get("cpu_throttled_ratio")),
        cpu_limit=_measurement(raw.get("cpu_limit")),
        cpu_request=_measurement(raw.get("cpu_request")),
        restarts=_windowed(raw.get("restarts")),
        termination_reasons=dict(raw.get("termination_reasons") or {}),
    )
