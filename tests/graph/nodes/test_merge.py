"""GIT_DELIVERY branch / pull_request and DRY_RUN through the whole workflow, on real git:
the change goes onto alertgraph/<id> on a bare remote, the merge node waits, and a merge, a
reviewer's edit or a close decide how the incident ends."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from graph.context import DeliveryContext, WorkflowContext
from graph.git.gitops import GitStore
from graph.learning.actions import action_from_diff
from graph.records.summary import parse_summary
from graph.workflow import Workflow, build_workflow
from tests.graph.gitrepos import T0, git
from tests.graph.test_workflow import decision, oom_alert, start

VALUES = "helm-values/grafana/values.yaml"


@pytest.fixture
def workflow() -> Workflow:
    return build_workflow(InMemorySaver())


@pytest.fixture
def origin_store(make_store: Callable[..., GitStore], remote: Path, tmp_path: Path) -> GitStore:
    return make_store(tmp_path / "gitops", remote)


def context(store: GitStore, **delivery: Any) -> WorkflowContext:
    return WorkflowContext(
        store=store, now=lambda: T0 + timedelta(minutes=1), delivery=DeliveryContext(**delivery)
    )


def reviewer_clone(remote: Path, tmp_path: Path) -> Path:
    clone = tmp_path / "reviewer"
    subprocess.run(["git", "clone", "-q", str(remote), str(clone)], check=True)
    git(clone, "config", "user.name", "Reviewer")
    git(clone, "config", "user.email", "reviewer@example.com")
    return clone


def merge_on_remote(clone: Path, branch: str) -> str:
    """What a forge does on "Merge": a merge commit of `branch` into main, pushed."""
    git(clone, "fetch", "-q", "origin")
    git(clone, "checkout", "-q", "main")
    git(clone, "reset", "-q", "--hard", "origin/main")
    git(clone, "merge", "-q", "--no-ff", "-m", f"Merge {branch}", f"origin/{branch}")
    git(clone, "push", "-q", "origin", "main")
    return git(clone, "rev-parse", "HEAD")


async def approved(
    workflow: Workflow, ctx: WorkflowContext
) -> tuple[dict[str, Any], dict[str, Any], str]:
    inputs, config = start(oom_alert())
    paused = await workflow.ainvoke(inputs, config, context=ctx)
    sha = paused["__interrupt__"][0].value["diff_sha256"]
    after = await workflow.ainvoke(Command(resume=decision("approve", sha)), config, context=ctx)
    return after, config, inputs["incident_id"]


async def test_branch_delivery_pushes_the_change_on_its_own_branch_and_waits_for_the_merge(
    workflow: Workflow, origin_store: GitStore, remote: Path, tmp_path: Path
) -> None:
    ctx = context(origin_store, mode="branch")
    main_before = git(remote, "rev-parse", "main")
    waiting, config, incident = await approved(workflow, ctx)

    assert waiting["status"] == "awaiting_merge"
    (request,) = waiting["__interrupt__"]
    assert request.value["await"] == "merge"
    branch = f"alertgraph/{incident}"
    assert waiting["delivery"]["branch"] == branch
    assert git(remote, "rev-parse", "main") == main_before  # GIT_BRANCH untouched
    head = git(remote, "rev-parse", branch)
    assert head == waiting["delivery"]["head_sha"]
    assert '+    memory: "1Gi"' in git(remote, "show", head, "--", VALUES)
    assert f"Incident-Id: {incident}" in git(remote, "log", "-1", "--format=%B", head)
    assert origin_store.landed(incident, T0, head, VALUES) is None

    merge_sha = merge_on_remote(reviewer_clone(remote, tmp_path), branch)
    origin_store.sync()  # as the watcher does before it resumes the merge node
    assert origin_store.landed(incident, T0, head, VALUES) == merge_sha
    diff = origin_store.merged_change(incident, T0, merge_sha, VALUES)
    assert diff == waiting["proposal"]["diff"]

    merged = {"event": "merged", "sha": merge_sha, "by": "alice", "diff": diff}
    verifying = await workflow.ainvoke(Command(resume=merged), config, context=ctx)
    assert verifying["status"] == "verifying" and verifying["commit_sha"] == merge_sha
    done = await workflow.ainvoke(Command(resume={"outcome": "recovered"}), config, context=ctx)
    assert done["status"] == "recovered", done.get("reason")
    summary = parse_summary(git(remote, "show", f"main:examples/{incident}/summary.md"))
    assert summary["outcome"] == "recovered"
    assert summary["delivery"] == f"branch {branch} merged by alice"


async def test_a_reviewers_edit_before_the_merge_is_what_the_record_and_learning_keep(
    workflow: Workflow, origin_store: GitStore, remote: Path, tmp_path: Path
) -> None:
    ctx = context(origin_store, mode="pull_request")
    waiting, config, incident = await approved(workflow, ctx)
    branch = waiting["delivery"]["branch"]
    clone = reviewer_clone(remote, tmp_path)
    git(clone, "checkout", "-q", branch)
    values = (clone / VALUES).read_text()
    (clone / VALUES).write_text(values.replace('memory: "1Gi"', 'memory: "1536Mi"'))
    git(clone, "commit", "-qam", "review: 1536Mi is enough")
    git(clone, "push", "-q", "origin", branch)
    merge_sha = merge_on_remote(clone, branch)

    origin_store.sync()
    diff = origin_store.merged_change(incident, T0, merge_sha, VALUES)
    assert '+    memory: "1536Mi"' in diff and diff != waiting["proposal"]["diff"]
    merged = {"event": "merged", "sha": merge_sha, "by": "alice", "diff": diff}
    await workflow.ainvoke(Command(resume=merged), config, context=ctx)
    await workflow.ainvoke(Command(resume={"outcome": "recovered"}), config, context=ctx)

    kept = git(remote, "show", f"main:examples/{incident}/changes.diff")
    assert '+    memory: "1536Mi"' in kept and '"1Gi"' not in kept
    learned = action_from_diff(waiting["remediation"]["kind"], kept + "\n")
    assert learned.new == "1536Mi"


async def test_a_pull_request_closed_unmerged_is_rejected_and_changes_no_values(
    workflow: Workflow, origin_store: GitStore, remote: Path
) -> None:
    ctx = context(origin_store, mode="pull_request")
    values_before = git(remote, "show", f"main:{VALUES}")
    _, config, incident = await approved(workflow, ctx)
    opened = {"event": "opened", "pull_request": {"number": 7, "url": "https://forge/pr/7"}}
    pr_open = await workflow.ainvoke(Command(resume=opened), config, context=ctx)
    assert pr_open["status"] == "pr_open"
    assert pr_open["__interrupt__"][0].value["delivery"]["pull_request"]["number"] == 7

    closed = await workflow.ainvoke(
        Command(resume={"event": "closed", "by": "bob"}), config, context=ctx
    )
    assert closed["status"] == "rejected"
    assert "closed without merging by bob" in closed["reason"]
    assert git(remote, "show", f"main:{VALUES}") == values_before
    summary = parse_summary(git(remote, "show", f"main:examples/{incident}/summary.md"))
    assert summary["status"] == "rejected"
    assert summary["delivery"] == "pull request #7 https://forge/pr/7 closed unmerged by bob"


async def test_a_failed_open_is_shown_and_the_node_waits_again(
    workflow: Workflow, origin_store: GitStore
) -> None:
    ctx = context(origin_store, mode="pull_request")
    _, config, _ = await approved(workflow, ctx)
    failed = {"event": "open_failed", "reason": "forge answered 502 (retried in 15 s)"}
    still = await workflow.ainvoke(Command(resume=failed), config, context=ctx)
    assert still["status"] == "awaiting_merge"
    assert still["delivery"]["error"] == "forge answered 502 (retried in 15 s)"
    assert still["__interrupt__"][0].value["await"] == "merge"


def repository_state(repo: Path) -> tuple[str, str]:
    """Every ref with its sha, and every file of the worktree with its bytes' hash (none for
    a bare repository)."""
    refs = git(repo, "for-each-ref", "--format=%(refname) %(objectname)")
    files = sorted(p for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts)
    hashes = git(repo, "hash-object", "--no-filters", *map(str, files)) if files else ""
    return refs, "\n".join(
        f"{p.relative_to(repo)} {h}" for p, h in zip(files, hashes.split(), strict=True)
    )


@pytest.mark.parametrize("mode", ["commit", "branch", "pull_request"])
async def test_a_dry_run_leaves_the_repository_as_it_was(
    workflow: Workflow, origin_store: GitStore, remote: Path, mode: str
) -> None:
    ctx = context(origin_store, mode=mode, dry_run=True)
    before = repository_state(origin_store.path), repository_state(remote)
    done, _, _ = await approved(workflow, ctx)
    assert done["status"] == "dry_run" and "commit_sha" not in done

    inputs, config = start(oom_alert())
    paused = await workflow.ainvoke(inputs, config, context=ctx)
    reject = decision("reject", paused["__interrupt__"][0].value["diff_sha256"], comment="no")
    rejected = await workflow.ainvoke(Command(resume=reject), config, context=ctx)
    assert rejected["status"] == "rejected"
    assert (repository_state(origin_store.path), repository_state(remote)) == before
