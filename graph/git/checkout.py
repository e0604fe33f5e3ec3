"""A local checkout of one branch of a git repository: open or create it, read, write, push.

Writes are serialised by a lock per repository path and each is one commit; on any failure the
touched paths go back to what HEAD has, so the checkout is never half-written. What a process
killed mid-write leaves is undone when the checkout is next opened (`ensure`, at start-up) by
graph.git.repair. With a remote, every write ends with a push (graph.git.plumbing.push_branch:
a rejected push is rebased and tried again); when that still fails, `StoreError` is raised and
the local commit stays, for the next write to push.

A write puts its files in the working tree, makes the commit with plumbing (graph.git.committer:
no index, so its cost does not grow with the repository) and moves the branch by
compare-and-swap: when someone else moved the branch meanwhile, the commit is made again on the
new head, unless they changed one of the same files (StoreError; nothing of theirs is
overwritten). The index catches up with the branch afterwards (graph.git.index_sync): before
the call returns when it is small, just after it when it is large, its lock held meanwhile.

Files are committed exactly as given and messages as `git commit -F` commits them (whitespace
cleaned up): text bound for git is masked where records and messages are built (graph.records),
and Helm values files are committed as approved. Messages and lists of paths never go on git's
command line (it has a length limit): they go on stdin. Git runs through graph.git.plumbing.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from graph.git.committer import Committer
from graph.git.index_sync import SYNC_INDEX_BYTES, index_sync
from graph.git.paths import is_safe_path, safe_path
from graph.git.plumbing import (
    REGULAR_FILE_MODES,
    GitFailed,
    branch_head,
    clean_reason,
    commit_dates,
    git_text,
    ls_tree,
    push_branch,
    redact,
    repository_lock,
    run_git,
)
from graph.git.repair import clear_journal, repair, restore, write_journal
from graph.records.commit_message import SEED_MESSAGE

IDENTITY = {"user.name": "alertgraph", "user.email": "alertgraph@localhost"}
PUSH_ATTEMPTS = 3  # a rejected push is rebased and tried again, this often in all
COMMIT_ATTEMPTS = 3  # a branch moved by someone else while committing: made again on its head
NETWORK_TIMEOUT = 60.0  # seconds for one push or fetch


class StoreError(Exception):
    """A write or push did not happen; the message says why, for a human."""


class ReadOnlyStore(StoreError):
    """A write was asked of a read-only checkout (DRY_RUN)."""


class GitCheckout:
    """A checkout of `branch` at `path`, optionally pushing to `remote`.

    `seed` is the tree a new repository starts from; `now` dates the commits; `monotonic` and
    `sleep` time the start-up wait for a git process still at work in the checkout
    (graph.git.repair). Methods call `ensure()` on first use. Unsafe repository paths raise
    ValueError; failed writes and pushes raise StoreError.
    """

    def __init__(
        self,
        path: Path,
        branch: str = "main",
        remote: str | None = None,
        seed: Path | None = None,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        read_only: bool = False,
        index_sync_bytes: int = SYNC_INDEX_BYTES,
    ) -> None:
        """Describe the checkout; nothing is read or written until first use (`ensure`).

        `read_only` (DRY_RUN): every write and push raises StoreError; a new local repository
        is still created and seeded, and never pushed. An index larger than `index_sync_bytes`
        catches up with a commit just after the call returns (graph.git.index_sync)."""
        self.path = Path(path).absolute()
        self.read_only = read_only
        self.branch, self.remote, self.seed, self._now = branch, remote, seed, now
        self._clocks = (monotonic, sleep)
        self._ref = f"refs/heads/{branch}"
        self._opened = False
        self._lock = repository_lock(self.path)
        self._index = index_sync(self.path, self._lock)
        self._index_sync_bytes = index_sync_bytes
        self._committer = Committer(self.path)
        self._texts: tuple[str, dict[str, str | None]] = ("", {})  # head → path → text

    # --- setup ------------------------------------------------------------------------------

    def ensure(self) -> None:
        """Open the repository, or create it.

        Clone `remote` when set, else `git init` with the seed tree in one commit ("chore:
        seed GitOps repository"), pushed when there is a remote. Checks out `branch`, sets a
        repository-local committer identity when git has none, and leaves the branch with a
        commit. StoreError when that cannot be done; a failed push of the seed also raises,
        but leaves the store usable (the next write pushes it).
        """
        with self._lock:
            if self._opened:
                return
            try:
                run_git(None, "check-ref-format", self._ref)
            except GitFailed:
                raise StoreError(f"{self.branch!r} is not a valid branch name") from None
            try:
                self._open_or_create()
                self._opened = True
                self._index.settle()  # this process's own lock is no stale one
                repair(self.path, is_safe_path, *self._clocks)
                if self.remote and "origin" not in self._git("remote").split():
                    self._git("remote", "add", "origin", self.remote)
                for key, value in IDENTITY.items():
                    if not self._try("config", "--get", key):
                        self._git("config", "--local", key, value)
                seeded = self._checkout_branch()
            except (GitFailed, OSError, StoreError) as error:
                self.close()
                if isinstance(error, StoreError):
                    raise
                raise StoreError(f"cannot open {self.path}: {_reason(error)}") from error
            if seeded:
                self._push()

    def close(self) -> None:
        """Forget that the checkout was opened, once no write is in flight (it waits for one)
        and the index has caught up.

        The next use opens it again, repairing what a killed writer left.
        """
        with self._lock:
            self._index.settle()
            self._opened = False

    def settle(self) -> None:
        """Wait until the checkout's index has caught up with the branch (graph.git.index_sync)."""
        with self._lock:
            self._index.settle()

    def _open_or_create(self) -> None:
        if (self.path / ".git").exists():
            run_git(self.path, "rev-parse", "--git-dir")  # GitFailed when it is no repository
            return
        if self.path.exists() and any(self.path.iterdir()):
            raise StoreError(f"{self.path} is not empty and not a git repository")
        self.path.mkdir(parents=True, exist_ok=True)
        if self.remote:
            run_git(None, "clone", "-q", "--", self.remote, str(self.path))
        else:
            run_git(None, "init", "-q", f"--initial-branch={self.branch}", str(self.path))

    def _checkout_branch(self) -> bool:
        """Put HEAD on the branch; True when the branch was empty and got the seed commit."""
        tracking = f"refs/remotes/origin/{self.branch}"
        if self._try("symbolic-ref", "-q", "HEAD") != self._ref:
            if self._exists(self._ref):
                self._git("checkout", "-q", self.branch)
            elif self.remote and self._exists(tracking):
                self._git("checkout", "-q", "-b", self.branch, "--track", f"origin/{self.branch}")
            elif not self._exists("HEAD"):
                self._git("symbolic-ref", "HEAD", self._ref)
            else:
                raise StoreError(f"{self.path} has commits but no branch {self.branch!r}")
        if self._exists("HEAD"):
            return False
        if self.seed is not None:
            ignore = shutil.ignore_patterns(".git", "__pycache__")
            shutil.copytree(self.seed, self.path, dirs_exist_ok=True, ignore=ignore)
        self._git("add", "-A")
        self._git("commit", "-q", "--allow-empty", "-m", SEED_MESSAGE, env=self._dates())
        return True

    # --- files ------------------------------------------------------------------------------

    def head(self) -> str:
        """The sha of the branch's newest commit."""
        self._open()
        return self._git("rev-parse", self._ref)

    def read_text(self, path: str) -> str | None:
        """The text of the repository file `path` at the branch head; None when absent.

        ValueError for a path that is not safe (absolute, `..`, hidden parts).
        """
        checked = safe_path(path)
        self._open()
        head = branch_head(self.path, self.branch)
        if head is None:
            return self._blob(self._ref, checked)
        # Files like the learned patterns are read for every proposal and change rarely:
        # remember them for as long as the branch does not move.
        cached_head, texts = self._texts
        if cached_head != head:
            texts = {}
            self._texts = (head, texts)
        if checked not in texts:
            texts[checked] = self._blob(head, checked)
        return texts[checked]

    def read_tree(self, folder: str) -> dict[str, str]:
        """Path → text of every regular UTF-8 text file under `folder` at the branch head.

        Symlinks and binary files are skipped; {} when there is no such folder.
        """
        checked = safe_path(folder)
        self._open()
        try:
            listing = ls_tree(self.path, self._ref, checked)
        except GitFailed:
            listing = []
        found: dict[str, str] = {}
        for mode, kind, _sha, path in listing:
            if kind == "blob" and mode in REGULAR_FILE_MODES:
                try:
                    text = self._blob(self._ref, path)
                except StoreError:
                    continue  # not UTF-8 text (an image dropped in by hand): not ours to read
                if text is not None:
                    found[path] = text
        return found

    def commit_files(
        self, files: Mapping[str, str], message: str
    ) -> tuple[str, tuple[str, ...]] | None:
        """One commit writing `files` (repository path → text) with `message`.

        Only the files whose text differs from the branch head are written. Returns the
        commit's sha and the paths it changed, or None when nothing differs (no commit).
        ValueError for an unsafe path; StoreError when the commit or its push fails.
        """
        checked = {safe_path(path): text for path, text in files.items()}
        self._open()
        with self._lock:
            changed = {p: t for p, t in checked.items() if self._blob(self._ref, p) != t}
            if not changed:
                return None
            self._commit(changed, message)
            self._push()
            return self._git("rev-parse", self._ref), tuple(changed)

    def _commit(self, files: Mapping[str, str], message: str) -> str:
        """Write and commit exactly `files`, byte for byte, on the branch head; its sha.

        On failure the files go back as the branch head has them.
        """
        self.refuse_writes()
        targets = {path: self._inside(path) for path in files}  # refused before any write
        touched: list[str] = []
        try:
            self._index.hold()  # a hand `git commit` now waits for the index to catch up
            write_journal(self.path / ".git", [*self._index.owed, *files])
            for path, text in files.items():
                touched.append(path)
                targets[path].parent.mkdir(parents=True, exist_ok=True)
                targets[path].write_text(text, encoding="utf-8", newline="")
            data = {path: text.encode("utf-8") for path, text in files.items()}
            sha, entries = self._commit_on_branch(data, message)
        except BaseException as error:
            self._undo(touched)
            if isinstance(error, OSError | GitFailed):
                raise StoreError(f"commit failed: {_reason(error)}") from error
            raise
        self._index.owe(entries)
        self._committer.post_commit(self._dates())
        self._index.after_commit(self._index_sync_bytes)
        return sha

    def _commit_on_branch(
        self, files: Mapping[str, bytes], message: str
    ) -> tuple[str, dict[str, tuple[str, str]]]:
        """The commit of `files` on the branch head, the branch moved to it by
        compare-and-swap, and the index entries it changed. A head moved meanwhile by
        someone else gets the commit made again on top of it; StoreError when they changed
        one of `files` or kept moving it."""
        base = branch_head(self.path, self.branch) or self._committer.head(self._ref)
        subject = message.strip().split("\n", 1)[0]
        for attempt in range(COMMIT_ATTEMPTS):
            sha, entries = self._committer.make(
                base, files, message, self._dates(), hooks=attempt == 0
            )
            if self._committer.advance(self._ref, sha, base, f"commit: {subject}"):
                return sha, entries
            moved = self._committer.head(self._ref)
            if base is None or moved is None:
                break
            clash = self._committer.changed_between(base, moved, list(files))
            if clash:
                raise StoreError(
                    f"{', '.join(clash)} changed on {self.branch} while this commit was made "
                    "(someone else committed it): nothing was committed; try again"
                )
            base = moved
        raise StoreError(f"{self.branch} kept moving while this commit was made; try again")

    def _undo(self, touched: list[str]) -> None:
        """Put the `touched` files back as the branch head has them, and the index lock."""
        gitdir = self.path / ".git"
        if self._index.owed:
            self._index.settle()  # earlier commits' entries first: restore needs the index
        else:
            self._index.release()
        if touched:
            write_journal(gitdir, touched)
            restore(self.path, touched)
        clear_journal(gitdir)

    def refuse_writes(self) -> None:
        """StoreError when the checkout is read-only (DRY_RUN): nothing may be written."""
        if self.read_only:
            raise ReadOnlyStore("DRY_RUN is on: nothing is committed or pushed")

    def _push(self) -> bool:
        """Push the branch when it is ahead of origin; True when it had to be rebased."""
        if self.remote is None or self.read_only:
            return False
        try:
            return push_branch(
                self.path,
                self.branch,
                PUSH_ATTEMPTS,
                NETWORK_TIMEOUT,
                before_rebase=self._index.settle,
            )
        except GitFailed as error:
            raise StoreError(f"push to {redact(self.remote)} failed {error}") from error

    # --- helpers ----------------------------------------------------------------------------

    def _open(self) -> None:
        if not self._opened:
            self.ensure()

    def _git(
        self,
        *args: str,
        env: Mapping[str, str] | None = None,
        network: bool = False,
        stdin: bytes | None = None,
    ) -> str:
        """Git's output in the checkout as text (graph.git.plumbing); GitFailed on failure."""
        timeout = NETWORK_TIMEOUT if network else None
        return git_text(self.path, *args, env=env, stdin=stdin, timeout=timeout)

    def _blob(self, rev: str, path: str) -> str | None:
        """The file's text at `rev`, byte for byte (trailing newline included); None if absent."""
        self._open()
        try:
            data = run_git(self.path, "cat-file", "blob", f"{rev}:{path}")
        except GitFailed:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise StoreError(f"{path} at {rev} is not UTF-8 text") from error

    def _exists(self, rev: str) -> bool:
        return self._try("rev-parse", "-q", "--verify", f"{rev}^{{commit}}") is not None

    def _try(self, *args: str) -> str | None:
        """The output of a git command, None when it fails."""
        try:
            return self._git(*args)
        except GitFailed:
            return None

    def _inside(self, path: str) -> Path:
        """The checkout path of `path`, refused when a symlink would lead outside the repo."""
        target = self.path / path
        if not target.resolve().is_relative_to(self.path.resolve()):
            raise StoreError(f"{path} leads outside the repository (a symlink?)")
        return target

    def _dates(self) -> dict[str, str]:
        """Commit dates from the injected clock."""
        return commit_dates(self._now())


def _reason(error: BaseException) -> str:
    """The useful part of a git or OS error on one line: no hints, no credentials."""
    return clean_reason(str(error)) or type(error).__name__
