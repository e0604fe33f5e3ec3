"""What a git writer that died mid-write leaves in a checkout, and how to find it.

git guards each file it rewrites with `<file>.lock`, created exclusively and renamed into place
when done; a git process killed in between (kill -9, OOM kill, a node lost) leaves the lock
behind, and every later write then fails with "Unable to create '…/index.lock': File exists".
A lock is stale when no git process works in the checkout any more: the service is the only
writer of its checkout, so at start-up, under the store's lock and before it writes, that can
be told from the process table (/proc).

The files a write is about to change are written to a journal in `.git` first and the journal
is removed once the commit is made or undone; a journal found at start-up names the files of a
write that was cut off, which are then put back as HEAD has them (`restore`, which a failed
write uses too). A rebase left in progress by a push that was cut off is aborted. `repair` does
all of it; git runs through `graph.git.plumbing`, like every git command of the service.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

import structlog

from graph.git.plumbing import GitFailed, git_paths, git_text

log = structlog.get_logger("alertgraph.git")

# git's own lock files directly in .git; the refs' locks are found under .git/refs.
GIT_LOCKS = (
    "index.lock",
    "HEAD.lock",
    "ORIG_HEAD.lock",
    "FETCH_HEAD.lock",
    "config.lock",
    "packed-refs.lock",
    "shallow.lock",
)
JOURNAL = "alertgraph-write.json"
# In .git: what a write makes for a moment (objects to hash, an index for hooks, a copy of the
# index being caught up, a message file); left behind only by a writer that was killed.
LEFTOVERS = (
    *("alertgraph-objects-", "alertgraph-hook-index-", "alertgraph-message-"),
    "alertgraph-index-",
)
LOCK_WAIT_SECONDS = 10.0  # how long a live git process in the checkout is waited for
_POLL_SECONDS = 0.05


def lock_files(gitdir: Path) -> list[Path]:
    """The git lock files present in `gitdir` (its own files and those of its refs)."""
    found = [gitdir / name for name in GIT_LOCKS if (gitdir / name).is_file()]
    refs = gitdir / "refs"
    if refs.is_dir():
        found += sorted(path for path in refs.rglob("*.lock") if path.is_file())
    return found


def git_running_in(worktree: Path, proc: Path = Path("/proc")) -> bool | None:
    """Whether a git process other than this one works in `worktree`; None without /proc.

    A git process works there when its current directory is there: `graph.git.plumbing` and
    `git -C` both run git so.
    """
    if not proc.is_dir():
        return None
    root = str(worktree.resolve())
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if not (entry / "comm").read_text(encoding="utf-8").startswith("git"):
                continue
            cwd = os.readlink(entry / "cwd")
        except OSError:  # gone meanwhile, a zombie, or not ours to look at
            continue
        if cwd == root or cwd.startswith(root + os.sep):
            return True
    return False


def remove_stale_locks(
    worktree: Path,
    *,
    wait: float = LOCK_WAIT_SECONDS,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> list[Path]:
    """Remove the git lock files of `worktree` once no git process works in it.

    Waits up to `wait` seconds for one that does; returns the locks removed. Locks a live git
    process may own are left alone. Without a process table every lock is taken for stale: call this
    only where the caller is the checkout's one writer (at start-up, under the store's lock).
    """
    deadline = clock() + wait
    while True:
        locks = lock_files(worktree / ".git")
        if not locks:
            return []
        if not git_running_in(worktree):
            removed: list[Path] = []
            for lock in locks:
                with suppress(FileNotFoundError):
                    lock.unlink()
                    removed.append(lock)
            return removed
        if clock() >= deadline:
            return []
        sleep(_POLL_SECONDS)


def remove_leftovers(gitdir: Path) -> None:
    """Remove the temporary files and folders of writes that were cut off (LEFTOVERS)."""
    for entry in gitdir.iterdir() if gitdir.is_dir() else ():
        if entry.name.startswith(LEFTOVERS):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                with suppress(FileNotFoundError):
                    entry.unlink()


def write_journal(gitdir: Path, paths: list[str]) -> None:
    """Note that a write of `paths` starts (atomically: a reader sees all of it or none)."""
    partial = gitdir / f"{JOURNAL}.tmp"
    partial.write_text(json.dumps(paths), encoding="utf-8")
    os.replace(partial, gitdir / JOURNAL)


def read_journal(gitdir: Path) -> list[str] | None:
    """The paths of a write that did not finish; None when none was cut off.

    A journal that cannot be read names nothing (an empty list: it is still cleared).
    """
    try:
        paths = json.loads((gitdir / JOURNAL).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return []
    if not isinstance(paths, list):
        return []
    return [path for path in paths if isinstance(path, str)]


def clear_journal(gitdir: Path) -> None:
    """The write the journal names is over (committed or undone)."""
    with suppress(FileNotFoundError):
        (gitdir / JOURNAL).unlink()


def repair(
    worktree: Path,
    is_safe: Callable[[str], bool],
    monotonic: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Undo what a writer that died mid-write left in `worktree`.

    Call it under the store's lock, before this process writes: stale git locks, the files of a
    write that was cut off (a commit it made stays; callers find it by its trailers; paths `is_safe`
    refuses are left alone), a rebase left in progress. Logs a warning when anything was repaired.
    `monotonic` and `sleep` time the wait for a git process still at work in the checkout.
    """
    gitdir = worktree / ".git"
    removed = remove_stale_locks(worktree, clock=monotonic, sleep=sleep)
    remove_leftovers(gitdir)
    rebasing = (gitdir / "rebase-merge").is_dir() or (gitdir / "rebase-apply").is_dir()
    if rebasing:  # a push was cut off while it rebased: back to the local commits
        with suppress(GitFailed):
            git_text(worktree, "rebase", "--abort")
    cut_off = read_journal(gitdir)
    if cut_off:
        restore(worktree, [p for p in cut_off if is_safe(p)])
    if cut_off is not None:
        clear_journal(gitdir)
    if removed or cut_off is not None or rebasing:
        log.warning(
            "checkout repaired after an interrupted write",
            path=str(worktree),
            locks_removed=[str(p.relative_to(gitdir)) for p in removed],
            paths_restored=cut_off or [],
            rebase_aborted=rebasing,
        )


def restore(worktree: Path, paths: list[str]) -> None:
    """Put `paths` back as HEAD has them.

    Unstaged, their HEAD text checked out, files HEAD does not have removed with the directories
    that held only them. Never raises for git: each step is tried on its own, and the caller
    reports what brought it here.
    """
    if not paths:
        return
    tracked: list[str] = []
    with suppress(GitFailed):
        tracked = _in_head(worktree, paths)
    with suppress(GitFailed):
        git_paths(worktree, "reset", "-q", "HEAD", paths=paths)
    if tracked:
        with suppress(GitFailed):
            git_paths(worktree, "checkout", "HEAD", paths=tracked)
    for path in paths:
        target = worktree / path
        if path not in tracked and (target.is_file() or target.is_symlink()):
            target.unlink()
        for parent in target.parents:
            if parent == worktree:
                break
            try:
                parent.rmdir()  # only empties: directories this write created
            except OSError:
                break


def _in_head(worktree: Path, paths: list[str]) -> list[str]:
    """Those of `paths` that are files at HEAD (one `cat-file --batch-check`)."""
    names = "".join(f"HEAD:{path}\n" for path in paths).encode("utf-8")
    found = git_text(worktree, "cat-file", "--batch-check=%(objecttype)", stdin=names)
    return [path for path, kind in zip(paths, found.splitlines(), strict=False) if kind == "blob"]
