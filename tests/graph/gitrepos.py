"""Helpers for the tests that use real git repositories: the seed tree, a settable clock, and
plain `git` in a repository."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

GITOPS = Path(__file__).resolve().parents[2] / "examples" / "gitops"
T0 = datetime(2026, 11, 24, 3, 39, 0, tzinfo=UTC)


class Clock:
    """A settable clock for commit dates."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """`git -C repo args…`'s stripped stdout; fails the test with git's stderr."""
    done = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def changed_files(repo: Path, rev: str = "HEAD") -> list[str]:
    """The paths commit `rev` changed, sorted."""
    return sorted(git(repo, "show", "--name-only", "--format=", rev).splitlines())


def incident_id(n: int) -> str:
    """A well-formed incident id numbered n."""
    return f"incident-20261124033900-{n:04x}"
