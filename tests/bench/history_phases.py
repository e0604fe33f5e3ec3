"""The phases of the history benchmark (tests/bench/history.py) on one built repository.

- `cold_build`: `HistoryIndex(repo, "main").build()` in this process, each on a new index.
- `service`: `python -m receiver` on the repository, until `/health/ready` answers 200.
- `http_phase`: warm-up list requests (checked against the in-process index), then timed list
  requests rotating through six kinds and timed detail requests; the service's resident memory
  read from /proc after them.
- `commit_rounds`: on a checkout cloned from the repository, each round an approval as the
  workflow's commit node makes it (`GitStore.commit_incident`: a values change one memory step
  up and the incident's folder, one commit) and its outcome as the record node makes it
  (`GitStore.record_outcome`), each timed; the index catch-up after each call
  (`GitStore.settle`, not part of the call) timed apart. Then the daily feedback loop over the
  whole history, twice (the second finds nothing new), on the same checkout.

Not a pytest module: nothing runs at import.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from graph.git.gitops import GitStore
from graph.git.history import HistoryIndex
from graph.git.items import MAX_LIMIT
from graph.learning.loop import FeedbackLoop
from graph.patching.patcher import unified_diff
from graph.records.incident import Feedback, IncidentRecord

if TYPE_CHECKING:  # mypy sees this directory as the package tests.bench
    from tests.bench.history_repo import APPS, raised_memory
else:
    from history_repo import APPS, raised_memory

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 300.0
READY_PATH = "/health/ready"
LIST_PATH = "/api/incidents"


class Failed(Exception):
    """A check failed: the figures would not mean what they say."""


def cold_build(repo: Path, expected: int, runs: int) -> list[float]:
    """The seconds of `runs` `HistoryIndex.build()`s, each on a new index; Failed when the
    index does not hold `expected` incidents."""
    times = []
    for _ in range(runs):
        index = HistoryIndex(repo, "main")
        began = time.perf_counter()
        index.build()
        times.append(time.perf_counter() - began)
        count = len(index.ordered())
        del index
        if count != expected:
            raise Failed(f"the index holds {count} incidents, the repository {expected}")
    return times


@dataclass(frozen=True)
class Service:
    """The service running on a repository: its base URL, pid and seconds until ready."""

    base: str
    pid: int
    started: float


@contextlib.contextmanager
def service(repo: Path, log_path: Path) -> Iterator[Service]:
    """`python -m receiver` on `repo`, until READY_PATH answers 200."""
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
            time.sleep(0.05)
        yield Service(base, proc.pid, time.perf_counter() - began)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _tail(path: Path) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-30:])


def memory(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of process `pid` in MiB: its resident memory now and at its peak."""
    found = dict.fromkeys(("VmRSS", "VmHWM"), 0.0)
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in found:
            found[key] = int(value.split()[0]) / 1024
    return found["VmRSS"], found["VmHWM"]


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


@dataclass
class HttpFigures:
    """What the HTTP phase measured."""

    first_ms: float
    listed: int
    timed: dict[str, list[float]]
    details: list[float]
    rss_mib: float
    peak_mib: float


def http_phase(
    running: Service, index: HistoryIndex, requests: int, warmup: int, details: int, seed: int
) -> HttpFigures:
    """Warm-up (checked), the timed list requests and the timed detail requests, then the
    service's memory."""
    with httpx.Client(base_url=running.base, timeout=30.0) as client:
        first_ms, first = get(client, LIST_PATH, {})
        items = first.get("items") or []
        if not items:
            raise Failed("GET /api/incidents listed nothing (the git history is not listed)")
        if len(items) != min(50, len(index.ordered())):
            raise Failed(f"the first page holds {len(items)} items, not 50")
        created = [datetime.fromisoformat(i["created"]) for i in items]
        if created != sorted(created, reverse=True):
            raise Failed("the first page is not newest first (by created)")
        kinds = list_kinds(index, first.get("next_cursor"))
        names = list(kinds)
        for i in range(warmup):
            name = names[i % len(names)]
            check(name, kinds[name], get(client, LIST_PATH, kinds[name])[1], index)
        timed: dict[str, list[float]] = {name: [] for name in names}
        for i in range(requests):
            name = names[i % len(names)]
            timed[name].append(get(client, LIST_PATH, kinds[name])[0])
        rng = random.Random(seed)
        ids = [item.id for item in index.ordered()]
        detail_ms = [get(client, f"{LIST_PATH}/{rng.choice(ids)}", {})[0] for _ in range(details)]
    rss, peak = memory(running.pid)
    return HttpFigures(first_ms, len(items), timed, detail_ms, rss, peak)


