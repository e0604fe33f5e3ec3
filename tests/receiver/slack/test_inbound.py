"""Slack inbound and the message's life when things go wrong, end to end: the real app, the
real AsyncWebClient, the loopback fake Slack, signed requests and a real git repository."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from litestar.testing import AsyncTestClient
from prometheus_client.parser import text_string_to_metric_families
from slack_sdk.models.blocks import Block
from slack_sdk.signature import SignatureVerifier

from tests.conftest import CAPTURE_NOW
from tests.receiver.conftest import incidents_when, status_when, ticking_clock
from tests.receiver.helpers import WEBHOOK, commit_count, decide, firing, post_json, problem, repo
from tests.receiver.slack.conftest import SECRET, FakeTimer, Slack, running_fake_slack, slack_app
from tests.receiver.slack.fake_slack import wait_for
from tests.receiver.slack.test_flow import (
    buttons,
    click,
    message,
    posts,
    shown,
    submission,
    text_of,
)

BOSS = "U0BOSS01"
OTHER = "U0ALICE1"
UNKNOWN_ID = "incident-20260101000000-abcd"
OOM_LOG = "OOMKilled: container checkout exceeded its memory limit"


@asynccontextmanager
async def slack_with(
    tmp_path: Path, timer: FakeTimer | None = None, **env: str
) -> AsyncIterator[Slack]:
    """Like the `slack` fixture, with extra settings in the app's environment."""
    with running_fake_slack() as fake:
        now = ticking_clock(CAPTURE_NOW)
        async with AsyncTestClient(app=slack_app(tmp_path, fake, now, timer, **env)) as client:
            yield Slack(client, fake, now, tmp_path)


def payload_body(payload: dict[str, Any]) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


def command_body(command: str, text: str, user: str = OTHER) -> bytes:
    form = {
        "command": command,
        "text": text,
        "user_id": user,
        "channel_id": "C0INCIDENTS",
        "trigger_id": f"trigger-{command}-{text}",
        "response_url": "https://hooks.slack.test/commands/1",
    }
    return urlencode(form).encode()


async def answer(slack: Slack, command: str, text: str, user: str = OTHER) -> str:
    """The ephemeral text a slash command answers with."""
    r = await slack.command(command, text, user)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["response_type"] == "ephemeral"
    text_: str = body["text"]
    return text_


async def slack_errors(slack: Slack) -> dict[str, float]:
    """alertgraph_slack_errors_total by method, as GET /metrics shows it."""
    r = await slack.client.get("/metrics")
    assert r.status_code == 200
    return {
        sample.labels["method"]: sample.value
        for family in text_string_to_metric_families(r.text)
        for sample in family.samples
        if sample.name == "alertgraph_slack_errors_total"
    }


def incident_of(body: dict[str, Any]) -> str:
    incident_id: str = json.loads(buttons(body)["approve"]["value"])["incident_id"]
    return incident_id


def thread_replies(slack: Slack, ts: str) -> list[str]:
    """The texts posted (successfully) in the thread of message `ts`."""
    return [
        str(c.body.get("text", ""))
        for c in slack.fake.calls_to("chat.postMessage")
        if c.body.get("thread_ts") == ts and c.response and c.response.get("ok")
    ]


def top_ts(slack: Slack) -> str:
    (call,) = posts(slack)
    assert call.response is not None
    ts: str = call.response["ts"]
    return ts


# --- 1. signatures ------------------------------------------------------------------------


def forged_headers(slack: Slack, body: bytes) -> dict[str, dict[str, str]]:
    """Headers that must all be refused for `body`, by what is wrong with them."""
    good = slack.sign(body)
    form = {"content-type": "application/x-www-form-urlencoded"}
    stamp = good["x-slack-request-timestamp"]
    other = SignatureVerifier("another-secret").generate_signature(timestamp=stamp, body=body)
    assert other is not None and SECRET != "another-secret"
    return {
        "missing": form,
        "no signature": {**form, "x-slack-request-timestamp": stamp},
        "no timestamp": {**form, "x-slack-signature": good["x-slack-signature"]},
        "wrong": {**good, "x-slack-signature": "v0=" + "0" * 64},
        "other secret": {**good, "x-slack-signature": other},
        "stale": slack.sign(body, at=slack.now() - timedelta(minutes=6)),
        "future": slack.sign(body, at=slack.now() + timedelta(minutes=6)),
        "not a number": {**good, "x-slack-request-timestamp": "abc"},
        "empty": {**good, "x-slack-request-timestamp": ""},
        "body tampered": slack.sign(body.replace(b"U0", b"U9")),
    }


