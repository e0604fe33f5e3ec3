"""History benchmark: listing 5,000 incidents kept in git, in process and over HTTP.

Run with `.venv/bin/python tests/bench/history.py` (`--help` for the knobs). Not a pytest
module: nothing runs at import.

1. Build a GitOps repository in a temporary directory (tests/bench/history_repo.py): the seed
   commit of examples/gitops, then `--incidents` incidents over `--days` days, written as the
   service writes them (decision commit, outcome commit for most), by one `git fast-import`.
   Its build time is printed, not a target.
2. Cold index build: `HistoryIndex(repo, "main").build()` in this process, 3 times; the first
   is the target (≤ 3 s). The index must hold every incident.
3. HTTP: `python -m receiver` (one uvicorn worker, LOG_LEVEL=warning, GIT_REPO_PATH=the repo)
   on a free port; start-up is timed until `/health/ready` answers 200 (the service indexes
   git while starting). Then one keep-alive httpx client: `--warmup` requests, which also
   check the answers against the in-process index, then `--requests` sequential
   `GET /api/incidents` rotating through six kinds (no params, limit=200, status, category+app,
   since, the second page by cursor), and `--details` `GET /api/incidents/<id>`.
   Target: overall p50 ≤ 20 ms.

Exit 0 when every target is met, 1 when one is missed or a check fails. An empty list is a
failure unless `--allow-empty` (for a service whose list does not read git yet).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

# Run as a script, this directory is already on sys.path; say so explicitly.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import machine  # type: ignore[import-not-found]

from graph.git.gitops import GitStore
from graph.git.history import HistoryIndex
from graph.git.items import MAX_LIMIT
from graph.learning.loop import FeedbackLoop

if TYPE_CHECKING:  # mypy sees this directory as the package tests.bench
    from tests.bench.history_repo import build_repo, now_utc
else:
    from history_repo import build_repo, now_utc

REPO = Path(__file__).resolve().parents[2]
COLD_BUILD_TARGET_S = 3.0
LIST_P50_TARGET_MS = 20.0
START_TIMEOUT = 120.0
READY_PATH = "/health/ready"
LIST_PATH = "/api/incidents"


class Failed(Exception):
    """A check failed: the figures would not mean what they say."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line; see the module docstring."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--incidents", type=int, default=5000, help="incidents in the repo (5000)")
    p.add_argument("--days", type=float, default=60.0, help="days they span (60)")
    p.add_argument("--seed", type=int, default=1, help="random seed of the mix (1)")
    p.add_argument("--requests", type=int, default=1000, help="timed list requests (1000)")
    p.add_argument("--warmup", type=int, default=50, help="warm-up list requests (50)")
    p.add_argument("--details", type=int, default=200, help="timed detail requests (200)")
    p.add_argument("--keep", type=Path, help="build the repository here and keep it")
    p.add_argument(
        "--allow-empty",
        action="store_true",
        help="tolerate an empty list (the service does not list git history yet)",
    )
    return p.parse_args(argv)


def percentiles(values: list[float]) -> dict[str, float]:
    """p50/p99/max of `values` (inclusive quantiles; one value is all of them)."""
    if len(values) == 1:
        return dict.fromkeys(("p50", "p99", "max"), values[0])
    q = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50": q[49], "p99": q[98], "max": max(values)}


def row(name: str, values_ms: list[float]) -> str:
    """One table line: count, p50, p99 and max in milliseconds."""
    if not values_ms:
        return f"  {name:<30} n=0"
    p = percentiles(values_ms)
    return (
        f"  {name:<30} n={len(values_ms):<5} p50 {p['p50']:6.2f}  p99 {p['p99']:6.2f}  "
        f"max {p['max']:7.2f} ms"
    )


def cold_build(repo: Path, expected: int) -> tuple[list[float], HistoryIndex]:
    """The seconds of 3 `HistoryIndex.build()` runs, each on a new index, and the last index;
    Failed when it does not hold `expected` incidents."""
    times = []
    index = HistoryIndex(repo, "main")
    for _ in range(3):
        index = HistoryIndex(repo, "main")
        began = time.perf_counter()
        index.build()
        times.append(time.perf_counter() - began)
    count, cursor = 0, None
    while True:
        page, cursor = index.items(limit=MAX_LIMIT, cursor=cursor)
        count += len(page)
        if cursor is None:
            break
    print(f"  index holds {count:,} incidents")
    if count != expected:
        raise Failed(f"the index holds {count} incidents, the repository {expected}")
    return times, index


