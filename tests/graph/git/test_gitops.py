"""The git store (values read, incidents committed) on real repositories in a temp dir, with a
bare repository as the remote; feedback commits and extra files in an incident's folder."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from graph.git.gitops import GitStore, StoreError
from graph.patching.patcher import Patch, plan_patch, unified_diff
from graph.patching.remediation import Guardrails, Remediation, RemediationKind
from graph.records.commit_message import SEED_MESSAGE, feedback_commit_message
from graph.records.incident import Feedback, IncidentRecord
from graph.records.negative_feedback import (
    FEEDBACK_NEGATIVE,
    automatic_feedback,
    negative_feedback,
    render_feedback,
)
from graph.records.summary import parse_summary
from tests.graph.gitrepos import GITOPS, T0, Clock, git

GRAFANA = "helm-values/grafana/values.yaml"


def commits(repo: Path, ref: str = "HEAD") -> list[str]:
    return git(repo, "log", "--format=%s", ref).splitlines()


def trailer(repo: Path, key: str, rev: str = "HEAD") -> str:
    return git(repo, "log", "-1", f"--format=%(trailers:key={key},valueonly)", rev)


def changed_files(repo: Path, rev: str = "HEAD") -> list[str]:
    return sorted(git(repo, "show", "--name-only", "--format=", rev).splitlines())


def incident_id(n: int) -> str:
    return f"incident-20261124033900-{n:04x}"


def record(n: int = 1, **changes: Any) -> IncidentRecord:
    base = IncidentRecord(
        id=incident_id(n),
        status="committed",
        category="oom",
        severity="critical",
        app="grafana",
        namespace="monitoring",
        fingerprints=(f"fp{n}",),
        created=T0,
        updated=T0,
        decision="approve",
        approver="alice",
        root_cause="grafana was OOMKilled at its memory limit.",
        actions=("Raise the memory limit",),
        feedback=Feedback("go", user_recognition="heavy dashboards"),
        alert={"labels": {"alertname": "KubePodOOMKilled", "pod": "grafana-7d9f8c6b5-x2k4p"}},
    )
    return replace(base, **changes)


def proposal(store: GitStore, app: str, kind: RemediationKind, factor: float = 2.0) -> Patch:
    found = store.read_values(app)
    assert found is not None
    patch = plan_patch(found[1], app, Remediation(kind, factor), Guardrails())
    assert isinstance(patch, Patch)
    return patch


def approved(
    store: GitStore, n: int = 1, app: str = "grafana", **changes: Any
) -> tuple[IncidentRecord, str, str]:
    """An approved memory raise for `app`: (record, values path, new values)."""
    found = store.read_values(app)
    assert found is not None
    path, old = found
    patch = proposal(store, app, RemediationKind.RAISE_MEMORY)
    diff = unified_diff(old, patch.text, path)
    rec = record(n, app=app, diff=diff, change_summary=patch.summary, **changes)
    return rec, path, patch.text


def feedback_for(rec: IncidentRecord, reason: str = "still OOMKilled") -> dict[str, Any]:
    return negative_feedback(
        incident_id=rec.id,
        reason=reason,
        original=rec.change_summary,
        expected_result="needed 2Gi",
        timestamp=T0 + timedelta(hours=1),
        user="bob",
        category=rec.category,
        app=rec.app,
    )


# --- the embedded default -------------------------------------------------------------------


def test_a_new_repository_is_seeded_from_the_demo_tree(store: GitStore, repo: Path) -> None:
    assert commits(repo) == [SEED_MESSAGE]
    assert git(repo, "branch", "--show-current") == "main"
    seeded = sorted(p.relative_to(GITOPS).as_posix() for p in GITOPS.rglob("*") if p.is_file())
    assert git(repo, "ls-files").splitlines() == seeded
    assert store.head() == git(repo, "rev-parse", "HEAD")
    assert git(repo, "log", "-1", "--format=%cI") == "2026-11-24T03:39:00+00:00"
    store.ensure()
    reopened = GitStore(repo, seed=GITOPS)
    assert reopened.head() == store.head()  # opened, not seeded again
    reopened.close()
    assert git(repo, "status", "--porcelain") == ""


def test_the_local_identity_is_set_only_when_git_has_none(
    make_store: Callable[..., GitStore], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_store(tmp_path / "with")
    local = ["git", "-C", str(tmp_path / "with"), "config", "--local", "--get-regexp", "^user"]
    assert subprocess.run(local, capture_output=True, check=False).stdout == b""
    assert (
        git(tmp_path / "with", "log", "-1", "--format=%an <%ae>") == "Tester <tester@example.com>"
    )
    monkeypatch.setenv("HOME", str(tmp_path / "nobody"))
    make_store(tmp_path / "without")
    assert git(tmp_path / "without", "log", "-1", "--format=%an <%ae>") == (
        "alertgraph <alertgraph@localhost>"
    )


def test_a_non_empty_directory_that_is_not_a_repository_is_refused(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not empty and not a git repository"):
        GitStore(tmp_path / "data", seed=GITOPS).ensure()


def test_an_invalid_branch_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not a valid branch name"):
        GitStore(tmp_path / "repo", branch="main..x", seed=GITOPS).ensure()


# --- reading --------------------------------------------------------------------------------


def test_read_values_reads_the_branch_head(store: GitStore, repo: Path) -> None:
    path, text = store.read_values("grafana") or ("", "")
    assert path == GRAFANA
    assert text == (GITOPS / GRAFANA).read_text()
    (repo / GRAFANA).write_text("edited by hand, not committed\n")
    assert store.read_values("grafana") == (GRAFANA, (GITOPS / GRAFANA).read_text())
    assert store.read_values("payments") is None
    assert store.read_values("grafana", template="charts/{app}/values.yaml") is None


@pytest.mark.parametrize(
    "app",
    [
        "../grafana",
        "grafana/../../etc",
        "..",
        "a/b",
        "",
        ".git",
        "-grafana",
        "graf ana",
        "grafana\n",
        "grafänа",
        "a" * 254,
    ],
)
def test_workload_names_that_cannot_name_a_folder_are_refused(store: GitStore, app: str) -> None:
    with pytest.raises(ValueError, match="not a workload name"):
        store.read_values(app)
    with pytest.raises(ValueError, match="not a workload name"):
        store.previous_image_tag(app, T0)


@pytest.mark.parametrize("app", ["Grafana", "my_app", "app.v2", "a" * 253])
def test_workload_names_that_are_not_dns_labels_name_their_values_file(
    store: GitStore, app: str
) -> None:
    assert store.read_values(app) is None  # looked up, not refused: there is no such file


@pytest.mark.parametrize(
    "path",
    ["../outside.yaml", "/etc/passwd", ".git/config", "helm-values/../x", "a//b", "a\\..\\b"],
)
def test_values_paths_outside_the_tree_are_refused(store: GitStore, path: str) -> None:
    with pytest.raises(ValueError, match="not a safe repository path"):
        store.commit_incident(record(), path, "x: 1\n")
    with pytest.raises(ValueError, match="not a safe repository path"):
        store.read_values("grafana", template=path)


def test_a_symlink_leading_outside_is_not_written_through(
    store: GitStore, repo: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo / "helm-values" / "evil").symlink_to(outside)
    path = "helm-values/evil/values.yaml"
    with pytest.raises(StoreError, match="outside the repository"):
        store.commit_incident(record(diff=unified_diff("", "x: 1\n", path)), path, "x: 1\n")
    assert list(outside.iterdir()) == []
    assert commits(repo) == [SEED_MESSAGE]


# --- committing -----------------------------------------------------------------------------


def test_an_approved_incident_is_one_commit_with_the_change_and_three_files(
    store: GitStore, repo: Path
) -> None:
    rec, path, new_values = approved(store)
    seed = store.head()
    sha = store.commit_incident(rec, path, new_values)

    assert sha == store.head() == git(repo, "rev-parse", "HEAD")
    assert git(repo, "rev-parse", f"{sha}^") == seed
    folder = f"examples/{rec.id}"
    assert changed_files(repo) == sorted(
        [GRAFANA, f"{folder}/alert.json", f"{folder}/changes.diff", f"{folder}/summary.md"]
    )
    assert git(repo, "show", f"HEAD:{GRAFANA}") + "\n" == new_values
    assert (repo / GRAFANA).read_text() == new_values
    assert git(repo, "show", f"HEAD:{folder}/changes.diff") + "\n" == rec.diff
    git(repo, "apply", "--reverse", "--check", f"{folder}/changes.diff")  # it is the change made
    assert json.loads((repo / folder / "alert.json").read_text()) == rec.alert
    summary = parse_summary((repo / folder / "summary.md").read_text())
    assert (summary["id"], summary["decision"], summary["approver"]) == (rec.id, "approve", "alice")

    assert commits(repo)[0] == "fix(grafana): raise memory limit 512Mi→1Gi, request 256Mi→512Mi"
    assert trailer(repo, "Incident-Id") == rec.id
    assert trailer(repo, "Category") == "oom"
    assert trailer(repo, "Approved-By") == "alice"
    assert trailer(repo, "Feedback") == "go; user_recognition: heavy dashboards"
    assert git(repo, "status", "--porcelain") == ""


def test_a_rejection_records_only_and_changes_no_values(store: GitStore, repo: Path) -> None:
    rec, _, _ = approved(store)
    rejected = replace(rec, decision="reject", approver="bob", reason="not in the freeze")
    store.commit_incident(rejected)
    folder = f"examples/{rec.id}"
    assert changed_files(repo) == [
        f"{folder}/alert.json", f"{folder}/changes.diff", f"{folder}/summary.md"
    ]  # fmt: skip
    assert store.read_values("grafana") == (GRAFANA, (GITOPS / GRAFANA).read_text())
    assert commits(repo)[0] == "record(grafana): oom proposal rejected"
    assert trailer(repo, "Rejected-By") == "bob"
    assert parse_summary((repo / folder / "summary.md").read_text())["reason"] == (
        "not in the freeze"
    )
    store.commit_incident(record(2, decision="reject", diff=""))
    assert changed_files(repo) == [
        f"examples/{incident_id(2)}/alert.json", f"examples/{incident_id(2)}/summary.md"
    ]  # fmt: skip


def test_an_incident_is_committed_once_and_its_outcome_once(
    store: GitStore, repo: Path, clock: Clock
) -> None:
    rec, path, new_values = approved(store)
    first = store.commit_incident(rec, path, new_values)
    assert store.commit_incident(rec, path, new_values) == first
    assert store.commit_incident(replace(rec, decision="reject"), None, None) == first

    clock.now = T0 + timedelta(minutes=7)
    done = replace(rec, outcome="recovered", status="recovered", updated=clock.now)
    outcome = store.record_outcome(done)
    assert store.record_outcome(done) == outcome
    assert store.commit_incident(rec, path, new_values) == first
    assert len(commits(repo)) == 3
    assert commits(repo)[0] == f"record(grafana): {rec.id} recovered"
    assert changed_files(repo) == [f"examples/{rec.id}/summary.md"]
    assert trailer(repo, "Outcome") == "recovered"
    summary = parse_summary((repo / f"examples/{rec.id}/summary.md").read_text())
    assert (summary["outcome"], summary["status"]) == ("recovered", "recovered")
    assert summary["updated"] == clock.now
    assert git(repo, "log", "-1", "--format=%cI") == "2026-11-24T03:46:00+00:00"


def test_a_values_file_that_moved_since_the_proposal_is_refused(
    store: GitStore, repo: Path
) -> None:
    rec, path, new_values = approved(store)
    (repo / GRAFANA).write_text((repo / GRAFANA).read_text().replace("replicas: 1", "replicas: 2"))
    git(repo, "commit", "-qam", "scale grafana by hand")
    with pytest.raises(StoreError, match="changed since the proposal"):
        store.commit_incident(rec, path, new_values)
    assert commits(repo)[0] == "scale grafana by hand"
    assert git(repo, "status", "--porcelain") == ""


def test_a_failing_commit_leaves_the_checkout_as_head_has_it(store: GitStore, repo: Path) -> None:
    rec, path, new_values = approved(store)
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'policy: no commits today' >&2\nexit 1\n")
    hook.chmod(0o755)
    with pytest.raises(StoreError, match="policy: no commits today"):
        store.commit_incident(rec, path, new_values)
    assert commits(repo) == [SEED_MESSAGE]
    assert git(repo, "status", "--porcelain", "--ignored") == ""
    assert (repo / GRAFANA).read_text() == (GITOPS / GRAFANA).read_text()
    assert not (repo / "examples").exists()

    hook.unlink()  # the next approval retries
    store.commit_incident(rec, path, new_values)
    assert len(commits(repo)) == 2


def test_a_write_failing_half_way_is_rolled_back(store: GitStore, repo: Path) -> None:
    rec, path, new_values = approved(store)
    (repo / "examples" / rec.id / "alert.json").mkdir(parents=True)  # written last: fails
    with pytest.raises(StoreError, match="commit failed"):
        store.commit_incident(rec, path, new_values)
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""
    assert (repo / GRAFANA).read_text() == (GITOPS / GRAFANA).read_text()
    assert sorted(p.name for p in (repo / "examples" / rec.id).iterdir()) == ["alert.json"]
    assert commits(repo) == [SEED_MESSAGE]


# --- feedback commits and the incident's own commits ----------------------------------------


def test_a_feedback_commit_is_not_taken_for_the_decision_or_the_outcome(
    store: GitStore, repo: Path, clock: Clock
) -> None:
    rec, path, new_values = approved(store)
    decision = store.commit_incident(rec, path, new_values)

    clock.now = T0 + timedelta(hours=1)
    doc = feedback_for(rec)
    feedback_path = f"examples/{rec.id}/{FEEDBACK_NEGATIVE}"
    result = store.commit_files(
        {feedback_path: render_feedback(doc)}, feedback_commit_message(doc, "bob")
    )
    assert result is not None
    feedback_sha = result[0]
    assert git(repo, "log", "-1", "--format=%(trailers:key=Incident-Id,valueonly)") == rec.id

    assert store.commit_incident(rec, path, new_values) == decision
    assert store.head() == feedback_sha  # no second decision commit
    clock.now = T0 + timedelta(hours=2)
    done = replace(rec, outcome="recovered", status="recovered", updated=clock.now)
    outcome = store.record_outcome(done)
    assert outcome not in (decision, feedback_sha)
    assert git(repo, "rev-parse", f"{outcome}^") == feedback_sha
    assert store.record_outcome(done) == outcome
    assert store.commit_incident(rec, path, new_values) == decision
    assert len(commits(repo)) == 4  # seed, decision, feedback, outcome
    assert json.loads(store.read_text(feedback_path) or "") == doc  # the outcome kept it


def test_feedback_before_the_outcome_does_not_count_as_the_outcome(
    store: GitStore, repo: Path
) -> None:
    rec, path, new_values = approved(store)
    store.commit_incident(rec, path, new_values)
    doc = feedback_for(rec)
    store.commit_files(
        {f"examples/{rec.id}/{FEEDBACK_NEGATIVE}": render_feedback(doc)},
        feedback_commit_message(doc, "bob"),
    )
    done = replace(rec, outcome="not_recovered", status="not_recovered")
    outcome = store.record_outcome(done)
    assert commits(repo)[0] == f"record(grafana): {rec.id} not recovered"
    assert git(repo, "log", "-1", "--format=%(trailers:key=Outcome,valueonly)", outcome) == (
        "not_recovered"
    )


# --- extra files ----------------------------------------------------------------------------


def test_extra_files_land_in_the_incident_folder(store: GitStore, repo: Path) -> None:
    rec, _, _ = approved(store, decision="reject", status="rejected", reason="not in the freeze")
    doc = automatic_feedback(rec, T0)
    assert doc is not None
    text = render_feedback(doc)
    store.commit_incident(rec, None, None, {FEEDBACK_NEGATIVE: text})
    folder = f"examples/{rec.id}"
    assert changed_files(repo) == sorted(
        [
            f"{folder}/alert.json",
            f"{folder}/changes.diff",
            f"{folder}/summary.md",
            f"{folder}/{FEEDBACK_NEGATIVE}",
        ]
    )
    assert store.read_text(f"{folder}/{FEEDBACK_NEGATIVE}") == text
    assert commits(repo)[0] == "record(grafana): oom proposal rejected"


def test_extra_files_of_an_outcome_land_in_the_incident_folder(store: GitStore, repo: Path) -> None:
    rec, path, new_values = approved(store)
    store.commit_incident(rec, path, new_values)
    done = replace(rec, outcome="not_recovered", status="not_recovered")
    doc = automatic_feedback(done, T0 + timedelta(minutes=10))
    assert doc is not None
    store.record_outcome(done, {FEEDBACK_NEGATIVE: render_feedback(doc)})
    folder = f"examples/{rec.id}"
    assert changed_files(repo) == [f"{folder}/{FEEDBACK_NEGATIVE}", f"{folder}/summary.md"]
    assert json.loads(store.read_text(f"{folder}/{FEEDBACK_NEGATIVE}") or "")["source"] == (
        "not_recovered"
    )


@pytest.mark.parametrize(
    "name", ["a/b.json", "../feedback.json", "..", ".", ".hidden", "", "x\n", "sub/"]
)
def test_extra_file_names_that_are_not_plain_names_are_refused(
    store: GitStore, repo: Path, name: str
) -> None:
    rec, path, new_values = approved(store)
    with pytest.raises(ValueError, match="not a file name"):
        store.commit_incident(rec, path, new_values, {name: "x\n"})
    assert commits(repo) == [SEED_MESSAGE]
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""
    store.commit_incident(rec, path, new_values)
    done = replace(rec, outcome="recovered", status="recovered")
    with pytest.raises(ValueError, match="not a file name"):
        store.record_outcome(done, {name: "x\n"})
    assert len(commits(repo)) == 2
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""


# --- concurrency ----------------------------------------------------------------------------


def run_together(*calls: Callable[[], str]) -> list[str]:
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], str]) -> str:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def test_concurrent_approvals_of_one_incident_make_one_commit(
    make_store: Callable[..., GitStore], repo: Path
) -> None:
    first, second = make_store(repo), make_store(repo)  # two stores, one lock per repository
    rec, path, new_values = approved(first)
    shas = run_together(
        *[lambda s=s: s.commit_incident(rec, path, new_values) for s in (first, second) * 3]
    )
    assert len(set(shas)) == 1
    assert len(commits(repo)) == 2
    assert git(repo, "status", "--porcelain") == ""


def test_concurrent_different_incidents_each_get_their_commit(store: GitStore, repo: Path) -> None:
    grafana, g_path, g_values = approved(store, 1, "grafana")
    checkout, c_path, c_values = approved(store, 2, "checkout")
    shas = run_together(
        lambda: store.commit_incident(grafana, g_path, g_values),
        lambda: store.commit_incident(checkout, c_path, c_values),
        lambda: store.commit_incident(record(3, decision="reject")),
    )
    assert len(set(shas)) == 3
    assert len(commits(repo)) == 4
    assert git(repo, "status", "--porcelain") == ""
    assert store.read_values("grafana") == (g_path, g_values)
    assert store.read_values("checkout") == (c_path, c_values)
    for n in (1, 2, 3):
        assert (repo / "examples" / incident_id(n) / "summary.md").is_file()


# --- pushing --------------------------------------------------------------------------------


def test_a_new_store_seeds_an_empty_remote_and_clones_a_full_one(
    make_store: Callable[..., GitStore], tmp_path: Path, remote: Path
) -> None:
    first = make_store(tmp_path / "a", remote)
    assert commits(remote, "main") == [SEED_MESSAGE]
    second = make_store(tmp_path / "b", remote)
    assert second.head() == first.head()


def test_a_rejected_push_is_rebased_and_pushed(
    make_store: Callable[..., GitStore], tmp_path: Path, remote: Path
) -> None:
    ours, theirs = make_store(tmp_path / "a", remote), make_store(tmp_path / "b", remote)
    rec, path, new_values = approved(ours, 1, "grafana")
    other, o_path, o_values = approved(theirs, 2, "checkout")
    pushed_by_them = theirs.commit_incident(other, o_path, o_values)

    sha = ours.commit_incident(rec, path, new_values)
    assert git(remote, "rev-parse", "main") == sha == ours.head()
    assert git(remote, "rev-parse", f"{sha}^") == pushed_by_them
    assert [s.split("(")[0] for s in commits(remote, "main")] == ["fix", "fix", SEED_MESSAGE]
    assert trailer(remote, "Incident-Id", sha) == rec.id
    assert git(tmp_path / "a", "status", "--porcelain") == ""
    assert ours.read_values("checkout") == (o_path, o_values)
    assert ours.commit_incident(rec, path, new_values) == sha  # still found after the rebase


def test_a_conflicting_remote_change_refuses_the_approved_diff_before_committing(
    make_store: Callable[..., GitStore], tmp_path: Path, remote: Path
) -> None:
    ours = make_store(tmp_path / "a", remote)
    rec, path, new_values = approved(ours)
    subprocess.run(["git", "clone", "-q", str(remote), str(tmp_path / "hand")], check=True)
    values = tmp_path / "hand" / GRAFANA
    values.write_text(values.read_text().replace('memory: "512Mi"', 'memory: "768Mi"'))
    git(tmp_path / "hand", "commit", "-qam", "grafana: 768Mi by hand")
    git(tmp_path / "hand", "push", "-q", "origin", "main")

    # Origin is caught up with first (another replica may have committed): the values file
    # moved there, so what was approved no longer applies and nothing is committed.
    with pytest.raises(StoreError, match=r"changed since the proposal was made"):
        ours.commit_incident(rec, path, new_values)
    assert trailer(tmp_path / "a", "Incident-Id") != rec.id
    assert git(tmp_path / "a", "status", "--porcelain") == ""
    assert not (tmp_path / "a" / ".git" / "rebase-merge").exists()
    assert commits(remote, "main")[0] == "grafana: 768Mi by hand"


def test_a_decision_another_replica_pushed_is_found_not_committed_again(
    make_store: Callable[..., GitStore], tmp_path: Path, remote: Path
) -> None:
    first = make_store(tmp_path / "a", remote)
    second = make_store(tmp_path / "b", remote)  # its own checkout, behind origin from now on
    rec, path, new_values = approved(first)
    made = first.commit_incident(rec, path, new_values)  # the leader pushed, then died
    assert second.commit_incident(rec, path, new_values) == made  # the next leader resumes
    subjects = git(remote, "log", "--format=%(trailers:key=Incident-Id,valueonly)", "main")
    assert subjects.split().count(rec.id) == 1
    outcome = dataclasses.replace(rec, outcome="recovered", status="recovered")
    done = first.record_outcome(outcome)
    assert second.record_outcome(outcome) == done
    assert git(remote, "rev-parse", "main") == done


def test_an_impossible_push_keeps_the_local_commit_for_the_next_call(
    make_store: Callable[..., GitStore], tmp_path: Path, remote: Path
) -> None:
    store = make_store(tmp_path / "a", remote)
    rec, path, new_values = approved(store)
    shutil.rmtree(remote)
    with pytest.raises(StoreError, match="local commit is kept"):
        store.commit_incident(rec, path, new_values)
    local = store.head()
    assert trailer(tmp_path / "a", "Incident-Id") == rec.id
    assert git(tmp_path / "a", "status", "--porcelain") == ""

    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    assert store.commit_incident(rec, path, new_values) == local  # not committed again
    assert git(remote, "rev-parse", "main") == local


def test_push_errors_do_not_show_credentials(
    make_store: Callable[..., GitStore],
    tmp_path: Path,
    remote: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    make_store(tmp_path / "a", remote)
    url = "https://bot:s3cret-token@127.0.0.1:9/gitops.git"  # nothing listens on port 9
    git(tmp_path / "a", "remote", "set-url", "origin", url)
    store = GitStore(tmp_path / "a", remote=url, seed=GITOPS)
    with pytest.raises(StoreError, match="local commit is kept") as raised:
        store.commit_incident(record(decision="reject"))
    store.close()
    assert "https://***@127.0.0.1:9/gitops.git" in str(raised.value)
    assert "s3cret" not in str(raised.value)


# --- history --------------------------------------------------------------------------------


def bump(repo: Path, app: str, old: str, new: str, when: datetime) -> str:
    values = repo / "helm-values" / app / "values.yaml"
    values.write_text(values.read_text().replace(f'tag: "{old}"', f'tag: "{new}"', 1))
    stamp = when.isoformat()
    env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    git(repo, "commit", "-qam", f"release {app} {new}", env=env)
    return git(repo, "rev-parse", "HEAD")


def test_previous_image_tag_after_a_release(store: GitStore, repo: Path, clock: Clock) -> None:
    released = T0 + timedelta(hours=1)
    sha = bump(repo, "checkout", "1.14.2", "1.15.0", released)
    controller = bump(repo, "ingress-nginx", "v1.11.3", "v1.12.0", released)
    since = released - timedelta(minutes=30)
    assert store.previous_image_tag("checkout", since) == ("1.14.2", sha)
    assert store.previous_image_tag("ingress-nginx", since) == ("v1.11.3", controller)
    assert store.previous_image_tag("checkout", released + timedelta(minutes=1)) is None
    assert store.previous_image_tag("grafana", since) is None
    assert store.previous_image_tag("payments", since) is None

    # The service's own revert is not a release to revert.
    found = store.read_values("checkout")
    assert found is not None
    reverted = found[1].replace('tag: "1.15.0"', 'tag: "1.14.2"')
    clock.now = released + timedelta(minutes=5)
    rec = record(9, app="checkout", diff=unified_diff(found[1], reverted, found[0]))
    store.commit_incident(rec, found[0], reverted)
    assert store.previous_image_tag("checkout", since) == ("1.14.2", sha)


def test_previous_image_tag_reads_the_clusters_own_values_file(store: GitStore, repo: Path) -> None:
    template = "clusters/{cluster}/{app}/values.yaml"
    seeded = (repo / "helm-values" / "checkout" / "values.yaml").read_text()
    for cluster in ("eu", "us"):
        (repo / "clusters" / cluster / "checkout").mkdir(parents=True)
        (repo / "clusters" / cluster / "checkout" / "values.yaml").write_text(seeded)
    git(repo, "add", "clusters")
    git(repo, "commit", "-qm", "two clusters")
    released = T0 + timedelta(hours=1)
    values = repo / "clusters" / "eu" / "checkout" / "values.yaml"
    values.write_text(seeded.replace('tag: "1.14.2"', 'tag: "1.15.0"', 1))
    stamp = released.isoformat()
    env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    git(repo, "commit", "-qam", "release checkout 1.15.0 in eu", env=env)
    sha = git(repo, "rev-parse", "HEAD")
    since = released - timedelta(minutes=30)
    found = store.previous_image_tag("checkout", since, template, cluster="eu")
    assert found == ("1.14.2", sha)
    assert store.previous_image_tag("checkout", since, template, cluster="us") is None
    path, text = store.read_values("checkout", template, cluster="eu") or ("", "")
    assert path == "clusters/eu/checkout/values.yaml" and 'tag: "1.15.0"' in text


def test_a_read_only_store_writes_and_pushes_nothing(
    make_store: Callable[..., GitStore], remote: Path, tmp_path: Path, clock: Clock
) -> None:
    make_store(tmp_path / "writer", remote)  # seeds the remote
    store = GitStore(
        tmp_path / "gitops", remote=str(remote), seed=GITOPS, now=clock, read_only=True
    )
    store.ensure()
    rec, path, new = approved(store)
    refs = git(remote, "for-each-ref")
    for write in (
        lambda: store.commit_incident(rec, path, new),
        lambda: store.commit_incident_on_branch(rec, path, new, f"alertgraph/{rec.id}"),
        lambda: store.commit_files({"NOTE.md": "x\n"}, "note"),
    ):
        with pytest.raises(StoreError, match="DRY_RUN"):
            write()
    assert git(remote, "for-each-ref") == refs
    assert git(store.path, "status", "--porcelain") == ""
    assert store.read_values("grafana") is not None  # reading still works
    store.close()
