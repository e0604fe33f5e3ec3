"""The checkout's index after a commit made without it (graph.git.committer): held, then caught up.

A commit made with plumbing leaves `.git/index` behind the branch for the paths it wrote. At
100,000 incidents the index holds 300,000 entries (37 MB) and any git command that rewrites it
takes 0.3-0.4 s, ten times the commit, so catching up is a step of its own:

- While the index is behind, `.git/index.lock` is held (`hold`, created before the commit's
  first file is written): git's own sign that the index is being rewritten. A `git commit` or
  `git add` by hand in the checkout meanwhile fails ("index.lock: File exists") instead of
  committing the old index over the service's commit; `git status` still reads.
- `settle` writes the owed entries (path → mode and blob of the branch head) into a copy of the
  index with `git update-index --index-info` and puts the copy in place; the lock goes with it.
  When the index is small that happens before the commit call returns (`after_commit`),
  otherwise on a thread of its own as soon as the repository's lock is free: a burst of
  approvals is caught up once. Every git command of the service that uses the index settles
  first (graph.git.checkout), and so does closing the store.
- The paths stay in the write journal (graph.git.repair) until the index has them: a process
  killed in between leaves a stale lock and a journal, which start-up repair undoes (the paths
  put back as the branch head has them).

Then `git maintenance run --auto` runs, as after `git commit`, so loose objects get packed.
"""

from __future__ import annotations

import os
import shutil
import threading
from contextlib import suppress
from pathlib import Path

import structlog

from graph.git.plumbing import GitFailed, run_git
from graph.git.repair import clear_journal, restore

log = structlog.get_logger("alertgraph.git")

SYNC_INDEX_BYTES = 1024 * 1024  # an index up to this size (~2,500 incidents) catches up in the call
INDEX_COPY = "alertgraph-index-sync"  # in .git: the copy of the index being caught up
_SYNCS: dict[Path, IndexSync] = {}
_SYNCS_GUARD = threading.Lock()


class IndexBusy(GitFailed):
    """Another git process holds the checkout's index.lock."""


class IndexSync:
    """The index of the checkout at `worktree`: held while behind the branch, caught up.

    One per repository path (`index_sync`); every method but `after_commit`'s thread is called
    under the repository's lock (graph.git.plumbing.repository_lock), `lock`.
    """

    def __init__(self, worktree: Path, lock: threading.RLock) -> None:
        """Nothing held, nothing owed."""
        self.worktree = worktree
        self.gitdir = worktree / ".git"
        self.owed: dict[str, tuple[str, str]] = {}  # path → (mode, blob) at the branch head
        self._lock = lock
        self._held = False
        self._scheduled = False  # a thread will settle: set and cleared under `lock`

    @property
    def held(self) -> bool:
        """Whether this process holds the index.lock (the index may be behind)."""
        return self._held

    def hold(self) -> None:
        """Take `.git/index.lock` unless it is held already; IndexBusy when git holds it."""
        if self._held:
            return
        lock = self.gitdir / "index.lock"
        try:
            os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except FileExistsError:
            raise IndexBusy(
                "commit",
                f"Unable to create '{lock}': File exists. Another git process seems to be "
                "running in this repository",
            ) from None
        self._held = True

    def owe(self, entries: dict[str, tuple[str, str]]) -> None:
        """The branch head now has `entries` (path → (mode, blob)); the index does not yet."""
        self.owed.update(entries)

    def after_commit(self, sync_bytes: int = SYNC_INDEX_BYTES) -> None:
        """Catch up now when the index is at most `sync_bytes`, else on a thread of its own."""
        try:
            size = (self.gitdir / "index").stat().st_size
        except OSError:
            size = 0
        if size <= sync_bytes:
            self.settle()
        elif not self._scheduled:
            self._scheduled = True
            threading.Thread(target=self._settle_later, daemon=True).start()

    def settle(self) -> None:
        """Write what the index owes and release the lock; call it under the repository's lock.

        When that fails (logged), the owed paths are put back as the branch head has them by
        git itself (graph.git.repair.restore), index and working tree alike.
        """
        if not self._held:
            return
        paths, failed = list(self.owed), False
        try:
            if self.owed:
                self._write_owed()
        except (OSError, GitFailed) as error:
            log.error("index catch-up failed", path=str(self.worktree), error=str(error))
            failed = True
        finally:
            self.owed.clear()
            self._held = False
            with suppress(FileNotFoundError):
                (self.gitdir / "index.lock").unlink()
        if failed:
            restore(self.worktree, paths)
        clear_journal(self.gitdir)
        with suppress(GitFailed):
            run_git(self.worktree, "maintenance", "run", "--auto", "--quiet")

    def release(self) -> None:
        """Give the lock back when nothing is owed (a commit that did not happen)."""
        if self._held and not self.owed:
            self._held = False
            with suppress(FileNotFoundError):
                (self.gitdir / "index.lock").unlink()

    def _write_owed(self) -> None:
        """The index with the owed entries, put in place of `.git/index` (we hold its lock)."""
        index, copy = self.gitdir / "index", self.gitdir / INDEX_COPY
        if index.exists():
            shutil.copyfile(index, copy)
        info = "".join(f"{mode} {sha}\t{path}\n" for path, (mode, sha) in self.owed.items())
        run_git(
            self.worktree,
            "update-index",
            "--index-info",
            stdin=info.encode("utf-8"),
            env={"GIT_INDEX_FILE": str(copy)},
        )
        os.replace(copy, index)

    def _settle_later(self) -> None:
        with self._lock:
            self._scheduled = False  # a commit from now on needs a thread of its own
            try:
                self.settle()
            except Exception:
                log.exception("index catch-up failed", path=str(self.worktree))


def index_sync(worktree: Path, lock: threading.RLock) -> IndexSync:
    """The one IndexSync of the checkout at `worktree` in this process."""
    with _SYNCS_GUARD:
        found = _SYNCS.get(worktree)
        if found is None:
            found = _SYNCS[worktree] = IndexSync(worktree, lock)
        return found
