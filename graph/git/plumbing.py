"""The one way the service runs git: a `git` process with one environment and one error.

Every git command of the checkout, the store, the history index and the start-up repair goes
through `run_git`: `git` run in the repository (its working directory, so a git process of
ours is found there by `graph.git.repair`), with the process environment plus `GIT_ENV` (never
a prompt for credentials, paths taken literally, the C locale), input as bytes on stdin, and
output as bytes. Any failure — a non-zero exit, a timeout, git missing — raises `GitFailed`,
whose message is git's own reason on one line, without hints and without credentials (a
reason can reach the API and Slack).

`branch_head` reads a branch's sha from the ref files without running git (microseconds
instead of a process), for the reads that are made on every request.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
from collections.abc import Callable, Mapping
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path

GIT_ENV = {
    "GIT_TERMINAL_PROMPT": "0",  # never wait for credentials on a terminal
    "GIT_LITERAL_PATHSPECS": "1",  # a path is a path, never a glob
    "GIT_EDITOR": "true",  # never wait for an editor (a rebase, a merge)
    "LC_ALL": "C",  # messages in English, whatever the machine's locale
}
REGULAR_FILE_MODES = ("100644", "100755")  # never a symlink (120000)

_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?", re.ASCII)  # SHA-1 or SHA-256
_CREDENTIALS = re.compile(r"([a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)
_REASON_MAX = 400
_LOCKS: dict[Path, threading.RLock] = {}
_LOCKS_GUARD = threading.Lock()


class GitFailed(RuntimeError):
    """A git command failed; `str()` is git's reason on one line, credentials redacted.

    `command` is the git subcommand (`push`, `log`, …) and `returncode` git's exit status
    (None when git did not finish: a timeout, or no git to run).
    """

    def __init__(self, command: str, reason: str, returncode: int | None = None) -> None:
        """Keep the subcommand and exit status; the message is the cleaned-up reason."""
        super().__init__(reason)
        self.command = command
        self.returncode = returncode


def run_git(
    repo: Path | None,
    *args: str,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> bytes:
    """Git's stdout for `git <args>` run in `repo` (anywhere when None), `stdin` as its input.

    The environment is the process's plus `GIT_ENV` plus `env`. GitFailed when git exits with
    an error, runs past `timeout` seconds (it is killed) or cannot be started.
    """
    command = args[0] if args else "git"
    try:
        done = subprocess.run(  # noqa: S603 — fixed argv, no shell
            ["git", *args],  # noqa: S607 — git from PATH, like every git tool
            cwd=repo,
            stdin=subprocess.DEVNULL if stdin is None else None,  # never the service's stdin
            input=stdin,
            capture_output=True,
            check=False,
            timeout=timeout,
            env={**os.environ, **GIT_ENV, **(env or {})},
        )
    except subprocess.TimeoutExpired:
        raise GitFailed(command, f"git {command} timed out after {timeout:g} s") from None
    except OSError as error:
        raise GitFailed(command, f"git {command} could not run: {error}") from error
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", "replace")
        raise GitFailed(command, clean_reason(stderr) or f"git {command} failed", done.returncode)
    return done.stdout


def git_text(
    repo: Path | None,
    *args: str,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> str:
    """`run_git`'s output as text, the one trailing newline removed.

    UTF-8, undecodable bytes replaced; without the newline, a line of git's output compares
    as a value.
    """
    out = run_git(repo, *args, stdin=stdin, env=env, timeout=timeout).decode("utf-8", "replace")
    return out[:-1] if out.endswith("\n") else out


def git_paths(
    worktree: Path, *args: str, paths: list[str], env: Mapping[str, str] | None = None
) -> str:
    """`git <args> --pathspec-from-file=- --pathspec-file-nul` with `paths` on stdin.

    A list of paths never goes on git's command line, which has a length limit.
    """
    return git_text(
        worktree,
        *args,
        "--pathspec-from-file=-",
        "--pathspec-file-nul",
        env=env,
        stdin="\0".join(paths).encode("utf-8"),
    )


def push_branch(
    repo: Path,
    branch: str,
    attempts: int,
    timeout: float,
    before_rebase: Callable[[], None] = lambda: None,
) -> bool:
    """Push `branch` to origin when it is ahead of origin's; True when it had to be rebased.

    A rejected push fetches origin's branch, rebases onto it (`before_rebase` called first: the
    index must be up to date) and pushes again, `attempts` times in all; each push and fetch
    may take `timeout` seconds. GitFailed when it still fails, its message saying how (a
    rebase that stopped is aborted first): the local commits stay, for the next push.
    """
    ref, tracking = f"refs/heads/{branch}", f"refs/remotes/origin/{branch}"
    try:
        ahead = git_text(repo, "rev-list", "--count", f"{tracking}..{ref}") != "0"
    except GitFailed:
        ahead = True  # nothing known of origin's branch yet
    if not ahead:
        return False
    rebased, reason = False, ""
    for attempt in range(attempts):
        try:
            run_git(repo, "push", "-q", "origin", f"{ref}:{ref}", timeout=timeout)
            return rebased
        except GitFailed as error:
            reason = str(error)
        if attempt == attempts - 1:
            break
        try:
            run_git(repo, "fetch", "-q", "origin", f"+{ref}:{tracking}", timeout=timeout)
            before_rebase()
            run_git(repo, "rebase", "-q", "--committer-date-is-author-date", tracking)
            rebased = True
        except GitFailed as error:
            with suppress(GitFailed):  # back to the local commits, if a rebase stopped
                run_git(repo, "rebase", "--abort")
            raise GitFailed(
                "push",
                f"({reason}) and the branch could not be updated: {error}; "
                "the local commit is kept for the next push",
            ) from error
    raise GitFailed(
        "push", f"{attempts} times: {reason}; the local commit is kept for the next push"
    )


def repository_lock(path: Path) -> threading.RLock:
    """One lock per repository path, shared by every writer of it in this process.

    Reentrant: a write that finds the repository closed reopens it under the same lock.
    """
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(path, threading.RLock())


def commit_dates(stamp: datetime) -> dict[str, str]:
    """The environment that dates a commit `stamp` (naive: UTC), as `@<epoch> <±hhmm>`."""
    stamp = stamp if stamp.utcoffset() is not None else stamp.replace(tzinfo=UTC)
    value = f"@{int(stamp.timestamp())} {stamp.strftime('%z')}"
    return {"GIT_AUTHOR_DATE": value, "GIT_COMMITTER_DATE": value}


def clean_reason(text: str) -> str:
    """The useful part of git's (or the OS's) message on one line: no hints, no credentials."""
    lines = [line.strip() for line in text.splitlines()]
    useful = [line for line in lines if line and not line.startswith(("hint:", "To "))]
    return redact(" ".join(useful))[:_REASON_MAX]


def redact(text: str) -> str:
    """`https://user:token@host/…` → `https://***@host/…`: reasons reach the API and Slack."""
    return _CREDENTIALS.sub(r"\1***@", text)


def branch_head(repo: Path, branch: str) -> str | None:
    """The sha `refs/heads/<branch>` points at, read from the ref files without running git.

    The loose ref, else packed-refs. None when this cannot be told that way (no such branch,
    a symbolic ref, a worktree or reftable layout): ask git then.
    """
    gitdir = repo / ".git"
    try:
        loose = (gitdir / "refs" / "heads" / branch).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        loose = None
    except (OSError, UnicodeDecodeError):
        return None
    if loose is not None:
        return loose if _SHA.fullmatch(loose) else None
    try:
        packed = (gitdir / "packed-refs").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    wanted = f" refs/heads/{branch}"
    for line in packed.splitlines():
        if line.endswith(wanted):
            sha = line[: -len(wanted)]
            return sha if _SHA.fullmatch(sha) else None
    return None


def ls_tree(repo: Path, rev: str, *paths: str) -> list[tuple[str, str, str, str]]:
    """(mode, type, sha, path) of every entry under `paths` at `rev`, recursively, in git's order.

    GitFailed when `rev` is not a tree-ish.
    """
    out = run_git(repo, "ls-tree", "-r", "-z", rev, "--", *paths).decode("utf-8", "replace")
    entries = []
    for line in filter(None, out.split("\0")):
        meta, _, path = line.partition("\t")
        mode, kind, sha = meta.split()
        entries.append((mode, kind, sha, path))
    return entries


def cat_blobs(repo: Path, shas: list[str]) -> dict[str, bytes]:
    """Sha → content of the blobs `shas`, all read by one `git cat-file --batch`.

    A sha that is not a blob is left out.
    """
    return {sha: data for sha, (kind, data) in cat_objects(repo, shas).items() if kind == "blob"}


def cat_objects(repo: Path, shas: list[str]) -> dict[str, tuple[str, bytes]]:
    """Sha → (type, content) of the objects `shas`, all read by one `git cat-file --batch`.

    A sha the repository does not have is left out.
    """
    if not shas:
        return {}
    data = run_git(repo, "cat-file", "--batch", stdin="".join(s + "\n" for s in shas).encode())
    found: dict[str, tuple[str, bytes]] = {}
    pos = 0
    for sha in shas:
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        if len(header) < 3:  # `<sha> missing`: no content follows
            pos = end + 1
            continue
        size = int(header[2])
        found[sha] = (header[1].decode(), data[end + 1 : end + 1 + size])
        pos = end + 1 + size + 1
    return found
