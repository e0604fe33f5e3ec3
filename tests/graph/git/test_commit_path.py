"""How the store commits (graph.git.committer, graph.git.index_sync) on real repositories: the
commit `git commit` made before, the working tree showing it, the branch moved only by
compare-and-swap (a concurrent commit is never lost), unrelated changes in the checkout left
alone, and the index caught up after the call when it is large — safely, even if the process
dies first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from graph.git.gitops import GitStore, StoreError
from graph.git.plumbing import repository_lock
from graph.patching.patcher import unified_diff
from graph.records.commit_message import commit_message
from graph.records.folder import decision_files
from graph.records.incident import Feedback, IncidentRecord
from tests.graph.git.test_gitops import record
from tests.graph.gitrepos import GITOPS, Clock, changed_files, git

GRAFANA = "helm-values/grafana/values.yaml"
RAISED = (GITOPS / GRAFANA).read_text().replace("512Mi", "1Gi", 1)


def approved(n: int = 1) -> IncidentRecord:
    """An approved memory raise of grafana (the diff of GRAFANA → RAISED): test_gitops's record
    with this file's alert, feedback and diff."""
    return record(
        n,
        feedback=Feedback("go"),
        alert={"labels": {"alertname": "KubePodOOMKilled"}},
        diff=unified_diff((GITOPS / GRAFANA).read_text(), RAISED, GRAFANA),
        change_summary="raise memory limit 512Mi→1Gi",
    )


def hand_commit(repo: Path, files: dict[str, str], message: str, clock: Clock) -> str:
    """`git add` + `git commit -F` of `files`, dated by `clock`: what the store did before."""
    for path, text in files.items():
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(text, encoding="utf-8", newline="")
    git(repo, "add", "--", *files)
    (repo / ".git" / "MSG").write_text(message, encoding="utf-8")
    stamp = f"@{int(clock.now.timestamp())} +0000"
    env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    git(repo, "commit", "-q", "-F", ".git/MSG", env=env)
    return git(repo, "rev-parse", "HEAD")


def concurrent_writer_hook(repo: Path, path: str, text: str) -> None:
    """A pre-commit hook that commits `path` on the branch from elsewhere (a temporary index,
    as another tool would), once: the branch moves between the store's read and its update."""
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text(
        f"#!{sys.executable}\n"
        "import os, subprocess\n"
        "env = {**os.environ, 'GIT_INDEX_FILE': '.git/someone-else'}\n"
        "def git(*args, text=None):\n"
        "    return subprocess.run(['git', *args], env=env, input=text, capture_output=True,\n"
        "                          text=True, check=True).stdout.strip()\n"
        "head = git('rev-parse', 'refs/heads/main')\n"
        "git('read-tree', head)\n"
        f"blob = git('hash-object', '-w', '--stdin', text={text!r})\n"
        f"git('update-index', '--add', '--cacheinfo', '100644,' + blob + ',{path}')\n"
        "tree = git('write-tree')\n"
        "commit = git('commit-tree', tree, '-p', head, '-m', 'by someone else')\n"
        "git('update-ref', 'refs/heads/main', commit, head)\n"
        "os.remove('.git/someone-else')\n"
        "os.remove(__file__)\n"
    )
    hook.chmod(0o755)


# --- the same commit as before ------------------------------------------------------------------


def test_an_approval_is_the_commit_git_commit_made(
    make_store: Callable[..., GitStore], tmp_path: Path, clock: Clock
) -> None:
    ours, before = make_store(tmp_path / "ours"), make_store(tmp_path / "before")
    assert ours.head() == before.head()  # the same seed commit
    rec = approved()
    sha = ours.commit_incident(rec, GRAFANA, RAISED)
    files = {GRAFANA: RAISED, **decision_files(rec)}
    assert sha == hand_commit(tmp_path / "before", files, commit_message(rec, "fix"), clock)