async def test_unsigned_or_badly_signed_requests_are_refused_and_change_nothing(
    slack: Slack,
) -> None:
    body = await shown(slack)
    incident_id = incident_of(body)
    calls, commits = len(slack.fake.calls), commit_count(slack.tmp_path)
    requests = {
        "/slack/events": payload_body(click("approve", buttons(body)["approve"])),
        "/slack/commands": command_body("/incidents", "trigger"),
    }
    for url, content in requests.items():
        for why, headers in forged_headers(slack, content).items():
            r = await slack.client.post(url, content=content, headers=headers)
            assert r.status_code == 401, (url, why, r.text)
            problem(r, 401)
    await slack.idle()
    assert len(slack.fake.calls) == calls  # no ephemeral, no modal, no edit
    assert commit_count(slack.tmp_path) == commits
    status = (await slack.client.get(f"/api/incidents/{incident_id}/status")).json()
    assert status["status"] == "awaiting_approval"

    # The same requests, signed within the 5-minute window, are acted on.
    content = requests["/slack/commands"]
    headers = slack.sign(content, at=slack.now() - timedelta(minutes=4))
    r = await slack.client.post("/slack/commands", content=content, headers=headers)
    assert r.status_code == 200
    assert len(slack.fake.calls_to("views.open")) == 1
    content = requests["/slack/events"]
    r = await slack.client.post("/slack/events", content=content, headers=slack.sign(content))
    assert r.status_code == 200
    await slack.idle()
    assert commit_count(slack.tmp_path) == commits + 1


# --- 2. approvers -------------------------------------------------------------------------


NOT_ALLOWED = (
    "You are not allowed to approve, reject, modify or acknowledge incidents (SLACK_APPROVERS)."
)


async def test_only_approvers_may_approve_reject_or_modify(tmp_path: Path) -> None:
    async with slack_with(tmp_path, SLACK_APPROVERS=BOSS) as slack:
        body = await shown(slack)
        commits = commit_count(slack.tmp_path)
        for action in ("approve", "reject", "modify"):
            r = await slack.interact(click(action, buttons(body)[action], user=OTHER))
            assert r.status_code == 200
        await slack.idle()
        assert [(e["user"], e["text"]) for e in slack.fake.ephemerals] == [(OTHER, NOT_ALLOWED)] * 3
        assert slack.fake.calls_to("views.open") == []  # no modal for a non-approver
        assert commit_count(slack.tmp_path) == commits
        assert set(buttons(message(slack))) == {"approve", "reject", "modify"}

        r = await slack.interact(click("reject", buttons(body)["reject"], user=BOSS))
        assert r.status_code == 200
        (opened,) = slack.fake.calls_to("views.open")
        assert opened.body["view"]["callback_id"] == "reject"
        # The modal's submission is checked too: someone else submitting it decides nothing.
        r = await slack.interact(submission(opened.body["view"], {"reason": "no"}, user=OTHER))
        assert r.json() == {"response_action": "errors", "errors": {"reason": NOT_ALLOWED}}
        await slack.idle()
        assert commit_count(slack.tmp_path) == commits

        await slack.interact(click("approve", buttons(body)["approve"], user=BOSS))
        await slack.idle()
        assert commit_count(slack.tmp_path) == commits + 1
        assert f"<@{BOSS}>" in text_of(message(slack))
        assert len(slack.fake.ephemerals) == 3


# --- 3. slash commands ----------------------------------------------------------------------


