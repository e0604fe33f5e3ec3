"""Incident history over HTTP: a real history made by the service, hand commits on top of it,
filters and paging, a restart that rebuilds the list from git alone, and reads that must
never leave examples/ (path traversal, symlinks committed to the repository)."""

from __future__ import annotations

import base64
import json
import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from graph.records.incident import IncidentRecord
from graph.records.summary import render_summary
from tests.receiver.conftest import make_app, status_when, ticking_clock
from tests.receiver.helpers import VALUES, decide, problem

TRIGGER = "/api/incidents/trigger"
LIST = "/api/incidents"

# (app, the category the analyzer gives, log text): values files exist for these three apps.
SPECS = (
    ("grafana", "oom", "OOMKilled: container grafana exceeded its memory limit"),
    ("checkout", "oom", "java.lang.OutOfMemoryError: Java heap space"),
    # (categories with a values change: advice-only ones, such as an expired certificate,
    # are acknowledged rather than approved or rejected — see tests/integration/test_grouping)
    ("checkout", "cpu_throttling", "CPUThrottlingHigh: 85% throttling of CPU for container api"),
    ("grafana", "disk_full", "write /var/lib/grafana/grafana.db: no space left on device"),
    (
        "ingress-nginx",
        "probe_failure",
        "Liveness probe failed: HTTP probe failed with statuscode: 503",
    ),
)
COUNT = 50
REJECT_COMMENT = "leak in the code, not a limit problem"

HAND_ID = "incident-20261120120000-abcd"
HAND_CREATED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
HAND_DATE = "2026-11-20T13:00:00+00:00"
EDIT_DATE = "2026-11-25T00:00:00+00:00"  # after every incident the service made
EDITED = 5  # the incident whose summary.md is edited by hand (a grafana OOM, approved)


@dataclass(frozen=True)
class Made:
    """One incident this test made, as it made it."""

    id: str
    app: str
    category: str
    decision: str

    @property
    def status(self) -> str:
        return "committed" if self.decision == "approve" else "rejected"

    @property
    def created(self) -> datetime:
        """The id carries the first-seen second; the ticking clock has no sub-seconds."""
        return datetime.strptime(self.id.split("-")[1], "%Y%m%d%H%M%S").replace(tzinfo=UTC)


# --- helpers --------------------------------------------------------------------------------


