"""Commits made with plumbing are the ones `git commit` makes: the same trees (entries spliced
into a tree's bytes in git's order) and the same message cleanup, checked against git itself."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.git.committer import clean_message
from graph.git.trees import TreeWriter
from tests.graph.gitrepos import git

# Names around "/" in byte order ("-" and "." sort before it, "0" after), so a folder "a" sorts
# after a file "a-b" but before "a0": the order git compares a folder's name in.
NAMES = ["a", "a-b", "a.b", "a0", "b", "B", "ü", "z.txt"]


def index_tree(repo: Path, base: str, entries: dict[str, str]) -> str:
    """The tree git makes of `base` with `entries` (path → blob), through an index."""
    env = {"GIT_INDEX_FILE": str(repo / ".git" / "test-index")}
    git(repo, "read-tree", base, env=env)
    info = "".join(f"100644 {blob}\t{path}\n" for path, blob in entries.items())
    subprocess.run(
        ["git", "-C", str(repo), "update-index", "--index-info"],
        input=info.encode(),
        env={**os.environ, **env},
        check=True,
    )
    return git(repo, "write-tree", env=env)


@pytest.fixture
def base_repo(tmp_path: Path) -> tuple[Path, str]:
    """A repository with files and folders named to sort trickily; (path, its tree)."""
    repo = tmp_path / "repo"
    git(tmp_path, "init", "-q", "-b", "main", str(repo))
    for path in ("a/x", "a-b", "a0/y", "b/c/d", "z.txt", "run.sh"):
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(f"{path}\n")
    (repo / "run.sh").chmod(0o755)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    return repo, git(repo, "rev-parse", "HEAD^{tree}")


paths = st.lists(st.sampled_from(NAMES), min_size=1, max_size=3).map("/".join)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(files=st.dictionaries(paths, st.binary(max_size=20), min_size=1, max_size=5))
def test_a_tree_with_files_written_in_is_the_tree_git_makes(
    base_repo: tuple[Path, str], files: dict[str, bytes]
) -> None:
    repo, base = base_repo
    # A path may not be both a file and a folder of another path in one commit.
    names = sorted(files)
    if any(b.startswith(a + "/") for a in names for b in names):
        return
    tree, entries = TreeWriter(repo).write(base, files)
    blobs = {path: sha for path, (_, sha) in entries.items()}
    assert tree == index_tree(repo, base, blobs)
    for path, data in files.items():
        assert (
            subprocess.run(
                ["git", "-C", str(repo), "cat-file", "blob", f"{tree}:{path}"],
                capture_output=True,
                check=True,
            ).stdout
            == data
        )
    git(repo, "fsck", "--strict", "--no-dangling")


def test_a_big_tree_written_in_git_s_loose_format_is_read_by_git(tmp_path: Path) -> None:
    """A folder of 20,000 entries (a 1.1 MB tree, stored undeflated) gets a file: git reads the
    tree written here, it is the one git makes through an index, and fsck finds nothing wrong."""
    repo = tmp_path / "repo"
    git(tmp_path, "init", "-q", "-b", "main", str(repo))
    blob = git(repo, "hash-object", "-w", "--stdin")  # the empty blob
    listing = "".join(f"100644 blob {blob}\tincident-20261124{n:06d}-abcd\n" for n in range(20_000))
    folder = (
        subprocess.run(
            ["git", "-C", str(repo), "mktree"],
            input=listing.encode(),
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    base = _root_with(repo, folder)
    assert int(git(repo, "cat-file", "-s", folder)) > 1 << 20
    tree, entries = TreeWriter(repo).write(
        base, {"examples/incident-20261124010000-abce/summary.md": b"x\n"}
    )
    blobs = {path: sha for path, (_, sha) in entries.items()}
    assert tree == index_tree(repo, base, blobs)
    assert git(repo, "cat-file", "-t", f"{tree}:examples") == "tree"
    git(repo, "fsck", "--strict", "--no-dangling")


def _root_with(repo: Path, folder: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), "mktree"],
        input=f"040000 tree {folder}\texamples\n".encode(),
        capture_output=True,
        check=True,
    )
    return done.stdout.decode().strip()


def test_an_executable_file_stays_executable(base_repo: tuple[Path, str]) -> None:
    repo, base = base_repo
    tree, entries = TreeWriter(repo).write(base, {"run.sh": b"#!/bin/sh\necho new\n"})
    assert entries["run.sh"][0] == "100755"
    assert git(repo, "ls-tree", tree, "run.sh").startswith("100755 blob")


def test_a_file_replaces_a_folder_of_the_same_name(base_repo: tuple[Path, str]) -> None:
    repo, base = base_repo
    tree, _ = TreeWriter(repo).write(base, {"a": b"now a file\n", "b/c": b"a file too\n"})
    assert git(repo, "ls-tree", "-r", "--name-only", tree).splitlines() == [
        "a", "a-b", "a0/y", "b/c", "run.sh", "z.txt"
    ]  # fmt: skip


messages = st.text(alphabet=st.sampled_from(list("ab #\t\r\n ü")), max_size=40)


@settings(max_examples=80, deadline=None)
@given(text=messages)
def test_messages_are_cleaned_up_as_git_commit_cleans_them(text: str) -> None:
    done = subprocess.run(["git", "stripspace"], input=text.encode(), capture_output=True)
    assert clean_message(text) == done.stdout.decode()