async def test_incidents_command_lists_shows_and_explains(slack: Slack) -> None:
    body = await shown(slack)
    incident_id = incident_of(body)
    listed = await answer(slack, "/incidents", "list")
    assert incident_id in listed and "awaiting approval" in listed

    summary = await answer(slack, "/incidents", incident_id)
    assert incident_id in summary and "awaiting approval" in summary
    assert "grafana" in summary and "monitoring" in summary and "memory" in summary

    assert await answer(slack, "/incidents", UNKNOWN_ID) == f"No incident {UNKNOWN_ID}."
    for command, text in (("/incidents", "bogus"), ("/incidents", ""), ("/whatever", "list")):
        usage = await answer(slack, command, text)
        assert "/incidents list" in usage and "/feedback <id> <text>" in usage
    assert slack.fake.ephemerals == [] and slack.fake.calls_to("views.open") == []


async def test_incidents_trigger_opens_a_modal_whose_submission_opens_an_incident(
    slack: Slack,
) -> None:
    r = await slack.command("/incidents", "trigger")
    assert r.status_code == 200 and r.content == b""  # the modal is the answer
    (opened,) = slack.fake.calls_to("views.open")
    assert opened.body["trigger_id"] == "trigger-/incidents-trigger"
    view = opened.body["view"]
    assert view["callback_id"] == "trigger"
    assert (await slack.client.get("/api/incidents")).json()["items"] == []

    blank = await slack.interact(submission(view, {"log_text": " ", "app": "checkout"}))
    assert blank.json()["response_action"] == "errors" and "log_text" in blank.json()["errors"]
    r = await slack.interact(submission(view, {"log_text": OOM_LOG, "app": "checkout"}))
    assert r.status_code == 200 and r.content == b""  # closes the modal
    (item,) = await incidents_when(slack.client, lambda items: len(items) == 1)
    status = await status_when(
        slack.client, item["id"], lambda s: s["status"] in ("awaiting_approval", "failed")
    )
    assert status["status"] == "awaiting_approval", status
    await wait_for(lambda: len(posts(slack)) == 1, 10.0)
    await slack.idle()
    assert item["id"] in text_of(message(slack)) and "checkout" in text_of(message(slack))
    (told,) = slack.fake.ephemerals  # the person who triggered it learns which incident it is
    assert told["user"] == "U0ALICE1" and item["id"] in told["text"]


async def test_feedback_command_records_negative_feedback_once_a_fix_was_decided(
    slack: Slack,
) -> None:
    body = await shown(slack)
    incident_id = incident_of(body)
    commits = commit_count(slack.tmp_path)
    early = await answer(slack, "/feedback", f"{incident_id} not enough, needed 2Gi")
    assert "no decision recorded yet" in early and incident_id in early
    assert commit_count(slack.tmp_path) == commits

    await slack.interact(click("approve", buttons(body)["approve"]))
    await slack.idle()
    assert commit_count(slack.tmp_path) == commits + 1
    said = await answer(slack, "/feedback", f"{incident_id} not enough, needed 2Gi")
    assert said == f"Negative feedback recorded for {incident_id}."
    assert commit_count(slack.tmp_path) == commits + 2
    tree = repo(slack.tmp_path).commit("main").tree
    feedback = json.loads(tree[f"examples/{incident_id}/feedback_negative.json"].data_stream.read())
    assert feedback["reason"] == "not enough, needed 2Gi"
    assert feedback["user"] == OTHER

    assert "/feedback <id> <text>" in await answer(slack, "/feedback", incident_id)  # no reason
    assert commit_count(slack.tmp_path) == commits + 2


# --- 4., 5. Slack failing during the workflow -----------------------------------------------


