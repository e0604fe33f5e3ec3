"""A GitOps repository holding thousands of incidents, as the service would have written them.

Used by the history benchmark (tests/bench/history.py). The layout is the service's own
(graph/git/gitops.py): the seed commit of examples/gitops ("chore: seed GitOps repository"), then a
hand-made commit adding the values files of 20 more apps (no trailers, as a person would), then
per incident one decision commit and, for most, one outcome commit, in time order:

- decision: examples/<id>/summary.md (`render_summary`), alert.json, and changes.diff when a
  values change was proposed; a `fix` commit also changes helm-values/<app>/values.yaml by
  exactly that diff (the first `memory:` limit goes one step up a ladder). Message:
  `commit_message(record, "fix" | "record")`, status `committed` (or `rejected`).
- outcome: summary.md rewritten with the outcome (`recovered` / `not_recovered`), message
  `commit_message(record, "outcome")`.

Everything after the seed is written by one `git fast-import` (committer and author
`alertgraph <alertgraph@localhost>`, dated when the service would have committed), then the
branch is checked out. The mix is drawn from a seeded `random.Random`, so a seed gives the same
incidents (the ids and dates move with `end`).

Segments. Every commit of a linear history writes a new `examples` tree holding every incident
so far, so building one costs the square of its size: 47 s for 5,000 incidents on the bench VM,
hours for 100,000 (fast-import writes, sorts and deltifies a tree of up to 5.6 MB for each of
176,000 commits). So the incidents are written in segments of `segment` (by creation time): each
segment is a branch from the hand-made commit holding only its own incidents' commits, merged
into main at its end by a commit (no trailers, no files of its own for `git log --name-only`)
whose tree holds every incident so far. The branch head is what the service would have written
(every incident folder, the same commits with the same messages and dates, newest first by
date); only the trees of older commits are partial, which nothing the service reads depends on.
A repository of at most `segment` incidents is linear, as before. Each segment's values files
start from the hand-made commit's; main takes a segment's values files at its merge.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from graph.git.checkout import IDENTITY
from graph.patching.patcher import unified_diff
from graph.records.commit_message import SEED_MESSAGE, CommitKind, commit_message
from graph.records.incident import Feedback, IncidentRecord
from graph.records.summary import render_summary
from graph.state import DecisionKind, Outcome

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "examples" / "gitops"
SEEDED_APPS = ("grafana", "checkout", "ingress-nginx")
MORE_APPS = (
    *("payments", "cart", "search", "auth", "api-gateway", "orders", "inventory", "shipping"),
    *("notifications", "recommendations", "billing", "users", "catalog", "reviews", "redis"),
    *("postgres", "kafka", "prometheus", "loki", "tempo"),
)
APPS = SEEDED_APPS + MORE_APPS
CATEGORIES = (
    *("oom", "crashloop", "disk_full", "cpu_throttling", "image_pull", "probe_failure"),
    *("high_latency", "high_error_rate", "evicted", "config_error"),
)
SEVERITIES = ("critical", "high", "warning", "info")
DECISIONS: tuple[DecisionKind, ...] = ("approve", "modify", "reject")
APPROVERS = ("alice", "bob", "carol", "dmitri", "oncall-bot")
NAMESPACES = ("prod", "staging", "monitoring", "edge")
LADDER = ("256Mi", "384Mi", "512Mi", "768Mi", "1Gi", "1536Mi", "2Gi", "3Gi", "4Gi")
_MEMORY = re.compile(r'^(\s+memory:\s*)("?)([0-9]+[A-Za-z]*)("?)', re.MULTILINE)
_VALUES = "helm-values/{app}/values.yaml"
SEGMENT = 1000  # incidents per segment (module docstring)
SEGMENT_REF = "refs/heads/bench-segment"
_TEMPLATE = """\
# {app}: Helm values (history benchmark fixture)
replicaCount: 2
image:
  repository: registry.example.com/{app}
  tag: "1.4.2"
resources:
  limits:
    cpu: 500m
    memory: 512Mi
  requests:
    cpu: 100m
    memory: 256Mi