@contextlib.contextmanager
def service(repo: Path, log_path: Path) -> Iterator[tuple[str, float]]:
    """`python -m receiver` on `repo`: (base URL, seconds until READY_PATH answered 200)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    env = dict(os.environ)
    # As tests/bench/servers.py: blank means unset, whatever the caller's environment says.
    env.update(
        API_HOST="127.0.0.1",
        API_PORT=str(port),
        LOG_LEVEL="warning",
        LOG_FORMAT="json",
        ACCESS_LOG="false",
        GIT_REPO_PATH=str(repo),
        RATE_LIMIT_PER_SECOND="0",  # one client sending as fast as it can, on purpose
        **dict.fromkeys(("WEBHOOK_TOKEN", "API_KEYS", "LOKI_URL", "SLACK_BOT_TOKEN"), ""),
        **dict.fromkeys(("SLACK_SIGNING_SECRET", "SLACK_CHANNEL", "GIT_REMOTE"), ""),
    )
    base = f"http://127.0.0.1:{port}"
    began = time.perf_counter()
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "receiver"], cwd=REPO, env=env, stdout=log, stderr=log
        )
    try:
        while True:
            if proc.poll() is not None:
                raise Failed(f"the service exited with {proc.returncode}:\n{_tail(log_path)}")
            if time.perf_counter() - began > START_TIMEOUT:
                raise Failed(f"the service was not ready in {START_TIMEOUT:.0f}s")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(base + READY_PATH, timeout=2.0).status_code == 200:
                    break
            time.sleep(0.02)
        yield base, time.perf_counter() - began
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _tail(path: Path) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-30:])


def get(client: httpx.Client, url: str, params: dict[str, Any]) -> tuple[float, Any]:
    """(milliseconds, JSON answer) of one GET; Failed on anything but 200."""
    began = time.perf_counter()
    r = client.get(url, params=params)
    ms = (time.perf_counter() - began) * 1000
    if r.status_code != 200:
        raise Failed(f"GET {url} {params} answered {r.status_code}: {r.text[:300]}")
    return ms, r.json()


def list_kinds(index: HistoryIndex, cursor: str | None) -> dict[str, dict[str, Any]]:
    """The list requests, by name: query parameters."""
    newest = index.ordered()
    middle = newest[len(newest) // 2].created.isoformat() if newest else "2026-01-01T00:00:00Z"
    kinds: dict[str, dict[str, Any]] = {
        "no params": {},
        "limit=200": {"limit": MAX_LIMIT},
        "status=recovered": {"status": "recovered"},
        "category=oom&app=grafana": {"category": "oom", "app": "grafana"},
        "since=<middle>": {"since": middle},
    }
    if cursor:
        kinds["page 2 (cursor)"] = {"cursor": cursor}
    return kinds


def check(name: str, params: dict[str, Any], answer: Any, index: HistoryIndex) -> None:
    """The answer against the in-process index: same ids in the same order (newest first)."""
    items = answer.get("items")
    if not isinstance(items, list) or "next_cursor" not in answer:
        raise Failed(f"{name}: not a page of items: {str(answer)[:200]}")
    if "cursor" in params:  # the page after the first one of the default size
        _, cursor = index.items()
        expected, _ = index.items(cursor=cursor)
    else:
        query = {**params}
        if "since" in query:
            query["since"] = datetime.fromisoformat(query["since"])
        expected, _ = index.items(**query)
    got = [i.get("id") for i in items]
    if got != [i.id for i in expected]:
        raise Failed(f"{name}: ids differ from the index's, e.g. {got[:2]} vs {expected[:2]}")
    for key in ("status", "category", "app", "created", "updated", "commits", "decision"):
        if items and key not in items[0]:
            raise Failed(f"{name}: items have no {key!r}")


def http_phase(base: str, index: HistoryIndex, args: argparse.Namespace) -> dict[str, Any]:
    """Warm-up (checked), the timed list requests and the timed detail requests."""
    with httpx.Client(base_url=base, timeout=10.0) as client:
        first_ms, first = get(client, LIST_PATH, {})
        items = first.get("items") or []
        if not items and not args.allow_empty:
            raise Failed("GET /api/incidents listed nothing (the git history is not listed)")
        limit_ok = len(items) == min(50, len(index.ordered()))
        created = [datetime.fromisoformat(i["created"]) for i in items if "created" in i]
        if created != sorted(created, reverse=True):
            raise Failed("the first page is not newest first (by created)")
        kinds = list_kinds(index, first.get("next_cursor"))
        names = list(kinds)
        for i in range(args.warmup):
            name = names[i % len(names)]
            _, answer = get(client, LIST_PATH, kinds[name])
            if items or not args.allow_empty:
                check(name, kinds[name], answer, index)
        timed: dict[str, list[float]] = {name: [] for name in names}
        for i in range(args.requests):
            name = names[i % len(names)]
            timed[name].append(get(client, LIST_PATH, kinds[name])[0])
        details: list[float] = []
        ids = [item["id"] for item in items]
        rng = random.Random(args.seed)
        for _ in range(args.details if ids else 0):
            details.append(get(client, f"{LIST_PATH}/{rng.choice(ids)}", {})[0])
    return {
        "first_ms": first_ms,
        "listed": len(items),
        "limit_ok": limit_ok or not items,
        "timed": timed,
        "details": details,
    }


def header(args: argparse.Namespace) -> None:
    """The machine and the run, as the other benchmarks print them."""
    print("alertgraph history benchmark")
    lines: list[str] = machine()
    lines.append(f"Git:     {subprocess.check_output(['git', '--version'], text=True).strip()}")
    for line in lines:
        if line.startswith("Client:"):
            line = f"Client:  httpx {importlib.metadata.version('httpx')}, one keep-alive conn"
        print("  " + line)
    print(
        f"  Run:     {args.incidents:,} incidents over {args.days:g} days (seed {args.seed}); "
        f"{args.warmup} warm-up + {args.requests:,} list requests, {args.details} details"
    )
    print(flush=True)


def feedback_loop(repo: Path) -> tuple[float, float]:
    """Seconds for a first FeedbackLoop run over the repository (which commits the patterns of
    every group with a failure) and for a second one (nothing changed: no commit)."""
    store = GitStore(repo, "main")
    loop = FeedbackLoop(HistoryIndex(repo, "main"), store)
    times = []
    for _ in range(2):
        started = time.perf_counter()
        result = loop.run()
        times.append(time.perf_counter() - started)
    store.close()
    if result.commit_sha is not None:
        raise Failed("a second feedback loop run with nothing new committed again")
    return times[0], times[1]


def verdicts(cold_first: float, timed: dict[str, list[float]]) -> list[str]:
    """Print the PASS/FAIL lines; the targets missed."""
    overall = [ms for values in timed.values() for ms in values]
    p50 = percentiles(overall)["p50"] if overall else float("inf")
    missed = []
    for name, value, target, unit in (
        ("cold index build (first)", cold_first, COLD_BUILD_TARGET_S, "s"),
        ("GET /api/incidents p50", p50, LIST_P50_TARGET_MS, "ms"),
    ):
        ok = value <= target
        print(
            f"  {'PASS' if ok else 'FAIL'}  {name}: {value:.2f} {unit} "
            f"(target ≤ {target:g} {unit}, {value / target:.2f}× the target)"
        )
        if not ok:
            missed.append(name)
    return missed


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 when every target is met, 1 otherwise."""
    args = parse_args(argv)
    header(args)
    with tempfile.TemporaryDirectory(prefix="alertgraph-history-") as tmp:
        repo = args.keep or Path(tmp) / "gitops"
        try:
            built = build_repo(repo, args.incidents, args.days, args.seed, now_utc())
            print(
                f"Repository: {built.commits:,} commits after the seed in {built.seconds:.1f} s "
                f"(fast-import {built.import_seconds:.1f} s, checkout "
                f"{built.checkout_seconds:.1f} s) at {repo}"
            )
            times, index = cold_build(repo, len(built.records))
            first = times[0]
            print(
                f"Cold HistoryIndex.build(): first {first:.2f} s, best of 3 {min(times):.2f} s "
                f"({', '.join(f'{t:.2f}' for t in times)})"
            )
            with service(repo, Path(tmp) / "service.log") as (base, started):
                print(f"Service ready ({READY_PATH} 200) {started:.2f} s after start")
                results = http_phase(base, index, args)
            loop_runs = feedback_loop(repo)
        except Failed as exc:
            print(f"\nFAILED: {exc}", file=sys.stderr)
            return 1
    print(f"  first GET /api/incidents: {results['first_ms']:.1f} ms, {results['listed']} items")
    print(f"\nLatency ({args.requests:,} sequential list requests, {args.incidents:,} incidents)")
    for name, values in results["timed"].items():
        print(row(name, values))
    print(row("all list requests", [ms for v in results["timed"].values() for ms in v]))
    print(row("GET /api/incidents/<id>", results["details"]))
    first_run, again = loop_runs
    print(
        f"\nFeedback loop over the whole history: {first_run:.2f} s (writes the patterns), "
        f"{again:.2f} s when nothing changed (no target; it runs daily)"
    )
    print()
    missed = verdicts(first, results["timed"])
    if not results["listed"]:
        print("  NOTE  the list was empty (--allow-empty): the latencies are of an empty list")
    elif not results["limit_ok"]:
        missed.append("first page size")
    flags = " ".join(a for a in (argv if argv is not None else sys.argv[1:]))
    print(f"Reproduce: .venv/bin/python tests/bench/history.py {flags}".rstrip())
    if missed:
        print("TARGET MISSED: " + "; ".join(missed))
        return 1
    print("All targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