def test_a_file_commit_is_the_commit_git_commit_made(
    make_store: Callable[..., GitStore], tmp_path: Path, clock: Clock
) -> None:
    """The message cleaned up as `git commit -F` cleaned it; an executable file stays one."""
    ours, _ = make_store(tmp_path / "ours"), make_store(tmp_path / "before")
    for repo in (tmp_path / "ours", tmp_path / "before"):
        (repo / "run.sh").write_text("#!/bin/sh\n")
        (repo / "run.sh").chmod(0o755)
        hand_commit(repo, {"run.sh": "#!/bin/sh\n"}, "add a script\n", clock)
    message = "\n\nlearn: grafana  \n\n\n# kept, not a comment\n\tbody\t\r\n\n"
    files = {"run.sh": "#!/bin/sh\necho more\n", "examples/learning/a/b.json": '{"a": 1}'}
    result = ours.commit_files(files, message)
    assert result is not None
    assert result[0] == hand_commit(tmp_path / "before", files, message, clock)
    assert git(tmp_path / "ours", "ls-tree", "HEAD", "run.sh").startswith("100755")


def test_the_working_tree_and_index_show_the_commit(store: GitStore, repo: Path) -> None:
    rec = approved()
    store.commit_incident(rec, GRAFANA, RAISED)
    assert (repo / GRAFANA).read_text() == RAISED
    folder = repo / "examples" / rec.id
    assert sorted(p.name for p in folder.iterdir()) == ["alert.json", "changes.diff", "summary.md"]
    assert json.loads((folder / "alert.json").read_text()) == rec.alert
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""
    assert git(repo, "diff", "--cached", "--name-only") == ""
    assert not (repo / ".git" / "index.lock").exists()


# --- the branch moves by compare-and-swap -------------------------------------------------------


def test_a_commit_made_meanwhile_on_the_branch_is_kept_under_ours(
    store: GitStore, repo: Path
) -> None:
    before = store.head()
    concurrent_writer_hook(repo, "docs/notes.md", "someone else's notes\n")
    rec = approved()
    sha = store.commit_incident(rec, GRAFANA, RAISED)
    theirs = git(repo, "rev-parse", f"{sha}^")
    assert git(repo, "log", "-1", "--format=%s", theirs) == "by someone else"
    assert git(repo, "rev-parse", f"{theirs}^") == before
    assert git(repo, "show", f"{sha}:docs/notes.md") == "someone else's notes"
    assert changed_files(repo, sha) == sorted(
        [GRAFANA, *(f"examples/{rec.id}/{n}" for n in ("alert.json", "changes.diff", "summary.md"))]
    )
    assert store.head() == sha


def test_a_change_made_meanwhile_to_the_same_file_stops_the_commit_and_is_kept(
    store: GitStore, repo: Path
) -> None:
    theirs = (GITOPS / GRAFANA).read_text().replace("replicas: 1", "replicas: 3")
    concurrent_writer_hook(repo, GRAFANA, theirs)
    rec = approved()
    with pytest.raises(StoreError, match=f"{GRAFANA} changed on main while this commit was made"):
        store.commit_incident(rec, GRAFANA, RAISED)
    assert git(repo, "log", "-1", "--format=%s") == "by someone else"
    assert git(repo, "show", f"HEAD:{GRAFANA}") + "\n" == theirs
    assert (repo / GRAFANA).read_text() == theirs  # the working tree as the branch has it
    assert not (repo / "examples" / rec.id).exists()
    store.settle()
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""


def test_unrelated_changes_in_the_checkout_are_neither_committed_nor_touched(
    store: GitStore, repo: Path
) -> None:
    (repo / "notes.md").write_text("untracked, mine\n")
    (repo / "README.md").write_text("edited, not staged\n")
    staged = "helm-values/checkout/values.yaml"
    (repo / staged).write_text("replicas: 9\n")
    git(repo, "add", staged)
    rec = approved()
    sha = store.commit_incident(rec, GRAFANA, RAISED)
    assert "README.md" not in changed_files(repo, sha)
    assert staged not in changed_files(repo, sha)
    assert git(repo, "diff", "--name-only") == "README.md"  # still edited, not staged
    assert git(repo, "diff", "--cached", "--name-only") == staged  # still staged
    assert git(repo, "ls-files", "--others", "--exclude-standard") == "notes.md"
    assert (repo / "notes.md").read_text() == "untracked, mine\n"
    assert (repo / "README.md").read_text() == "edited, not staged\n"


# --- a large index catches up after the call ----------------------------------------------------