"""


@dataclass(frozen=True)
class Built:
    """The repository made: its incidents as finally recorded, commits, and timings (s)."""

    path: Path
    records: list[IncidentRecord]
    commits: int  # after the seed commit
    import_seconds: float
    checkout_seconds: float
    seconds: float  # all of it, seed commit included


@dataclass
class _Plan:
    record: IncidentRecord  # as at the decision commit
    fix: bool  # the approved change edits the values file
    proposed: bool  # a values change was proposed (a fix, or a rejected proposal)
    decided: datetime
    outcome: Outcome | None
    finished: datetime


def build_repo(
    path: Path, count: int, days: float, seed: int, end: datetime, segment: int = SEGMENT
) -> Built:
    """A repository at `path` (created) with `count` incidents created over the `days` before
    `end`, written in segments of `segment` incidents (module docstring); RuntimeError when git
    fails."""
    began = time.perf_counter()
    rng = random.Random(seed)
    start = end - timedelta(days=days)
    _seed_commit(path, start - timedelta(hours=2))
    taken: set[str] = set()
    plans = [_plan(rng, start, days, taken) for _ in range(count)]
    by_creation = sorted(range(count), key=lambda i: (plans[i].record.created, i))
    writer = _Writer(path)
    apps = {app: _TEMPLATE.format(app=app) for app in MORE_APPS}
    writer.commit(
        "refs/heads/main",
        "Ops Person <ops@example.com>",
        start - timedelta(hours=1),
        "chore: add the values of 20 more apps\n",
        {_VALUES.format(app=app): text for app, text in apps.items()},
        parent="refs/heads/main^0",
    )
    base = writer.last_mark
    writer.main = f":{base}"
    for app in SEEDED_APPS:
        apps[app] = (SEED / "helm-values" / app / "values.yaml").read_text()
    final: dict[int, IncidentRecord] = {}
    linear = count <= segment
    for first in range(0, count, segment):
        chunk = by_creation[first : first + segment]
        ref = "refs/heads/main" if linear else SEGMENT_REF
        if not linear:
            writer.reset(ref, base)
        written = _write_segment(writer, ref, [plans[i] for i in chunk], dict(apps))
        final.update(zip(chunk, written.records, strict=True))
        if not linear:
            writer.merge(first // segment, written)
    import_seconds = writer.close()
    if not linear:
        _git(path, "update-ref", "-d", SEGMENT_REF)
    checked = time.perf_counter()
    _git(path, "reset", "-q", "--hard", "refs/heads/main")
    checkout_seconds = time.perf_counter() - checked
    return Built(
        path=path,
        records=[final[i] for i in range(count)],
        commits=writer.commits,
        import_seconds=import_seconds,
        checkout_seconds=checkout_seconds,
        seconds=time.perf_counter() - began,
    )


@dataclass
class _Segment:
    """What one segment wrote: its incidents as finally recorded, in order, and the blob mark
    of each file at its last version (path → mark), with the segment's last commit."""

    records: list[IncidentRecord]
    files: dict[str, int]
    tip: int
    last: datetime


def _write_segment(
    writer: _Writer, ref: str, plans: list[_Plan], values: dict[str, str]
) -> _Segment:
    """The commits of `plans` (decision, then outcome) in time order on `ref`."""
    events = sorted(
        [(p.decided, 0, i) for i, p in enumerate(plans)]
        + [(p.finished, 1, i) for i, p in enumerate(plans) if p.outcome is not None]
    )
    final: dict[int, IncidentRecord] = {}
    files: dict[str, int] = {}
    for stamp, kind, i in events:
        plan = plans[i]
        if kind == 0:
            record, changed, commit_kind = _decision(plan, values)
            plan.record = record
        else:
            status = plan.outcome or ""
            record = replace(plan.record, status=status, outcome=plan.outcome, updated=stamp)
            changed = {f"examples/{record.id}/summary.md": render_summary(record)}
            commit_kind = "outcome"
        final[i] = record
        message = commit_message(record, commit_kind)
        files.update(writer.commit(ref, _AUTHOR, stamp, message, changed))
    last = events[-1][0] if events else datetime.now(UTC)
    return _Segment([final[i] for i in range(len(plans))], files, writer.last_mark, last)


