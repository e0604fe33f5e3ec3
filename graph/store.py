"""The GitOps repository: values files in, incident records out (synchronous GitPython).

The async workflow calls it through `asyncio.to_thread`. Writes are serialised by a lock per
repository path and each is one commit: files are written, staged and committed, and on any
failure the touched paths go back to what HEAD has, so the checkout is never half-written. An
incident is committed at most twice, found by its `Incident-Id` trailer: one decision commit
(`fix`: values changed, or `record`: no values change) and one `outcome` commit.

With a remote, every write ends with `git push origin <branch>`; a rejected push fetches,
rebases onto `origin/<branch>` and pushes again. When that still fails, `StoreError` is raised
and the local commit stays in place: the next write (or the same call, retried) pushes it.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
from collections.abc import Callable, Mapping
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path

from git import Git, Repo
from git.exc import GitCommandError, GitError

from graph.patcher import unified_diff
from graph.record import (
    CommitKind,
    IncidentRecord,
    check_incident_id,
    commit_message,
    render_summary,
)
from graph.yaml_splice import EditError, ValuesText

VALUES_TEMPLATE = "helm-values/{app}/values.yaml"
SEED_MESSAGE = "chore: seed GitOps repository"
IDENTITY = {"user.name": "alertgraph", "user.email": "alertgraph@localhost"}
PUSH_ATTEMPTS = 3
NETWORK_TIMEOUT = 60.0  # seconds for one push or fetch

_APP = re.compile(r"[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?", re.ASCII)  # a DNS label
_PATH_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", re.ASCII)  # no "..", no ".git"
_ENV = {
    "GIT_TERMINAL_PROMPT": "0",  # never wait for credentials on a terminal
    "GIT_LITERAL_PATHSPECS": "1",  # a path is a path, never a glob
    "GIT_EDITOR": "true",
    "LC_ALL": "C",
}
_CREDENTIALS = re.compile(r"([a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)
_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


class StoreError(Exception):
    """A write or push did not happen; the message says why, for a human."""


def _lock_for(path: Path) -> threading.Lock:
    """One lock per repository path, shared by every GitStore on it in this process."""
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(path, threading.Lock())


class GitStore:
    """A local checkout of the GitOps repository on `branch`, optionally pushing to `remote`.

    `seed` is the tree a new repository starts from (examples/gitops); `now` dates the commits.
    Methods call `ensure()` on first use. Invalid app names, incident ids and repository paths
    raise ValueError; failed writes and pushes raise StoreError.
    """

    def __init__(
        self,
        path: Path,
        branch: str = "main",
        remote: str | None = None,
        seed: Path | None = None,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.path = Path(path).absolute()
        self.branch, self.remote, self.seed, self._now = branch, remote, seed, now
        self._ref = f"refs/heads/{branch}"
        self._repo: Repo | None = None
        self._lock = _lock_for(self.path)

    # --- setup ------------------------------------------------------------------------------

    def ensure(self) -> None:
        """Open the repository, or create it: clone `remote` when set, else `git init` with the
        seed tree in one commit ("chore: seed GitOps repository"), pushed when there is a
        remote. Checks out `branch`, sets a repository-local committer identity when git has
        none, and leaves the branch with a commit. StoreError when that cannot be done; a
        failed push of the seed also raises, but leaves the store usable (the next write
        pushes it)."""
        with self._lock:
            if self._repo is not None:
                return
            try:
                Git().execute(["git", "check-ref-format", self._ref])
            except GitCommandError:
                raise StoreError(f"{self.branch!r} is not a valid branch name") from None
            try:
                self._repo = self._open_or_create()
                for key, value in IDENTITY.items():
                    if not self._try("config", "--get", key):
                        self._git("config", "--local", key, value)
                seeded = self._checkout_branch()
            except (GitError, OSError, StoreError) as error:
                self.close()
                if isinstance(error, StoreError):
                    raise
                raise StoreError(f"cannot open {self.path}: {_reason(error)}") from error
            if seeded:
                self._push()

    def close(self) -> None:
        """Release GitPython's resources; the store reopens on next use."""
        if self._repo is not None:
            self._repo.close()
            self._repo = None

    def _open_or_create(self) -> Repo:
        if (self.path / ".git").exists():
            repo = Repo(self.path)
            if self.remote and "origin" not in {r.name for r in repo.remotes}:
                repo.git.execute(["git", "remote", "add", "origin", self.remote], env=_ENV)
            return repo
        if self.path.exists() and any(self.path.iterdir()):
            raise StoreError(f"{self.path} is not empty and not a git repository")
        self.path.mkdir(parents=True, exist_ok=True)
        if self.remote:
            return Repo.clone_from(self.remote, self.path, env=_ENV)
        return Repo.init(self.path, initial_branch=self.branch)

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

    # --- reading ----------------------------------------------------------------------------

    def head(self) -> str:
        """The sha of the branch's newest commit."""
        self._open()
        return self._git("rev-parse", self._ref)

    def read_values(self, app: str, template: str = VALUES_TEMPLATE) -> tuple[str, str] | None:
        """(repository-relative path, text) of the app's values file at the branch head; None
        when there is none. ValueError for an app name that is not a DNS label."""
        path = values_path(app, template)
        self._open()
        text = self._blob(self._ref, path)
        return None if text is None else (path, text)

    def previous_image_tag(
        self, app: str, since: datetime, template: str = VALUES_TEMPLATE
    ) -> tuple[str, str] | None:
        """When the app's image tag (`image.tag`, `<app>.image.tag` or `controller.image.tag`)
        was changed by a commit dated after `since`: (the tag before the newest such change,
        that commit's sha). None otherwise. The service's own incident commits are skipped, so
        a revert it made is never proposed for reverting."""
        path = values_path(app, template)
        self._open()
        log = self._git(
            "log",
            "--format=%H%x1f%ct%x1f%(trailers:key=Incident-Id,valueonly)%x1e",
            self._ref,
            "--",
            path,
        )
        for entry in filter(None, (e.strip() for e in log.split("\x1e"))):
            sha, stamp, incident = _fields(entry)
            if int(stamp) <= since.timestamp() or incident.strip():
                continue
            before = self._image_tag(f"{sha}^", path, app)
            if before is not None and before != self._image_tag(sha, path, app):
                return before, sha
        return None

    def _image_tag(self, rev: str, path: str, app: str) -> str | None:
        text = self._blob(rev, path)
        if text is None:
            return None
        try:
            values = ValuesText(text)
            for key in (("image", "tag"), (app, "image", "tag"), ("controller", "image", "tag")):
                if values.has(key):
                    return values.raw(key)
        except EditError:
            return None
        return None

    # --- writing ----------------------------------------------------------------------------

    def commit_incident(
        self, record: IncidentRecord, values_path: str | None = None, new_values: str | None = None
    ) -> str:
        """One commit with the values change (when `new_values` differs from HEAD) and
        examples/<id>/summary.md, changes.diff (when the record has a diff) and alert.json;
        the sha of the incident's decision commit. If one exists already, nothing is written.
        `new_values` is ignored without `values_path` (a record-only commit).

        The values change must be exactly `record.diff` against HEAD (what was approved); a
        values file that moved since the proposal raises StoreError, as do git failures, after
        which the checkout is as HEAD has it."""
        check_incident_id(record.id)
        if values_path is not None and new_values is None:
            raise ValueError("values_path is given without new_values")
        path = None if values_path is None else safe_path(values_path)
        self._open()
        with self._lock:
            sha = self._find(record.id, outcome=False)
            if sha is None:
                files = self._incident_files(record, path, new_values)
                kind: CommitKind = "fix" if path is not None and path in files else "record"
                sha = self._commit(files, commit_message(record, kind))
            return self._publish(record.id, sha, outcome=False)

    def record_outcome(self, record: IncidentRecord) -> str:
        """A commit rewriting examples/<id>/summary.md with the record's outcome, status and
        updated time; its sha. At most one per incident: an existing one is returned as is."""
        check_incident_id(record.id)
        if record.outcome is None:
            raise ValueError("record_outcome needs a record with an outcome")
        self._open()
        with self._lock:
            sha = self._find(record.id, outcome=True)
            if sha is None:
                summary = {f"examples/{record.id}/summary.md": render_summary(record)}
                sha = self._commit(summary, commit_message(record, "outcome"))
            return self._publish(record.id, sha, outcome=True)

    def _incident_files(
        self, record: IncidentRecord, path: str | None, new_values: str | None
    ) -> dict[str, str]:
        files: dict[str, str] = {}
        if path is not None and new_values is not None:
            diff = unified_diff(self._blob(self._ref, path) or "", new_values, path)
            if diff != record.diff:
                raise StoreError(
                    f"{path} changed since the proposal was made: the approved diff no longer "
                    "applies; propose again"
                )
            if diff:
                files[path] = new_values
        folder = f"examples/{record.id}"
        files[f"{folder}/summary.md"] = render_summary(record)
        if record.diff:
            files[f"{folder}/changes.diff"] = record.diff
        try:
            alert = json.dumps(record.alert, indent=2, ensure_ascii=False) + "\n"
        except (TypeError, ValueError) as error:
            raise StoreError(f"the alert cannot be written as JSON: {error}") from error
        files[f"{folder}/alert.json"] = alert
        return files

    def _commit(self, files: Mapping[str, str], message: str) -> str:
        """Write, stage and commit exactly `files`; on failure put them back as HEAD has them."""
        touched: list[str] = []
        try:
            for path, text in files.items():
                target = self._inside(path)
                touched.append(path)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8", newline="")
            self._git("add", "--", *touched)
            # Naming the paths commits only them, whatever else someone staged by hand.
            self._git(
                "commit", "-q", "--allow-empty", "-m", message, "--", *touched, env=self._dates()
            )
        except BaseException as error:
            self._restore(touched)
            if isinstance(error, OSError | GitCommandError):
                raise StoreError(f"commit failed: {_reason(error)}") from error
            raise
        return self._git("rev-parse", "HEAD")

    def _restore(self, paths: list[str]) -> None:
        if not paths:
            return
        tracked: list[str] = []
        # Each step on its own: a failure of one must not skip the others; the caller reports
        # the failure that brought us here.
        with suppress(GitCommandError):
            tracked = self._git("ls-tree", "-r", "--name-only", "HEAD", "--", *paths).split()
        with suppress(GitCommandError):
            self._git("reset", "-q", "HEAD", "--", *paths)
        if tracked:
            with suppress(GitCommandError):
                self._git("checkout", "HEAD", "--", *tracked)
        for path in paths:
            target = self.path / path
            if path not in tracked and (target.is_file() or target.is_symlink()):
                target.unlink()
            for parent in target.parents:
                if parent == self.path:
                    break
                try:
                    parent.rmdir()  # only empties: directories this write created
                except OSError:
                    break

    def _publish(self, incident_id: str, sha: str, *, outcome: bool) -> str:
        if self._push():  # rebased: the commit has a new sha
            found = self._find(incident_id, outcome=outcome)
            if found is None:
                raise StoreError(f"the {incident_id} commit was dropped while rebasing")
            return found
        return sha

    def _push(self) -> bool:
        """Push the branch when it is ahead of origin; True when it had to be rebased."""
        if self.remote is None or not self._ahead():
            return False
        tracking = f"refs/remotes/origin/{self.branch}"
        rebased, reason = False, ""
        for attempt in range(PUSH_ATTEMPTS):
            try:
                self._git("push", "-q", "origin", f"{self._ref}:{self._ref}", network=True)
                return rebased
            except GitCommandError as error:
                reason = _reason(error)
            if attempt == PUSH_ATTEMPTS - 1:
                break
            try:
                self._git("fetch", "-q", "origin", f"+{self._ref}:{tracking}", network=True)
                self._git("rebase", "-q", "--committer-date-is-author-date", tracking)
                rebased = True
            except GitCommandError as error:
                self._try("rebase", "--abort")  # back to the local commit, if a rebase stopped
                raise StoreError(
                    f"push to {_redact(self.remote)} failed ({reason}) and the branch could not be "
                    f"updated: {_reason(error)}; the local commit is kept for the next push"
                ) from error
        raise StoreError(
            f"push to {_redact(self.remote)} failed {PUSH_ATTEMPTS} times: {reason}; "
            "the local commit is kept for the next push"
        )

    # --- helpers ----------------------------------------------------------------------------

    def _open(self) -> Repo:
        if self._repo is None:
            self.ensure()
        assert self._repo is not None
        return self._repo

    def _git(self, *args: str, env: Mapping[str, str] | None = None, network: bool = False) -> str:
        output = self._open().git.execute(
            ["git", *args],
            env={**_ENV, **(env or {})},
            kill_after_timeout=NETWORK_TIMEOUT if network else None,
        )
        return output if isinstance(output, str) else str(output)

    def _blob(self, rev: str, path: str) -> str | None:
        """The file's text at `rev`, byte for byte (trailing newline included); None if absent."""
        try:
            data = self._open().git.execute(
                ["git", "cat-file", "blob", f"{rev}:{path}"],
                env=_ENV,
                stdout_as_string=False,
                strip_newline_in_stdout=False,
            )
        except GitCommandError:
            return None
        assert isinstance(data, bytes)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise StoreError(f"{path} at {rev} is not UTF-8 text") from error

    def _find(self, incident_id: str, *, outcome: bool) -> str | None:
        """The incident's decision commit (or outcome commit) on the branch, by its trailers."""
        log = self._git(
            "log",
            "-F",
            f"--grep=Incident-Id: {incident_id}",
            "--format=%H%x1f%(trailers:key=Incident-Id,valueonly,separator=%x1d)"
            "%x1f%(trailers:key=Outcome,valueonly)%x1e",
            self._ref,
        )
        for entry in filter(None, (e.strip() for e in log.split("\x1e"))):
            sha, ids, outcomes = _fields(entry)
            if incident_id in ids.strip().split("\x1d") and bool(outcomes.strip()) == outcome:
                return sha
        return None

    def _ahead(self) -> bool:
        count = self._try("rev-list", "--count", f"refs/remotes/origin/{self.branch}..{self._ref}")
        return count != "0"  # None: nothing known of origin's branch yet

    def _exists(self, rev: str) -> bool:
        return self._try("rev-parse", "-q", "--verify", f"{rev}^{{commit}}") is not None

    def _try(self, *args: str) -> str | None:
        """The output of a git command, None when it fails."""
        try:
            return self._git(*args)
        except GitCommandError:
            return None

    def _inside(self, path: str) -> Path:
        """The checkout path of `path`, refused when a symlink would lead outside the repo."""
        target = self.path / path
        if not target.resolve().is_relative_to(self.path.resolve()):
            raise StoreError(f"{path} leads outside the repository (a symlink?)")
        return target

    def _dates(self) -> dict[str, str]:
        """Commit dates from the injected clock, in git's `@<epoch> <±hhmm>` form."""
        stamp = self._now()
        stamp = stamp if stamp.utcoffset() is not None else stamp.replace(tzinfo=UTC)
        value = f"@{int(stamp.timestamp())} {stamp.strftime('%z')}"
        return {"GIT_AUTHOR_DATE": value, "GIT_COMMITTER_DATE": value}


