"""Slack end to end: the real app, the real AsyncWebClient, a loopback fake Slack, signed
inbound requests and a real git repository."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from tests.receiver.helpers import (
    VALUES,
    WEBHOOK,
    certificate_expired,
    commit_count,
    decide,
    firing,
    post_json,
    problem,
    repo,
    resolved,
)
from tests.receiver.slack.conftest import CHANNEL, Slack
from tests.receiver.slack.fake_slack import Call, wait_for


def posts(slack: Slack) -> list[Call]:
    """Top-level messages posted to the incidents channel (not thread replies)."""
    return [
        c
        for c in slack.fake.calls_to("chat.postMessage")
        if c.response and c.response.get("ok") and "thread_ts" not in c.body
    ]


def message(slack: Slack) -> dict[str, Any]:
    """The incident message as Slack shows it now (after every edit)."""
    (call,) = posts(slack)
    assert call.response is not None
    return slack.fake.messages[(CHANNEL, call.response["ts"])]


def text_of(body: dict[str, Any]) -> str:
    """All text of a message's blocks, for assertions."""
    return json.dumps(body.get("blocks", []), ensure_ascii=False)


def buttons(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """action_id → button of the message's actions block ({} once decided)."""
    found = {}
    for block in body.get("blocks", []):
        if block.get("type") == "actions":
            for element in block["elements"]:
                found[element["action_id"]] = element
    return found


def click(action: str, button: dict[str, Any], user: str = "U0ALICE1") -> dict[str, Any]:
    """A block_actions payload as Slack sends it for a click on `button`."""
    return {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "team_id": "T1"},
        "team": {"id": "T1", "domain": "example"},
        "api_app_id": "A1",
        "trigger_id": f"trigger-{action}-{user}",
        "response_url": "https://hooks.slack.test/actions/1",
        "container": {"type": "message", "channel_id": CHANNEL, "is_ephemeral": False},
        "channel": {"id": CHANNEL, "name": "incidents"},
        "actions": [
            {
                "action_id": action,
                "block_id": "decision",
                "type": "button",
                "value": button["value"],
                "action_ts": "1764650000.000200",
            }
        ],
    }


async def shown(slack: Slack) -> dict[str, Any]:
    """Post the captured OOM alert and wait until its message is in Slack."""
    r = await post_json(slack.client, WEBHOOK, firing())
    assert r.status_code == 200
    await wait_for(lambda: len(posts(slack)) == 1, 10.0)
    await slack.idle()
    return message(slack)


async def test_the_message_shows_the_proposal_and_every_change_edits_it(slack: Slack) -> None:
    body = await shown(slack)
    text = text_of(body)
    assert "🚨 Incident: incident-" in text
    for fact in ("oom", "critical", "grafana", "monitoring"):
        assert fact in text
    assert "```diff" in text and 'memory: \\"1Gi\\"' in text
    assert set(buttons(body)) == {"approve", "reject", "modify"}
    assert "confirm" in buttons(body)["approve"]
    value = json.loads(buttons(body)["approve"]["value"])
    incident_id = value["incident_id"]
    status = (await slack.client.get(f"/api/incidents/{incident_id}/status")).json()
    assert value["diff_sha256"] == status["diff_sha256"]
    (post,) = posts(slack)
    assert post.response is not None
    assert (status["slack_channel"], status["slack_ts"]) == (CHANNEL, post.response["ts"])

    before = commit_count(slack.tmp_path)
    r = await slack.interact(click("approve", buttons(body)["approve"]))
    assert r.status_code == 200
    await slack.idle()
    assert commit_count(slack.tmp_path) == before + 1
    body = message(slack)
    assert buttons(body) == {}  # decided: no more buttons
    assert "✅ committed" in text_of(body) and "verifying" in text_of(body)
    assert "<@U0ALICE1>" in text_of(body)

    await post_json(slack.client, WEBHOOK, resolved(firing()))
    await wait_for(lambda: "✅ recovered" in text_of(message(slack)), 10.0)
    await slack.idle()
    (post,) = posts(slack)
    assert post.response is not None
    updates = slack.fake.calls_to("chat.update")
    assert len(updates) >= 3  # committing, verifying, recovered
    assert {c.body["ts"] for c in updates} == {post.response["ts"]}  # always the same message
    assert {c.body["channel"] for c in updates} == {CHANNEL}


async def test_reject_asks_for_a_reason_which_goes_into_the_record(slack: Slack) -> None:
    body = await shown(slack)
    incident_id = json.loads(buttons(body)["reject"]["value"])["incident_id"]
    r = await slack.interact(click("reject", buttons(body)["reject"]))
    assert r.status_code == 200
    (opened,) = slack.fake.calls_to("views.open")
    view = opened.body["view"]
    assert view["callback_id"] == "reject"
    assert opened.body["trigger_id"] == "trigger-reject-U0ALICE1"
    before = commit_count(slack.tmp_path)
    blank = await slack.interact(submission(view, {"reason": ""}))
    assert blank.json()["response_action"] == "errors" and "reason" in blank.json()["errors"]
    r = await slack.interact(submission(view, {"reason": "a leak, not load"}))
    assert r.status_code == 200 and r.content == b""  # closes the modal
    await slack.idle()
    assert commit_count(slack.tmp_path) == before + 1
    text = text_of(message(slack))
    assert "❌" in text and "<@U0ALICE1>" in text and "a leak, not load" in text
    assert buttons(message(slack)) == {}
    tree = repo(slack.tmp_path).commit("main").tree
    feedback = json.loads(tree[f"examples/{incident_id}/feedback_negative.json"].data_stream.read())
    assert feedback["reason"] == "a leak, not load"
    # Finished and shown: the notifier holds nothing for it but the card it shows.
    assert slack.client.app.state.slack.notifier.pending == 0


