"""History benchmark: the incident history kept in git, at 5,000, 20,000 and 100,000 incidents.

Run with `.venv/bin/python tests/bench/history.py` (`--help` for the knobs; `make bench` runs
all three sizes). Not a pytest module: nothing runs at import. For each size (`--sizes`):

1. Build a GitOps repository (tests/bench/history_repo.py): the seed commit of examples/gitops,
   then the incidents over `size × 60 / 5000` days (the 5,000-incident run's 83 a day), written
   as the service writes them (decision commit, outcome commit for most) by one
   `git fast-import`. Its build time is printed, not a target. `--repos DIR` keeps each
   repository in DIR/<size> and uses one already there instead of building it again.
2. Cold index build: `HistoryIndex(repo, "main").build()` in this process, `--builds` times;
   the first is the figure. The index must hold every incident.
3. HTTP: `python -m receiver` (one uvicorn worker, LOG_LEVEL=warning, GIT_REPO_PATH=the repo)
   on a free port; start-up is timed until `/health/ready` answers 200 (the service indexes
   git while starting). Then one keep-alive httpx client: `--warmup` requests, which also
   check the answers against the in-process index, then `--requests` sequential
   `GET /api/incidents` rotating through six kinds (no params, limit=200, status, category+app,
   since, the second page by cursor), and `--details` `GET /api/incidents/<id>`; then the
   service's resident memory (VmRSS; VmHWM is its peak, the start-up's index build included).
4. Approve → commit: on a checkout cloned from the repository, `--rounds` approvals as the
   workflow's commit node makes them (`GitStore.commit_incident`: a values change and the
   incident's folder, one commit), each followed by its outcome as the record node writes it
   (`GitStore.record_outcome`). The index's catch-up after each call is timed apart (it is not
   part of the call; graph.git.index_sync).

Targets, checked at 100,000 incidents: approve → commit p50 ≤ 100 ms, cold index build ≤ 10 s,
`GET /api/incidents` p50 ≤ 10 ms (all list requests), service RSS ≤ 400 MB. Exit 0 when every
target is met (or 100,000 was not run: nothing to check), 1 when one is missed or a check fails.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import logging
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import structlog

# Run as a script, this directory is already on sys.path; say so explicitly.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import machine  # type: ignore[import-not-found]

from graph.git.history import HistoryIndex

if TYPE_CHECKING:  # mypy sees this directory as the package tests.bench
    from tests.bench.history_phases import (
        CommitFigures,
        Failed,
        HttpFigures,
        cold_build,
        commit_rounds,
        http_phase,
        service,
    )
    from tests.bench.history_repo import build_repo, now_utc
else:
    from history_phases import (
        CommitFigures,
        Failed,
        HttpFigures,
        cold_build,
        commit_rounds,
        http_phase,
        service,
    )
    from history_repo import build_repo, now_utc

TARGET_SIZE = 100_000
COMMIT_P50_TARGET_MS = 100.0
COLD_BUILD_TARGET_S = 10.0
LIST_P50_TARGET_MS = 10.0
RSS_TARGET_MB = 400.0
SIZES = "5000,20000,100000"
DAYS_PER_INCIDENT = 60 / 5000


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line; see the module docstring."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sizes", default=SIZES, help=f"incident counts, comma-separated ({SIZES})")
    p.add_argument("--seed", type=int, default=1, help="random seed of the mix (1)")
    p.add_argument("--builds", type=int, default=3, help="cold index builds per size (3)")
    p.add_argument("--requests", type=int, default=1000, help="timed list requests (1000)")
    p.add_argument("--warmup", type=int, default=50, help="warm-up list requests (50)")
    p.add_argument("--details", type=int, default=200, help="timed detail requests (200)")
    p.add_argument("--rounds", type=int, default=20, help="approve → commit rounds (20)")
    p.add_argument("--repos", type=Path, help="keep the repositories in DIR/<size>, reuse them")
    args = p.parse_args(argv)
    try:
        args.sizes = [int(size) for size in args.sizes.split(",")]
    except ValueError:
        p.error(f"--sizes: not a list of numbers: {args.sizes!r}")
    return args


def percentile(values: list[float], q: int) -> float:
    """The q-th percentile (inclusive; one value is all of them)."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


