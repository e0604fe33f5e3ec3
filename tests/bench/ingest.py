"""Ingest benchmark: the Alertmanager webhook against two bare Litestar handlers.

Run with `make bench` (or `.venv/bin/python tests/bench/ingest.py --help` for the knobs). Not a
pytest module: pytest only collects `test_*.py`, and nothing here runs at import.

Three single-worker uvicorn processes are started on free loopback ports, one after the other
(never at the same time, so each gets a core and wrk the other):

- `bare`: a Litestar app (`--serve-bare PORT`, below) whose one handler takes
  `data: JSONBody[WebhookMessage]`, the idiomatic Litestar way to accept this body (Litestar
  decodes the JSON into Python objects, then converts those into the msgspec type: two passes),
  and returns 200 without doing anything else. This is the baseline of the acceptance check.
- `bare-onepass`: the same app (`--serve-bare-onepass PORT`), but its handler takes
  `body: RawBody` and calls `receiver.bodies.decode_webhook(body)`: literally the decoder the
  service uses (one msgspec pass straight into `WebhookMessage`), and nothing else.
- `service`: `python -m receiver`, with a queue large enough that it never answers 503.

Both bare apps have `logging_config=None` like receiver/app.py, the service's
`request_max_body_size` and no OpenAPI, and run under uvicorn with the options
`receiver.cli.serve` uses.

Why two baselines. The issue's target compares the service with "a bare Litestar handler that
only decodes the same body"; the handler anyone would write for that is `bare`, so it stays the
headline baseline and the PASS/FAIL check. But the service no longer decodes the Litestar way:
its one-pass decode is some hundreds of microseconds cheaper per 100-alert body than `bare`'s, so
against `bare` that saving can hide the service's own work. `bare-onepass` decodes exactly as
cheaply as the service, so service against `bare-onepass` is the cost of the service's own work
(normalise + queue + group, plus the tenant header and the JSON answer). It is printed next
to the verdicts, informational and never hidden, with the derived "own work" CPU microseconds per
request (service CPU/request - bare-onepass CPU/request) and, on the 100-alert body, per alert.

wrk (one thread) posts the real captured Alertmanager bodies (2 alerts and 100 alerts) to
`/webhooks/alertmanager` on each. Every round runs bare, bare-onepass and service in turn, so
drift of the machine hits all three alike. Any non-2xx answer or socket timeout aborts the run,
since the figures would be meaningless. After each service session its `/metrics` and
`/api/incidents` are read to show the alerts were really grouped.

Two figures per run:

- requests/s as wrk saw them. On a shared machine these drift between rounds, so the headline
  ratios are the medians of the per-round ratios (baseline round i against service round i,
  measured a few seconds apart), not the ratios of the medians.
- the server process's CPU time per request (utime + stime from /proc/<pid>/stat over the
  measured window, divided by the requests wrk completed). For the service the window ends only
  once its queue has drained, so work the workers do after wrk stopped is counted against it.
  baseline CPU/request / service CPU/request is the CPU-capacity ratio: the share of the
  baseline's throughput one fully busy service worker can reach, whatever CPU wrk and the rest of
  the machine took. It is printed as supporting evidence next to the requests/s ratio.

Targets: service requests/s >= 0.8 x `bare` requests/s (median of the per-round ratios), and
>= 50,000 alerts/s on the 100-alert body. Missing a target is reported, not an error (exit 0);
errors exit 1, a missing wrk, /proc or fixtures exit 2.
"""

import argparse
import contextlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# The fixtures live in a sibling checkout: <repo>/../shared/fixtures/real/...
FIXTURES = REPO.parent / "shared" / "fixtures" / "real"
BODIES = (
    ("2 alerts", Path("am-webhook-firing-2-alerts.json")),
    ("100 alerts", Path("large") / "am-webhook-firing-100-alerts.json"),
)
WEBHOOK_PATH = "/webhooks/alertmanager"
RATIO_TARGET = 0.8
ALERTS_PER_SECOND_TARGET = 50_000
TARGET_BODY = "100 alerts"  # the body the alerts/s target applies to
START_TIMEOUT = 30.0
STOP_TIMEOUT = 20.0  # uvicorn's graceful shutdown (10 s) plus the queue drain
DRAIN_TIMEOUT = 120.0
# Every round starts these in this order; `bare` is the acceptance baseline.
KINDS = ("bare", "bare-onepass", "service")
REPRODUCE = "make bench   (= .venv/bin/python tests/bench/ingest.py)"