@dataclass
class CommitFigures:
    """Milliseconds of each round's calls."""

    decision: list[float]
    outcome: list[float]
    catch_up: list[float]
    clone_seconds: float
    feedback_loop: tuple[float, float] = (0.0, 0.0)  # seconds: a first run, and one more


def commit_rounds(repo: Path, checkout: Path, rounds: int, seed: int) -> CommitFigures:
    """`rounds` approvals and outcomes committed on a checkout cloned from `repo` (module
    docstring); Failed when one did not land on the branch."""
    began = time.perf_counter()
    subprocess.run(["git", "clone", "-q", "--local", str(repo), str(checkout)], check=True)
    clone_seconds = time.perf_counter() - began
    store = GitStore(checkout, "main")
    store.ensure()
    settle: Callable[[], None] = getattr(store, "settle", lambda: None)  # the code before had none
    rng = random.Random(seed)
    figures = CommitFigures([], [], [], clone_seconds)
    now = datetime.now(UTC).replace(microsecond=0)
    for n in range(rounds):
        app = rng.choice(APPS)
        found = store.read_values(app)
        if found is None:
            raise Failed(f"no values file for {app}")
        path, old = found
        new = raised_memory(old)
        record = _approval(n, app, now + timedelta(seconds=n), unified_diff(old, new, path))
        figures.decision.append(_ms(store.commit_incident, record, path, new))
        figures.catch_up.append(_ms(settle))
        done = replace(record, status="recovered", outcome="recovered", updated=now)
        figures.outcome.append(_ms(store.record_outcome, done))
        figures.catch_up.append(_ms(settle))
    figures.feedback_loop = feedback_loop(checkout, store)
    store.close()
    commits = subprocess.run(
        ["git", "-C", str(checkout), "rev-list", "--count", "HEAD@{upstream}..HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if int(commits) < 2 * rounds:
        raise Failed(f"{commits} commits landed on the checkout, not {2 * rounds}")
    return figures


def feedback_loop(repo: Path, store: GitStore) -> tuple[float, float]:
    """Seconds for a first FeedbackLoop run over the repository (which commits the patterns of
    every group with a failure) and for a second one (nothing changed: no commit)."""
    loop = FeedbackLoop(HistoryIndex(repo, "main"), store)
    times = []
    for _ in range(2):
        started = time.perf_counter()
        result = loop.run()
        times.append(time.perf_counter() - started)
    if result.commit_sha is not None:
        raise Failed("a second feedback loop run with nothing new committed again")
    return times[0], times[1]


def _ms(call: Callable[..., object], *args: Any) -> float:
    """Milliseconds of `call(*args)`."""
    began = time.perf_counter()
    call(*args)
    return (time.perf_counter() - began) * 1000


def _approval(n: int, app: str, created: datetime, diff: str) -> IncidentRecord:
    """An approved memory raise of `app`, as the workflow records it."""
    return IncidentRecord(
        id=f"incident-{created:%Y%m%d%H%M%S}-{n:04x}",
        status="committed",
        category="oom",
        severity="critical",
        app=app,
        namespace="prod",
        fingerprints=(f"{n:016x}",),
        created=created,
        updated=created,
        decision="approve",
        approver="alice",
        root_cause=f"oom on {app}: the workload outgrew its memory limit",
        actions=("raise the memory limit one step",),
        feedback=Feedback("ok"),
        alert={"labels": {"alertname": "KubePodOOMKilled", "app": app}},
        diff=diff,
        change_summary="raise memory limit one step",
    )
