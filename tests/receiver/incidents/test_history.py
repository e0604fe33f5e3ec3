"""The incidents' git side: caught up when the branch moved, refused when git is unreadable."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from graph.git.history import HistoryIndex
from receiver.incidents.history import HistoryUnavailable, catch_up


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    path = tmp_path / "gitops"
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    (path / "README").write_text("seed\n")
    git(path, "add", "README")
    git(path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "seed")
    return path


async def test_a_read_catches_up_only_once_the_branch_moved(repo: Path) -> None:
    history = HistoryIndex(repo, "main")
    history.build()
    head = history.head
    await catch_up(history)
    assert history.head == head and history.stats["full_builds"] == 1
    (repo / "README").write_text("moved\n")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-am", "move")
    await catch_up(history)
    assert history.head == git(repo, "rev-parse", "main") != head


async def test_an_unreadable_history_is_refused_without_internals(repo: Path) -> None:
    history = HistoryIndex(repo, "main")
    history.build()
    (repo / ".git" / "refs" / "heads" / "main").write_text("1" * 40 + "\n")  # no such commit
    with pytest.raises(HistoryUnavailable) as refused:
        await catch_up(history)
    assert str(refused.value) == "the GitOps repository cannot be read right now"