def test_a_large_index_catches_up_after_the_call_and_a_hand_commit_waits_for_it(
    make_store: Callable[..., GitStore], repo: Path, clock: Clock
) -> None:
    store = GitStore(repo, seed=GITOPS, now=clock, index_sync_bytes=0)  # every index is large
    rec = approved()
    with repository_lock(repo.absolute()):  # the catch-up cannot start while this is held
        sha = store.commit_incident(rec, GRAFANA, RAISED)
        assert git(repo, "rev-parse", "HEAD") == sha
        assert (repo / GRAFANA).read_text() == RAISED
        assert (repo / ".git" / "index.lock").exists()
        (repo / "README.md").write_text("a hand edit\n")
        hand = subprocess.run(
            ["git", "-C", str(repo), "commit", "-qam", "by hand"], capture_output=True, text=True
        )
        assert hand.returncode != 0 and "index.lock" in hand.stderr  # not over the old index
    store.settle()
    assert not (repo / ".git" / "index.lock").exists()
    assert git(repo, "status", "--porcelain") == "M README.md"  # (stripped: " M")
    assert git(repo, "diff", "--cached", "--name-only") == ""
    git(repo, "commit", "-qam", "by hand")  # now it can, on top of the service's commit
    assert git(repo, "rev-parse", "HEAD^") == sha
    assert git(repo, "show", f"HEAD:{GRAFANA}") + "\n" == RAISED
    store.close()


def test_a_process_killed_before_the_index_caught_up_is_repaired_when_it_starts(
    make_store: Callable[..., GitStore], repo: Path
) -> None:
    make_store(repo).close()
    script = (
        "import os, sys; from pathlib import Path\n"
        "from graph.git.gitops import GitStore\n"
        "from graph.git.plumbing import repository_lock\n"
        "store = GitStore(sys.argv[1], index_sync_bytes=0)\n"
        "with repository_lock(Path(sys.argv[1]).absolute()):\n"
        "    sha, _ = store.commit_files({'examples/learning/x.json': '{}\\n'}, 'learn: x')\n"
        "    print(sha, flush=True)\n"
        "    os._exit(0)  # killed: the index never caught up\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(repo)], capture_output=True, text=True, check=True
    )
    sha = done.stdout.strip()
    assert (repo / ".git" / "index.lock").exists()
    assert git(repo, "status", "--porcelain")  # the index is behind the branch

    store = make_store(repo)  # the service starting again

    assert git(repo, "rev-parse", "HEAD") == sha
    assert not (repo / ".git" / "index.lock").exists()
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""
    assert (repo / "examples" / "learning" / "x.json").read_text() == "{}\n"
    assert store.commit_files({"examples/learning/y.json": "{}\n"}, "learn: y") is not None
    assert os.listdir(repo / ".git" / "objects")  # nothing of ours left lying in .git:
    assert not [p for p in os.listdir(repo / ".git") if p.startswith("alertgraph-")]


def test_a_failed_commit_after_an_uncaught_index_puts_everything_back(
    repo: Path, clock: Clock
) -> None:
    """A commit refused (a hook) while an earlier one's index catch-up is pending: the earlier
    commit stays and the index gets it; the refused files go back as the branch has them."""
    store = GitStore(repo, seed=GITOPS, now=clock, index_sync_bytes=0)
    with repository_lock(repo.absolute()):
        first = store.commit_incident(approved(1), GRAFANA, RAISED)
        hook = repo / ".git" / "hooks" / "pre-commit"
        hook.write_text("#!/bin/sh\necho 'policy: no more today' >&2\nexit 1\n")
        hook.chmod(0o755)
        with pytest.raises(StoreError, match="policy: no more today"):
            store.commit_files({"examples/learning/x.json": "{}\n"}, "learn: x")
    assert git(repo, "rev-parse", "HEAD") == first
    assert not (repo / "examples" / "learning" / "x.json").exists()
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""
    store.close()


def test_a_rejected_retry_never_commits_twice(store: GitStore, repo: Path) -> None:
    rec = approved()
    first = store.commit_incident(rec, GRAFANA, RAISED)
    assert store.commit_incident(replace(rec, approver="bob"), GRAFANA, RAISED) == first
    assert git(repo, "rev-list", "--count", "HEAD") == "2"
