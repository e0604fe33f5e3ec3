"""GIT_DELIVERY=pull_request through the real service: a real bare repository as the remote,
the loopback fake forge (GitHub's and GitLab's REST and webhooks, docs/contracts/forges.md)
merging for real, httpx as the client. Approve → branch pushed → pull request opened with the
record's text → merged (webhook or poll) → verifying → recovered; closed → rejected; a
reviewer's edit is what the record keeps; a bad signature changes nothing; a forge that is
down is retried and the incident says so."""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from structlog.testing import capture_logs

from graph.records.summary import parse_summary
from tests.fakes.forge import WEB, FakeForge
from tests.graph.gitrepos import git
from tests.pg import DurableMode
from tests.receiver.conftest import incidents_when, make_app, status_when
from tests.receiver.helpers import VALUES, WEBHOOK, awaiting, decide, firing, post_json, resolved

SECRET = "whsec-9f8e7d6c5b4a"  # the webhook secret of the test forge


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    """An empty bare repository: the service seeds it on its first start, as in production."""
    path = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(path)], check=True)
    return path


@pytest.fixture
async def forge(bare: Path) -> AsyncIterator[FakeForge]:
    async with FakeForge(bare) as fake:
        yield fake


def service(
    tmp_path: Path, bare: Path, forge: FakeForge, kind: str = "github", **env: str
) -> Litestar:
    env = {"FORGE_POLL_INTERVAL": "0", **env}
    return make_app(
        tmp_path,
        GIT_REMOTE=str(bare),
        GIT_DELIVERY="pull_request",
        FORGE=kind,
        FORGE_URL=forge.github_url if kind == "github" else forge.gitlab_url,
        FORGE_TOKEN=forge.token,
        FORGE_REPOSITORY=forge.repository,
        FORGE_WEBHOOK_SECRET=SECRET,
        FORGE_LABELS="alertgraph,memory",
        **env,
    )


async def opened(client: AsyncTestClient[Litestar]) -> dict[str, Any]:
    """An OOM incident approved: its status once its pull request is open."""
    shown = await awaiting(client, firing())
    r = await decide(client, shown["id"], "approve", shown["diff_sha256"])
    assert r.status_code == 202, r.text
    return await status_when(client, shown["id"], lambda s: s["status"] == "pr_open")


async def test_a_merged_pull_request_is_verified_and_recorded(
    tmp_path: Path, bare: Path, forge: FakeForge
) -> None:
    async with AsyncTestClient(app=service(tmp_path, bare, forge)) as client:
        main_before = git(bare, "rev-parse", "main")
        status = await opened(client)
        incident = status["id"]
        pull = status["delivery"]["pull_request"]
        (fake,) = forge.pulls.values()
        url = f"{WEB}/{forge.repository}/pull/{fake.number}"
        assert (pull["number"], pull["url"]) == (fake.number, url)
        assert fake.labels == ["alertgraph", "memory"]
        assert fake.head == f"alertgraph/{incident}" and fake.base == "main"
        assert incident in fake.title or "grafana" in fake.title
        assert "OOM" in fake.body or "oom" in fake.body
        assert "```diff" in fake.body and f"Incident-Id: {incident}" in fake.body
        assert git(bare, "rev-parse", "main") == main_before  # nothing lands without review

        merge_sha = await forge.merge(fake.number, by="alice")
        r = await forge.send_webhook("/webhooks/github", fake.number, SECRET, client=client)
        assert r.status_code == 202, r.text
        verifying = await status_when(client, incident, lambda s: s["status"] == "verifying")
        assert verifying["commit_sha"] == merge_sha
        assert verifying["delivery"]["merged_by"] == "alice"

        await post_json(client, WEBHOOK, resolved(firing()))
        await status_when(client, incident, lambda s: s["status"] == "recovered")
    summary = parse_summary(git(bare, "show", f"main:examples/{incident}/summary.md"))
    assert summary["outcome"] == "recovered"
    assert summary["delivery"] == f"pull request #{fake.number} {url} merged by alice"
    assert '+    memory: "1Gi"' in git(bare, "show", f"main:examples/{incident}/changes.diff")


async def test_a_pull_request_closed_unmerged_is_a_rejection_naming_who_closed_it(
    tmp_path: Path, bare: Path, forge: FakeForge
) -> None:
    async with AsyncTestClient(app=service(tmp_path, bare, forge, kind="gitlab")) as client:
        status = await opened(client)
        (fake,) = forge.pulls.values()
        values_before = git(bare, "show", f"main:{VALUES}")
        await forge.close(fake.number, by="bob")
        r = await forge.send_webhook(
            "/webhooks/gitlab", fake.number, SECRET, forge="gitlab", client=client
        )
        assert r.status_code == 202, r.text
        done = await status_when(client, status["id"], lambda s: s["status"] == "rejected")
        assert "closed without merging by bob" in done["reason"]
    assert git(bare, "show", f"main:{VALUES}") == values_before
    summary = parse_summary(git(bare, "show", f"main:examples/{status['id']}/summary.md"))
    assert summary["status"] == "rejected"


