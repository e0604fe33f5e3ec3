"""Evidence benchmark (issue 13): enrichment latency against a local Prometheus, and the
fallback Loki poller's CPU time on a 10,000-line window.

Run with `.venv/bin/python tests/bench/evidence_bench.py` (`--help` for the knobs). Not a
pytest module (pytest only collects `test_*.py`), and nothing runs at import. Not to be
confused with tests/bench/evidence.py, the ingest benchmark's proof-of-work reader.

1. Enrichment. Seven days of cAdvisor / kube-state-metrics series for one workload
   (tests/graph/evidence/history.py) are written as OpenMetrics, backfilled with
   `promtool tsdb create-blocks-from openmetrics` into a temporary directory, and served by a
   real `prometheus` on loopback. `graph.evidence.enrichment.gather` runs for the workload
   `--rounds` times after a warm-up, sequentially, on one httpx client; the figure is its wall
   time. Enrichment sits on the alert → awaiting_approval path, so its p50 is what it adds.
   Measured twice: right after start (84 backfilled 2 h blocks) and once Prometheus has
   compacted them (its compaction loop runs every minute), as a long-running Prometheus holds
   its history. Then the compiled workflow runs the same OOM alert to awaiting_approval with
   and without evidence, interleaved (tests/bench/evidence_workflow.py): the difference of
   the p50s is what enrichment adds. Target: ≤ 50 ms p50 added, on the compacted history.
2. Poller. The loopback fake Loki (tests/graph/evidence/fake_loki.py, in this process, its
   server on threads of its own) holds one window of 10,000 matching lines over 50 streams;
   `graph.evidence.poller.poll_once` reads it with the default configuration (limit 1,000 per
   page, so 10+ pages, 20 masked lines per stream into events). The figure is the CPU time of
   the polling thread (`time.thread_time`, which leaves the fake's threads out): median over
   `--poll-rounds` fresh polls. Target: ≤ 1 s of CPU.

Missing a target is reported, not an error (exit 0); a failure to run exits 1; missing
`prometheus` / `promtool` exits 2.
"""

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402

from graph.evidence.enrichment import gather  # noqa: E402
from graph.evidence.loki import LokiClient  # noqa: E402
from graph.evidence.poller import PollerConfig, PollerState, poll_once  # noqa: E402
from graph.evidence.prometheus import PrometheusClient  # noqa: E402
from graph.evidence.queries import Scope  # noqa: E402
from tests.bench.evidence_workflow import workflow_added  # noqa: E402
from tests.graph.evidence import history  # noqa: E402
from tests.graph.evidence.fake_loki import FakeLoki, serving  # noqa: E402

ENRICH_P50_TARGET_MS = 50.0
POLL_CPU_TARGET_S = 1.0
WINDOW_LINES, STREAMS = 10_000, 50
NS = 10**9


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--rounds", type=int, default=50, help="measured enrichments (50)")
    p.add_argument("--warmup", type=int, default=5, help="enrichments before measuring (5)")
    p.add_argument("--poll-rounds", type=int, default=5, help="measured polls (5)")
    p.add_argument(
        "--compaction-wait", type=float, default=180.0, help="most seconds to wait (180)"
    )
    return p.parse_args(argv)


class Failed(Exception):
    """The benchmark could not run."""


# --- Prometheus with history ----------------------------------------------------------------------


def backfill(workdir: Path, end: int) -> Path:
    promtool = shutil.which("promtool")
    if promtool is None:
        raise FileNotFoundError("promtool")
    data = workdir / "data"
    for index, text in enumerate(history.openmetrics_chunks(history.history(end), end, hours=24)):
        path = workdir / f"history-{index}.om"
        path.write_text(text)
        argv = [promtool, "tsdb", "create-blocks-from", "openmetrics", "-q", str(path), str(data)]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=300, check=False)
        if done.returncode != 0:
            raise Failed(f"promtool: {done.stderr[-500:]}")
    return data


