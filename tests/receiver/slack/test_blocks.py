"""What a Slack user sees of an incident: the message, its modals and the short replies.

Every message and view is checked with slack-sdk's own models, which raise
SlackObjectFormationError past Slack's limits."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from receiver.incidents.model import IncidentStatus
from receiver.slack.blocks import incident_message, status_line
from receiver.slack.card import IncidentCard
from receiver.slack.modals import (
    modal_values,
    modify_modal,
    reject_modal,
    trigger_modal,
)
from receiver.slack.replies import (
    ephemeral,
    incident_list,
    incident_summary,
    thread_failure,
    thread_reminder,
    usage,
    validation_error,
)
from receiver.slack.texts import TEXTS, Language, duration

SHA = "9f2c" * 16
COMMIT = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
LINK = "https://alertgraph.example.com/api/incidents/incident-20261124153012-7f3a"
DIFF = """\
--- a/charts/checkout/values.yaml
+++ b/charts/checkout/values.yaml
@@ -12,7 +12,7 @@ resources:
   limits:
-    memory: 512Mi
+    memory: 1Gi
     cpu: 500m
"""
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def card(**changes: Any) -> IncidentCard:
    """An incident awaiting approval of a memory limit raise; `changes` override fields."""
    base = IncidentCard(
        incident_id="incident-20261124153012-7f3a",
        status="awaiting_approval",
        category="oom",
        severity="critical",
        app="checkout",
        namespace="shop",
        root_cause="The checkout container is OOM-killed: usage reaches the 512Mi limit.",
        actions=("Raise resources.limits.memory to 1Gi", "Watch the restarts for 15 minutes"),
        diff=DIFF,
        diff_sha256=SHA,
        refusal=None,
        notes=("requests.memory stays at 256Mi",),
        learned_from=(),
        commit_sha=None,
        reason=None,
        decided_by=None,
        decided_at=None,
        verify_timeout=900.0,
        link=LINK,
        changes=(("resources.limits.memory", "1Gi"),),
    )
    return dataclasses.replace(base, **changes)


def texts_of(node: Any) -> list[str]:
    """Every text object's string in `node`, nested."""
    if isinstance(node, Mapping):
        out: list[str] = []
        for key, value in node.items():
            out += [value] if key == "text" and isinstance(value, str) else texts_of(value)
        return out
    if isinstance(node, list):
        return [t for item in node for t in texts_of(item)]
    return []