async def test_with_slack_down_the_workflow_goes_on_and_the_message_catches_up(
    slack: Slack,
) -> None:
    slack.fake.down()
    r = await post_json(slack.client, WEBHOOK, firing())
    assert r.status_code == 200
    (item,) = await incidents_when(slack.client, lambda items: len(items) == 1)
    status = await status_when(
        slack.client, item["id"], lambda s: s["status"] == "awaiting_approval"
    )
    commits = commit_count(slack.tmp_path)
    r = await decide(slack.client, item["id"], "approve", status["diff_sha256"])
    assert r.status_code == 202
    await status_when(slack.client, item["id"], lambda s: s["status"] == "verifying")
    assert commit_count(slack.tmp_path) == commits + 1
    assert (await slack_errors(slack)).get("chat.postMessage", 0) > 0
    assert posts(slack) == []

    slack.fake.up()
    await wait_for(lambda: len(posts(slack)) == 1, 10.0)
    await slack.idle()
    assert len(posts(slack)) == 1
    body = message(slack)
    assert item["id"] in text_of(body)
    assert "✅ committed" in text_of(body) and "verifying" in text_of(body)
    assert buttons(body) == {}
    status = (await slack.client.get(f"/api/incidents/{item['id']}/status")).json()
    assert status["slack_ts"] == top_ts(slack)


async def test_a_rate_limited_edit_is_retried_and_the_message_ends_right(slack: Slack) -> None:
    body = await shown(slack)
    ts = top_ts(slack)
    before = (await slack_errors(slack)).get("chat.update", 0)
    slack.fake.fail("chat.update", "ratelimited", retry_after=1)
    await slack.interact(click("approve", buttons(body)["approve"]))
    await slack.idle()
    assert any(c.status == 429 for c in slack.fake.calls_to("chat.update"))
    assert {c.body["ts"] for c in slack.fake.calls_to("chat.update")} == {ts}
    assert len(posts(slack)) == 1
    body = message(slack)
    assert "✅ committed" in text_of(body) and "verifying" in text_of(body)
    assert buttons(body) == {}
    assert (await slack_errors(slack))["chat.update"] > before


# --- 6. reminders -----------------------------------------------------------------------------


async def test_an_undecided_incident_gets_a_reminder_in_its_thread(tmp_path: Path) -> None:
    timer = FakeTimer()
    async with slack_with(tmp_path, timer, APPROVAL_REMINDER_AFTER="300") as slack:
        await shown(slack)
        ts = top_ts(slack)
        await wait_for(lambda: timer.calls == [300.0], 5.0)
        assert thread_replies(slack, ts) == []  # not before it is due
        timer.due.set()
        await wait_for(lambda: len(thread_replies(slack, ts)) == 1, 5.0)
        (reminder,) = thread_replies(slack, ts)
        assert "still awaiting approval after" in reminder
        await slack.idle()
        assert timer.calls == [300.0]  # one reminder, not one per period
        assert len(posts(slack)) == 1


async def test_no_reminder_once_the_incident_is_decided(tmp_path: Path) -> None:
    timer = FakeTimer()
    async with slack_with(tmp_path, timer, APPROVAL_REMINDER_AFTER="300") as slack:
        body = await shown(slack)
        await wait_for(lambda: timer.calls == [300.0], 5.0)
        await slack.interact(click("approve", buttons(body)["approve"]))
        await slack.idle()
        timer.due.set()  # the reminder's time comes after the decision
        reminders = slack.client.app.state.slack.notifier._reminders
        await wait_for(lambda: all(task.done() for task in reminders.values()), 5.0)
        await slack.idle()
        assert thread_replies(slack, top_ts(slack)) == []


# --- 7. a failed workflow ----------------------------------------------------------------------


async def test_a_failed_workflow_is_shown_with_the_reason_in_its_thread(tmp_path: Path) -> None:
    async with slack_with(tmp_path, VALUES_PATH_TEMPLATE="../{app}/values.yaml") as slack:
        await post_json(slack.client, WEBHOOK, firing())
        (item,) = await incidents_when(
            slack.client, lambda items: items and items[0]["status"] == "failed"
        )
        await wait_for(lambda: len(posts(slack)) == 1, 10.0)
        await slack.idle()
        body = message(slack)
        assert item["id"] in text_of(body)
        assert "❌ workflow failed" in text_of(body) and "not a safe repository path" in text_of(
            body
        )
        assert buttons(body) == {}
        (reply,) = thread_replies(slack, top_ts(slack))
        assert f"The workflow for {item['id']} failed" in reply
        assert "not a safe repository path" in reply and "Nothing was committed" in reply


