"""Decision commits on an incident's own branch (GIT_DELIVERY branch / pull_request), on real
repositories with a bare remote: the checkout stays on its branch, a retry or a reviewer's
commits on top are never overwritten, and a merge is found after `sync`."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from graph.git.gitops import GitStore
from graph.records.incident import IncidentRecord
from tests.graph.git.test_gitops import GRAFANA, approved
from tests.graph.gitrepos import git


def branch_of(store: GitStore) -> str:
    return git(store.path, "symbolic-ref", "--short", "HEAD")


def test_the_change_goes_on_its_branch_and_the_checkout_stays_where_it_was(
    make_store: Callable[..., GitStore], remote: Path, tmp_path: Path
) -> None:
    store = make_store(tmp_path / "gitops", remote)
    rec, path, new = approved(store)
    head_before, worktree_before = store.head(), (store.path / GRAFANA).read_text()
    branch = f"alertgraph/{rec.id}"

    head, base = store.commit_incident_on_branch(rec, path, new, branch)

    assert (store.head(), branch_of(store)) == (head_before, "main")
    assert (store.path / GRAFANA).read_text() == worktree_before  # worktree untouched
    assert git(store.path, "status", "--porcelain") == ""
    assert base == head_before and git(remote, "rev-parse", branch) == head
    assert git(remote, "show", f"{head}:{GRAFANA}") == new.rstrip("\n")
    assert f"examples/{rec.id}/summary.md" in git(remote, "show", "--name-only", head)


def test_a_retry_returns_the_branch_as_it_is_with_a_reviewers_commits_on_top(
    make_store: Callable[..., GitStore], remote: Path, tmp_path: Path
) -> None:
    store = make_store(tmp_path / "gitops", remote)
    rec, path, new = approved(store)
    branch = f"alertgraph/{rec.id}"
    head, base = store.commit_incident_on_branch(rec, path, new, branch)
    clone = tmp_path / "reviewer"
    subprocess.run(["git", "clone", "-q", "-b", branch, str(remote), str(clone)], check=True)
    (clone / "NOTE.md").write_text("reviewed\n")
    git(clone, "add", "NOTE.md")
    git(clone, "-c", "user.name=R", "-c", "user.email=r@x", "commit", "-qm", "review")
    git(clone, "push", "-q", "origin", branch)
    edited = git(clone, "rev-parse", "HEAD")

    assert store.commit_incident_on_branch(rec, path, new, branch) == (edited, base)
    assert git(remote, "rev-parse", branch) == edited
    assert head != edited


def test_without_a_remote_the_branch_is_local(
    make_store: Callable[..., GitStore], tmp_path: Path
) -> None:
    store = make_store(tmp_path / "gitops")
    rec, path, new = approved(store)
    branch = f"alertgraph/{rec.id}"
    head, _ = store.commit_incident_on_branch(rec, path, new, branch)
    assert git(store.path, "rev-parse", branch) == head
    assert store.commit_incident_on_branch(rec, path, new, branch)[0] == head
    assert store.landed(rec.id, rec.created, head, path) is None
    git(store.path, "merge", "-q", "--ff-only", branch)
    assert store.landed(rec.id, rec.created, head, path) == head  # a fast-forward: itself


def pushed_change(clone: Path, path: str, old: str, new: str, message: str) -> str:
    """A commit on the clone's main editing `path`, pushed; its sha."""
    git(clone, "checkout", "-q", "main")
    git(clone, "pull", "-q", "--ff-only", "origin", "main")
    text = (clone / path).read_text()
    assert old in text
    (clone / path).write_text(text.replace(old, new, 1))
    git(clone, "-c", "user.name=R", "-c", "user.email=r@x", "commit", "-qam", message)
    git(clone, "push", "-q", "origin", "main")
    return git(clone, "rev-parse", "HEAD")


def pushed(store: GitStore) -> tuple[GitStore, IncidentRecord, str, str, str]:
    """An approved memory raise pushed on its own branch: (store, record, values path, branch,
    the branch's head)."""
    rec, path, new = approved(store)
    branch = f"alertgraph/{rec.id}"
    head, _ = store.commit_incident_on_branch(rec, path, new, branch)
    return store, rec, path, branch, head


def clone_of(remote: Path, tmp_path: Path) -> Path:
    clone = tmp_path / "forge-side"
    subprocess.run(["git", "clone", "-q", str(remote), str(clone)], check=True)
    return clone


def test_the_merged_diff_is_what_the_merge_brought_not_what_else_moved_meanwhile(
    make_store: Callable[..., GitStore], remote: Path, tmp_path: Path
) -> None:
    store, rec, path, branch, head = pushed(make_store(tmp_path / "gitops", remote))
    clone = clone_of(remote, tmp_path)
    pushed_change(clone, path, "replicas: 1\n", "replicas: 2\n", "someone else's change")
    git(
        clone,
        "-c",
        "user.name=R",
        "-c",
        "user.email=r@x",
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "Merge",
        f"origin/{branch}",
    )
    git(clone, "push", "-q", "origin", "main")
    merge = git(clone, "rev-parse", "HEAD")
    store.fetch()
    assert store.landed(rec.id, rec.created, head, path) == merge
    assert store.merged_change(rec.id, rec.created, merge, path) == rec.diff


def test_squash_and_rebase_merges_and_a_deleted_branch_are_found(
    make_store: Callable[..., GitStore], remote: Path, tmp_path: Path
) -> None:
    store, rec, path, branch, head = pushed(make_store(tmp_path / "gitops", remote))
    clone = clone_of(remote, tmp_path)
    git(clone, "merge", "-q", "--squash", f"origin/{branch}")
    git(clone, "-c", "user.name=R", "-c", "user.email=r@x", "commit", "-qm", "Squashed (#7)")
    git(clone, "push", "-q", "origin", "main")
    squash = git(clone, "rev-parse", "HEAD")
    store.fetch()
    assert store.landed(rec.id, rec.created, head, path) == squash  # by the values file
    assert store.merged_change(rec.id, rec.created, squash, path) == rec.diff
    assert not store.branch_gone(branch)
    git(clone, "push", "-q", "origin", "--delete", branch)
    assert store.branch_gone(branch)


def test_a_fast_forward_with_commits_after_it_names_the_change_itself(
    make_store: Callable[..., GitStore], remote: Path, tmp_path: Path
) -> None:
    store, rec, path, branch, head = pushed(make_store(tmp_path / "gitops", remote))
    clone = clone_of(remote, tmp_path)
    git(clone, "merge", "-q", "--ff-only", f"origin/{branch}")
    git(clone, "push", "-q", "origin", "main")
    pushed_change(clone, path, "replicas: 1\n", "replicas: 3\n", "later work")
    store.fetch()
    assert store.landed(rec.id, rec.created, head, path) == head
    assert store.on_branch(head)