class _Writer:
    """One `git fast-import` fed as the commits are made (the stream is never held whole).

    Every blob gets a mark, so a merge commit can name the files of its segment."""

    def __init__(self, path: Path) -> None:
        self.began = time.perf_counter()
        self.proc = subprocess.Popen(
            ["git", "-C", str(path), "fast-import", "--quiet", "--force"],
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "LC_ALL": "C"},
        )
        self.marks = 0
        self.last_mark = 0
        self.commits = 0
        self.main = ""  # main's head as fast-import knows it: a mark

    def _send(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)

    def _blob(self, text: str) -> int:
        self.marks += 1
        data = text.encode()
        self._send(f"blob\nmark :{self.marks}\ndata {len(data)}\n".encode() + data + b"\n")
        return self.marks

    def commit(
        self,
        ref: str,
        who: str,
        stamp: datetime,
        message: str,
        files: dict[str, str],
        parent: str | None = None,
        merge: int | None = None,
        marks: dict[str, int] | None = None,
    ) -> dict[str, int]:
        """One commit on `ref` writing `files` (and the blobs `marks` names); path → mark."""
        written = {path: self._blob(text) for path, text in files.items()}
        self.marks += 1
        self.last_mark = self.marks
        self.commits += 1
        when = f"{who} {int(stamp.timestamp())} +0000\n"
        msg = message.encode()
        out = [
            f"commit {ref}\nmark :{self.marks}\n".encode(),
            f"author {when}committer {when}data {len(msg)}\n".encode(),
            msg,
            b"\n",
        ]
        if parent is not None:
            out.append(f"from {parent}\n".encode())
        if merge is not None:
            out.append(f"merge :{merge}\n".encode())
        for path, mark in {**(marks or {}), **written}.items():
            out.append(f"M 100644 :{mark} {path}\n".encode())
        out.append(b"\n")
        self._send(b"".join(out))
        return written

    def reset(self, ref: str, mark: int) -> None:
        """Point `ref` at commit `mark` (a segment starts there)."""
        self._send(f"reset {ref}\nfrom :{mark}\n\n".encode())

    def merge(self, number: int, segment: _Segment) -> None:
        """Merge a segment into main: its incident folders and values files join main's tree."""
        message = (
            f"history bench: merge segment {number + 1} ({len(segment.records):,} incidents)\n"
        )
        stamp = segment.last + timedelta(seconds=1)
        self.commit(
            "refs/heads/main",
            _AUTHOR,
            stamp,
            message,
            {},
            parent=self.main,
            merge=segment.tip,
            marks=segment.files,
        )
        self.main = f":{self.last_mark}"

    def close(self) -> float:
        """End the import; its seconds. RuntimeError when fast-import failed."""
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        err = self.proc.stderr.read() if self.proc.stderr else b""
        if self.proc.wait() != 0:
            raise RuntimeError(f"git fast-import failed: {err.decode(errors='replace')}")
        return time.perf_counter() - self.began


_AUTHOR = f"{IDENTITY['user.name']} <{IDENTITY['user.email']}>"


