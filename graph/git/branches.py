"""Commits made on an incident's own branch, and finding out whether they were merged.

With GIT_DELIVERY branch or pull_request the approved change is committed on
`alertgraph/<incident-id>` on top of GIT_BRANCH's head. That commit is made without touching
the checkout's worktree or index (graph.git.committer: a tree, `commit-tree`, `update-ref`), so
the checkout stays on GIT_BRANCH for every other write. Functions here run git through
graph.git.plumbing; GitStore calls them under its lock.
"""

from __future__ import annotations

from pathlib import Path

from graph.git.plumbing import GitFailed, git_text, run_git


def fetch_ref(repo: Path, branch: str, timeout: float) -> str | None:
    """Fetch origin's `branch` into refs/remotes/origin/<branch>; that ref, or None when
    origin has no such branch. GitFailed when origin cannot be reached."""
    tracking = f"refs/remotes/origin/{branch}"
    try:
        run_git(repo, "fetch", "-q", "origin", f"+refs/heads/{branch}:{tracking}", timeout=timeout)
    except GitFailed as error:
        if "couldn't find remote ref" in str(error).lower():
            return None
        raise
    return tracking


def push_new_branch(repo: Path, sha: str, branch: str, timeout: float) -> None:
    """Push `sha` as origin's `branch` (never forced: an existing branch is not overwritten)."""
    run_git(repo, "push", "-q", "origin", f"{sha}:refs/heads/{branch}", timeout=timeout)


def merge_commit(repo: Path, head: str, base: str) -> str | None:
    """The commit on `base`'s first-parent line that brought `head` in (the merge commit, or
    `head` itself after a fast-forward); None when `head` is not in `base`."""
    try:
        run_git(repo, "merge-base", "--is-ancestor", head, base)
    except GitFailed as error:
        if error.returncode == 1:
            return None
        raise
    line = git_text(repo, "rev-list", "--first-parent", "--ancestry-path", f"{head}..{base}")
    shas = line.split()
    if not shas or parents(repo, shas[-1])[:1] == [head]:
        return head  # a fast-forward put `head` itself on the line (later commits after it)
    return shas[-1]


def is_commit(repo: Path, rev: str) -> bool:
    """True when `rev` names a commit this repository has."""
    try:
        run_git(repo, "rev-parse", "-q", "--verify", f"{rev}^{{commit}}")
    except GitFailed:
        return False
    return True


def parents(repo: Path, sha: str) -> list[str]:
    """The parents of commit `sha`."""
    return git_text(repo, "rev-list", "--parents", "-n", "1", sha).split()[1:]


def first_parent_with_trailer(repo: Path, ref: str, incident_id: str, since: int) -> str | None:
    """The newest commit on `ref`'s first-parent line (dated after `since`, unix seconds)
    whose message carries `Incident-Id: <incident_id>` and no Outcome/Feedback-Type trailer:
    the incident's decision commit as a rebase or squash merge put it there."""
    log = git_text(
        repo,
        "log",
        "--first-parent",
        "-F",
        f"--since=@{since}",
        f"--grep=Incident-Id: {incident_id}",
        "--format=%H%x1f%(trailers:key=Outcome,valueonly)%(trailers:key=Feedback-Type,valueonly)"
        "%x1e",
        ref,
    )
    for entry in filter(None, (e.strip() for e in log.split("\x1e"))):
        sha, _, other = entry.partition("\x1f")
        if not other.strip():
            return sha.strip()
    return None