async def test_a_reviewers_edit_is_what_the_record_keeps(
    tmp_path: Path, bare: Path, forge: FakeForge
) -> None:
    async with AsyncTestClient(app=service(tmp_path, bare, forge)) as client:
        status = await opened(client)
        (fake,) = forge.pulls.values()
        proposed = git(bare, "show", f"{fake.head}:{VALUES}")
        await forge.edit(fake.number, VALUES, proposed.replace('"1Gi"', '"1536Mi"') + "\n")
        await forge.merge(fake.number)
        await forge.send_webhook("/webhooks/github", fake.number, SECRET, client=client)
        await status_when(client, status["id"], lambda s: s["status"] == "verifying")
        await post_json(client, WEBHOOK, resolved(firing()))
        await status_when(client, status["id"], lambda s: s["status"] == "recovered")
    kept = git(bare, "show", f"main:examples/{status['id']}/changes.diff")
    assert '+    memory: "1536Mi"' in kept and '"1Gi"' not in kept
    assert '"1536Mi"' in git(bare, "show", f"main:{VALUES}")


@pytest.mark.parametrize("signature", ["sha256=" + "0" * 64, None])
async def test_a_webhook_without_a_good_signature_changes_nothing(
    tmp_path: Path, bare: Path, forge: FakeForge, signature: str | None
) -> None:
    async with AsyncTestClient(app=service(tmp_path, bare, forge)) as client:
        status = await opened(client)
        (fake,) = forge.pulls.values()
        await forge.merge(fake.number)
        delivery = forge.delivery(fake.number, SECRET)
        headers = {k: v for k, v in delivery.headers.items() if k != "X-Hub-Signature-256"}
        if signature is not None:
            headers["X-Hub-Signature-256"] = signature
        r = await client.post("/webhooks/github", content=delivery.body, headers=headers)
        assert r.status_code == 401
        after = (await client.get(f"/api/incidents/{status['id']}/status")).json()
        assert after["status"] == "pr_open" and after["commit_sha"] is None


async def test_a_forge_that_is_down_is_retried_and_the_incident_says_so(
    tmp_path: Path, bare: Path, forge: FakeForge
) -> None:
    forge.fail("502", times=2)
    async with AsyncTestClient(app=service(tmp_path, bare, forge)) as client:
        shown = await awaiting(client, firing())
        await decide(client, shown["id"], "approve", shown["diff_sha256"])
        waiting = await status_when(
            client,
            shown["id"],
            lambda s: s["status"] == "awaiting_merge" and (s["delivery"] or {}).get("error"),
        )
        assert (
            "502" in waiting["delivery"]["error"] and "retried in" in waiting["delivery"]["error"]
        )
        assert git(bare, "rev-parse", f"alertgraph/{shown['id']}")  # the branch is pushed
        done = await status_when(client, shown["id"], lambda s: s["status"] == "pr_open", within=60)
        assert done["delivery"]["error"] is None and len(forge.pulls) == 1


async def test_without_a_webhook_the_merge_is_learned_by_polling(
    tmp_path: Path, bare: Path, forge: FakeForge
) -> None:
    app = service(tmp_path, bare, forge, FORGE_POLL_INTERVAL="0.05")
    async with AsyncTestClient(app=app) as client:
        status = await opened(client)
        (fake,) = forge.pulls.values()
        merge_sha = await forge.merge(fake.number, by="carol")
        verifying = await status_when(client, status["id"], lambda s: s["status"] == "verifying")
        assert verifying["commit_sha"] == merge_sha
        assert verifying["delivery"]["merged_by"] == "carol"


async def test_branch_delivery_pushes_the_branch_and_finds_the_merge_in_git(
    tmp_path: Path, bare: Path
) -> None:
    app = make_app(
        tmp_path, GIT_REMOTE=str(bare), GIT_DELIVERY="branch", FORGE_POLL_INTERVAL="0.05"
    )
    async with AsyncTestClient(app=app) as client:
        shown = await awaiting(client, firing())
        r = await decide(client, shown["id"], "approve", shown["diff_sha256"])
        assert r.json()["status"] == "awaiting_merge"
        branch = f"alertgraph/{shown['id']}"
        waiting = await status_when(client, shown["id"], lambda s: s["delivery"] is not None)
        assert (
            waiting["delivery"]["branch"] == branch and waiting["delivery"]["pull_request"] is None
        )
        clone = tmp_path / "ci"
        await asyncio.to_thread(git, tmp_path, "clone", "-q", str(bare), str(clone))
        git(
            clone,
            "-c",
            "user.name=CI",
            "-c",
            "user.email=ci@x",
            "merge",
            "-q",
            "--no-ff",
            "-m",
            f"Merge {branch}",
            f"origin/{branch}",
        )
        git(clone, "push", "-q", "origin", "main")
        merged = git(clone, "rev-parse", "HEAD")
        verifying = await status_when(client, shown["id"], lambda s: s["status"] == "verifying")
        assert verifying["commit_sha"] == merged


