"""Repairing a checkout at start-up: what a writer killed mid-write leaves (a half-written
tree, stale git locks, a rebase in progress) is undone when the store opens again, and the
lock of a git process still running is left alone."""

from __future__ import annotations

import itertools
import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from subprocess import DEVNULL, PIPE

from graph.git.gitops import GitStore
from graph.git.repair import git_running_in, remove_stale_locks
from tests.graph.gitrepos import GITOPS, changed_files, git

GRAFANA = "helm-values/grafana/values.yaml"


KILLER_HOOK = "#!/bin/sh\nkill -KILL 0\n"  # kills the hook's process group: the whole writer


def write_killed_in_commit(repo: Path, files: dict[str, str]) -> None:
    """Run a commit of `files` in a process of its own and kill that process (and its git)
    while git commits: what a pod killed in the middle of an approval leaves."""
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text(KILLER_HOOK)
    hook.chmod(0o755)
    script = (
        "import sys, json; from graph.git.gitops import GitStore; "
        "GitStore(sys.argv[1]).commit_files(json.loads(sys.argv[2]), 'cut off')"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(repo), json.dumps(files)],
        start_new_session=True,  # its own process group, which the hook kills
        capture_output=True,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    hook.unlink()


def test_a_write_killed_during_its_commit_is_undone_when_the_store_opens_again(
    make_store: Callable[..., GitStore], repo: Path
) -> None:
    make_store(repo).close()
    before = git(repo, "rev-parse", "HEAD")
    edited = (GITOPS / GRAFANA).read_text().replace("replicas: 1", "replicas: 5")
    write_killed_in_commit(repo, {GRAFANA: edited, "examples/learning/cut.json": "{}\n"})
    assert (repo / ".git" / "index.lock").exists()  # what git leaves when it is killed
    assert git(repo, "status", "--porcelain", "--untracked-files=all")  # half-written

    store = make_store(repo)  # the service starting again

    assert not (repo / ".git" / "index.lock").exists()
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""
    assert git(repo, "rev-parse", "HEAD") == before
    result = store.commit_files({"examples/learning/next.json": "{}\n"}, "next write")
    assert result is not None and result[1] == ("examples/learning/next.json",)
    assert changed_files(repo) == ["examples/learning/next.json"]


def test_a_stale_ref_lock_is_removed_when_the_store_opens_again(
    make_store: Callable[..., GitStore], repo: Path
) -> None:
    make_store(repo).close()
    (repo / ".git" / "refs" / "heads" / "main.lock").write_text("")  # a killed update-ref
    store = make_store(repo)
    assert store.commit_files({"examples/learning/a.json": "{}\n"}, "after the kill")


def test_a_lock_of_a_git_process_still_running_is_left_alone(
    make_store: Callable[..., GitStore], repo: Path
) -> None:
    make_store(repo).close()
    lock = repo / ".git" / "index.lock"
    lock.write_text("")
    waited: list[float] = []
    with git_at_work(repo):
        clock = itertools.count()  # a second per look at the clock: the wait runs out
        assert remove_stale_locks(repo, clock=lambda: next(clock), sleep=waited.append) == []
        assert lock.exists()
        assert waited  # it polled, on the clock it was given
    assert remove_stale_locks(repo) == [lock]
    assert not lock.exists()


def test_opening_the_store_waits_for_a_git_at_work_on_the_injected_clock(
    make_store: Callable[..., GitStore], repo: Path
) -> None:
    """The start-up repair's wait is timed by the store's own clock and sleep."""
    make_store(repo).close()
    lock = repo / ".git" / "index.lock"
    lock.write_text("")
    waited: list[float] = []
    with git_at_work(repo):
        clock = itertools.count()
        store = GitStore(repo, seed=GITOPS, monotonic=lambda: next(clock), sleep=waited.append)
        store.ensure()
        assert lock.exists()  # it may be the running git's own
    assert waited and store.head() == git(repo, "rev-parse", "HEAD")


@contextmanager
def git_at_work(repo: Path) -> Iterator[None]:
    """A git process working in the checkout (it waits for its stdin) until the block ends."""
    running = subprocess.Popen(
        ["git", "-C", str(repo), "hash-object", "--stdin"], stdin=PIPE, stdout=DEVNULL
    )
    try:
        deadline = time.monotonic() + 10
        while not git_running_in(repo):  # until it has started and moved into the checkout
            assert time.monotonic() < deadline, "git did not start"
            time.sleep(0.01)
        yield
    finally:
        running.communicate(b"done\n")


def test_a_rebase_cut_off_during_a_push_is_aborted_when_the_store_opens_again(
    make_store: Callable[..., GitStore], repo: Path, remote: Path, tmp_path: Path
) -> None:
    make_store(repo, remote).close()
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    (other / "README.md").write_text("theirs\n")
    git(other, "commit", "-q", "-am", "theirs")
    git(other, "push", "-q", "origin", "main")
    (repo / "README.md").write_text("ours\n")
    git(repo, "commit", "-q", "-am", "ours, conflicting")
    local = git(repo, "rev-parse", "HEAD")
    git(repo, "fetch", "-q", "origin")
    subprocess.run(["git", "-C", str(repo), "rebase", "origin/main"], capture_output=True)
    assert (repo / ".git" / "rebase-merge").is_dir()  # stopped on the conflict

    make_store(repo, remote)

    assert not (repo / ".git" / "rebase-merge").exists()
    assert git(repo, "symbolic-ref", "HEAD") == "refs/heads/main"
    assert git(repo, "rev-parse", "HEAD") == local
