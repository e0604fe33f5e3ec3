"""Approval policies applied to real proposals through the real service and a real git
repository: an auto-approval after its veto window (a rejection inside it wins), distinct
approvers counted, advice only — each visible in the status API and the commit's trailers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from prometheus_client import CollectorRegistry

from graph.context import WorkflowContext
from graph.git.gitops import GitStore
from receiver.app import create_app
from receiver.config import load_settings
from receiver.policies.store import PolicyStore
from receiver.threads.gate import ApprovalGate
from receiver.threads.runner import WorkflowRunner
from tests.conftest import CAPTURE_NOW
from tests.fakes.openai_server import SERVED_MODEL, FakeOpenAI, good_answer
from tests.pg import DurableMode
from tests.receiver.conftest import status_when
from tests.receiver.helpers import VALUES, awaiting, decide, firing, repo
from tests.receiver.incidents.test_table import observed
from tests.receiver.slack.conftest import FakeTimer

RULES = {
    "auto": "  - name: memory-on-its-own\n    match: {kind: raise_memory}\n"
    "    auto_approve: {veto: 10m}\n",
    "two": "  - name: two-people\n    match: {namespace: monitoring}\n    require: 2\n",
    "never": "  - name: oom-is-advice\n    match: {category: oom}\n    never: true\n",
}


def app(tmp_path: Path, rule: str, timer: FakeTimer) -> Litestar:
    policies = tmp_path / "policies.yaml"
    policies.write_text("rules:\n" + RULES[rule], encoding="utf-8")
    settings = load_settings(
        {
            "GIT_REPO_PATH": str(tmp_path / "gitops"),
            "RATE_LIMIT_PER_SECOND": "0",
            "POLICY_FILE": str(policies),
        }
    )
    return create_app(
        settings,
        now=lambda: CAPTURE_NOW,
        metrics_registry=CollectorRegistry(),
        reminder_timer=timer,
    )


@pytest.fixture
def timer() -> FakeTimer:
    return FakeTimer()


async def matched(client: AsyncTestClient[Litestar]) -> dict[str, Any]:
    """An OOM proposal waiting for approval, once the policy's answer is in its status."""
    shown = await awaiting(client, firing())
    return await status_when(client, shown["id"], lambda s: s["policy"] is not None)


def fixes(tmp_path: Path) -> list[str]:
    """The messages of the commits that changed the values file."""
    return [c.message for c in repo(tmp_path).iter_commits("main", paths=VALUES)]


@pytest.fixture
async def auto(tmp_path: Path, timer: FakeTimer) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app(tmp_path, "auto", timer)) as client:
        yield client


async def test_an_auto_approval_applies_once_when_its_veto_window_ends(
    auto: AsyncTestClient[Litestar], timer: FakeTimer, tmp_path: Path
) -> None:
    shown = await matched(auto)
    assert shown["policy"]["rule"] == "memory-on-its-own"
    assert shown["policy"]["applies_at"] == "2026-11-24T03:49:00+00:00"  # now + 10 m
    assert 600.0 in timer.calls and fixes(tmp_path) == [fixes(tmp_path)[0]]  # only the seed
    before = len(fixes(tmp_path))

    timer.due.set()
    done = await status_when(auto, shown["id"], lambda s: s["status"] == "verifying")
    assert len(fixes(tmp_path)) == before + 1
    assert "Approved-By: policy:memory-on-its-own" in fixes(tmp_path)[0]
    assert "Policy: memory-on-its-own" in fixes(tmp_path)[0]
    assert done["commit_sha"]


async def test_a_rejection_inside_the_veto_window_wins(
    auto: AsyncTestClient[Litestar], timer: FakeTimer, tmp_path: Path
) -> None:
    shown = await matched(auto)
    before = len(fixes(tmp_path))
    r = await decide(auto, shown["id"], "reject", shown["diff_sha256"], comment="not now")
    assert r.status_code == 202 and r.json()["status"] == "rejected"
    timer.due.set()  # the window ends: nothing is waiting for it any more
    await status_when(auto, shown["id"], lambda s: s["status"] == "rejected")
    assert len(fixes(tmp_path)) == before


