"""Which commits belong to which incident, read from `git log` (graph.git.plumbing).

A commit belongs to an incident when its `Incident-Id` trailer names it, or when it changes a
file under `examples/<id>/` (a commit made by hand, without trailers). Listing the files of a
commit costs a tree diff, so only the commits that name no incident in a trailer have theirs
listed: the service's own commits always name theirs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from graph.git.plumbing import git_text
from graph.records.ids import is_incident_id

_LOG_FORMAT = "%x1e%H%x1f%ct%x1f%an%x1f%s%x1f%(trailers:only,unfold)%x1f"


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit of an incident: sha, subject, author name, date and trailers (key → value)."""

    sha: str
    subject: str
    author: str
    date: datetime
    trailers: dict[str, str] = field(hash=False)


def incident_commits(repo: Path, rev_range: str) -> tuple[list[tuple[Commit, frozenset[str]]], int]:
    """The commits of `rev_range` that belong to an incident, and how many were read in all.

    Newest first, each with the ids of the incidents it belongs to. Two `git log` passes;
    GitFailed when git fails.
    """
    out = git_text(repo, "log", "--no-renames", f"--format={_LOG_FORMAT}", rev_range)
    touched = _files_of_commits_without_id(repo, rev_range)
    found: list[tuple[Commit, frozenset[str]]] = []
    count = 0
    for entry in out.split("\x1e")[1:]:
        sha, stamp, author, subject, trailer_text = [*entry.split("\x1f"), "", ""][:5]
        count += 1
        trailers, ids = _trailers(trailer_text)
        ids |= _incidents_of_files(touched.get(sha, ""))
        if ids:
            date = datetime.fromtimestamp(int(stamp), UTC)
            found.append((Commit(sha, subject, author, date, trailers), frozenset(ids)))
    return found, count


def _trailers(text: str) -> tuple[dict[str, str], set[str]]:
    """The trailers (key → first value) and the incident ids their Incident-Id trailers name."""
    trailers: dict[str, str] = {}
    ids: set[str] = set()
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            continue
        key, value = key.strip(), value.strip()
        trailers.setdefault(key, value)
        if key == "Incident-Id" and is_incident_id(value):
            ids.add(value)
    return trailers, ids


def _incidents_of_files(files: str) -> set[str]:
    """The incidents whose folder holds one of `files` (paths, one per line)."""
    ids: set[str] = set()
    for path in files.split("\n"):
        parts = path.strip().split("/")
        if len(parts) >= 3 and parts[0] == "examples" and is_incident_id(parts[1]):
            ids.add(parts[1])
    return ids


def _files_of_commits_without_id(repo: Path, rev_range: str) -> dict[str, str]:
    """Sha → changed paths (one per line) of the commits in `rev_range` that name no incident.

    Those are the commits made by hand: the service's own name their incident in a trailer.
    """
    out = git_text(
        repo,
        "log",
        "--no-renames",
        "--name-only",
        "--invert-grep",
        "--grep=^Incident-Id: ",
        "--format=%x1e%H%x1f",
        rev_range,
    )
    found: dict[str, str] = {}
    for entry in out.split("\x1e")[1:]:
        sha, _, files = entry.partition("\x1f")
        found[sha.strip()] = files
    return found