def start_prometheus(workdir: Path, data: Path) -> tuple[subprocess.Popen[bytes], str]:
    binary = shutil.which("prometheus")
    if binary is None:
        raise FileNotFoundError("prometheus")
    config = workdir / "prometheus.yml"
    config.write_text("global: {}\n")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (workdir / "prometheus.log").open("wb")
    proc = subprocess.Popen(
        [
            binary,
            f"--config.file={config}",
            f"--storage.tsdb.path={data}",
            "--storage.tsdb.retention.time=30d",
            f"--web.listen-address=127.0.0.1:{port}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise Failed(f"prometheus exited with {proc.returncode}")
        try:
            if httpx.get(f"{url}/-/ready", timeout=1.0).status_code == 200:
                return proc, url
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise Failed("prometheus not ready within 60 s")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def blocks_loaded(url: str) -> int:
    """Prometheus' own `prometheus_tsdb_blocks_loaded`."""
    for line in httpx.get(f"{url}/metrics", timeout=5.0).text.splitlines():
        if line.startswith("prometheus_tsdb_blocks_loaded "):
            return int(float(line.split()[1]))
    raise Failed("prometheus_tsdb_blocks_loaded not exported")


def wait_compacted(url: str, limit: float) -> tuple[int, float]:
    """Wait until Prometheus has compacted the backfilled 2 h blocks (its compaction loop
    runs once a minute) and the count stays put for 10 s; (blocks, seconds waited)."""
    started = time.monotonic()
    first = last = blocks_loaded(url)
    stable_since = time.monotonic()
    while time.monotonic() - started < limit:
        time.sleep(2.0)
        now = blocks_loaded(url)
        if now != last:
            last, stable_since = now, time.monotonic()
        elif now < first and time.monotonic() - stable_since >= 10:
            break
    return last, time.monotonic() - started


@dataclass
class Enrichment:
    """Wall times (ms) of each measured gather, and CPU ms per gather: ours and Prometheus'."""

    times: list[float]
    client_cpu_ms: float
    prometheus_cpu_ms: float


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def enrichment_times(url: str, pid: int, end: int, args: argparse.Namespace) -> Enrichment:
    scope = Scope(history.NAMESPACE, history.WORKLOAD, cluster=history.CLUSTER)
    times: list[float] = []
    async with httpx.AsyncClient(trust_env=False) as http:
        client = PrometheusClient(http, url)
        for _ in range(args.warmup):
            await gather(client, scope, at=end)
        cpu, server_cpu = time.thread_time(), process_cpu(pid)
        for _ in range(args.rounds):
            started = time.perf_counter()
            evidence = await gather(client, scope, at=end)
            times.append((time.perf_counter() - started) * 1000)
            if "checkout" not in evidence.containers or len(evidence.missing) != 1:
                raise Failed(f"enrichment incomplete: {[m.describe() for m in evidence.missing]}")
        cpu, server_cpu = time.thread_time() - cpu, process_cpu(pid) - server_cpu
    return Enrichment(times, cpu * 1000 / args.rounds, server_cpu * 1000 / args.rounds)


# --- the poller -----------------------------------------------------------------------------------


def fill(fake: FakeLoki, now_ns: int) -> None:
    """WINDOW_LINES matching lines in the last 4 minutes, over STREAMS pods."""
    per_stream = WINDOW_LINES // STREAMS
    for s in range(STREAMS):
        labels = {"namespace": f"ns-{s % 5}", "pod": f"app{s}-7d9f8c6b5-x2k4p", "container": "app"}
        lines = [
            (
                now_ns - 240 * NS + (i * STREAMS + s) * 20_000_000,
                f'level=error ts=2026-12-06T07:00:00Z caller=db.go:{i} msg="query failed" '
                f'err="dial tcp 10.0.{s}.{i % 250}:5432: connect: connection refused" '
                f"dsn=postgres://app:s3cret{i}@db-{s}:5432/app",
            )
            for i in range(per_stream)
        ]
        fake.push(labels, lines)


async def poll_cpu(args: argparse.Namespace) -> tuple[list[float], int, int]:
    now_ns = 1_796_540_400 * NS
    cpu: list[float] = []
    lines = events = 0
    with serving(FakeLoki()) as fake:
        fill(fake, now_ns)
        async with httpx.AsyncClient(trust_env=False) as http:
            client = LokiClient(http, fake.url)
            config = PollerConfig(query='{namespace=~".+"} |~ "(?i)error"', delay=0.0)
            await poll_once(client, config, PollerState(), now_ns=now_ns)  # warm-up
            for _ in range(args.poll_rounds):
                started = time.thread_time()
                result = await poll_once(client, config, PollerState(), now_ns=now_ns)
                cpu.append(time.thread_time() - started)
                if result.error is not None:
                    raise Failed(f"poll failed: {result.error.describe()}")
                lines, events = result.lines_read, len(result.events)
    return cpu, lines, events


# --- report ---------------------------------------------------------------------------------------


def figures(name: str, run: Enrichment) -> str:
    times = run.times
    return (
        f"  {name}:\n    wall p50 {statistics.median(times):.1f} ms, "
        f"p95 {quantile(times, 0.95):.1f} ms, min {min(times):.1f} ms, max {max(times):.1f} ms; "
        f"CPU per enrichment: ours {run.client_cpu_ms:.1f} ms, "
        f"Prometheus {run.prometheus_cpu_ms:.1f} ms"
    )


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    """Run both parts; 0 when they ran (targets met or not), 1 on failure, 2 without binaries."""
    args = parse_args(argv)
    print("Evidence benchmark (issue 13)")
    with tempfile.TemporaryDirectory(prefix="alertgraph-evidence-") as tmp:
        workdir = Path(tmp)
        end = int(time.time()) // 600 * 600
        proc = None
        try:
            started = time.monotonic()
            data = backfill(workdir, end)
            print(f"  history backfilled in {time.monotonic() - started:.1f} s")
            proc, url = start_prometheus(workdir, data)
            fresh_blocks = blocks_loaded(url)
            fresh = asyncio.run(enrichment_times(url, proc.pid, end, args))
            compacted_blocks, waited = wait_compacted(url, args.compaction_wait)
            print(f"  compaction: {fresh_blocks} → {compacted_blocks} blocks in {waited:.0f} s")
            compacted = asyncio.run(enrichment_times(url, proc.pid, end, args))
            added = asyncio.run(workflow_added(url, end, workdir, args.rounds, args.warmup))
            load = os.getloadavg()
            cpu, lines, events = asyncio.run(poll_cpu(args))
        except FileNotFoundError as exc:
            print(f"SKIPPED: {exc} not found (apt-get install prometheus)", file=sys.stderr)
            return 2
        except Failed as exc:
            print(f"FAILED: {exc}", file=sys.stderr)
            return 1
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=10)
    print(f"\nEnrichment ({args.rounds} rounds each, 7 d of history, local Prometheus)")
    print(figures(f"just backfilled ({fresh_blocks} blocks)", fresh))
    print(figures(f"compacted ({compacted_blocks} blocks), the target's case", compacted))
    print(f"  machine load average then: {load[0]:.2f} (1 min) on {os.cpu_count()} CPUs")
    print(
        "  alert → awaiting_approval (compiled workflow): p50 "
        f"{statistics.median(added.without):.1f} ms without evidence, "
        f"{statistics.median(added.with_evidence):.1f} ms with; "
        f"added {added.added_p50():.1f} ms"
    )
    p50 = added.added_p50()
    verdict = "met" if p50 <= ENRICH_P50_TARGET_MS else "MISSED"
    print(
        f"  target: adds ≤ {ENRICH_P50_TARGET_MS:.0f} ms p50 to alert → awaiting_approval: "
        f"{verdict} (added / target = {p50 / ENRICH_P50_TARGET_MS:.2f})"
    )
    median_cpu = statistics.median(cpu)
    print(
        f"\nPoller ({WINDOW_LINES:,}-line window, {STREAMS} streams, {args.poll_rounds} rounds): "
        f"CPU median {median_cpu * 1000:.0f} ms, max {max(cpu) * 1000:.0f} ms; "
        f"{lines:,} lines read, {events} events"
    )
    verdict = "met" if median_cpu <= POLL_CPU_TARGET_S else "MISSED"
    print(
        f"  target ≤ {POLL_CPU_TARGET_S:.0f} s of CPU: {verdict} "
        f"(CPU / target = {median_cpu / POLL_CPU_TARGET_S:.2f})"
    )
    print("\nReproduce: .venv/bin/python tests/bench/evidence_bench.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