def in_namespace(body: dict[str, Any], namespace: str) -> dict[str, Any]:
    """`body` with every alert in `namespace` (other fingerprints: other alerts)."""
    for alert in body["alerts"]:
        alert["labels"]["namespace"] = namespace
        alert["fingerprint"] = alert["fingerprint"][::-1]
    body["groupLabels"] = {**body.get("groupLabels", {}), "namespace": namespace}
    return body


async def test_a_second_incident_on_the_same_values_file_waits_for_the_first_pull_request(
    tmp_path: Path, bare: Path, forge: FakeForge
) -> None:
    async with AsyncTestClient(app=service(tmp_path, bare, forge)) as client:
        first = await opened(client)
        r = await post_json(client, WEBHOOK, in_namespace(firing(), "monitoring-canary"))
        assert r.status_code == 200
        items = await incidents_when(client, lambda items: len(items) == 2)
        (other,) = [i["id"] for i in items if i["id"] != first["id"]]
        second = await status_when(client, other, lambda s: s["status"] == "awaiting_approval")
        r = await decide(client, second["id"], "approve", second["diff_sha256"])
        assert r.status_code == 202
        waiting = await status_when(
            client, second["id"], lambda s: (s["delivery"] or {}).get("error")
        )
        assert f"waits for the open pull request of {first['id']}" in waiting["delivery"]["error"]
        assert waiting["status"] == "awaiting_merge" and len(forge.pulls) == 1

        (fake,) = forge.pulls.values()
        await forge.close(fake.number, by="bob")
        await forge.send_webhook("/webhooks/github", fake.number, SECRET, client=client)
        await status_when(client, first["id"], lambda s: s["status"] == "rejected")
        done = await status_when(client, second["id"], lambda s: s["status"] == "pr_open")
        assert len(forge.pulls) == 2 and done["delivery"]["error"] is None


async def test_a_pull_request_open_across_a_restart_is_still_followed(
    tmp_path: Path, bare: Path, forge: FakeForge, durable: DurableMode
) -> None:
    state = {"CHECKPOINT_URL": durable.url}
    async with AsyncTestClient(app=service(tmp_path, bare, forge, **state)) as client:
        status = await opened(client)
    (fake,) = forge.pulls.values()
    merge_sha = await forge.merge(fake.number, by="dave")
    async with AsyncTestClient(app=service(tmp_path, bare, forge, **state)) as client:
        before = (await client.get(f"/api/incidents/{status['id']}/status")).json()
        assert before["status"] == "pr_open"
        assert before["delivery"]["pull_request"]["number"] == fake.number
        r = await forge.send_webhook("/webhooks/github", fake.number, SECRET, client=client)
        assert r.status_code == 202
        after = await status_when(client, status["id"], lambda s: s["status"] == "verifying")
        assert after["commit_sha"] == merge_sha and len(forge.pulls) == 1


async def test_a_webhook_about_a_pull_request_against_another_branch_is_not_taken(
    tmp_path: Path, bare: Path, forge: FakeForge
) -> None:
    async with AsyncTestClient(app=service(tmp_path, bare, forge)) as client:
        status = await opened(client)
        (fake,) = forge.pulls.values()
        await forge.merge(fake.number)
        fake.base = "release"  # someone re-targeted it before merging
        with capture_logs() as logs:
            r = await forge.send_webhook("/webhooks/github", fake.number, SECRET, client=client)
            assert r.status_code == 202
            for _ in range(250):  # handled in the background: wait for its verdict
                if any(e["event"].startswith("pull request ignored") for e in logs):
                    break
                await asyncio.sleep(0.02)
        ignored = [e for e in logs if e["event"].startswith("pull request ignored")]
        assert ignored and ignored[0]["base"] == "release"
        after = (await client.get(f"/api/incidents/{status['id']}/status")).json()
        assert after["status"] == "pr_open" and after["commit_sha"] is None


async def test_a_merge_while_the_service_was_down_is_found_at_start_up(
    tmp_path: Path, bare: Path, forge: FakeForge, durable: DurableMode
) -> None:
    state = {"CHECKPOINT_URL": durable.url}
    async with AsyncTestClient(app=service(tmp_path, bare, forge, **state)) as client:
        status = await opened(client)
    (fake,) = forge.pulls.values()
    merge_sha = await forge.merge(fake.number, by="erin")
    async with AsyncTestClient(app=service(tmp_path, bare, forge, **state)) as client:
        after = await status_when(client, status["id"], lambda s: s["status"] == "verifying")
        assert after["commit_sha"] == merge_sha and after["delivery"]["merged_by"] == "erin"