# wrk script: POST the body file given after `--`; done() prints one JSON line we parse.
WRK_SCRIPT = r"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function init(args)
  local f = assert(io.open(args[1], "rb"))
  wrk.body = f:read("*a")
  f:close()
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH-RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
    .. '"mean_us": %.1f, "max_us": %d, "connect": %d, "read": %d, "write": %d, '
    .. '"status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.mean, latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


class BenchError(Exception):
    """The run cannot produce meaningful figures (server errors, no start-up, ...)."""


# --- the bare server ---------------------------------------------------------------------------


def serve_bare(port: int, onepass: bool) -> None:
    """Serve a Litestar app whose only handler decodes a WebhookMessage and answers 200.

    `onepass=False` (`bare`): the body is declared `data: JSONBody[WebhookMessage]`, Litestar's
    own two-pass decoding. `onepass=True` (`bare-onepass`): the body is taken as `RawBody` and
    decoded by `receiver.bodies.decode_webhook`, exactly as receiver/routes/ingest.py does. The
    app is built with `logging_config=None` like receiver/app.py, so only the service's own work
    differs from `bare-onepass`.
    """
    import uvicorn
    from litestar import Litestar, post
    from litestar.params import JSONBody, RawBody

    from receiver.bodies import decode_webhook
    from receiver.cli import GRACEFUL_SHUTDOWN_SECONDS
    from receiver.config import load_settings
    from receiver.wire import WebhookMessage

    @post(WEBHOOK_PATH, status_code=200)
    async def webhook_litestar(data: JSONBody[WebhookMessage]) -> None:
        return None

    @post(WEBHOOK_PATH, status_code=200)
    async def webhook_onepass(body: RawBody) -> None:
        decode_webhook(body)

    app = Litestar(
        route_handlers=[webhook_onepass if onepass else webhook_litestar],
        request_max_body_size=load_settings({}).max_body_bytes,
        debug=False,
        logging_config=None,
        openapi_config=None,
    )
    # The same options as receiver.cli.serve.
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        log_config=None,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        server_header=False,
    )


# --- processes -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    name: str
    port: int
    proc: subprocess.Popen[bytes]
    log_path: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def _service_env(port: int, workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        API_HOST="127.0.0.1",
        API_PORT=str(port),
        QUEUE_MAXSIZE="10000000",  # measure ingest, never 503 "queue full"
        LOG_LEVEL="warning",
        LOG_FORMAT="json",
        ACCESS_LOG="false",
        GIT_REPO_PATH=str(workdir / "gitops"),
        # Blank means unset: no auth, no Loki, no Slack, whatever the caller's environment says.
        WEBHOOK_TOKEN="",
        API_KEYS="",
        LOKI_URL="",
        SLACK_BOT_TOKEN="",
        SLACK_SIGNING_SECRET="",
        SLACK_CHANNEL="",
    )
    return env


@contextlib.contextmanager
def running(kind: str, workdir: Path, probe_body: bytes) -> Iterator[Server]:
    """Start the service or a bare app, wait until it answers the webhook, stop it after."""
    port = free_port()
    log_path = workdir / f"{kind}-{port}.log"
    if kind == "service":
        cmd = [sys.executable, "-m", "receiver"]
        env = _service_env(port, workdir)
    else:
        flag = {"bare": "--serve-bare", "bare-onepass": "--serve-bare-onepass"}[kind]
        cmd = [sys.executable, str(Path(__file__).resolve()), flag, str(port)]
        env = dict(os.environ)
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            cmd, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log
        )
    server = Server(kind, port, proc, log_path)
    try:
        _wait_ready(server, probe_body)
        yield server
    finally:
        _stop(server)