async def test_two_distinct_approvers_are_needed_and_the_same_one_twice_does_not_count(
    tmp_path: Path, timer: FakeTimer
) -> None:
    async with AsyncTestClient(app=app(tmp_path, "two", timer)) as client:
        shown = await matched(client)
        assert shown["policy"]["approvals_needed"] == 2
        before = len(fixes(tmp_path))
        first = await decide(client, shown["id"], "approve", shown["diff_sha256"], user="alice")
        assert first.status_code == 202 and first.json()["status"] == "awaiting_approval"
        again = await decide(client, shown["id"], "approve", shown["diff_sha256"], user="alice")
        assert again.status_code == 409
        assert "needs 2 distinct approvers (1 so far)" in again.json()["detail"]
        counted = await status_when(client, shown["id"], lambda s: s["approvals"] == ["alice"])
        assert counted["status"] == "awaiting_approval" and len(fixes(tmp_path)) == before

        second = await decide(client, shown["id"], "approve", shown["diff_sha256"], user="bob")
        assert second.status_code == 202 and second.json()["status"] == "verifying"
        assert len(fixes(tmp_path)) == before + 1
        assert "Approved-By: alice, bob" in fixes(tmp_path)[0]
        assert "Policy: two-people" in fixes(tmp_path)[0]


async def test_advice_only_refuses_every_approval_but_takes_a_rejection(
    tmp_path: Path, timer: FakeTimer
) -> None:
    async with AsyncTestClient(app=app(tmp_path, "never", timer)) as client:
        shown = await matched(client)
        r = await decide(client, shown["id"], "approve", shown["diff_sha256"])
        assert r.status_code == 409
        assert r.json()["title"] == "Refused by the approval policy"
        assert "'oom-is-advice' allows advice only" in r.json()["detail"]
        r = await decide(client, shown["id"], "reject", shown["diff_sha256"], comment="ok")
        assert r.status_code == 202 and r.json()["status"] == "rejected"


async def test_an_approval_before_the_policy_was_matched_is_still_held_to_it(
    tmp_path: Path, timer: FakeTimer
) -> None:
    async with AsyncTestClient(app=app(tmp_path, "never", timer)) as client:
        shown = await awaiting(client, firing())
        incident = client.app.state.registry.get(shown["id"])
        incident.live.policy = None  # as if the gate had not matched it yet
        r = await decide(client, shown["id"], "approve", shown["diff_sha256"])
        assert r.status_code == 409 and "allows advice only" in r.json()["detail"]


async def test_a_veto_window_survives_a_restart_with_the_time_it_had_left(
    tmp_path: Path, durable: DurableMode
) -> None:
    policies = tmp_path / "policies.yaml"
    policies.write_text("rules:\n" + RULES["auto"], encoding="utf-8")
    clock = {"now": CAPTURE_NOW}

    def durable_app(timer: FakeTimer) -> Litestar:
        settings = load_settings(
            {
                "GIT_REPO_PATH": str(tmp_path / "gitops"),
                "RATE_LIMIT_PER_SECOND": "0",
                "POLICY_FILE": str(policies),
                "CHECKPOINT_URL": durable.url,
            }
        )
        return create_app(
            settings,
            now=lambda: clock["now"],
            metrics_registry=CollectorRegistry(),
            reminder_timer=timer,
        )

    async with AsyncTestClient(app=durable_app(FakeTimer())) as client:
        shown = await matched(client)
    clock["now"] = CAPTURE_NOW + timedelta(minutes=4)  # 6 of the 10 minutes are left
    after = FakeTimer()
    async with AsyncTestClient(app=durable_app(after)) as client:
        again = await status_when(client, shown["id"], lambda s: s["policy"] is not None)
        assert again["policy"]["applies_at"] == shown["policy"]["applies_at"]
        for _ in range(100):
            if 360.0 in after.calls:
                break
            await asyncio.sleep(0.02)
        assert 360.0 in after.calls
        after.due.set()
        await status_when(client, shown["id"], lambda s: s["status"] == "verifying")
        assert "Approved-By: policy:memory-on-its-own" in fixes(tmp_path)[0]


