"""Running git: one environment, one error with git's reason on one line (no credentials),
a timeout, and branch heads read from the ref files without a process."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.git.checkout import GitCheckout, StoreError
from graph.git.gitops import GitStore
from graph.git.plumbing import (
    GitFailed,
    branch_head,
    cat_blobs,
    clean_reason,
    git_text,
    ls_tree,
    run_git,
)
from tests.graph.gitrepos import git


def test_a_failing_command_raises_git_failed_with_gits_reason(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    with pytest.raises(GitFailed) as failed:
        run_git(tmp_path, "rev-parse", "--verify", "no-such-rev")
    assert failed.value.command == "rev-parse"
    assert failed.value.returncode == 128
    assert str(failed.value) == "fatal: Needed a single revision"
    assert isinstance(failed.value, RuntimeError)  # what the history index promises


def test_outside_a_repository_git_says_so(tmp_path: Path) -> None:
    with pytest.raises(GitFailed, match="not a git repository"):
        run_git(tmp_path, "log")


def test_reasons_are_one_line_without_hints_or_credentials() -> None:
    stderr = (
        "To https://bot:ghp_s3cretToken@git.example/ops.git\n"
        " ! [rejected]        main -> main (fetch first)\n"
        "error: failed to push some refs to 'https://bot:ghp_s3cretToken@git.example/ops.git'\n"
        "hint: Updates were rejected because the remote contains work that you do not\n"
        "hint: have locally.\n"
    )
    assert clean_reason(stderr) == (
        "! [rejected]        main -> main (fetch first) "
        "error: failed to push some refs to 'https://***@git.example/ops.git'"
    )


def test_every_command_runs_with_the_services_environment(tmp_path: Path) -> None:
    """No editor or credential prompt can wait for a person, and a path is never a glob."""
    assert git_text(None, "var", "GIT_EDITOR") == "true"
    git(tmp_path, "init", "-q")
    for name in ("a.txt", "b.txt", "*.txt"):
        (tmp_path / name).write_text(name)
    git(tmp_path, "add", "--", "a.txt", "b.txt", ":(literal)*.txt")
    git(tmp_path, "commit", "-qm", "three files")
    listed = [path for _, _, _, path in ls_tree(tmp_path, "HEAD", "*.txt")]
    assert listed == ["*.txt"]


def test_blobs_are_read_in_one_batch_and_other_objects_left_out(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / "a").write_bytes(b"first\n")
    (tmp_path / "b").write_bytes(b"\x00binary\n")
    git(tmp_path, "add", "a", "b")
    git(tmp_path, "commit", "-qm", "two blobs")
    shas = {path: sha for _, _, sha, path in ls_tree(tmp_path, "HEAD")}
    tree = git(tmp_path, "rev-parse", "HEAD^{tree}")
    missing = "0" * 40
    found = cat_blobs(tmp_path, [shas["a"], tree, missing, shas["b"], shas["a"]])
    assert found == {shas["a"]: b"first\n", shas["b"]: b"\x00binary\n"}
    assert cat_blobs(tmp_path, []) == {}


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP port that accepts connections and never answers: a git server that hangs."""
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


def test_a_command_past_its_timeout_is_killed_and_fails(silent_server: int) -> None:
    with pytest.raises(GitFailed, match="timed out") as failed:
        run_git(None, "ls-remote", f"git://127.0.0.1:{silent_server}/ops.git", timeout=0.5)
    assert failed.value.returncode is None


def test_a_checkout_that_cannot_be_opened_says_why_in_gits_words(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)  # an empty .git: no repository
    checkout = GitCheckout(tmp_path / "repo")
    with pytest.raises(StoreError, match=r"cannot open .*not a git repository"):
        checkout.ensure()


def test_branch_head_reads_loose_and_packed_refs_like_git(repo: Path, store: GitStore) -> None:
    assert branch_head(repo, "main") == git(repo, "rev-parse", "main")
    git(repo, "branch", "other")
    git(repo, "pack-refs", "--all")
    assert branch_head(repo, "other") == git(repo, "rev-parse", "other")
    assert branch_head(repo, "main") == git(repo, "rev-parse", "main")
    assert branch_head(repo, "missing") is None
    assert branch_head(repo / "nowhere", "main") is None