def _wait_ready(server: Server, probe_body: bytes) -> None:
    import httpx

    deadline = time.monotonic() + START_TIMEOUT
    last = "no answer"
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise BenchError(
                f"{server.name} exited with {server.proc.returncode} during start-up:\n"
                f"{server.log_tail()}"
            )
        try:
            r = httpx.post(
                server.base + WEBHOOK_PATH,
                content=probe_body,
                headers={"Content-Type": "application/json"},
                timeout=2.0,
            )
        except httpx.TransportError as exc:
            last = repr(exc)
            time.sleep(0.1)
            continue
        if r.status_code == 200:
            return
        raise BenchError(f"{server.name} answered the probe with {r.status_code}: {r.text[:500]}")
    raise BenchError(f"{server.name} did not start within {START_TIMEOUT:.0f}s ({last})")


def _stop(server: Server) -> None:
    proc = server.proc
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


def cpu_seconds(server: Server) -> float:
    """The server process's CPU time so far (user + system, all its threads), in seconds.

    Fields 14 and 15 of /proc/<pid>/stat, in clock ticks; the command name (field 2) may hold
    spaces and parentheses, so the fields are counted from the last `)`.
    """
    try:
        stat = Path(f"/proc/{server.proc.pid}/stat").read_text()
    except OSError as exc:
        raise BenchError(f"cannot read the CPU time of {server.name}: {exc}") from exc
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- wrk -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def run_wrk(
    url: str, script: Path, body: Path, seconds: int, connections: int, label: str
) -> WrkResult:
    cmd = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "--timeout",
        "5s",
        "--latency",
        "-s",
        str(script),
        url,
        "--",
        str(body),
    ]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 30, check=False)
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"wrk did not finish ({label})") from exc
    if out.returncode != 0:
        raise BenchError(f"wrk failed ({label}), exit {out.returncode}:\n{out.stderr}{out.stdout}")
    match = re.search(r"^BENCH-RESULT (\{.*\})$", out.stdout, re.MULTILINE)
    if match is None:
        raise BenchError(f"no result in wrk's output ({label}):\n{out.stdout}{out.stderr}")
    data = json.loads(match.group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", out.stdout)
    bad_status = max(data["status"], int(non2xx.group(1)) if non2xx else 0)
    if bad_status or data["timeout"] or data["connect"]:
        raise BenchError(
            f"{label}: the server answered errors, the figures would be meaningless "
            f"(non-2xx/3xx: {bad_status}, timeouts: {data['timeout']}, "
            f"connect errors: {data['connect']}).\nwrk output:\n{out.stdout}"
        )
    if data["requests"] == 0:
        raise BenchError(f"{label}: wrk completed no request:\n{out.stdout}")
    return WrkResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
    )


# --- service evidence ----------------------------------------------------------------------------


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


# --- the run -------------------------------------------------------------------------------------


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


@dataclass
class Evidence:
    received: float
    expected_min: int
    deduplicated: float
    rejected: float
    depth_after_drain: float
    incidents: list[dict[str, object]]

    @property
    def grouped(self) -> int:
        """Alert events the listed incidents account for (`counters.events`)."""
        total = 0
        for item in self.incidents:
            counters = item["counters"]
            assert isinstance(counters, dict)
            total += int(counters["events"])
        return total