def _plan(rng: random.Random, start: datetime, days: float, taken: set[str]) -> _Plan:
    """One incident: its decision record, whether it is a fix, its outcome and its times."""
    created = start + timedelta(seconds=int(rng.uniform(0, days * 86400)))
    incident_id = ""
    while not incident_id or incident_id in taken:
        incident_id = f"incident-{created:%Y%m%d%H%M%S}-{rng.getrandbits(16):04x}"
    taken.add(incident_id)
    app = rng.choices(APPS, weights=[6, 5, 4, *[1] * len(MORE_APPS)])[0]
    category = rng.choice(CATEGORIES)
    decision = rng.choices(DECISIONS, weights=(75, 10, 15))[0]
    rejected = decision == "reject"
    fix = not rejected and rng.random() < 0.8
    proposed = fix or (rejected and rng.random() < 0.7)
    outcome: Outcome | None = None
    if not rejected and rng.random() < 0.9:
        outcome = "recovered" if rng.random() < 0.75 else "not_recovered"
    decided = created + timedelta(seconds=rng.randint(60, 1200))
    comment = rng.choice(("", "looks right", "ok, watch the dashboards", "not now: freeze week"))
    fingerprints = tuple(f"{rng.getrandbits(64):016x}" for _ in range(rng.randint(1, 3)))
    namespace = rng.choice(NAMESPACES)
    record = IncidentRecord(
        id=incident_id,
        status="rejected" if rejected else "committed",
        category=category,
        severity=rng.choice(SEVERITIES),
        app=app,
        namespace=namespace,
        fingerprints=fingerprints,
        created=created,
        updated=decided,
        decision=decision,
        approver=rng.choice(APPROVERS),
        root_cause=f"{category} on {app}: the workload outgrew its limits after a traffic rise",
        actions=("raise the limit one step", "watch the alert for 15 minutes"),
        feedback=Feedback(comment=comment),
        reason=comment if rejected else "",
        alert={
            "source": "alertmanager",
            "log_text": "",
            "labels": {"alertname": f"{category}-alert", "namespace": namespace, "app": app},
            "annotations": {"summary": f"{category} on {app}"},
            "fingerprints": list(fingerprints),
            "starts_at": created.isoformat(),
        },
    )
    finished = decided + timedelta(seconds=rng.randint(300, 900))
    return _Plan(record, fix, proposed, decided, outcome, finished)


def _decision(
    plan: _Plan, values: dict[str, str]
) -> tuple[IncidentRecord, dict[str, str], CommitKind]:
    """The decision commit's record and files; applies a fix to `values`."""
    record = plan.record
    files: dict[str, str] = {}
    if plan.proposed:
        path = _VALUES.format(app=record.app)
        old = values[record.app]
        new = raised_memory(old)
        diff = unified_diff(old, new, path)
        summary = f"raise memory limit {_limit(old)}→{_limit(new)}"
        record = replace(record, diff=diff, change_summary=summary)
        files["examples/" + record.id + "/changes.diff"] = diff
        if plan.fix:
            values[record.app] = new
            files[path] = new
    folder = f"examples/{record.id}"
    files[f"{folder}/summary.md"] = render_summary(record)
    files[f"{folder}/alert.json"] = json.dumps(record.alert, indent=2, ensure_ascii=False) + "\n"
    return record, files, "fix" if plan.fix else "record"


def raised_memory(values: str) -> str:
    """`values` with its first `memory:` limit one step up LADDER (after the top: 1Gi)."""
    match = _MEMORY.search(values)
    if match is None:
        raise ValueError("no memory limit in the values file")
    current = match.group(3)
    limit = LADDER[(LADDER.index(current) + 1) % len(LADDER)] if current in LADDER else "1Gi"
    return values[: match.start(3)] + limit + values[match.end(3) :]


def _limit(values: str) -> str:
    match = _MEMORY.search(values)
    return match.group(3) if match else ""


def _seed_commit(path: Path, stamp: datetime) -> None:
    """`git init` + examples/gitops committed as the service seeds a new repository."""
    path.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SEED, path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    _git(path, "init", "-q", "-b", "main")
    for key, value in IDENTITY.items():
        _git(path, "config", "--local", key, value)
    _git(path, "add", "-A")
    date = f"@{int(stamp.timestamp())} +0000"
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    _git(path, "commit", "-q", "-m", SEED_MESSAGE, env=env)


def _git(
    path: Path, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> None:
    done = subprocess.run(
        ["git", "-C", str(path), *args],
        input=stdin,
        capture_output=True,
        check=False,
        env={**os.environ, "LC_ALL": "C", **(env or {})},
    )
    if done.returncode != 0:
        raise RuntimeError(f"git {args[0]} failed: {done.stderr.decode(errors='replace')}")


def now_utc() -> datetime:
    """The current time, to the second, in UTC (the newest incidents end about here)."""
    return datetime.now(UTC).replace(microsecond=0)