def valid_message(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`blocks` after slack-sdk validated each, and the message-wide limits held."""
    assert 0 < len(blocks) <= 50
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None, block
        parsed.to_dict()  # raises SlackObjectFormationError past a limit
        assert len(block.get("block_id", "")) <= 255
    ids = [b["block_id"] for b in blocks]
    assert len(ids) == len(set(ids))
    assert sum(len(t) for t in texts_of(blocks)) < 12_000
    return blocks


def by_id(blocks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {b["block_id"]: b for b in blocks}


def section_text(blocks: list[dict[str, Any]], block_id: str) -> str:
    return str(by_id(blocks)[block_id]["text"]["text"])


def valid_view(view: dict[str, Any]) -> dict[str, Any]:
    View(**view).to_dict()  # raises SlackObjectFormationError past a limit
    for key in ("title", "submit", "close"):
        if key in view:
            assert len(view[key]["text"]) <= 24
    return view


# --- the incident message -----------------------------------------------------------------


def test_awaiting_message_shows_the_proposal_and_three_buttons() -> None:
    fallback, blocks = incident_message(card(), "en")
    valid_message(blocks)
    assert "incident-20261124153012-7f3a" in fallback
    assert blocks[0] == {
        "type": "header",
        "block_id": "header",
        "text": {
            "type": "plain_text",
            "text": "🚨 Incident: incident-20261124153012-7f3a",
            "emoji": True,
        },
    }
    fields = [f["text"] for f in by_id(blocks)["facts"]["fields"]]
    assert fields == [
        "*Category*\noom",
        "*Severity*\ncritical",
        "*App*\ncheckout",
        "*Namespace*\nshop",
    ]
    assert "usage reaches the 512Mi limit" in section_text(blocks, "root_cause")
    actions = section_text(blocks, "actions")
    assert "1. Raise resources.limits.memory to 1Gi\n2. Watch the restarts" in actions
    notes = by_id(blocks)["notes"]["elements"][0]["text"]
    assert "requests.memory stays at 256Mi" in notes
    diff = section_text(blocks, "diff")
    assert "```diff\n--- a/charts/checkout/values.yaml" in diff
    assert "+    memory: 1Gi\n" in diff
    assert diff.endswith("```")
    assert "more lines" not in diff
    assert section_text(blocks, "status") == "⏳ awaiting approval"

    decision = blocks[-1]
    assert decision["type"] == "actions"
    buttons = decision["elements"]
    assert [b["action_id"] for b in buttons] == ["approve", "reject", "modify"]
    assert [b["text"]["text"] for b in buttons] == ["Approve", "Reject", "Modify"]
    assert [b.get("style") for b in buttons] == ["primary", "danger", None]
    for button in buttons:
        assert json.loads(button["value"]) == {
            "incident_id": "incident-20261124153012-7f3a",
            "diff_sha256": SHA,
        }
        assert " " not in button["value"]
    assert buttons[0]["confirm"]["title"]["text"] == "Commit this change?"
    assert "confirm" not in buttons[1] and "confirm" not in buttons[2]


def test_a_400_line_diff_is_cut_with_a_link_to_the_full_diff() -> None:
    lines = [f"+  key{i}: {'x' * 40}" for i in range(400)]
    _, blocks = incident_message(card(diff="\n".join(lines) + "\n"), "en")
    valid_message(blocks)
    diff = section_text(blocks, "diff")
    assert len(diff) <= 3000
    shown = [line for line in diff.split("\n") if line.startswith("+  key")]
    assert 0 < len(shown) < 400
    assert shown == lines[: len(shown)]  # whole lines, from the top
    assert diff.count("```") == 2
    assert diff.endswith(f"… {400 - len(shown)} more lines — full diff: <{LINK}|API>")


def test_everything_at_its_longest_still_fits_one_message() -> None:
    huge = card(
        root_cause="r" * 10_000,
        actions=tuple("a" * 800 for _ in range(30)),
        notes=tuple("n" * 800 for _ in range(30)),
        diff="\n".join("+" + "d" * 5000 for _ in range(400)),
        refusal=None,
        learned_from=tuple(f"incident-2026112415301{i}-7f3a" for i in range(30)),
        category="c" * 5000,
        app="a" * 5000,
        incident_id="incident-" + "9" * 300,
    )
    for language in ("en", "ko"):
        _, blocks = incident_message(huge, language)
        valid_message(blocks)
        assert len(blocks[0]["text"]["text"]) <= 150
        assert "full diff" in section_text(blocks, "diff") or "전체 diff" in section_text(
            blocks, "diff"
        )


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("received", "🔎 analyzing…"),
        ("analyzing", "🔎 analyzing…"),
        ("awaiting_approval", "⏳ awaiting approval"),
        ("committing", "⏳ committing…"),
        ("verifying", f"✅ committed `{COMMIT[:10]}` · ⏳ verifying recovery…"),
        ("committed", f"✅ committed `{COMMIT[:10]}`"),
        ("recovered", f"✅ committed `{COMMIT[:10]}` · ✅ recovered"),
        ("not_recovered", "⚠️ not recovered after 15 min"),
        ("rejected", "❌ rejected by <@U123> at 14:05 UTC: limit already at node capacity"),
        ("commit_failed", "⚠️ commit failed: push rejected"),
        ("failed", "❌ workflow failed: analyzer timed out"),
    ],
)
def test_every_status_has_its_line_and_only_open_decisions_have_buttons(
    status: str, expected: str
) -> None:
    reasons = {
        "rejected": "limit already at node capacity",
        "commit_failed": "push rejected",
        "failed": "analyzer timed out",
    }
    decided = status not in ("received", "analyzing", "awaiting_approval", "failed")
    shown = card(
        status=status,
        commit_sha=COMMIT if status in ("verifying", "committed", "recovered") else None,
        reason=reasons.get(status),
        decided_by="U123" if decided else None,
        decided_at=datetime(2026, 11, 24, 14, 5, 59, tzinfo=UTC) if decided else None,
    )
    for language in ("en", "ko"):
        _, blocks = incident_message(shown, language)
        valid_message(blocks)
        has_buttons = blocks[-1]["type"] == "actions"
        assert has_buttons == (status in ("awaiting_approval", "commit_failed"))
    line = section_text(incident_message(shown, "en")[1], "status")
    assert line.startswith(expected)
    assert COMMIT not in line  # the short sha only
    if decided and status != "rejected":
        assert line.endswith(" · approved by <@U123> at 14:05 UTC")


def test_every_known_status_is_covered() -> None:
    assert {s.value for s in IncidentStatus} == {
        "received",
        "analyzing",
        "awaiting_approval",
        "committing",
        "verifying",
        "committed",
        "recovered",
        "not_recovered",
        "rejected",
        "commit_failed",
        "failed",
        "advising",
        "closed",
        "acknowledged",
        "awaiting_merge",
        "pr_open",
        "dry_run",
    }


@pytest.mark.parametrize(
    ("status", "delivery", "expected"),
    [
        (
            "awaiting_merge",
            {"branch": "alertgraph/INC-1", "pull_request": None},
            "🔀 pushed on `alertgraph/INC-1`: waiting for it to be merged",
        ),
        (
            "awaiting_merge",
            {"branch": "alertgraph/INC-1", "error": "forge answered 502 (retried in 15 s)"},
            "🔀 pushed on `alertgraph/INC-1`: waiting for it to be merged · ⚠️ opening the pull "
            "request failed: forge answered 502 (retried in 15 s)",
        ),
        (
            "pr_open",
            {"branch": "b", "pull_request": {"number": 12, "url": "https://git.example/pr/12"}},
            "🔀 pull request <https://git.example/pr/12|#12> open: waiting for review and merge",
        ),
        ("dry_run", None, "🧪 dry run: approved, nothing was committed, pushed or opened"),
    ],
)
def test_a_change_on_its_branch_shows_where_it_waits_and_who_approved(
    status: str, delivery: dict[str, Any] | None, expected: str
) -> None:
    shown = card(
        status=status,
        delivery=delivery,
        decided_by="U123",
        decided_at=datetime(2026, 11, 24, 14, 5, 59, tzinfo=UTC),
    )
    line = section_text(incident_message(shown, "en")[1], "status")
    assert line == expected + " · approved by <@U123> at 14:05 UTC"
    korean = section_text(incident_message(shown, "ko")[1], "status")
    assert korean != line and "<@U123>" in korean
    blocks = incident_message(shown, "en")[1]
    assert blocks[-1]["type"] != "actions"  # nothing to decide while it waits


def test_a_merged_change_says_who_merged_it() -> None:
    shown = card(
        status="verifying",
        commit_sha=COMMIT,
        delivery={"branch": "b", "pull_request": {"number": 3, "url": "u"}, "merged_by": "bob"},
    )
    line = section_text(incident_message(shown, "en")[1], "status")
    assert line == f"✅ committed `{COMMIT[:10]}` · ⏳ verifying recovery… · merged by bob"


def advice(**changes: Any) -> IncidentCard:
    """An advice-only incident (an expired certificate): root cause and actions, no diff."""
    given: dict[str, Any] = {
        "status": "advising",
        "category": "cert_expiry",
        "root_cause": "The serving certificate of checkout expired.",
        "actions": ("Renew the certificate", "Check cert-manager's Certificate status"),
        "diff": "",
        "diff_sha256": "",
        "notes": (),
        "changes": (),
        "advice_only": True,
    }
    return card(**(given | changes))


@pytest.mark.parametrize("language", ["en", "ko"])
def test_advice_shows_root_cause_and_actions_and_only_an_acknowledge_button(
    language: Language,
) -> None:
    _, blocks = incident_message(advice(), language)
    valid_message(blocks)
    ids = [block.get("block_id") for block in blocks]
    assert "root_cause" in ids and "actions" in ids and "advice_only" in ids
    assert "diff" not in ids
    (actions,) = [block for block in blocks if block["type"] == "actions"]
    assert [e["action_id"] for e in actions["elements"]] == ["acknowledge"]
    assert json.loads(actions["elements"][0]["value"])["incident_id"] == advice().incident_id
    assert section_text(blocks, "status") == TEXTS["st_advising"][language]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("closed", "✅ closed: its alerts resolved"),
        ("acknowledged", "👍 acknowledged by <@U123> at 14:05 UTC"),
    ],
)
def test_finished_advice_has_its_line_and_no_buttons(status: str, expected: str) -> None:
    done = advice(
        status=status,
        decided_by="U123" if status == "acknowledged" else None,
        decided_at=datetime(2026, 11, 24, 14, 5, 59, tzinfo=UTC),
    )
    for language in ("en", "ko"):
        _, blocks = incident_message(done, language)
        valid_message(blocks)
        assert all(block["type"] != "actions" for block in blocks)
    assert section_text(incident_message(done, "en")[1], "status") == expected


def test_the_card_shows_the_cluster_why_it_was_classified_and_every_alert() -> None:
    shown = card(
        cluster="prod-eu",
        explanation='classified as oom because the label reason="OOMKilled" names it',
        confidence="high",
        reproposal_note='re-proposed: oom (label reason="OOMKilled") outranks crashloop',
        alert_list=(
            ("KubePodCrashLooping", "aaaaaaaaaaaaaaaa", "firing"),
            ("KubePodOOMKilled", "bbbbbbbbbbbbbbbb", "firing"),
        ),
    )
    _, blocks = incident_message(shown, "en")
    valid_message(blocks)
    facts = " ".join(texts_of(next(b for b in blocks if b.get("block_id") == "facts")))
    assert "*Cluster*\nprod-eu" in facts
    why = " ".join(texts_of(next(b for b in blocks if b.get("block_id") == "why")))
    assert "classified as oom because" in why and "(confidence: high)" in why
    again = " ".join(texts_of(next(b for b in blocks if b.get("block_id") == "reproposed")))
    assert "made again: re-proposed: oom" in again
    alerts = " ".join(texts_of(next(b for b in blocks if b.get("block_id") == "alerts")))
    assert "`KubePodCrashLooping` (firing)" in alerts and "`KubePodOOMKilled`" in alerts
    _, korean = incident_message(shown, "ko")
    assert "*클러스터*\nprod-eu" in " ".join(texts_of(korean))
    assert "(신뢰도: 높음)" in " ".join(texts_of(korean))
    single = " ".join(texts_of(incident_message(card(), "en")[1]))
    assert "Cluster" not in single  # single-cluster: none shown


def test_rejection_names_who_and_why() -> None:
    rejected = card(status="rejected", decided_by="U123", reason="too risky <today> & more")
    _, blocks = incident_message(rejected, "en")
    line = section_text(blocks, "status")
    assert line == "❌ rejected by <@U123>: too risky &lt;today&gt; &amp; more"
    by_api = card(status="rejected", decided_by="alice<script>", reason=None)
    assert status_line(by_api, "en") == "❌ rejected by alice&lt;script&gt;: no reason given"
    assert status_line(dataclasses.replace(rejected, decided_by="W0ABC12"), "en").startswith(
        "❌ rejected by <@W0ABC12>:"
    )
    by_name = dataclasses.replace(rejected, decided_by="WALLY")  # an API user, not a Slack id
    assert status_line(by_name, "en").startswith("❌ rejected by WALLY:")


def test_not_recovered_and_durations_read_naturally() -> None:
    assert duration(45, "en") == "45 s"
    assert duration(900, "en") == "15 min"
    assert duration(7200, "en") == "2 h"
    assert duration(5400, "en") == "1 h 30 min"
    assert duration(900, "ko") == "15분"
    assert duration(7200, "ko") == "2시간"
    shown = card(status="not_recovered", commit_sha=COMMIT, verify_timeout=2700)
    assert "⚠️ not recovered after 45 min" in status_line(shown, "en")
    assert "⚠️ 45분 후에도 복구되지 않음" in status_line(shown, "ko")


def test_learned_from_and_refusal_lines() -> None:
    learned = card(learned_from=("incident-20261120101010-aaaa", "incident-20261121101010-bbbb"))
    _, blocks = incident_message(learned, "en")
    line = by_id(blocks)["learned_from"]["elements"][0]["text"]
    assert line.startswith("📚 Learned from ")
    assert "incident-20261120101010-aaaa" in line and "incident-20261121101010-bbbb" in line
    _, blocks = incident_message(card(), "en")
    assert "learned_from" not in by_id(blocks)

    refused = card(diff="", diff_sha256="", refusal="memory limit already at the cap", changes=())
    _, blocks = incident_message(refused, "en")
    valid_message(blocks)
    assert section_text(blocks, "refusal") == "No values change: memory limit already at the cap"
    assert "diff" not in by_id(blocks)
    _, ko_blocks = incident_message(refused, "ko")
    assert section_text(ko_blocks, "refusal").startswith("values 변경 없음: ")


def test_korean_message_has_korean_labels_and_the_same_structure() -> None:
    shown = card(learned_from=("incident-20261120101010-aaaa",))
    en_text, en = incident_message(shown, "en")
    ko_text, ko = incident_message(shown, "ko")
    valid_message(ko)
    assert [b["block_id"] for b in ko] == [b["block_id"] for b in en]
    assert ko[0]["text"]["text"] == "🚨 인시던트: incident-20261124153012-7f3a"
    fields = [f["text"] for f in by_id(ko)["facts"]["fields"]]
    assert fields == ["*분류*\noom", "*심각도*\ncritical", "*앱*\ncheckout", "*네임스페이스*\nshop"]
    assert section_text(ko, "root_cause").startswith("*근본 원인*")
    assert section_text(ko, "status") == "⏳ 승인 대기 중"
    assert HANGUL.search(ko_text) and not HANGUL.search(en_text)
    ko_buttons, en_buttons = ko[-1]["elements"], en[-1]["elements"]
    assert [b["text"]["text"] for b in ko_buttons] == ["승인", "거절", "수정"]
    assert [b["action_id"] for b in ko_buttons] == ["approve", "reject", "modify"]
    assert [b["value"] for b in ko_buttons] == [b["value"] for b in en_buttons]
    assert ko_buttons[0]["confirm"]["title"]["text"] == "이 변경을 커밋할까요?"
    rejected = card(status="rejected", decided_by="U123", reason="위험함")
    assert status_line(rejected, "ko") == "❌ 거절됨 (<@U123>) — 사유: 위험함"


def test_alert_text_is_escaped_but_our_links_are_not() -> None:
    hostile = card(
        root_cause="<!channel> a<b & c>d",
        app="<https://evil.example|click>",
        actions=("run `kubectl` & <wait>",),
        notes=("<@U999>",),
        diff="-  cmd: a<b\n+  cmd: a&b\n",
        status="rejected",
        decided_by="U123",
        reason="<!here>",
    )
    _, blocks = incident_message(hostile, "en")
    valid_message(blocks)
    every = "\n".join(texts_of(blocks[1:]))  # the header is plain text
    assert "<!channel>" not in every and "<!here>" not in every and "<@U999>" not in every
    assert "&lt;!channel&gt; a&lt;b &amp; c&gt;d" in section_text(blocks, "root_cause")
    assert "&lt;https://evil.example|click&gt;" in every
    assert "-  cmd: a&lt;b\n+  cmd: a&amp;b" in section_text(blocks, "diff")
    assert "<@U123>" in section_text(blocks, "status")  # our own mention stays a mention


# --- modals -------------------------------------------------------------------------------


def test_modify_modal_is_prefilled_from_the_changes() -> None:
    changes = (
        ("resources.limits.memory", "1Gi"),
        ("replicaCount", "3"),
        ("x" * 300, "too long a path"),
    )
    for language in ("en", "ko"):
        view = valid_view(modify_modal(card(changes=changes), language, '{"i":"x"}'))
        assert view["type"] == "modal" and view["callback_id"] == "modify"
        assert view["private_metadata"] == '{"i":"x"}'
        assert "submit" in view
        inputs = [b for b in view["blocks"] if b["type"] == "input"]
        assert [b["block_id"] for b in inputs] == [
            "resources.limits.memory",
            "replicaCount",
            "notes",
        ]
        memory, replicas, notes = inputs
        assert memory["label"]["text"] == "resources.limits.memory"
        assert memory["element"]["action_id"] == "value"
        assert memory["element"]["initial_value"] == "1Gi"
        assert replicas["element"]["initial_value"] == "3"
        assert memory["optional"] is False
        assert notes["optional"] is True and notes["element"]["multiline"] is True
        assert notes["element"]["action_id"] == "value" and "initial_value" not in notes["element"]
    assert modify_modal(card(), "en", "m")["title"]["text"] == "Modify proposal"
    assert modify_modal(card(), "ko", "m")["title"]["text"] == "제안 수정"


def test_modify_modal_without_changes_explains_and_cannot_submit() -> None:
    view = valid_view(modify_modal(card(changes=()), "en", "m"))
    assert "submit" not in view
    assert [b["type"] for b in view["blocks"]] == ["section"]
    assert "nothing to modify" in view["blocks"][0]["text"]["text"]


def test_reject_and_trigger_modals() -> None:
    for language in ("en", "ko"):
        view = valid_view(reject_modal(card(), language, '{"incident_id":"x"}'))
        assert view["callback_id"] == "reject" and view["private_metadata"] == '{"incident_id":"x"}'
        (reason,) = [b for b in view["blocks"] if b["type"] == "input"]
        assert reason["block_id"] == "reason" and reason["optional"] is False
        assert reason["element"] == {
            "type": "plain_text_input",
            "action_id": "value",
            "multiline": True,
            "max_length": 3000,
        }
        view = valid_view(trigger_modal(language))
        assert view["callback_id"] == "trigger" and "submit" in view
        inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
        assert list(inputs) == ["log_text", "app", "namespace"]
        assert inputs["log_text"]["optional"] is False
        assert inputs["log_text"]["element"]["multiline"] is True
        assert inputs["app"]["optional"] is True and inputs["namespace"]["optional"] is True
        assert {b["element"]["action_id"] for b in inputs.values()} == {"value"}
    assert reject_modal(card(), "ko", "m")["title"]["text"] == "제안 거절"


def test_modal_values_reads_a_view_submission() -> None:
    # Shape as Slack delivers it (contracts.md 4.3; bolt-python test_view_submission.py).
    submission = {
        "type": "view_submission",
        "user": {"id": "U123", "username": "alice", "name": "alice", "team_id": "T1"},
        "view": {
            "id": "V0PKB1ZFV",
            "callback_id": "modify",
            "private_metadata": '{"incident_id":"incident-20261124153012-7f3a"}',
            "state": {
                "values": {
                    "resources.limits.memory": {
                        "value": {"type": "plain_text_input", "value": "2Gi"}
                    },
                    "replicaCount": {"value": {"type": "plain_text_input", "value": None}},
                    "notes": {"value": {"type": "plain_text_input", "value": "node has room"}},
                    "env": {
                        "pick": {
                            "type": "static_select",
                            "selected_option": {
                                "text": {"type": "plain_text", "text": "p"},
                                "value": "prod",
                            },
                        }
                    },
                }
            },
        },
    }
    expected = {
        "resources.limits.memory": "2Gi",
        "replicaCount": "",
        "notes": "node has room",
        "env": "prod",
    }
    view = submission["view"]
    assert isinstance(view, dict)
    assert modal_values(view["state"]["values"]) == expected
    assert modal_values(view["state"]) == expected
    assert modal_values({}) == {}


# --- thread, command and ephemeral texts --------------------------------------------------


def test_thread_texts() -> None:
    failed = card(status="failed", reason="analyzer timed out")
    assert thread_failure(failed, "en").startswith(
        "❌ The workflow for incident-20261124153012-7f3a failed: analyzer timed out."
    )
    assert f"<{LINK}|API>" in thread_failure(failed, "en")
    assert HANGUL.search(thread_failure(failed, "ko"))
    assert "approved again" in thread_failure(card(status="commit_failed", reason="x"), "en")
    assert thread_reminder(card(), 2100, "en") == "⏰ still awaiting approval after 35 min"
    assert thread_reminder(card(), 2100, "ko") == "⏰ 35분째 승인 대기 중"


def test_ephemeral_replies() -> None:
    assert ephemeral("not_allowed", "en") == (
        "You are not allowed to approve, reject, modify or acknowledge incidents (SLACK_APPROVERS)."
    )
    assert "try again" in ephemeral("approvers_unavailable", "en")
    assert ephemeral("stale", "en") == (
        "This proposal changed since it was shown; use the newest message."
    )
    assert ephemeral("already_decided", "en", incident_id="i-1", status="rejected") == (
        "Incident i-1 is rejected: it is not awaiting a decision."
    )
    assert "거절됨" in ephemeral("already_decided", "ko", incident_id="i-1", status="rejected")
    assert ephemeral("unknown_incident", "en", incident_id="i-9") == "No incident i-9."
    assert ephemeral("feedback_recorded", "en", incident_id="i-1") == (
        "Negative feedback recorded for i-1."
    )
    assert ephemeral("triggered", "en", incident_id="i-2") == "Incident i-2 opened."
    assert ephemeral("error", "en", detail="<boom> & co") == (
        "Something went wrong: &lt;boom&gt; &amp; co"
    )
    assert ephemeral("unknown_incident", "en") == "No incident ?."  # never raises for a fill
    keys = ("not_allowed", "approvers_unavailable", "stale", "unknown_incident", "triggered")
    for key in (*keys, "error"):
        assert HANGUL.search(ephemeral(key, "ko", incident_id="i", detail="d"))
    with pytest.raises(KeyError):
        ephemeral("header", "en")


def test_usage_list_and_summary() -> None:
    for language in ("en", "ko"):
        help_text = usage(language)
        for command in ("/incidents list", "/incidents <id>", "/incidents trigger", "/feedback"):
            assert command in help_text
    items = [
        {
            "id": f"incident-2026112415301{i:02d}-7f3a",
            "status": "awaiting_approval",
            "category": "oom",
            "app": "checkout",
        }
        for i in range(25)
    ]
    listing = incident_list(items, "en").split("\n")
    rows = [line for line in listing if line.startswith("• ")]
    assert len(rows) == 20
    assert rows[0] == "• `incident-202611241530100-7f3a` — awaiting approval · oom · checkout"
    assert listing[-1] == "…and 5 more"
    assert incident_list(items[:1], "ko").endswith("승인 대기 중 · oom · checkout")
    assert incident_list([], "en") == "No open incidents."
    assert incident_list([], "ko") == "열린 인시던트가 없습니다."

    summary = incident_summary(card(), "en")
    assert "incident-20261124153012-7f3a" in summary and "⏳ awaiting approval" in summary
    assert "oom / critical" in summary and "checkout / shop" in summary
    assert "usage reaches the 512Mi limit" in summary
    assert "`resources.limits.memory` → `1Gi`" in summary
    assert f"<{LINK}|API>" in summary
    assert "근본 원인" in incident_summary(card(), "ko")
    refused = card(changes=(), diff="", refusal="already at the cap")
    assert "No values change: already at the cap" in incident_summary(refused, "en")


def test_validation_errors() -> None:
    assert validation_error("quantity", "en", value="1 gig") == (
        "1 gig is not a Kubernetes quantity (e.g. 1Gi, 500m)"
    )
    assert "1Gi, 500m" in validation_error("quantity", "ko", value="x")
    assert validation_error("integer", "en", value="three") == "three is not a whole number"
    assert validation_error("required", "ko") == "필수 항목입니다."
    with pytest.raises(KeyError):
        validation_error("stale", "en")


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_text_exists_in_both_languages(language: Language) -> None:
    for key, versions in TEXTS.items():
        assert versions[language], key
    ko_only = {k for k, v in TEXTS.items() if HANGUL.search(v["ko"])}
    identical = {k for k, v in TEXTS.items() if v["en"] == v["ko"]}
    assert identical <= {"empty"}
    assert len(ko_only) >= len(TEXTS) - 6  # a few are emoji/markup only


def model_block(shown: IncidentCard, language: Language) -> str:
    """The text of the message's model block ('' when there is none)."""
    _, blocks = incident_message(shown, language)
    valid_message(blocks)
    found = [b for b in blocks if b.get("block_id") == "model"]
    return " ".join(texts_of(found))


LLM_USED = {
    "model": "qwen2.5-7b",
    "used": ["root_cause", "actions", "remediation"],
    "agreed": True,
    "notes": [],
    "failure": None,
}


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_message_says_which_parts_came_from_which_model(language: Language) -> None:
    assert model_block(card(), language) == ""  # no model asked: nothing said
    used = model_block(card(llm=LLM_USED), language)
    assert "`qwen2.5-7b`" in used
    assert ("root cause" in used) if language == "en" else ("근본 원인" in used)
    assert ("a person must approve" in used) if language == "en" else ("사람이 승인" in used)
    if language == "ko":
        assert HANGUL.search(used)
    advice = model_block(
        card(llm={**LLM_USED, "used": ["category", "root_cause"]}, diff=""), language
    )
    assert "`qwen2.5-7b`" in advice and "approve" not in advice and "승인" not in advice


@pytest.mark.parametrize("language", ["en", "ko"])
def test_a_disagreement_shows_both_and_a_failure_says_the_rules_stand(language: Language) -> None:
    disagreed = {
        **LLM_USED,
        "used": [],
        "agreed": False,
        "category": "cert_expiry",
        "root_cause": "<script> the cert expired",
        "notes": ["The model says cert_expiry, the rules say oom; the proposal follows them."],
    }
    shown = model_block(card(llm=disagreed), language)
    assert "*cert_expiry*" in shown and "&lt;script&gt;" in shown and "<script>" not in shown
    assert "the proposal follows them" in shown
    failed = {**LLM_USED, "used": [], "agreed": None, "failure": "timeout", "notes": ["late"]}
    said = model_block(card(llm=failed), language)
    assert ("rules' analysis stands" in said) if language == "en" else ("규칙 분석을 유지" in said)