# --- 8. Korean ---------------------------------------------------------------------------------


async def test_korean_end_to_end(tmp_path: Path) -> None:
    async with slack_with(tmp_path, UI_LANGUAGE="ko", SLACK_APPROVERS=BOSS) as slack:
        body = await shown(slack)
        (header,) = [b for b in body["blocks"] if b["type"] == "header"]
        assert "인시던트" in header["text"]["text"]
        assert set(buttons(body)) == {"approve", "reject", "modify"}
        assert buttons(body)["approve"]["text"]["text"] == "승인"

        await slack.interact(click("approve", buttons(body)["approve"], user=OTHER))
        await slack.idle()
        await slack.interact(click("approve", buttons(body)["approve"], user=BOSS))
        await slack.idle()
        await slack.interact(click("approve", buttons(body)["approve"], user=BOSS))
        await slack.idle()
        refused, late = (e["text"] for e in slack.fake.ephemerals)
        assert (
            refused == "인시던트를 승인, 거절, 수정하거나 확인할 권한이 없습니다 (SLACK_APPROVERS)."
        )
        assert "결정을 기다리고 있지 않습니다" in late
        assert "커밋됨" in text_of(message(slack))
        assert "명령어" in await answer(slack, "/incidents", "bogus")


# --- 9. Block Kit validity ---------------------------------------------------------------------


def assert_valid_blocks(body: dict[str, Any]) -> None:
    """Every block parses as slack-sdk Block Kit and passes its validation."""
    assert body["blocks"]
    for raw in body["blocks"]:
        parsed = Block.parse(raw)
        assert parsed is not None, raw
        assert parsed.to_dict()["type"] == raw["type"]  # to_dict() validates


async def test_the_posted_message_is_valid_block_kit_before_and_after_the_decision(
    slack: Slack,
) -> None:
    body = await shown(slack)
    assert_valid_blocks(body)
    await slack.interact(click("approve", buttons(body)["approve"]))
    await slack.idle()
    assert_valid_blocks(message(slack))
    assert all(c.response and c.response["ok"] for c in slack.fake.calls)


# --- 10. malformed payloads --------------------------------------------------------------------


async def test_malformed_and_foreign_payloads(slack: Slack) -> None:
    body = await shown(slack)
    calls, commits = len(slack.fake.calls), commit_count(slack.tmp_path)
    for content in (b"payload=not-json", b"payload=%5B1%2C2%5D", b"nothing=here"):
        r = await slack.client.post("/slack/events", content=content, headers=slack.sign(content))
        problem(r, 400)
    r = await slack.interact({"type": "message_action", "user": {"id": OTHER}})
    assert r.status_code == 200 and r.content == b""
    await slack.idle()
    assert len(slack.fake.calls) == calls and commit_count(slack.tmp_path) == commits

    for value in ("not ours", json.dumps({"incident_id": "../etc", "diff_sha256": "x"})):
        r = await slack.interact(click("approve", {"value": value}))
        assert r.status_code == 200
    await slack.idle()
    assert [(e["user"], e["text"]) for e in slack.fake.ephemerals] == [
        (OTHER, "No incident ?."),
        (OTHER, "No incident ../etc."),
    ]
    assert commit_count(slack.tmp_path) == commits
    assert set(buttons(message(slack))) == set(buttons(body))


async def test_signed_payloads_of_the_wrong_shape_are_a_client_error(slack: Slack) -> None:
    for payload in (
        {"type": "block_actions", "actions": {"action_id": "approve"}},
        {"type": "block_actions", "user": OTHER, "actions": [{"action_id": "approve"}]},
        {"type": "view_submission", "view": "trigger"},
    ):
        r = await slack.interact(payload)
        problem(r, 400)
    await slack.idle()
    assert slack.fake.calls == []
