"""Which commits belong to which incident, read from `git log` (graph.git.plumbing).

A commit belongs to an incident when its `Incident-Id` trailer names it, or when it changes a
file under `examples/<id>/` (a commit made by hand, without trailers). The index reads only
what it keeps: each commit's sha, time and the ids its trailers name (`incident_commits`, one
`git log`); the files of the commits that name no incident are listed afterwards by one `git
diff-tree --stdin` (the service's own commits always name theirs, so these are few). Subject,
author and trailers are read when one incident is shown (`commit_details`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from graph.git.plumbing import git_text
from graph.records.ids import is_incident_id

_IDS_FORMAT = "%H%x1f%ct%x1f%(trailers:key=Incident-Id,valueonly,unfold,separator=%x1d)"
_DETAIL_FORMAT = "%x1e%H%x1f%ct%x1f%an%x1f%s%x1f%(trailers:only,unfold)%x1f"


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit of an incident: sha, subject, author name, date and trailers (key → value)."""

    sha: str
    subject: str
    author: str
    date: datetime
    trailers: dict[str, str] = field(hash=False)


class Stamped(NamedTuple):
    """One commit as the index reads it: sha, unix time, and the incidents it belongs to."""

    sha: str
    stamp: int
    ids: tuple[str, ...]  # each once; mostly one (a tuple: a fifth of a frozenset's memory)


def incident_commits(repo: Path, rev_range: str) -> tuple[list[Stamped], int]:
    """The commits of `rev_range` that belong to an incident, and how many were read in all.

    Newest first. One `git log`, then one `git diff-tree` for the commits whose trailers name
    no incident; GitFailed when git fails.
    """
    out = git_text(repo, "log", "-z", "--no-renames", f"--format={_IDS_FORMAT}", rev_range)
    commits: list[Stamped] = []
    unnamed: dict[str, int] = {}  # sha → its place in `commits`
    for entry in filter(None, out.split("\0")):
        sha, when, named = entry.split("\x1f", 2)
        named = named.rstrip("\n")
        if "\x1d" in named:  # several incidents
            ids = tuple(dict.fromkeys(i for i in named.split("\x1d") if is_incident_id(i)))
        else:
            ids = (named,) if is_incident_id(named) else ()
        if not ids:
            unnamed[sha] = len(commits)
        commits.append(Stamped(sha, int(when), ids))
    del out
    for sha, files in files_of(repo, list(unnamed)).items():
        place = unnamed[sha]
        commits[place] = commits[place]._replace(ids=tuple(sorted(_incidents_of_files(files))))
    return [commit for commit in commits if commit.ids], len(commits)


def files_of(repo: Path, shas: list[str]) -> dict[str, list[str]]:
    """Sha → the paths commit `sha` changed against its parent (a first commit: all of its
    paths; a merge: none, as `git log --name-only` shows it), by one `git diff-tree --stdin`."""
    if not shas:
        return {}
    out = git_text(
        repo,
        "diff-tree",
        "--stdin",
        "-r",
        "--root",
        "--no-renames",
        "--name-only",
        "-z",
        stdin="".join(f"{sha}\n" for sha in shas).encode(),
    )
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    wanted = set(shas)
    for part in out.split("\0"):
        if part in wanted and part not in found:  # each commit's block starts with its sha
            current = found[part] = []
        elif part and current is not None:
            current.append(part)
    return found


def commit_details(repo: Path, shas: Iterable[str]) -> dict[str, Commit]:
    """Sha → subject, author, date and trailers of the commits `shas` (one `git log
    --no-walk`); GitFailed when git fails."""
    wanted = list(dict.fromkeys(shas))
    if not wanted:
        return {}
    out = git_text(
        repo,
        "log",
        "--no-walk=unsorted",
        "--stdin",
        f"--format={_DETAIL_FORMAT}",
        stdin="".join(f"{sha}\n" for sha in wanted).encode(),
    )
    found: dict[str, Commit] = {}
    for entry in out.split("\x1e")[1:]:
        sha, stamp, author, subject, trailer_text = [*entry.split("\x1f"), "", ""][:5]
        date = datetime.fromtimestamp(int(stamp), UTC)
        found[sha] = Commit(sha, subject, author, date, trailers(trailer_text))
    return found


def trailers(text: str) -> dict[str, str]:
    """The trailers of `%(trailers:only,unfold)` output: key → its first value."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            found.setdefault(key.strip(), value.strip())
    return found


def _incidents_of_files(files: Iterable[str]) -> set[str]:
    """The incidents whose folder holds one of `files` (repository paths)."""
    ids: set[str] = set()
    for path in files:
        parts = path.split("/")
        if len(parts) >= 3 and parts[0] == "examples" and is_incident_id(parts[1]):
            ids.add(parts[1])
    return ids
