"""Fixtures for the tests on real git repositories: an isolated git configuration, a clock,
stores seeded from examples/gitops, and a bare repository as remote."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph.git.gitops import GitStore
from tests.graph.gitrepos import GITOPS, Clock


@pytest.fixture(autouse=True)
def git_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Git config isolated from the machine's: a global identity, no system config."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[user]\n\tname = Tester\n\temail = tester@example.com\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CONFIG_GLOBAL"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_store(clock: Clock) -> Iterator[Callable[..., GitStore]]:
    """Makes stores seeded from examples/gitops, dated by `clock`; closes them afterwards."""
    stores: list[GitStore] = []

    def make(path: Path, remote: Path | None = None) -> GitStore:
        store = GitStore(path, remote=str(remote) if remote else None, seed=GITOPS, now=clock)
        stores.append(store)
        store.ensure()
        return store

    yield make
    for store in stores:
        store.close()


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    return bare


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return tmp_path / "gitops"


@pytest.fixture
def store(make_store: Callable[..., GitStore], repo: Path) -> GitStore:
    return make_store(repo)