def machine() -> list[str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = []
    for dist in ("litestar", "uvicorn", "msgspec", "h11", "httptools", "uvloop"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions.append(f"{dist} {importlib.metadata.version(dist)}")
    # uvicorn picks httptools and uvloop when installed, else the pure-Python h11 and asyncio.
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    load = "unknown"
    with contextlib.suppress(OSError):
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    wrk_line = ((wrk_version.stdout or wrk_version.stderr).splitlines() or ["wrk"])[0]
    wrk_line = wrk_line.split(" Copyright")[0]
    return [
        f"CPU:     {cpu}, {os.cpu_count()} cores ({usable} usable)",
        f"OS:      {platform.system()} {platform.release()} ({platform.machine()})",
        f"Python:  {platform.python_implementation()} {platform.python_version()}",
        f"Libs:    {', '.join(versions)}; uvicorn http={http}, loop={loop}",
        f"Client:  {wrk_line.strip()}",
        f"Loadavg: {load} (before the run; other work on the machine skews the figures)",
    ]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    # wrk takes whole seconds only.
    p.add_argument("--duration", type=int, default=5, help="seconds per measured run (5)")
    p.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per body, 0: none (2)")
    p.add_argument("--rounds", type=int, default=5, help="rounds; each cell is the median (5)")
    p.add_argument("--connections", type=int, default=16, help="wrk connections (16)")
    p.add_argument(
        "--fixtures", type=Path, default=FIXTURES, help="the real fixtures (../shared/...)"
    )
    p.add_argument("--serve-bare", type=int, metavar="PORT", help=argparse.SUPPRESS)
    p.add_argument("--serve-bare-onepass", type=int, metavar="PORT", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve_bare is not None:
        serve_bare(args.serve_bare, onepass=False)
        return 0
    if args.serve_bare_onepass is not None:
        serve_bare(args.serve_bare_onepass, onepass=True)
        return 0

    # A SIGTERM (e.g. `make` interrupted) unwinds like Ctrl-C, so the servers are stopped.
    signal.signal(signal.SIGTERM, _interrupted)
    if shutil.which("wrk") is None:
        print("install wrk (apt-get install wrk)", file=sys.stderr)
        return 2
    if not Path("/proc/self/stat").is_file():
        print("the CPU figures need Linux's /proc/<pid>/stat", file=sys.stderr)
        return 2
    if args.rounds < 1 or args.duration < 1 or args.warmup < 0:
        print("--rounds and --duration must be >= 1, --warmup >= 0", file=sys.stderr)
        return 2
    bodies: list[tuple[str, Path, int]] = []
    for label, rel in BODIES:
        path = (args.fixtures / rel).resolve()
        if not path.is_file():
            print(
                f"fixture missing: {path}\nThe real captured bodies are expected in a `shared` "
                f"checkout next to this repository ({FIXTURES}); pass --fixtures DIR otherwise.",
                file=sys.stderr,
            )
            return 2
        bodies.append((label, path, len(json.loads(path.read_bytes())["alerts"])))

    print("alertgraph ingest benchmark")
    for line in machine():
        print("  " + line)
    print(
        f"  Run:     wrk -t1 -c{args.connections} -d{args.duration:g}s, {args.warmup:g}s warm-up, "
        f"{args.rounds} rounds of {' / '.join(KINDS)} in turn, median;\n"
        "           one uvicorn worker each"
    )
    print(
        "  CPU:     server process utime+stime (/proc/<pid>/stat) over each measured run, "
        "per request wrk completed;\n"
        "           for the service the window runs until its queue has drained"
    )
    print()
    sys.stdout.flush()

    cells: dict[tuple[str, str], Cell] = {
        (kind, label): Cell() for kind in KINDS for label, _, _ in bodies
    }
    evidence: Evidence | None = None
    began = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="alertgraph-bench-") as tmp:
            workdir = Path(tmp)
            script = workdir / "post.lua"
            script.write_text(WRK_SCRIPT)
            probe = bodies[0][1].read_bytes()
            for rnd in range(1, args.rounds + 1):
                for kind in KINDS:
                    found = _session(kind, rnd, args, workdir, script, probe, bodies, cells)
                    evidence = found or evidence
    except BenchError as exc:
        print(f"\nBENCH ERROR: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130

    print()
    _report(cells, bodies, evidence, args)
    print(f"Total run time: {time.monotonic() - began:.0f} s")
    return 0


def _session(
    kind: str,
    rnd: int,
    args: argparse.Namespace,
    workdir: Path,
    script: Path,
    probe: bytes,
    bodies: list[tuple[str, Path, int]],
    cells: dict[tuple[str, str], Cell],
) -> Evidence | None:
    """One server start: warm up and measure every body; for the service, collect evidence."""
    with running(kind, workdir, probe) as server:
        try:
            return _measure(server, kind, rnd, args, script, bodies, cells)
        except BenchError as exc:
            raise BenchError(f"{exc}\n--- {kind} log (tail) ---\n{server.log_tail()}") from None


def _measure(
    server: Server,
    kind: str,
    rnd: int,
    args: argparse.Namespace,
    script: Path,
    bodies: list[tuple[str, Path, int]],
    cells: dict[tuple[str, str], Cell],
) -> Evidence | None:
    """Warm up and measure each body on `server`; for the service, read back its counters."""
    counted = 1 * bodies[0][2]  # the start-up probe
    url = server.base + WEBHOOK_PATH
    for label, path, alerts in bodies:
        name = f"round {rnd} {kind} {label}"
        if args.warmup > 0:
            warm = run_wrk(url, script, path, args.warmup, args.connections, name + " warm-up")
            counted += warm.requests * alerts
            if kind == "service":
                wait_drained(server)
        # The CPU window: from just before wrk starts until it has exited or, for the service,
        # until the queue it filled has drained (the workers' leftover work counts too).
        start, cpu_start = time.monotonic(), cpu_seconds(server)
        result = run_wrk(url, script, path, args.duration, args.connections, name)
        drain = wait_drained(server) if kind == "service" else None
        run = Run(result, cpu_seconds(server) - cpu_start, time.monotonic() - start)
        counted += result.requests * alerts
        cells[(kind, label)].runs.append(run)
        line = (
            f"{name:<34} {result.rps:>7,.0f} req/s {result.rps * alerts:>9,.0f} alerts/s"
            f"  CPU {run.cpu_us:6,.0f} us/req ({run.busy:4.0%} of a core)"
            f"  p50 {result.p50_ms:5.2f} ms  p99 {result.p99_ms:6.2f} ms"
        )
        if drain is not None:
            depth, seconds = drain
            line += f"  queue after run {depth:,.0f} (drained in {seconds:.2f}s)"
        print(line, flush=True)
    if kind != "service":
        return None
    metrics = read_metrics(server)
    evidence = Evidence(
        received=received_total(metrics),
        expected_min=counted,
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


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _span(values: list[float], fmt: str = ".2f") -> str:
    return f"{min(values):{fmt}}-{max(values):{fmt}}"


def _report(
    cells: dict[tuple[str, str], Cell],
    bodies: list[tuple[str, Path, int]],
    evidence: Evidence | None,
    args: argparse.Namespace,
) -> None:
    n = len(cells[("bare", bodies[0][0])].runs)
    header = (
        f"{'body':<12}{'server':<14}{'req/s':>9}{'CPU us/req':>12}{'alerts/s':>11}"
        f"{'p50 / p99 ms':>16}{'req/s over rounds':>21}"
    )
    print(f"Results (median of {n} rounds)")
    print(header)
    print("-" * len(header))
    for label, _, alerts in bodies:
        for kind in KINDS:
            cell = cells[(kind, label)]
            print(
                f"{label if kind == KINDS[0] else '':<12}{kind:<14}{cell.rps:>9,.0f}"
                f"{cell.cpu_us:>12,.0f}{cell.rps * alerts:>11,.0f}"
                f"{f'{cell.p50:.2f} / {cell.p99:.2f}':>16}{cell.spread():>21}"
            )

    # ratios[(baseline, body)]: the service against that baseline, round by round.
    ratios = {
        (base, label): Ratios.of(cells[(base, label)], cells[("service", label)])
        for base in ("bare", "bare-onepass")
        for label, *_ in bodies
    }
    print()
    print("Service against each baseline, round by round (round i of each, same round)")
    rounds = "".join(f"{f'r{i}':>7}" for i in range(1, n + 1))
    header = f"{'body':<12}{'ratio':<34}{rounds}{'median':>8}{'of medians':>12}"
    print(header)
    print("-" * len(header))
    for label, *_ in bodies:
        svc = cells[("service", label)]
        first = True
        for base in ("bare", "bare-onepass"):
            b, r = cells[(base, label)], ratios[(base, label)]
            for name, values, of_medians in (
                (f"req/s  service / {base}", r.rps, svc.rps / b.rps),
                (f"CPU/req  {base} / service", r.cpu, b.cpu_us / svc.cpu_us),
            ):
                cols = "".join(f"{v:>7.2f}" for v in values)
                print(
                    f"{label if first else '':<12}{name:<34}{cols}"
                    f"{statistics.median(values):>8.2f}{of_medians:>12.2f}"
                )
                first = False

    misses: list[str] = []
    print()
    print(
        "Acceptance: service against `bare`, the idiomatic Litestar handler "
        "(data: JSONBody[WebhookMessage])"
    )
    for label, _, alerts in bodies:
        bare, svc = cells[("bare", label)], cells[("service", label)]
        r = ratios[("bare", label)]
        ratio = r.rps_median
        ok = ratio >= RATIO_TARGET
        print(
            f"{_verdict(ok)}  {label}: service/bare requests/s = {ratio:.2f} "
            f"(target >= {RATIO_TARGET}; median of {n} per-round ratios {_span(r.rps)}; "
            f"bare {bare.spread()}, service {svc.spread()} req/s over the rounds)"
        )
        print(
            f"      {label}: CPU-capacity ratio bare/service CPU per request = "
            f"{r.cpu_median:.2f} (per round {_span(r.cpu)}; bare {bare.cpu_us:,.0f} us/req, "
            f"service {svc.cpu_us:,.0f} us/req incl. queue drain)"
        )
        if not ok:
            misses.append(f"req/s ratio service/bare on {label} is {ratio:.2f} < {RATIO_TARGET}")
        if label == TARGET_BODY:
            aps = svc.rps * alerts
            ok = aps >= ALERTS_PER_SECOND_TARGET
            print(
                f"{_verdict(ok)}  {label}: service {aps:,.0f} alerts/s "
                f"(target >= {ALERTS_PER_SECOND_TARGET:,}; one fully busy worker: "
                f"{alerts * 1e6 / svc.cpu_us:,.0f} alerts/s of CPU)"
            )
            if not ok:
                misses.append(f"{aps:,.0f} alerts/s < {ALERTS_PER_SECOND_TARGET:,}")

    print()
    print(
        "Cost of the service's own work (normalise + queue + group) against a handler that "
        "decodes as cheaply as the service\n"
        "(`bare-onepass`: body: RawBody + receiver.bodies.decode_webhook); informational, "
        "not a target:"
    )
    for label, _, alerts in bodies:
        one, svc = cells[("bare-onepass", label)], cells[("service", label)]
        r = ratios[("bare-onepass", label)]
        print(
            f"INFO  {label}: service/bare-onepass requests/s = {r.rps_median:.2f} "
            f"(median of {n} per-round ratios {_span(r.rps)}; bare-onepass {one.spread()}, "
            f"service {svc.spread()} req/s over the rounds)"
        )
        print(
            f"      {label}: CPU-capacity ratio bare-onepass/service CPU per request = "
            f"{r.cpu_median:.2f} (per round {_span(r.cpu)}; bare-onepass {one.cpu_us:,.0f} "
            f"us/req, service {svc.cpu_us:,.0f} us/req incl. queue drain)"
        )
        own = svc.cpu_us - one.cpu_us
        per_alert = f" = {own / alerts:,.1f} us per alert" if label == TARGET_BODY else ""
        print(
            f"      {label}: service's own work = {own:,.0f} us per request{per_alert} "
            f"(service CPU {svc.cpu_us:,.0f} - bare-onepass CPU {one.cpu_us:,.0f} us/req, "
            f"medians; per round {_span(r.cpu_extra, ',.0f')} us)"
        )
    saved = ", ".join(
        f"{cells[('bare', label)].cpu_us - cells[('bare-onepass', label)].cpu_us:,.0f} us/req "
        f"on {label}"
        for label, *_ in bodies
    )
    print(
        f"      For reference, the decode itself: bare CPU - bare-onepass CPU = {saved} "
        "(Litestar's two-pass `data:` against the one-pass decoder)"
    )

    if evidence is not None:
        print()
        print("Service did the work (last service session, after its queue drained):")
        print(
            f"  alertgraph_alerts_received_total     {evidence.received:>12,.0f}"
            f"   (wrk saw {evidence.expected_min:,} answered 200)"
        )
        print(f"  alertgraph_alerts_deduplicated_total {evidence.deduplicated:>12,.0f}")
        print(f"  alertgraph_alerts_rejected_total     {evidence.rejected:>12,.0f}")
        print(f"  alertgraph_queue_depth               {evidence.depth_after_drain:>12,.0f}")
        print(
            f"  GET /api/incidents: {len(evidence.incidents)} incident(s) holding "
            f"{evidence.grouped:,} alert events"
        )
        for item in evidence.incidents[:5]:
            print(
                f"    {item['id']}  {item['alertname']} {item['namespace']}/{item['app']}"
                f"  counters={item['counters']}"
            )
    print()
    print(f"Reproduce: {REPRODUCE}")
    print(
        f"  options: --duration {args.duration:g} --warmup {args.warmup:g} "
        f"--rounds {args.rounds} --connections {args.connections}"
    )
    if misses:
        print()
        print("TARGET MISSED: " + "; ".join(misses))
    else:
        print("All targets met.")


if __name__ == "__main__":
    sys.exit(main())
