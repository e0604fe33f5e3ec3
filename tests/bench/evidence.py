"""What the service reports about its own work: /metrics, its queue draining, /api/incidents.

The benchmark waits for the queue to drain after each service run (the workers' leftover work
counts against the service), and after each service session reads the counters and incidents
back to show that every accepted alert was really received and grouped.
"""

import re
import time
from dataclasses import dataclass

from errors import BenchError
from servers import Server

DRAIN_TIMEOUT = 120.0

_SAMPLE_RE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)$")


def read_metrics(server: Server) -> dict[str, float]:
    """The service's /metrics samples, keyed by name plus labels as printed."""
    import httpx

    text = httpx.get(server.base + "/metrics", timeout=10.0).text
    samples: dict[str, float] = {}
    for line in text.splitlines():
        match = _SAMPLE_RE.match(line)
        if match:
            samples[match.group(1) + (match.group(2) or "")] = float(match.group(3))
    return samples


def received_total(metrics: dict[str, float]) -> float:
    return sum(v for k, v in metrics.items() if k.startswith("alertgraph_alerts_received_total"))


def wait_drained(server: Server) -> tuple[float, float]:
    """Wait until the ingest queue is empty; (depth when called, seconds it took)."""
    start = time.monotonic()
    first = None
    while True:
        depth = read_metrics(server).get("alertgraph_queue_depth", 0.0)
        if first is None:
            first = depth
        if depth == 0:
            return first, time.monotonic() - start
        if time.monotonic() - start > DRAIN_TIMEOUT:
            raise BenchError(f"queue still holds {depth:.0f} alerts after {DRAIN_TIMEOUT:.0f}s")
        time.sleep(0.05)


def read_incidents(server: Server) -> list[dict[str, object]]:
    import httpx

    r = httpx.get(server.base + "/api/incidents", params={"limit": 200}, timeout=10.0)
    r.raise_for_status()
    items: list[dict[str, object]] = r.json()["items"]
    return items


@dataclass
class Evidence:
    received: float
    expected_min: int
    deduplicated: float
    rejected: float
    depth_after_drain: float
    incidents: list[dict[str, object]]

    @classmethod
    def collect(cls, server: Server, expected_min: int) -> "Evidence":
        """Read the service's counters and incidents back; BenchError if it lost alerts.

        `expected_min`: the alerts in every request wrk (and the start-up probe) saw answered.
        """
        metrics = read_metrics(server)
        evidence = cls(
            received=received_total(metrics),
            expected_min=expected_min,
            deduplicated=metrics.get("alertgraph_alerts_deduplicated_total", 0.0),
            rejected=sum(
                v for k, v in metrics.items() if k.startswith("alertgraph_alerts_rejected_total")
            ),
            depth_after_drain=metrics.get("alertgraph_queue_depth", -1.0),
            incidents=read_incidents(server),
        )
        if evidence.received < evidence.expected_min:
            raise BenchError(
                f"the service counted {evidence.received:,.0f} alerts received but wrk saw "
                f"{evidence.expected_min:,} accepted: it dropped work"
            )
        if evidence.grouped < evidence.received:
            raise BenchError(
                f"the incidents hold {evidence.grouped:,} alert events but the service received "
                f"{evidence.received:,.0f}: alerts were accepted but not grouped"
            )
        return evidence

    @property
    def grouped(self) -> int:
        """Alert events the listed incidents account for (`counters.events`)."""
        total = 0
        for item in self.incidents:
            counters = item["counters"]
            assert isinstance(counters, dict)
            total += int(counters["events"])
        return total
