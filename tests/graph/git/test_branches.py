"""Decision commits on an incident's own branch (GIT_DELIVERY branch / pull_request), on real
repositories with a bare remote: the checkout stays on its branch, a retry or a reviewer's
commits on top are never overwritten, and a merge is found after `sync`."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from graph.git.gitops import GitStore
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
    assert store.merged_into_branch(head) is None
    git(store.path, "merge", "-q", "--ff-only", branch)
    assert store.merged_into_branch(head) == head  # a fast-forward brings the commit itself
