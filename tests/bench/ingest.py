"""Ingest benchmark: the Alertmanager webhook on two serving stacks, against bare Litestar handlers.

Run with `make bench` (or `.venv/bin/python tests/bench/ingest.py --help` for the knobs). Not a
pytest module: pytest only collects `test_*.py`, and nothing here runs at import.

Single-worker uvicorn processes are started on free loopback ports, one after the other (never at
the same time, so each gets a core and wrk the other). Each runs on one of two stacks:
`h11` (the pure-Python h11 parser and asyncio's loop: the service before it depended on
httptools and uvloop, and what it falls back to without them) or `fast` (httptools + uvloop,
the default). servers.py says how a process is put on a stack and checks it loaded that one.

- `bare`: a Litestar app (`--serve-bare PORT`, servers.serve_bare) whose one handler takes
  `data: JSONBody[WebhookMessage]`, the idiomatic Litestar way to accept this body (Litestar
  decodes the JSON into Python objects, then converts those into the msgspec type: two passes),
  and returns 200 without doing anything else. On the same stack as the service, it is the
  baseline of the acceptance check.
- `bare-onepass`: the same app (`--serve-bare-onepass PORT`), but its handler takes
  `body: RawBody` and calls `receiver.ingest.wire.decode_webhook(body)`: literally the decoder the
  service uses (one msgspec pass straight into `WebhookMessage`), and nothing else. Fast stack
  only: it is informational.
- `service`: `python -m receiver`, with a queue large enough that it never answers 503.

Every round runs bare/h11, service/h11, bare/fast, bare-onepass/fast and service/fast in turn,
so drift of the machine hits all of them alike. Both bare apps have `logging_config=None` like
receiver/app.py, the service's `request_max_body_size` and no OpenAPI, and run under uvicorn
with the options `receiver.cli.serve` uses, on the stack `receiver.cli.serving_stack` picks.

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
`/webhooks/alertmanager` on each. Any non-2xx answer or socket timeout aborts the run, since the
figures would be meaningless. After each service session its `/metrics` and `/api/incidents`
are read to show the alerts were really grouped.

Two figures per run:

- requests/s as wrk saw them. On a shared machine these drift between rounds, so the headline
  ratios are the medians of the per-round ratios (round i of one server against round i of the
  other, measured seconds apart), not the ratios of the medians.
- the server process's CPU time per request (utime + stime from /proc/<pid>/stat over the
  measured window, divided by the requests wrk completed). For the service the window ends only
  once its queue has drained, so work the workers do after wrk stopped is counted against it.
  baseline CPU/request / service CPU/request is the CPU-capacity ratio: the share of the
  baseline's throughput one fully busy service worker can reach, whatever CPU wrk and the rest of
  the machine took. It is printed as supporting evidence next to the requests/s ratio.

Targets (report.py): service/fast requests/s >= 1.4 x service/h11 on 2-alert bodies (the fast
stack's speed-up), >= 0.8 x bare/fast on both bodies, and >= 50,000 alerts/s on the 100-alert
body. A missed target exits 1, as do errors; a missing wrk, /proc or fixtures exit 2.
"""

import argparse
import json
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

# Run as a script (`make bench`), this directory is already on sys.path; say so explicitly, so the
# sibling modules below import whatever way the interpreter was started.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from errors import BenchError
from evidence import Evidence, wait_drained
from figures import Cell, Run
from report import print_header, print_report, print_run
from servers import KINDS, WEBHOOK_PATH, Server, cpu_seconds, running, serve_bare
from wrk import WRK_SCRIPT, run_wrk

REPO = Path(__file__).resolve().parents[2]
# The fixtures live in a sibling checkout: <repo>/../shared/fixtures/real/...
FIXTURES = REPO.parent / "shared" / "fixtures" / "real"
BODIES = (
    ("2 alerts", Path("am-webhook-firing-2-alerts.json")),
    ("100 alerts", Path("large") / "am-webhook-firing-100-alerts.json"),
)


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
    # The bare apps: servers.running starts this script again with one of these.
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

    print_header(args)

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
    misses = print_report(cells, bodies, evidence, args)
    print(f"Total run time: {time.monotonic() - began:.0f} s")
    return 1 if misses else 0


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
            if kind.startswith("service"):
                wait_drained(server)
        # The CPU window: from just before wrk starts until it has exited or, for the service,
        # until the queue it filled has drained (the workers' leftover work counts too).
        start, cpu_start = time.monotonic(), cpu_seconds(server)
        result = run_wrk(url, script, path, args.duration, args.connections, name)
        drain = wait_drained(server) if kind.startswith("service") else None
        run = Run(result, cpu_seconds(server) - cpu_start, time.monotonic() - start)
        counted += result.requests * alerts
        cells[(kind, label)].runs.append(run)
        print_run(name, run, alerts, drain)
    if not kind.startswith("service"):
        return None
    return Evidence.collect(server, expected_min=counted)


if __name__ == "__main__":
    sys.exit(main())
