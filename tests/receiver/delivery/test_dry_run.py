"""DRY_RUN=true through the whole service on a real repository: the proposal, the decisions,
the feedback routes — and the repository byte for byte as it was."""

from __future__ import annotations

from pathlib import Path

from litestar.testing import AsyncTestClient

from tests.graph.gitrepos import git
from tests.receiver.conftest import make_app, status_when
from tests.receiver.helpers import (
    WEBHOOK,
    awaiting,
    certificate_expired,
    decide,
    firing,
    post_json,
    problem,
)


def repository_bytes(repo: Path) -> dict[str, bytes]:
    """Every file of the checkout, .git included (refs, objects, index), with its bytes."""
    return {str(p.relative_to(repo)): p.read_bytes() for p in repo.rglob("*") if p.is_file()}


async def test_a_dry_run_proposes_and_decides_but_never_writes_to_git(tmp_path: Path) -> None:
    repo = tmp_path / "gitops"
    async with AsyncTestClient(app=make_app(tmp_path, DRY_RUN="true")) as client:
        shown = await awaiting(client, firing())
        assert shown["diff"] and shown["diff_sha256"]  # the proposal is made as usual
        before = repository_bytes(repo)
        head = git(repo, "rev-parse", "main")

        r = await decide(client, shown["id"], "approve", shown["diff_sha256"])
        assert r.status_code == 202 and r.json()["status"] == "dry_run"
        done = await status_when(client, shown["id"], lambda s: s["status"] == "dry_run")
        assert done["commit_sha"] is None and done["commit_shas"] == []

        r = await post_json(client, "/api/feedback-loop/process", {})
        assert r.status_code == 200 and r.json()["commit_sha"] is None  # nothing to learn yet
        r = await post_json(
            client,
            f"/api/incidents/{shown['id']}/feedback/negative",
            {"reason": "still OOM", "user": "U1"},
        )
        assert r.status_code in (404, 409)  # nothing was recorded, and nothing will be

        advice = await post_json(client, WEBHOOK, certificate_expired())
        assert advice.status_code == 200
        assert repository_bytes(repo) == before
        assert git(repo, "rev-parse", "main") == head


async def test_feedback_on_an_incident_committed_before_the_dry_run_is_refused(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "gitops"
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        shown = await awaiting(client, firing())
        r = await decide(client, shown["id"], "approve", shown["diff_sha256"])
        assert r.status_code == 202
    before = repository_bytes(repo)
    async with AsyncTestClient(app=make_app(tmp_path, DRY_RUN="true")) as client:
        r = await post_json(
            client,
            f"/api/incidents/{shown['id']}/feedback/negative",
            {"reason": "still OOM", "user": "U1"},
        )
        refused = problem(r, 409)
        assert refused["title"] == "Dry run" and "DRY_RUN" in refused["detail"]
    assert repository_bytes(repo) == before
