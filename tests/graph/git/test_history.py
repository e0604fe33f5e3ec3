"""The history index on real repositories: 50 incidents written by GitStore plus hand commits."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from graph.git import plumbing
from graph.git.gitops import GitStore
from graph.git.history import HistoryIndex
from graph.git.items import Item
from graph.patching.patcher import Patch, plan_patch, unified_diff
from graph.patching.remediation import Guardrails, Remediation, RemediationKind
from graph.records.incident import Feedback, IncidentRecord
from tests.graph.gitrepos import GITOPS, T0, Clock, git, incident_id

APPS = ("grafana", "checkout", "ingress-nginx")
CATEGORIES = ("oom", "crashloop", "probe")
HAND = 6  # the incident whose summary.md is edited by hand
TIE = (10, 11)  # two incidents created at the same second


def created_at(n: int) -> datetime:
    return T0 + timedelta(minutes=TIE[0] if n in TIE else n)


def expected(n: int) -> dict[str, Any]:
    rejected = n % 4 == 3
    status = "rejected" if rejected else ("recovered" if n % 2 == 0 else "not_recovered")
    return {
        "status": status,
        "category": CATEGORIES[n % 3],
        "app": APPS[n % 3],
        "decision": "reject" if rejected else "approve",
        "created": created_at(n),
    }


def add_incident(store: GitStore, clock: Clock, n: int) -> int:
    """One incident as the service writes it; the number of commits made."""
    want = expected(n)
    created = want["created"]
    rec = IncidentRecord(
        id=incident_id(n),
        status="rejected" if want["decision"] == "reject" else "committed",
        category=want["category"],
        severity="critical" if n % 2 else "warning",
        app=want["app"],
        namespace="monitoring",
        fingerprints=(f"fp{n}",),
        created=created,
        updated=created,
        decision=want["decision"],
        approver="alice",
        root_cause=f"cause {n}",
        actions=("Raise the memory limit",),
        feedback=Feedback("go" if n % 4 != 3 else "no"),
        reason="not now" if n % 4 == 3 else "",
        alert={"labels": {"alertname": "Test", "n": str(n)}},
    )
    clock.now = created + timedelta(seconds=30)
    path = new_text = None
    if want["decision"] == "approve" and n % 5 == 0:
        found = store.read_values(rec.app)
        assert found is not None
        patch = plan_patch(
            found[1], rec.app, Remediation(RemediationKind.RAISE_MEMORY, 1.1), Guardrails()
        )
        if isinstance(patch, Patch):
            path, new_text = found[0], patch.text
            diff = unified_diff(found[1], patch.text, path)
            rec = replace(rec, diff=diff, change_summary=patch.summary)
    store.commit_incident(rec, path, new_text)
    if want["decision"] == "reject":
        return 1
    clock.now = created + timedelta(minutes=1)
    done = replace(rec, status=want["status"], outcome=want["status"], updated=clock.now)
    store.record_outcome(done)
    return 2


@pytest.fixture(scope="module")
def git_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    home = tmp_path_factory.mktemp("home")
    (home / ".gitconfig").write_text("[user]\n\tname = Tester\n\temail = tester@example.com\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        patch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
        patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
        for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CONFIG_GLOBAL"):
            patch.delenv(name, raising=False)
        yield


@pytest.fixture(scope="module")
def history_repo(git_env: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """50 incidents by GitStore, then one hand commit (no trailers) on incident HAND."""
    repo = tmp_path_factory.mktemp("history") / "gitops"
    clock = Clock()
    store = GitStore(repo, seed=GITOPS, now=clock)
    for n in range(50):
        add_incident(store, clock, n)
    store.close()
    folder = repo / "examples" / incident_id(HAND)
    with (folder / "summary.md").open("a") as out:
        out.write("\n## Notes\n\nChecked by hand.\n")
    (folder / "feedback_negative.json").write_text('{"feedback_type": "negative"}\n')
    git(repo, "add", "-A")
    stamp = "@" + str(int((T0 + timedelta(hours=2)).timestamp())) + " +0000"
    subprocess.run(
        ["git", "-C", str(repo), "commit", "-q", "-m", "docs: note on an incident"],
        check=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "Hand Person",
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
        },
    )
    return repo


@pytest.fixture(scope="module")
def index(history_repo: Path) -> HistoryIndex:
    built = HistoryIndex(history_repo)
    built.build()
    return built


@pytest.fixture
def copy(history_repo: Path, tmp_path: Path) -> Path:
    """A private copy of the 50-incident repository, for tests that change it."""
    target = tmp_path / "gitops"
    shutil.copytree(history_repo, target, symlinks=True)
    return target


def everything(index: HistoryIndex, **filters: Any) -> list[Item]:
    return index.items(limit=200, **filters)[0]


# --- list -----------------------------------------------------------------------------------


def test_every_incident_is_listed_newest_first_with_its_values(index: HistoryIndex) -> None:
    listed = everything(index)
    assert len(listed) == 50
    order = sorted(range(50), key=lambda n: (created_at(n), incident_id(n)), reverse=True)
    assert [i.id for i in listed] == [incident_id(n) for n in order]
    for item in listed:
        n = int(item.id.rsplit("-", 1)[1], 16)
        want = expected(n)
        assert (item.status, item.category, item.app, item.decision, item.created) == (
            want["status"],
            want["category"],
            want["app"],
            want["decision"],
            want["created"],
        )
        assert item.namespace == "monitoring"
        assert item.severity == ("critical" if n % 2 else "warning")
        hand = 1 if n == HAND else 0
        assert len(item.commits) == (1 if want["decision"] == "reject" else 2) + hand
        assert item.updated >= item.created
    assert index.stats == {"commits_read": 50 + 38 + 1 + 1, "full_builds": 1}  # + seed + hand


def test_a_hand_commit_without_trailers_belongs_to_the_incident(
    index: HistoryIndex, history_repo: Path
) -> None:
    item = next(i for i in everything(index) if i.id == incident_id(HAND))
    assert item.commits[0] == git(history_repo, "rev-parse", "HEAD")
    assert item.updated == T0 + timedelta(hours=2)  # the hand commit's date
    detail = index.detail(item.id)
    assert detail is not None
    hand, outcome, decision = detail.commits
    assert (hand.subject, hand.author, hand.trailers) == (
        "docs: note on an incident",
        "Hand Person",
        {},
    )
    assert outcome.trailers["Outcome"] == "recovered"
    assert decision.trailers["Incident-Id"] == item.id and "Outcome" not in decision.trailers
    assert decision.subject.startswith("record(grafana)")
    assert hand.date > outcome.date > decision.date
    assert detail.summary is not None
    assert detail.summary["sections"]["Notes"] == "Checked by hand."
    assert detail.feedback == {"feedback_negative.json": '{"feedback_type": "negative"}\n'}


@pytest.mark.parametrize(
    "filters",
    [
        {"status": "rejected"},
        {"status": "recovered"},
        {"category": "oom"},
        {"app": "checkout"},
        {"app": "checkout", "category": "crashloop", "status": "not_recovered"},
        {"since": T0 + timedelta(minutes=20)},
        {"until": T0 + timedelta(minutes=9)},
        {"since": T0 + timedelta(minutes=10), "until": T0 + timedelta(minutes=10)},
        {"app": "nobody"},
    ],
)
def test_filters_pick_exactly_the_matching_incidents(
    index: HistoryIndex, filters: dict[str, Any]
) -> None:
    def matches(n: int) -> bool:
        want = expected(n)
        return all(
            (
                want["created"] >= value
                if key == "since"
                else want["created"] <= value
                if key == "until"
                else want[key] == value
            )
            for key, value in filters.items()
        )

    got = [i.id for i in everything(index, **filters)]
    assert sorted(got) == sorted(incident_id(n) for n in range(50) if matches(n))
    assert got == [i.id for i in everything(index) if i.id in set(got)]  # same order


@pytest.mark.parametrize("limit", [1, 7, 10, 49, 50])
def test_pages_concatenate_to_the_whole_list(index: HistoryIndex, limit: int) -> None:
    pages: list[str] = []
    cursor: str | None = None
    for _ in range(60):
        page, cursor = index.items(limit=limit, cursor=cursor)
        assert len(page) <= limit
        pages += [i.id for i in page]
        if cursor is None:
            break
    assert pages == [i.id for i in everything(index)]
    assert len(set(pages)) == 50


def test_pages_work_with_filters_and_bad_arguments_are_refused(index: HistoryIndex) -> None:
    first, cursor = index.items(app="grafana", limit=5)
    second, _ = index.items(app="grafana", limit=5, cursor=cursor)
    assert [i.id for i in first + second] == [i.id for i in everything(index, app="grafana")][:10]
    for limit in (0, 201, -1):
        with pytest.raises(ValueError, match="limit"):
            index.items(limit=limit)
    for cursor in ("not a cursor!", "Zm9v", "MXxpbmNpZGVudC0uLg"):
        with pytest.raises(ValueError, match="cursor"):
            index.items(cursor=cursor)


# --- detail ---------------------------------------------------------------------------------


def test_detail_has_the_summary_diff_and_commits(index: HistoryIndex) -> None:
    fixed = next(n for n in range(0, 50, 5) if expected(n)["decision"] == "approve")
    detail = index.detail(incident_id(fixed))
    assert detail is not None
    assert detail.summary is not None and detail.summary["id"] == incident_id(fixed)
    assert detail.summary["root_cause"] == f"cause {fixed}"
    assert detail.diff.startswith("--- a/helm-values/")
    assert detail.commits[-1].subject.startswith(f"fix({expected(fixed)['app']})")
    assert detail.feedback == {}
    rejected = index.detail(incident_id(3))
    assert rejected is not None and rejected.diff == "" and len(rejected.commits) == 1
    assert rejected.commits[0].trailers["Rejected-By"] == "alice"
    assert index.detail("incident-20991231000000-abcd") is None


# --- refresh --------------------------------------------------------------------------------


def test_refresh_reads_only_the_new_commits(copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = HistoryIndex(copy)
    index.build()
    calls: list[tuple[str, ...]] = []
    run = plumbing.run_git

    def spy(repo: Path | None, *args: str, **kwargs: Any) -> bytes:
        calls.append(args)
        return run(repo, *args, **kwargs)

    monkeypatch.setattr(plumbing, "run_git", spy)
    assert index.refresh() == 0
    assert calls == []  # HEAD did not move: the ref file says so, no git process at all
    assert not index.moved()

    clock = Clock()
    store = GitStore(copy, seed=GITOPS, now=clock)
    made = sum(add_incident(store, clock, n) for n in (60, 61, 62))
    store.close()
    calls.clear()
    assert index.moved()
    assert index.refresh() == made == index.stats["commits_read"]
    assert index.stats["full_builds"] == 1
    log = next(c for c in calls if c[0] == "log")
    assert ".." in log[-1]  # a range from the last indexed commit
    listed = everything(index)
    assert len(listed) == 53
    assert {incident_id(n) for n in (60, 61, 62)} <= {i.id for i in listed[:3]}
    new = index.detail(incident_id(61))
    assert new is not None and len(new.commits) == 2


def test_a_rewritten_history_is_rebuilt(copy: Path) -> None:
    index = HistoryIndex(copy)
    index.build()
    git(copy, "reset", "-q", "--hard", "HEAD~3")  # drops the hand commit and incident 49
    git(copy, "commit", "-q", "--allow-empty", "-m", "chore: rewritten")
    assert index.refresh() == index.stats["commits_read"] == 50 + 38 + 1 - 2 + 1
    assert index.stats["full_builds"] == 2
    ids = {i.id for i in everything(index)}
    assert incident_id(49) not in ids and len(ids) == 49
    hand = index.detail(incident_id(HAND))
    assert hand is not None and hand.feedback == {} and len(hand.commits) == 2


def test_an_empty_or_missing_branch_has_no_incidents(git_env: None, tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    index = HistoryIndex(tmp_path)
    index.build()
    assert index.items() == ([], None)
    assert index.refresh() == 0


# --- path traversal -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        "..",
        "../../etc/passwd",
        "%2e%2e",
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/etc/passwd",
        f"{incident_id(1)}/../../etc/passwd",
        f"../{incident_id(1)}",
        f"{incident_id(1)}\n",
        f"/{incident_id(1)}",
        "",
        "incident-２０２６１１２４０３３９００-0001",
    ],
)
def test_malformed_ids_are_refused_without_touching_git(
    index: HistoryIndex, bad: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_git(*args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("git was called")

    monkeypatch.setattr(plumbing, "run_git", no_git)
    with pytest.raises(ValueError, match="not an incident id"):
        index.detail(bad)


def test_symlinks_committed_into_the_repository_are_never_followed(
    copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    linked, folder_link = incident_id(0xBAD), incident_id(0xBAD2)
    folder = copy / "examples" / linked
    folder.mkdir()
    (folder / "summary.md").symlink_to("/etc/passwd")
    (folder / "changes.diff").symlink_to("../../../../../../etc/passwd")
    (folder / "feedback_x.json").symlink_to("/etc/hostname")
    (copy / "examples" / folder_link).symlink_to("/etc")
    git(copy, "add", "-A")
    git(copy, "commit", "-q", "-m", "plant symlinks")
    read: list[str] = []
    blobs = HistoryIndex._blobs

    def spy(self: HistoryIndex, entries: dict[str, str]) -> dict[str, str]:
        read.extend(entries)
        return blobs(self, entries)

    monkeypatch.setattr(HistoryIndex, "_blobs", spy)
    index = HistoryIndex(copy)
    index.build()
    detail = index.detail(linked)
    assert detail is not None  # the commit touched examples/<id>/, so it is listed
    assert (detail.summary, detail.diff, detail.feedback) == (None, "", {})
    assert detail.item.status == "unknown"
    assert index.detail(folder_link) is None
    for n in (HAND, 5):
        assert index.detail(incident_id(n)) is not None
    assert read and all(p.split("/")[0] == "examples" for p in read)
    assert not any(p.startswith((f"examples/{linked}", f"examples/{folder_link}")) for p in read)