@dataclass
class SizeFigures:
    """Everything measured at one size."""

    size: int
    commits: int
    build_seconds: float
    reused: bool
    cold: list[float]
    started: float
    http: HttpFigures
    commit: CommitFigures
    notes: list[str] = field(default_factory=list)

    @property
    def every_list(self) -> list[float]:
        """The milliseconds of every timed list request."""
        return [ms for values in self.http.timed.values() for ms in values]


def header(args: argparse.Namespace) -> None:
    """The machine and the run, as the other benchmarks print them."""
    print("alertgraph history benchmark")
    lines: list[str] = machine()
    lines.append(f"Git:     {subprocess.check_output(['git', '--version'], text=True).strip()}")
    for line in lines:
        if line.startswith("Client:"):
            line = f"Client:  httpx {importlib.metadata.version('httpx')}, one keep-alive conn"
        print("  " + line)
    sizes = ", ".join(f"{size:,}" for size in args.sizes)
    print(
        f"  Run:     {sizes} incidents (seed {args.seed}); {args.builds} cold builds, "
        f"{args.warmup} warm-up + {args.requests:,} list requests, {args.details} details, "
        f"{args.rounds} approve → commit rounds"
    )
    print(flush=True)


def repository(args: argparse.Namespace, size: int, tmp: Path) -> tuple[Path, int, float, bool]:
    """(path, commits, build seconds, reused) of the repository of `size` incidents."""
    path = (args.repos or tmp) / str(size)
    done = path / ".git" / "alertgraph-bench-built"
    if args.repos and done.is_file():
        commits, seconds = done.read_text().split()
        print(f"Repository: {path}, built earlier ({int(commits):,} commits, {seconds} s)")
        return path, int(commits), float(seconds), True
    days = size * DAYS_PER_INCIDENT
    built = build_repo(path, size, days, args.seed, now_utc())
    done.write_text(f"{built.commits} {built.seconds:.1f}\n")
    print(
        f"Repository: {built.commits:,} commits over {days:g} days in {built.seconds:.1f} s "
        f"(fast-import {built.import_seconds:.1f} s, checkout {built.checkout_seconds:.1f} s)"
    )
    return path, built.commits, built.seconds, False


def run_size(args: argparse.Namespace, size: int, tmp: Path) -> SizeFigures:
    """Every phase at one size (module docstring)."""
    print(f"--- {size:,} incidents", flush=True)
    repo, commits, build_seconds, reused = repository(args, size, tmp)
    cold = cold_build(repo, size, args.builds)
    print(f"Cold HistoryIndex.build(): {', '.join(f'{t:.2f}' for t in cold)} s", flush=True)
    index = HistoryIndex(repo, "main")
    index.build()
    with service(repo, tmp / f"service-{size}.log") as running:
        print(f"Service ready ({running.started:.2f} s after start)", flush=True)
        http = http_phase(running, index, args.requests, args.warmup, args.details, args.seed)
    del index
    checkout = tmp / f"checkout-{size}"
    commit = commit_rounds(repo, checkout, args.rounds, args.seed)
    subprocess.run(["rm", "-rf", str(checkout)], check=True)
    figures = SizeFigures(size, commits, build_seconds, reused, cold, running.started, http, commit)
    print_size(figures)
    return figures


def print_size(f: SizeFigures) -> None:
    """The figures of one size, as measured."""
    print(f"  first GET /api/incidents: {f.http.first_ms:.1f} ms, {f.http.listed} items")
    for name, values in [
        *f.http.timed.items(),
        ("all list requests", f.every_list),
        ("GET /api/incidents/<id>", f.http.details),
        ("approve → commit", f.commit.decision),
        ("outcome → commit", f.commit.outcome),
        ("index catch-up (after)", f.commit.catch_up),
    ]:
        print(f"  {name:<28} n={len(values):<5} {_spread(values)}")
    print(f"  service RSS after the requests {f.http.rss_mib:.0f} MiB (peak {f.http.peak_mib:.0f})")
    first, again = f.commit.feedback_loop
    print(f"  feedback loop over the history: {first:.2f} s, {again:.2f} s when nothing changed")
    print(flush=True)