def values_path(app: str, template: str = VALUES_TEMPLATE) -> str:
    """The repository-relative values file of `app`; ValueError unless `app` is a DNS label."""
    if not _APP.fullmatch(app):
        raise ValueError(f"not an app name (a DNS label is expected): {app!r}")
    return safe_path(template.replace("{app}", app))


def safe_path(path: str) -> str:
    """`path` when it is relative, has no `.`/`..`/hidden parts and no odd characters."""
    parts = path.split("/")
    if not all(_PATH_PART.fullmatch(part) for part in parts):
        raise ValueError(f"not a safe repository path: {path!r}")
    return path


def _fields(entry: str) -> tuple[str, str, str]:
    """The three fields of one `git log` entry (separated by %x1f), "" for missing ones."""
    first, second, third = [*entry.split("\x1f"), "", ""][:3]
    return first.strip(), second.strip(), third.strip()


def _reason(error: BaseException) -> str:
    """The useful part of a git or OS error on one line: no hints, no credentials."""
    if isinstance(error, GitCommandError):
        text = error.stderr if isinstance(error.stderr, str) else str(error)
        text = text.strip().removeprefix("stderr:").strip()
        text = text[1:-1] if len(text) > 1 and text[0] == text[-1] == "'" else text
    else:
        text = str(error)
    lines = [line.strip() for line in text.splitlines()]
    useful = [line for line in lines if line and not line.startswith(("hint:", "To "))]
    return _redact(" ".join(useful))[:400] or type(error).__name__


def _redact(text: str) -> str:
    """`https://user:token@host/…` → `https://***@host/…`: reasons reach the API and Slack."""
    return _CREDENTIALS.sub(r"\1***@", text)