def git(repo: Path, *args: str, date: str | None = None) -> str:
    """Plain `git` in `repo`, as a person would run it (their own identity and dates)."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Hand Person",
        "GIT_AUTHOR_EMAIL": "hand@example.org",
        "GIT_COMMITTER_NAME": "Hand Person",
        "GIT_COMMITTER_EMAIL": "hand@example.org",
    }
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    done = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return done.stdout.strip()


def hand_commit(repo: Path, message: str, *paths: str, date: str | None = None) -> str:
    git(repo, "add", "--", *paths)
    git(repo, "commit", "-q", "-m", message, "--", *paths, date=date)
    return git(repo, "rev-parse", "HEAD")


async def all_pages(
    client: AsyncTestClient[Litestar], limit: int, **filters: str
) -> list[dict[str, Any]]:
    """Every item of the list, following `next_cursor` page by page."""
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    for _ in range(100):
        params = {**filters, "limit": str(limit), **({"cursor": cursor} if cursor else {})}
        r = await client.get(LIST, params=params)
        assert r.status_code == 200, r.text
        page = r.json()
        assert len(page["items"]) <= limit
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items
        assert len(page["items"]) == limit  # only a full page has a next one
    raise AssertionError("the cursors never ended")


async def ids_where(client: AsyncTestClient[Litestar], **filters: str) -> list[str]:
    r = await client.get(LIST, params={**filters, "limit": "200"})
    assert r.status_code == 200, (filters, r.text)
    body = r.json()
    assert body["next_cursor"] is None
    return [item["id"] for item in body["items"]]


def newest_first(ids: list[str], made: dict[str, datetime]) -> list[str]:
    return sorted(ids, key=lambda i: (made[i], i), reverse=True)


def stamp(value: str) -> datetime:
    return datetime.fromisoformat(value)


async def make_history(client: AsyncTestClient[Litestar]) -> list[Made]:
    """COUNT incidents through the real workflow: triggered, proposed, then approved or
    rejected (with a comment), one after the other so every proposal is made against the
    values the previous approvals left."""
    made: list[Made] = []
    for i in range(COUNT):
        app, category, text = SPECS[i % len(SPECS)]
        labels = {"app": app, "namespace": f"shop-{i % 3}"}
        r = await client.post(TRIGGER, json={"log_text": text, "labels": labels})
        assert r.status_code == 202, r.text
        incident_id = r.json()["incident_id"]
        shown = await status_when(client, incident_id, lambda s: s["status"] == "awaiting_approval")
        assert (shown["app"], shown["category"]) == (app, category), shown
        decision = "reject" if i % 3 == 1 else "approve"
        extra = {"comment": REJECT_COMMENT} if decision == "reject" else {}
        r = await decide(client, incident_id, decision, shown["diff_sha256"], **extra)
        assert r.status_code == 202, r.text
        one = Made(incident_id, app, category, decision)
        assert r.json()["status"] == one.status, r.text
        made.append(one)
    return made


# --- 1. a history of 51 incidents -----------------------------------------------------------


async def test_a_history_of_fifty_one_incidents_lists_filters_pages_and_survives_a_restart(
    tmp_path: Path,
) -> None:
    repo_dir = tmp_path / "gitops"
    async with AsyncTestClient(app=make_app(tmp_path, now=ticking_clock())) as client:
        made = await make_history(client)
        assert len({m.id for m in made}) == COUNT

        # A colleague records an incident they handled by hand: no trailers, plain git.
        hand = IncidentRecord(
            id=HAND_ID,
            status="recovered",
            category="disk_full",
            severity="warning",
            app="hand-app",
            namespace="hand-ns",
            fingerprints=("0f0f0f0f0f0f0f0f",),
            created=HAND_CREATED,
            updated=stamp(HAND_DATE),
            decision="approve",
            approver="ops-oncall",
            root_cause="Old heap dumps filled the data volume.",
            actions=("Delete the heap dumps", "Rotate dumps daily"),
            outcome="recovered",
        )
        folder = repo_dir / "examples" / HAND_ID
        folder.mkdir(parents=True)
        (folder / "summary.md").write_text(render_summary(hand))
        hand_sha = hand_commit(
            repo_dir,
            "docs: write up the hand-app disk incident",
            f"examples/{HAND_ID}/summary.md",
            date=HAND_DATE,
        )
        # …and edits one the service recorded: a new category and a post-mortem section.
        edited = made[EDITED]
        assert (edited.app, edited.category) == ("grafana", "oom")
        summary_path = repo_dir / "examples" / edited.id / "summary.md"
        text = summary_path.read_text()
        assert 'category: "oom"\n' in text
        text = text.replace('category: "oom"\n', 'category: "memory_leak"\n')
        summary_path.write_text(text + "\n## Postmortem\n\nA cache grew without bound.\n")
        edit_sha = hand_commit(
            repo_dir,
            "docs: post-mortem of the grafana leak",
            f"examples/{edited.id}/summary.md",
            date=EDIT_DATE,
        )

        created = {m.id: m.created for m in made} | {HAND_ID: HAND_CREATED}
        everything = newest_first(list(created), created)
        assert everything[-1] == HAND_ID  # the hand-made one is the oldest

        # Paging: 51 items in pages of 7, newest first, no duplicates, same as one page.
        paged = await all_pages(client, 7)
        assert [i["id"] for i in paged] == everything
        whole = (await client.get(LIST, params={"limit": "200"})).json()
        assert whole["next_cursor"] is None
        assert paged == whole["items"]
        keys = [(stamp(i["created"]), i["id"]) for i in paged]
        assert keys == sorted(keys, reverse=True)
        assert [stamp(i["created"]) for i in paged] == [created[i] for i in everything]

        by_id = {i["id"]: i for i in paged}
        # The incidents the service made are live in this process; the hand-made one is not.
        assert all(by_id[m.id]["live"] and by_id[m.id]["tenant"] == "default" for m in made)
        hand_item = by_id[HAND_ID]
        assert hand_item == {
            "id": HAND_ID,
            "status": "recovered",
            "category": "disk_full",
            "severity": "warning",
            "app": "hand-app",
            "namespace": "hand-ns",
            "created": "2026-11-20T12:00:00Z",
            "updated": "2026-11-20T13:00:00Z",
            "commits": [hand_sha],
            "decision": "approve",
            "live": False,
            "tenant": None,
            "cluster": None,
            "alertname": None,
            "sources": None,
            "fingerprints": None,
            "alerts": None,
            "counters": None,
            "signal": None,
            "confidence": None,
            "explanation": None,
        }
        # The hand edit is the edited incident's newest commit and its newest change.
        edited_item = by_id[edited.id]
        assert edited_item["commits"][0] == edit_sha and len(edited_item["commits"]) == 2
        assert stamp(edited_item["updated"]) == stamp(EDIT_DATE)
        for m in made:
            if m.id != edited.id:
                assert len(by_id[m.id]["commits"]) == 1, by_id[m.id]
            assert (by_id[m.id]["status"], by_id[m.id]["decision"]) == (m.status, m.decision)

        # Filters: each gives exactly the incidents made that way, newest first.
        def expect(ids: list[str]) -> list[str]:
            return newest_first(ids, created)

        approved = [m.id for m in made if m.decision == "approve"]
        rejected = [m.id for m in made if m.decision == "reject"]
        assert 0 < len(rejected) < len(approved)
        assert await ids_where(client, status="committed") == expect(approved)
        assert await ids_where(client, status="rejected") == expect(rejected)
        assert await ids_where(client, status="recovered") == [HAND_ID]
        assert await ids_where(client, status="not_recovered") == []
        for app in ("grafana", "checkout", "ingress-nginx"):
            assert await ids_where(client, app=app) == expect([m.id for m in made if m.app == app])
        assert await ids_where(client, app="hand-app") == [HAND_ID]
        assert await ids_where(client, app="nobody") == []
        # (A live incident keeps its live category, so `oom` is checked after the restart.)
        for category in ("cpu_throttling", "probe_failure"):
            expected = expect([m.id for m in made if m.category == category])
            assert await ids_where(client, category=category) == expected
        disk = expect([m.id for m in made if m.category == "disk_full"] + [HAND_ID])
        assert await ids_where(client, category="disk_full") == disk
        both = [m.id for m in made if m.app == "checkout" and m.decision == "reject"]
        assert both and await ids_where(client, app="checkout", status="rejected") == expect(both)

        # since/until bound `created`, both inclusive.
        since, until = made[10].created, made[29].created
        window = expect([m.id for m in made if since <= m.created <= until])
        assert window == expect([m.id for m in made[10:30]])
        iso = "%Y-%m-%dT%H:%M:%SZ"
        assert (
            await ids_where(client, since=since.strftime(iso), until=until.strftime(iso)) == window
        )
        after = expect([m.id for m in made[40:]])
        assert await ids_where(client, since=made[40].created.isoformat()) == after
        # The same instant with another offset, and without one (UTC).
        plus_one = made[40].created.astimezone(timezone(timedelta(hours=1)))
        assert await ids_where(client, since=plus_one.isoformat()) == after
        naive = made[40].created.replace(tzinfo=None).isoformat()
        assert await ids_where(client, since=naive) == after
        assert await ids_where(client, until="2026-11-21T00:00:00Z") == [HAND_ID]
        assert await ids_where(client, until=HAND_CREATED.isoformat()) == [HAND_ID]
        assert await ids_where(client, since="2026-11-24T00:00:00Z", app="hand-app") == []
        # Filters and cursors together: the rejected ones in pages of 4.
        paged_rejected = await all_pages(client, 4, status="rejected")
        assert [i["id"] for i in paged_rejected] == expect(rejected)

        # One approved incident in full: parsed summary, the committed diff, its fix commit.
        first = made[0]
        assert (first.app, first.category, first.decision) == ("grafana", "oom", "approve")
        r = await client.get(f"{LIST}/{first.id}")
        assert r.status_code == 200, r.text
        detail = r.json()
        assert detail["item"] == by_id[first.id]
        summary = detail["summary"]
        assert summary["id"] == first.id and summary["status"] == "committed"
        assert (summary["app"], summary["category"], summary["decision"]) == (
            "grafana",
            "oom",
            "approve",
        )
        assert summary["root_cause"].strip()
        assert summary["actions"] and all(a.strip() for a in summary["actions"])
        assert "Root cause" in summary["sections"] and "Actions" in summary["sections"]
        committed_diff = git(repo_dir, "show", f"main:examples/{first.id}/changes.diff")
        assert detail["diff"].strip() == committed_diff
        assert f"--- a/{VALUES}" in detail["diff"] and '+    memory: "1Gi"' in detail["diff"]
        (fix,) = detail["commits"]
        assert fix["sha"] == by_id[first.id]["commits"][0]
        trailered = git(repo_dir, "log", "--format=%H", f"--grep=Incident-Id: {first.id}", "main")
        assert trailered.split() == [fix["sha"]]
        assert fix["subject"].startswith("fix(grafana): raise memory limit"), fix
        assert fix["trailers"]["Incident-Id"] == first.id
        assert fix["trailers"]["Decision"] == "approve"
        assert fix["trailers"]["Category"] == "oom" and fix["trailers"]["App"] == "grafana"
        assert VALUES in git(repo_dir, "show", "--name-only", "--format=", fix["sha"]).split()

        # One rejected incident: decision reject, the comment kept, a record commit only.
        no = made[1]
        assert (no.app, no.category, no.decision) == ("checkout", "oom", "reject")
        detail = (await client.get(f"{LIST}/{no.id}")).json()
        assert detail["item"]["decision"] == "reject" and detail["item"]["status"] == "rejected"
        assert detail["summary"]["decision"] == "reject"
        assert detail["summary"]["feedback"]["comment"] == REJECT_COMMENT
        (record,) = detail["commits"]
        assert record["subject"] == "record(checkout): oom proposal rejected"
        assert record["trailers"]["Incident-Id"] == no.id
        assert record["trailers"]["Decision"] == "reject"
        assert record["trailers"]["Rejected-By"] == "U123"
        assert "helm-values/checkout/values.yaml" not in git(
            repo_dir, "show", "--name-only", "--format=", record["sha"]
        )

        # The hand-edited one: summary as edited, both commits, the hand one first.
        detail = (await client.get(f"{LIST}/{edited.id}")).json()
        assert detail["summary"]["category"] == "memory_leak"
        assert detail["summary"]["sections"]["Postmortem"] == "A cache grew without bound."
        assert [c["sha"] for c in detail["commits"]] == edited_item["commits"]
        assert detail["commits"][0]["subject"] == "docs: post-mortem of the grafana leak"
        assert detail["commits"][0]["author"] == "Hand Person"
        assert detail["commits"][0]["trailers"] == {}
        assert detail["commits"][1]["trailers"]["Incident-Id"] == edited.id

        # The hand-made one in full.
        detail = (await client.get(f"{LIST}/{HAND_ID}")).json()
        assert detail["item"] == hand_item
        assert detail["summary"]["root_cause"] == "Old heap dumps filled the data volume."
        assert detail["summary"]["actions"] == ["Delete the heap dumps", "Rotate dumps daily"]
        assert detail["diff"] == "" and detail["feedback"] == {}
        assert [(c["sha"], c["trailers"]) for c in detail["commits"]] == [(hand_sha, {})]
        before_restart = {i["id"]: i for i in whole["items"]}

    # A restart: a new app on the same repository, nothing in memory, the list from git.
    async with AsyncTestClient(app=make_app(tmp_path, now=ticking_clock())) as client:
        again = await all_pages(client, 7)
        assert [i["id"] for i in again] == everything
        assert all(i["live"] is False for i in again)
        assert all(i["tenant"] is None and i["counters"] is None for i in again)
        kept = ("status", "severity", "app", "namespace", "created", "commits", "decision")
        for item in again:
            old = before_restart[item["id"]]
            assert {k: item[k] for k in kept} == {k: old[k] for k in kept}, item["id"]
        by_id = {i["id"]: i for i in again}
        assert by_id[edited.id]["category"] == "memory_leak"
        assert stamp(by_id[edited.id]["updated"]) == stamp(EDIT_DATE)
        assert by_id[HAND_ID] == hand_item
        oom = [m.id for m in made if m.category == "oom" and m.id != edited.id]
        assert await ids_where(client, category="oom") == newest_first(oom, created)
        assert await ids_where(client, category="memory_leak") == [edited.id]
        for category in ("cpu_throttling", "probe_failure"):
            expected = newest_first([m.id for m in made if m.category == category], created)
            assert await ids_where(client, category=category) == expected
        assert await ids_where(client, status="committed") == newest_first(approved, created)
        assert await ids_where(client, status="rejected") == newest_first(rejected, created)
        gone = await client.get(f"{LIST}/{first.id}/status")
        assert problem(gone, 404)  # not in this process's memory…
        detail = (await client.get(f"{LIST}/{first.id}")).json()  # …but in git
        assert detail["item"]["live"] is False and detail["commits"][0]["sha"] == fix["sha"]
        assert detail["diff"].strip() == committed_diff


# --- 2. nothing outside examples/ is ever read ----------------------------------------------

MARKER_IN = "MARKER-IN-REPO-5f1d2c"  # in the repository, outside examples/
MARKER_OUT = "MARKER-OUTSIDE-REPO-93ab7e"  # beside the repository, in tmp_path
MARKER_DIR = "MARKER-OUTSIDE-DIR-c0ffee"  # in a directory outside the repository

LINKED_SUMMARY = "incident-20261124033900-abcd"  # summary.md → a file outside the repo
LINKED_FOLDER = "incident-20261124034000-beef"  # the folder → a directory outside the repo
LINKED_FILES = "incident-20261124034100-cafe"  # real summary.md, diff/feedback → outside
LINKED_RELATIVE = "incident-20261124034200-d00d"  # summary.md → ../../secrets/…
PLANTED = (LINKED_SUMMARY, LINKED_FOLDER, LINKED_FILES, LINKED_RELATIVE)

TRAVERSALS = (
    "..",
    "%2e%2e",
    "%2E%2E",
    "..%2f..%2fetc%2fpasswd",
    "..%2F..%2F..%2Fsecrets%2Fdb-password.txt",
    "%2e%2e%2f%2e%2e%2foutside-secret.txt",
    "%2fetc%2fpasswd",
    "%2F%2Fetc%2Fpasswd",
    "//etc/passwd",
    "etc/passwd",
    "....//....//etc/passwd",
    "%252e%252e%252fetc%252fpasswd",
    f"{LINKED_SUMMARY}%2f..",
    f"{LINKED_SUMMARY}%2f..%2f..%2fsecrets%2fdb-password.txt",
    f"{LINKED_SUMMARY}%2fsummary.md",
    f"{LINKED_SUMMARY}/summary.md",
    f"{LINKED_FOLDER}/summary.md",
    "..%5c..%5cetc%5cpasswd",
    f"{LINKED_SUMMARY}%5c..",
    f"{LINKED_SUMMARY}%5csummary.md",
    f"{LINKED_SUMMARY}%00",
    f"{LINKED_SUMMARY}%00.md",
    "%00",
    "incident-２０261124033900-abcd",  # fullwidth digits
    "incident-٢٠٢٦1124033900-abcd",  # Arabic-Indic digits
    f"{LINKED_SUMMARY}%0A",
    f"{LINKED_SUMMARY}%0a",
    f"{LINKED_SUMMARY}%20",
    "incident-20261124033900-ABCD",
    f"{LINKED_SUMMARY}%2fsummary.md%00",
)
# Paths sent as they are (httpx would remove the dot segments before sending).
RAW_PATHS = (
    "/api/incidents/..",
    "/api/incidents/../../etc/passwd",
    f"/api/incidents/{LINKED_SUMMARY}/..",
    f"/api/incidents/{LINKED_SUMMARY}/../../secrets/db-password.txt",
    "/api/incidents/../../outside-secret.txt",
    f"/api/incidents/{LINKED_SUMMARY}\\..\\..\\secrets",
    f"/api/incidents/{LINKED_SUMMARY}\x00",
    f"/api/incidents/{LINKED_SUMMARY}\n",
    "/api/incidents/\u2024\u2024",  # one-dot leaders, not dots
)
MARKERS = (MARKER_IN, MARKER_OUT, MARKER_DIR)


def plant(tmp_path: Path) -> None:
    """Secrets outside examples/ (in the repository and beside it) and incidents whose files
    are symlinks to them, committed by hand."""
    repo_dir = tmp_path / "gitops"
    outside = tmp_path / "outside-secret.txt"
    outside.write_text(f"password={MARKER_OUT}\n")
    elsewhere = tmp_path / "outside-dir"
    elsewhere.mkdir()
    record = IncidentRecord(
        id=LINKED_FOLDER,
        status="recovered",
        category="oom",
        severity="critical",
        app="grafana",
        namespace="monitoring",
        fingerprints=(),
        created=datetime(2026, 11, 24, 3, 40, tzinfo=UTC),
        updated=datetime(2026, 11, 24, 3, 41, tzinfo=UTC),
        root_cause=f"secret {MARKER_DIR}",
    )
    (elsewhere / "summary.md").write_text(render_summary(record))
    (elsewhere / "changes.diff").write_text(f"+{MARKER_DIR}\n")
    (elsewhere / "feedback-1.json").write_text(json.dumps({"comment": MARKER_DIR}))

    (repo_dir / "secrets").mkdir()
    (repo_dir / "secrets" / "db-password.txt").write_text(f"{MARKER_IN}\n")
    hand_commit(repo_dir, "chore: add a secret", "secrets/db-password.txt")

    examples = repo_dir / "examples"
    linked = examples / LINKED_SUMMARY
    linked.mkdir(parents=True)
    (linked / "summary.md").symlink_to(outside)
    (linked / "alert.json").write_text("{}\n")
    hand_commit(repo_dir, "docs: an incident", f"examples/{LINKED_SUMMARY}")

    (examples / LINKED_FOLDER).symlink_to(elsewhere, target_is_directory=True)
    git(repo_dir, "add", "--", f"examples/{LINKED_FOLDER}")
    git(repo_dir, "commit", "-q", "-m", f"docs: linked\n\nIncident-Id: {LINKED_FOLDER}")

    files = examples / LINKED_FILES
    files.mkdir()
    real = IncidentRecord(
        id=LINKED_FILES,
        status="recovered",
        category="disk_full",
        severity="warning",
        app="checkout",
        namespace="shop",
        fingerprints=(),
        created=datetime(2026, 11, 24, 3, 41, tzinfo=UTC),
        updated=datetime(2026, 11, 24, 3, 42, tzinfo=UTC),
        root_cause="A full disk.",
        outcome="recovered",
    )
    (files / "summary.md").write_text(render_summary(real))
    (files / "changes.diff").symlink_to(outside)
    (files / "feedback-1.json").symlink_to(outside)
    (files / "feedback-2.json").write_text('{"comment": "fine"}\n')
    hand_commit(repo_dir, "docs: another incident", f"examples/{LINKED_FILES}")

    relative = examples / LINKED_RELATIVE
    relative.mkdir()
    (relative / "summary.md").symlink_to(Path("../../secrets/db-password.txt"))
    hand_commit(repo_dir, "docs: a third incident", f"examples/{LINKED_RELATIVE}")

    # Trailers that name no valid incident id are not incidents.
    git(
        repo_dir,
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "chore: odd trailers\n\nIncident-Id: ../../secrets\nIncident-Id: /etc/passwd",
    )
    modes = git(repo_dir, "ls-tree", "-r", "HEAD", "--", "examples").splitlines()
    symlinks = [line for line in modes if line.startswith("120000")]
    assert len(symlinks) == 5, modes  # the symlinks are in git as symlinks


async def raw_get(app: Litestar, path: str) -> tuple[int, dict[str, str], bytes]:
    """GET `path` exactly as given (no client-side normalisation), straight through ASGI."""
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode("utf-8"),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("testclient", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)  # type: ignore[arg-type]
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], headers, body


def no_marker(text: str) -> None:
    for marker in MARKERS:
        assert marker not in text, marker


async def test_reads_never_leave_examples_whatever_the_path_or_the_symlinks(
    tmp_path: Path,
) -> None:
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        plant(tmp_path)

        # The list: the four planted incidents (the odd trailers add none), no secret.
        r = await client.get(LIST)
        assert r.status_code == 200, r.text
        no_marker(r.text)
        items = {i["id"]: i for i in r.json()["items"]}
        assert set(items) == set(PLANTED)
        # A symlinked summary.md is absent: nothing is known but the commit.
        assert items[LINKED_SUMMARY]["status"] == "unknown"
        assert items[LINKED_SUMMARY]["category"] == "" and items[LINKED_SUMMARY]["app"] == ""
        assert items[LINKED_FOLDER]["status"] == "unknown"
        assert items[LINKED_RELATIVE]["status"] == "unknown"
        assert items[LINKED_FILES]["status"] == "recovered"

        for incident_id in (LINKED_SUMMARY, LINKED_FOLDER, LINKED_RELATIVE):
            r = await client.get(f"{LIST}/{incident_id}")
            assert r.status_code == 200, r.text
            no_marker(r.text)
            detail = r.json()
            assert detail["summary"] is None, incident_id
            assert detail["diff"] == "" and detail["feedback"] == {}
            assert len(detail["commits"]) == 1
        r = await client.get(f"{LIST}/{LINKED_FILES}")
        assert r.status_code == 200, r.text
        no_marker(r.text)
        detail = r.json()
        assert detail["summary"]["root_cause"] == "A full disk."
        assert detail["diff"] == ""  # changes.diff is a symlink
        assert detail["feedback"] == {"feedback-2.json": {"comment": "fine"}}

        for filters in ({"status": "unknown"}, {"app": "grafana"}, {"category": "oom"}):
            r = await client.get(LIST, params=filters)
            assert r.status_code == 200
            no_marker(r.text)
        r = await client.get("/api/learning/patterns")
        assert r.status_code < 500, r.text
        no_marker(r.text)

        for bad in TRAVERSALS:
            r = await client.get(f"{LIST}/{bad}")
            assert r.status_code in (400, 404), (bad, r.status_code, r.text)
            assert r.headers["content-type"] == "application/problem+json", bad
            no_marker(r.text)
            if r.status_code == 400:
                assert r.json()["title"] == "Invalid incident id", bad
        for path in RAW_PATHS:
            status, headers, body = await raw_get(client.app, path)
            assert status in (400, 404), (path, status, body)
            assert headers["content-type"] == "application/problem+json", path
            no_marker(body.decode("utf-8", "replace"))
        # An id of the right shape that git does not know.
        missing = await client.get(f"{LIST}/incident-20261124034300-0bad")
        assert problem(missing, 404)["detail"] == "no incident incident-20261124034300-0bad"


# --- 3. bad filters -------------------------------------------------------------------------


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


BAD_FILTERS = (
    ({"status": "bogus"}, "status"),
    ({"status": "COMMITTED"}, "status"),
    ({"status": ""}, "status"),
    ({"since": "not-a-date"}, "since"),
    ({"until": "2026-13-45T99:00:00Z"}, "until"),
    ({"limit": "0"}, "limit"),
    ({"limit": "201"}, "limit"),
    ({"limit": "-1"}, "limit"),
    ({"limit": "ten"}, "limit"),
    ({"cursor": "garbage"}, "cursor"),
    ({"cursor": "!!"}, "cursor"),
    ({"cursor": _cursor("1795491576.0|../../etc/passwd")}, "cursor"),
    ({"cursor": _cursor("not-a-number|incident-20261124033900-abcd")}, "cursor"),
)


async def test_bad_filters_are_400_problems(client: AsyncTestClient[Litestar]) -> None:
    for params, field in BAD_FILTERS:
        body = problem(await client.get(LIST, params=params), 400)
        assert field in json.dumps(body), (params, body)


async def test_a_cursor_with_a_stamp_that_is_not_a_number_is_refused(
    client: AsyncTestClient[Litestar],
) -> None:
    for stamp_text in ("nan", "inf", "-inf"):
        forged = _cursor(f"{stamp_text}|incident-20261124033900-abcd")
        problem(await client.get(LIST, params={"cursor": forged}), 400)
