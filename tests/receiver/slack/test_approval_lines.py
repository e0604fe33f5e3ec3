"""What the Slack message says of the approval policy and of a dry run, in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from receiver.slack.blocks import incident_message
from tests.receiver.slack.test_blocks import SHA, card, section_text, texts_of, valid_message


def policy(action: str, **extra: Any) -> dict[str, Any]:
    return {"rule": "prod-two", "action": action, "diff_sha256": SHA, **extra}


def context_text(blocks: list[dict[str, Any]], block_id: str) -> str | None:
    for block in blocks:
        if block.get("block_id") == block_id:
            return " ".join(texts_of(block))
    return None


@pytest.mark.parametrize(
    ("shown", "english", "korean"),
    [
        (
            {"policy": policy("auto_approve", applies_at="2026-11-24T14:15:00+00:00")},
            "🤖 Policy `prod-two`: will be applied at 14:15 UTC unless rejected",
            "🤖 정책 `prod-two`: 거부하지 않으면 14:15 UTC에 적용됩니다",
        ),
        (
            {"policy": policy("require", approvals_needed=2), "approvals": ("U0ALICE1",)},
            "👥 Policy `prod-two`: needs 2 different approvers; approved so far: <@U0ALICE1>",
            "👥 정책 `prod-two`: 서로 다른 승인자 2명 필요, 지금까지 승인: <@U0ALICE1>",
        ),
        (
            {"policy": policy("never")},
            "🚫 Policy `prod-two`: advice only, this change cannot be approved",
            "🚫 정책 `prod-two`: 조언만 제공, 이 변경은 승인할 수 없습니다",
        ),
    ],
)
def test_the_policy_line_says_what_the_rule_asks(
    shown: dict[str, Any], english: str, korean: str
) -> None:
    for language, expected in (("en", english), ("ko", korean)):
        _, blocks = incident_message(card(**shown), language)
        valid_message(blocks)
        assert context_text(blocks, "policy") == expected


@pytest.mark.parametrize(
    "shown",
    [
        {"policy": policy("require", approvals_needed=1)},  # the default: nothing to say
        {"policy": {**policy("never"), "diff_sha256": "0" * 64}},  # for an earlier proposal
        {"policy": policy("never"), "status": "rejected", "reason": "no"},  # decided already
    ],
)
def test_no_policy_line_when_it_asks_nothing_new_or_not_of_this_proposal(
    shown: dict[str, Any],
) -> None:
    _, blocks = incident_message(card(**shown), "en")
    assert context_text(blocks, "policy") is None


def test_a_dry_run_says_so_at_the_top_of_every_message() -> None:
    for language, words in (("en", "Dry run"), ("ko", "드라이 런")):
        _, blocks = incident_message(card(dry_run=True), language)
        valid_message(blocks)
        assert blocks[1]["block_id"] == "dry_run"
        assert words in (context_text(blocks, "dry_run") or "")
    _, plain = incident_message(card(), "en")
    assert context_text(plain, "dry_run") is None
    assert "status" in {b.get("block_id") for b in plain}
    assert section_text(plain, "status")


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("awaiting_approval", ["approve", "reject", "modify", "silence"]),
        ("pr_open", ["silence"]),
        ("verifying", ["silence"]),
        ("recovered", []),
        ("rejected", []),
    ],
)
def test_the_silence_button_is_offered_while_the_alerts_may_still_fire(
    status: str, expected: list[str]
) -> None:
    extra = {"commit_sha": "a" * 40} if status in ("verifying", "recovered") else {}
    for language, label in (("en", "🔕 Silence 2 h"), ("ko", "🔕 2시간 무음")):
        _, blocks = incident_message(card(status=status, silenceable=True, **extra), language)
        valid_message(blocks)
        found = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
        assert [e["action_id"] for e in found] == expected
        assert all(e["text"]["text"] == label for e in found if e["action_id"] == "silence")
    _, plain = incident_message(card(status=status, **extra), "en")
    assert "silence" not in [
        e["action_id"] for b in plain if b["type"] == "actions" for e in b["elements"]
    ]