async def test_a_reload_that_removes_the_auto_approval_withdraws_a_pending_one(
    tmp_path: Path, timer: FakeTimer
) -> None:
    async with AsyncTestClient(app=app(tmp_path, "auto", timer)) as client:
        shown = await matched(client)
        before = len(fixes(tmp_path))
        (tmp_path / "policies.yaml").write_text("rules:\n" + RULES["never"], encoding="utf-8")
        r = await client.post("/api/policies/reload")
        assert r.status_code == 200, r.text
        timer.due.set()  # the window ends under the new rules
        await status_when(client, shown["id"], lambda s: s["policy"]["action"] == "never")
        still = (await client.get(f"/api/incidents/{shown['id']}/status")).json()
        assert still["status"] == "awaiting_approval" and len(fixes(tmp_path)) == before


def test_the_same_approvers_are_counted_again_when_the_commit_must_be_retried(
    tmp_path: Path,
) -> None:
    policies = tmp_path / "policies.yaml"
    policies.write_text("rules:\n" + RULES["two"], encoding="utf-8")
    registry = observed()
    (incident,) = registry.newest_first()
    store = GitStore(tmp_path / "gitops")
    runner = WorkflowRunner(
        registry, WorkflowContext(store=store, now=lambda: CAPTURE_NOW), verify_timeout=1.0
    )
    policy_store = PolicyStore(policies, now=lambda: CAPTURE_NOW)
    gate = ApprovalGate(policy_store, runner, now=lambda: CAPTURE_NOW)
    values = {"proposal": {"diff_sha256": "a" * 64, "changes": {}}, "namespace": "monitoring"}

    def approve(user: str) -> Any:
        decision = {"decision": "approve", "user": user, "comment": "", "overrides": {}}
        return gate.admit(incident, {**decision, "diff_sha256": "a" * 64}, values)  # type: ignore[typeddict-item]

    assert approve("alice") is None
    assert approve("bob")["user"] == "alice, bob"
    # The commit failed and the same proposal waits again: both may approve once more.
    assert approve("alice") is None
    assert approve("bob")["policy"] == "two-people"


def model_app(tmp_path: Path, timer: FakeTimer, base_url: str) -> Litestar:
    """The auto-approval rule's service, with a model behind `base_url`."""
    policies = tmp_path / "policies.yaml"
    policies.write_text("rules:\n" + RULES["auto"], encoding="utf-8")
    settings = load_settings(
        {
            "GIT_REPO_PATH": str(tmp_path / "gitops"),
            "RATE_LIMIT_PER_SECOND": "0",
            "POLICY_FILE": str(policies),
            "LLM_BASE_URL": base_url,
            "LLM_MODEL": "local-model",
        }
    )
    return create_app(
        settings,
        now=lambda: CAPTURE_NOW,
        metrics_registry=CollectorRegistry(),
        reminder_timer=timer,
    )


@pytest.mark.parametrize(
    ("remediation", "action", "used"),
    [
        (None, "auto_approve", ["root_cause", "actions"]),
        (
            {"kind": "raise_memory", "factor": 1.5, "target": None},
            "require",
            ["root_cause", "actions", "remediation"],
        ),
    ],
)
async def test_a_fix_the_model_chose_is_never_auto_approved(
    tmp_path: Path,
    timer: FakeTimer,
    remediation: dict[str, Any] | None,
    action: str,
    used: list[str],
) -> None:
    async with (
        FakeOpenAI(answer=good_answer(remediation=remediation)) as fake,
        AsyncTestClient(app=model_app(tmp_path, timer, fake.base_url)) as client,
    ):
        shown = await matched(client)
        assert shown["llm"]["used"] == used and shown["llm"]["model"] == SERVED_MODEL
        assert shown["policy"]["rule"] == "memory-on-its-own"
        assert shown["policy"]["action"] == action
        assert shown["policy"]["model_fix"] is (action == "require")
        if action == "require":
            assert shown["policy"]["applies_at"] is None and 600.0 not in timer.calls
            r = await decide(client, shown["id"], "approve", shown["diff_sha256"])
            assert r.status_code == 202
            await status_when(client, shown["id"], lambda s: s["status"] == "verifying")
