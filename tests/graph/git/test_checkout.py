"""The checkout's plain-file API (read_text, read_tree, commit_files), on real repositories in
a temp dir, with a bare repository as the remote."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from graph.git.gitops import GitStore
from graph.records.commit_message import SEED_MESSAGE
from tests.graph.gitrepos import GITOPS, T0, Clock, changed_files, git

GRAFANA = "helm-values/grafana/values.yaml"


def commits(repo: Path, ref: str = "HEAD") -> list[str]:
    return git(repo, "log", "--format=%s", ref).splitlines()


UNSAFE = ["../x", "/etc/passwd", ".git/config", "examples/../../x", "a//b", "", "examples/.x"]


# --- read_text ------------------------------------------------------------------------------


def test_read_text_reads_a_file_at_the_branch_head(store: GitStore, repo: Path) -> None:
    seeded = (GITOPS / GRAFANA).read_text()
    assert store.read_text(GRAFANA) == seeded
    (repo / GRAFANA).write_text("edited by hand, not committed\n")
    (repo / "notes.md").write_text("not committed\n")
    assert store.read_text(GRAFANA) == seeded  # the working tree does not count
    assert store.read_text("notes.md") is None
    assert store.read_text("examples/learning/oom_grafana_patterns.json") is None
    assert store.read_text("helm-values") is None  # a folder is not a file


def test_read_text_sees_a_commit_made_by_hand_at_once(store: GitStore, repo: Path) -> None:
    path = "examples/learning/oom_grafana_patterns.json"
    assert store.read_text(path) is None
    for text in ("first\n", "second\n"):  # read, then changed by hand: never a stale answer
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(text)
        git(repo, "add", path)
        git(repo, "commit", "-q", "-m", "by hand")
        assert store.read_text(path) == text
    git(repo, "pack-refs", "--all")  # the branch now lives in packed-refs only
    assert not (repo / ".git" / "refs" / "heads" / "main").exists()
    assert store.read_text(path) == "second\n"
    git(repo, "reset", "-q", "--hard", "HEAD~1")
    assert store.read_text(path) == "first\n"


@pytest.mark.parametrize("path", UNSAFE)
def test_read_text_refuses_unsafe_paths(store: GitStore, path: str) -> None:
    with pytest.raises(ValueError, match="not a safe repository path"):
        store.read_text(path)


# --- read_tree ------------------------------------------------------------------------------


def test_read_tree_reads_only_regular_files_under_the_folder(
    store: GitStore, repo: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("outside the repository\n")
    learning = repo / "examples" / "learning"
    (learning / "old").mkdir(parents=True)
    (learning / "oom_grafana_patterns.json").write_text('{"app_name": "grafana"}\n')
    (learning / "old" / "disk_full_grafana_patterns.json").write_text("{}\n")
    (learning / "run.sh").write_text("#!/bin/sh\n")
    (learning / "run.sh").chmod(0o755)
    (learning / "link.json").symlink_to(secret)
    (learning / "inside.json").symlink_to("oom_grafana_patterns.json")
    (repo / "examples" / "learning-old").mkdir()
    (repo / "examples" / "learning-old" / "x.json").write_text("sibling\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "learning files by hand")
    assert git(repo, "ls-tree", "HEAD", "examples/learning/link.json").startswith("120000")
    (learning / "uncommitted.json").write_text("{}\n")

    assert store.read_tree("examples/learning") == {
        "examples/learning/oom_grafana_patterns.json": '{"app_name": "grafana"}\n',
        "examples/learning/old/disk_full_grafana_patterns.json": "{}\n",
        "examples/learning/run.sh": "#!/bin/sh\n",
    }
    assert store.read_tree("examples/learn") == {}  # a prefix of a name is not the folder
    assert store.read_tree("examples/nothing") == {}


@pytest.mark.parametrize("path", UNSAFE)
def test_read_tree_refuses_unsafe_paths(store: GitStore, path: str) -> None:
    with pytest.raises(ValueError, match="not a safe repository path"):
        store.read_tree(path)


# --- commit_files ---------------------------------------------------------------------------


def test_commit_files_commits_only_the_files_that_changed(
    store: GitStore, repo: Path, clock: Clock
) -> None:
    seed = store.head()
    clock.now = T0 + timedelta(minutes=3)
    new = "examples/learning/oom_grafana_patterns.json"
    result = store.commit_files(
        {GRAFANA: (GITOPS / GRAFANA).read_text(), new: '{"a": 1}\n'}, "learn: grafana\n"
    )
    assert result is not None
    sha, changed = result
    assert changed == (new,)
    assert sha == store.head() == git(repo, "rev-parse", "HEAD")
    assert git(repo, "rev-parse", f"{sha}^") == seed
    assert changed_files(repo) == [new]
    assert commits(repo) == ["learn: grafana", SEED_MESSAGE]
    assert git(repo, "log", "-1", "--format=%cI") == "2026-11-24T03:42:00+00:00"
    assert store.read_text(new) == '{"a": 1}\n'
    assert git(repo, "status", "--porcelain") == ""

    edited = (GITOPS / GRAFANA).read_text().replace("replicas: 1", "replicas: 2")
    second = store.commit_files({new: '{"a": 1}\n', GRAFANA: edited}, "scale grafana")
    assert second is not None and second[1] == (GRAFANA,)
    assert changed_files(repo) == [GRAFANA]
    assert store.read_values("grafana") == (GRAFANA, edited)


def test_commit_files_makes_no_commit_when_nothing_differs(store: GitStore, repo: Path) -> None:
    seed = store.head()
    assert store.commit_files({GRAFANA: (GITOPS / GRAFANA).read_text()}, "nothing") is None
    assert store.commit_files({}, "nothing at all") is None
    assert store.head() == seed
    assert commits(repo) == [SEED_MESSAGE]
    assert git(repo, "status", "--porcelain") == ""


@pytest.mark.parametrize("path", UNSAFE)
def test_commit_files_refuses_unsafe_paths_and_writes_nothing(
    store: GitStore, repo: Path, path: str
) -> None:
    with pytest.raises(ValueError, match="not a safe repository path"):
        store.commit_files({"examples/ok.txt": "fine\n", path: "evil\n"}, "evil")
    assert commits(repo) == [SEED_MESSAGE]
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""


def test_commit_files_pushes_to_the_remote(
    make_store: Callable[..., GitStore], tmp_path: Path, remote: Path
) -> None:
    store = make_store(tmp_path / "a", remote)
    result = store.commit_files({"examples/learning/x.json": "{}\n"}, "learn: x")
    assert result is not None
    assert git(remote, "rev-parse", "main") == result[0]
    assert git(remote, "show", "main:examples/learning/x.json") == "{}"
    other = make_store(tmp_path / "b", remote)  # a second checkout sees it
    assert other.read_text("examples/learning/x.json") == "{}\n"


def test_files_and_messages_are_committed_byte_for_byte(store: GitStore, repo: Path) -> None:
    """Text is masked where the records and messages are built (graph.records); the checkout
    neither masks again nor rewrites a JSON file in its own layout."""
    text = '{"token":"2Gi","notes":["kept as written"]}'  # compact, no final newline
    message = "learn: a file as given\n\nAuthorization: the header name, kept\n"
    result = store.commit_files({"examples/learning/raw.json": text}, message)
    assert result is not None
    assert store.read_text("examples/learning/raw.json") == text
    assert git(repo, "log", "-1", "--format=%B") == message.strip()


# --- closing ---------------------------------------------------------------------------------


def test_closing_the_store_while_commits_are_in_flight_neither_hangs_nor_loses_them(
    store: GitStore, repo: Path
) -> None:
    """Shutdown closes the store while the feedback loop may be committing: the close waits
    for the write, and a write that finds the store closed reopens it (no deadlock)."""
    before = len(git(repo, "log", "--format=%H").splitlines())
    results: list[object] = []

    def write(n: int) -> None:
        path = f"examples/learning/x{n}.json"
        results.append(store.commit_files({path: f"{n}\n"}, f"learn {n}"))

    for n in range(20):
        writer = threading.Thread(target=write, args=(n,))
        writer.start()
        store.close()
        writer.join(10)
        assert not writer.is_alive(), "a commit hung while the store was closed"
    assert len(results) == 20 and None not in results
    assert len(git(repo, "log", "--format=%H").splitlines()) == before + 20


# --- long input -------------------------------------------------------------------------------


def test_a_commit_message_over_a_megabyte_is_committed_whole(store: GitStore, repo: Path) -> None:
    """A label of an alert can be huge; the message never goes on git's command line (one
    argument is limited to 128 KiB there)."""
    label = "x" * 1_200_000
    message = f"fix: checkout\n\n# Alert\nlabel: {label}\n"
    result = store.commit_files({"examples/learning/big.json": "{}\n"}, message)
    assert result is not None
    assert git(repo, "log", "-1", "--format=%B") == message.strip()  # "#" lines kept
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""