def submission(
    view: dict[str, Any], values: dict[str, str], user: str = "U0ALICE1"
) -> dict[str, Any]:
    """A view_submission payload for `view` with the inputs typed in."""
    return {
        "type": "view_submission",
        "user": {"id": user, "username": user.lower(), "team_id": "T1"},
        "team": {"id": "T1", "domain": "example"},
        "trigger_id": "trigger-submit",
        "view": {
            "id": "V1",
            "type": "modal",
            "callback_id": view["callback_id"],
            "private_metadata": view.get("private_metadata", ""),
            "state": {
                "values": {
                    block: {"value": {"type": "plain_text_input", "value": value}}
                    for block, value in values.items()
                }
            },
        },
    }


async def test_modify_opens_a_prefilled_form_then_the_new_diff_is_shown_and_approved(
    slack: Slack,
) -> None:
    body = await shown(slack)
    old_value = buttons(body)["approve"]["value"]
    await slack.interact(click("modify", buttons(body)["modify"]))
    (opened,) = slack.fake.calls_to("views.open")
    view = opened.body["view"]
    assert view["callback_id"] == "modify"
    inputs = {
        b["block_id"]: b["element"].get("initial_value")
        for b in view["blocks"]
        if b["type"] == "input"
    }
    assert inputs["resources.limits.memory"] == "1Gi"
    assert "notes" in inputs

    bad = await slack.interact(submission(view, {"resources.limits.memory": "lots"}))
    assert bad.json()["response_action"] == "errors"
    assert "resources.limits.memory" in bad.json()["errors"]

    fields = {k: v for k, v in inputs.items() if k != "notes" and v is not None}
    fields["resources.limits.memory"] = "2Gi"
    r = await slack.interact(submission(view, {**fields, "notes": "2Gi, the dashboards grew"}))
    assert r.status_code == 200
    await slack.idle()
    body = message(slack)
    assert 'memory: \\"2Gi\\"' in text_of(body)
    assert set(buttons(body)) == {"approve", "reject", "modify"}  # fresh buttons
    assert buttons(body)["approve"]["value"] != old_value

    stale = await slack.interact(click("approve", {"value": old_value}))
    assert stale.status_code == 200
    await slack.idle()
    assert any("changed" in e["text"] for e in slack.fake.ephemerals)
    before = commit_count(slack.tmp_path)
    await slack.interact(click("approve", buttons(body)["approve"]))
    await slack.idle()
    assert commit_count(slack.tmp_path) == before + 1
    values = (repo(slack.tmp_path).commit("main").tree / VALUES).data_stream.read().decode()
    assert 'memory: "2Gi"' in values


async def test_a_double_click_and_two_approvers_commit_once(slack: Slack) -> None:
    body = await shown(slack)
    before = commit_count(slack.tmp_path)
    answers = await asyncio.gather(
        slack.interact(click("approve", buttons(body)["approve"], user="U0ALICE1")),
        slack.interact(click("approve", buttons(body)["approve"], user="U0ALICE1")),
        slack.interact(click("approve", buttons(body)["approve"], user="U0BOB2")),
    )
    assert [a.status_code for a in answers] == [200, 200, 200]
    await slack.idle()
    assert commit_count(slack.tmp_path) == before + 1
    assert len(slack.fake.ephemerals) == 2  # the two late clicks are told why nothing happened
    assert all("not awaiting a decision" in e["text"] for e in slack.fake.ephemerals)
    approved = {"decision": "approve", "channel": "slack"}
    assert (
        slack.client.app.state.metrics.registry.get_sample_value(
            "alertgraph_decisions_total", approved
        )
        == 1
    )  # counted once, under Slack


async def test_rest_and_slack_decisions_share_the_same_rules(slack: Slack) -> None:
    body = await shown(slack)
    value = json.loads(buttons(body)["approve"]["value"])
    r = await decide(slack.client, value["incident_id"], "approve", value["diff_sha256"])
    assert r.status_code == 202
    await slack.interact(click("approve", buttons(body)["approve"]))
    await slack.idle()
    assert len(slack.fake.ephemerals) == 1
    again = await decide(slack.client, value["incident_id"], "approve", value["diff_sha256"])
    problem(again, 409)


async def test_advice_has_only_an_acknowledge_button_which_ends_it(slack: Slack) -> None:
    r = await post_json(slack.client, WEBHOOK, certificate_expired())
    assert r.status_code == 200
    await wait_for(lambda: len(posts(slack)) == 1, 10.0)
    await slack.idle()
    body = message(slack)
    assert set(buttons(body)) == {"acknowledge"}
    text = text_of(body)
    assert "Advice only" in text and "```diff" not in text
    assert "classified as cert_expiry because" in text
    incident_id = json.loads(buttons(body)["acknowledge"]["value"])["incident_id"]
    before = commit_count(slack.tmp_path)
    r = await slack.interact(click("acknowledge", buttons(body)["acknowledge"]))
    assert r.status_code == 200
    await slack.idle()
    status = (await slack.client.get(f"/api/incidents/{incident_id}/status")).json()
    assert status["status"] == "acknowledged"
    assert commit_count(slack.tmp_path) == before + 1
    body = message(slack)
    assert buttons(body) == {} and "👍 acknowledged by <@U0ALICE1>" in text_of(body)