def _spread(values: list[float]) -> str:
    if not values:
        return ""
    return (
        f"p50 {percentile(values, 50):7.2f}  p95 {percentile(values, 95):7.2f}  "
        f"max {max(values):8.2f} ms"
    )


def table(runs: list[SizeFigures]) -> None:
    """How each figure grows with the number of incidents."""
    rows: list[tuple[str, list[str]]] = [
        ("repository build (s, no target)", [f"{r.build_seconds:.0f}" for r in runs]),
        ("commits", [f"{r.commits:,}" for r in runs]),
        ("cold index build, first (s)", [f"{r.cold[0]:.2f}" for r in runs]),
        ("service start until ready (s)", [f"{r.started:.2f}" for r in runs]),
        ("GET /api/incidents p50 (ms)", [f"{percentile(r.every_list, 50):.2f}" for r in runs]),
        ("GET /api/incidents p95 (ms)", [f"{percentile(r.every_list, 95):.2f}" for r in runs]),
        ("GET /api/incidents/{id} p50 (ms)", [_p50(r.http.details) for r in runs]),
        ("service RSS after requests (MiB)", [f"{r.http.rss_mib:.0f}" for r in runs]),
        ("service RSS peak (MiB)", [f"{r.http.peak_mib:.0f}" for r in runs]),
        ("approve → commit p50 (ms)", [_p50(r.commit.decision) for r in runs]),
        ("approve → commit p95 (ms)", [f"{percentile(r.commit.decision, 95):.1f}" for r in runs]),
        ("outcome → commit p50 (ms)", [_p50(r.commit.outcome) for r in runs]),
        ("index catch-up after, p50 (ms)", [_p50(r.commit.catch_up) for r in runs]),
        ("feedback loop, first run (s)", [f"{r.commit.feedback_loop[0]:.1f}" for r in runs]),
    ]
    print("How the cost grows")
    print("| what | " + " | ".join(f"{r.size:,}" for r in runs) + " |")
    print("|---|" + "---:|" * len(runs))
    for name, cells in rows:
        print(f"| {name} | " + " | ".join(cells) + " |")
    print()


def _p50(values: list[float]) -> str:
    return f"{percentile(values, 50):.1f}" if values else "-"


def verdicts(runs: list[SizeFigures]) -> list[str]:
    """Print the PASS/FAIL lines at TARGET_SIZE; the targets missed."""
    at = next((r for r in runs if r.size == TARGET_SIZE), None)
    if at is None:
        print(
            f"NOTE  the targets are for {TARGET_SIZE:,} incidents, which was not run: none checked"
        )
        return []
    missed = []
    for name, value, target, unit in (
        ("approve → commit p50", percentile(at.commit.decision, 50), COMMIT_P50_TARGET_MS, "ms"),
        ("cold index build (first)", at.cold[0], COLD_BUILD_TARGET_S, "s"),
        ("GET /api/incidents p50", percentile(at.every_list, 50), LIST_P50_TARGET_MS, "ms"),
        ("service RSS after the requests", at.http.rss_mib * 1.048576, RSS_TARGET_MB, "MB"),
    ):
        ok = value <= target
        print(
            f"  {'PASS' if ok else 'FAIL'}  {name} at {TARGET_SIZE:,}: {value:.2f} {unit} "
            f"(target ≤ {target:g} {unit}, {value / target:.2f}× the target)"
        )
        if not ok:
            missed.append(name)
    return missed


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 when every target is met, 1 otherwise."""
    args = parse_args(argv)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    header(args)
    runs: list[SizeFigures] = []
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="alertgraph-history-") as tmp:
        try:
            for size in args.sizes:
                runs.append(run_size(args, size, Path(tmp)))
        except Failed as exc:
            print(f"\nFAILED: {exc}", file=sys.stderr)
            return 1
    print(f"All sizes in {time.perf_counter() - began:.0f} s\n")
    table(runs)
    missed = verdicts(runs)
    flags = " ".join(argv if argv is not None else sys.argv[1:])
    print(f"Reproduce: .venv/bin/python tests/bench/history.py {flags}".rstrip())
    if missed:
        print("TARGET MISSED: " + "; ".join(missed))
        return 1
    print("All targets met." if any(r.size == TARGET_SIZE for r in runs) else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
