"""The lines of a change on its way: where a change on its own branch waits, what the approval
policy asks (a veto window, distinct approvers, advice only), the dry run banner's status, and
the "Silence 2 h" button while the incident's alerts may still fire."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from receiver.slack.card import IncidentCard
from receiver.slack.mrkdwn import BUTTON_VALUE_MAX, escape, fit, hhmm, plain, who
from receiver.slack.texts import Language, text


def delivery_line(card: IncidentCard, language: Language) -> str:
    """The status of a change travelling on its own branch (or of a dry run's approval):
    the branch, or the pull request as a link, and why opening one failed."""
    if card.status == "dry_run":
        return text("st_dry_run", language)
    delivery = card.delivery or {}
    pull = delivery.get("pull_request")
    if pull:
        link = f"<{escape(pull['url'])}|#{pull['number']}>"
        line = text("st_pr_open", language, link=link)
    else:
        line = text("st_awaiting_merge", language, branch=escape(delivery.get("branch", "")))
    if delivery.get("error"):
        line += text("st_pr_failed", language, reason=fit(delivery["error"], 300))
    return line


def policy_lines(card: IncidentCard, language: Language) -> list[tuple[str, str]]:
    """(block id, mrkdwn) of what the approval policy asks of the proposal waiting now:
    "will be applied at HH:MM UTC unless rejected", "needs 2 approvers: approved by …",
    "advice only"; none for the default (one approval) or once decided."""
    policy = card.policy
    if card.status != "awaiting_approval" or not policy:
        return []
    if policy.get("diff_sha256") != card.diff_sha256:
        return []  # an answer for an earlier proposal
    rule = fit(str(policy.get("rule", "")), 100)
    action = policy.get("action")
    if action == "auto_approve" and policy.get("applies_at"):
        at = hhmm(datetime.fromisoformat(policy["applies_at"]))
        return [("policy", text("policy_auto", language, rule=rule, time=at))]
    if action == "never":
        return [("policy", text("policy_never", language, rule=rule))]
    needed = int(policy.get("approvals_needed") or 0)
    if action == "require" and needed > 1:
        so_far = ", ".join(who(name) for name in card.approvals) or text("nobody", language)
        line = text("policy_require", language, rule=rule, needed=str(needed), who=so_far)
        return [("policy", line)]
    return []


# While these, the incident's alerts may still fire: a person may silence them for a while.
SILENCEABLE = frozenset(
    {"awaiting_approval", "advising", "awaiting_merge", "pr_open", "verifying", "commit_failed"}
)


def with_silence_button(
    buttons: dict[str, Any] | None, card: IncidentCard, language: Language, value: str
) -> dict[str, Any] | None:
    """`buttons` (the decision's actions block, or None) with a "Silence 2 h" button added
    when silences are on (ALERTMANAGER_URL, not a dry run) and the incident is still open."""
    if not card.silenceable or card.status not in SILENCEABLE or len(value) > BUTTON_VALUE_MAX:
        return buttons
    silence = {
        "type": "button",
        "action_id": "silence",
        "text": plain(text("silence_button", language), 75),
        "value": value,
    }
    if buttons is None:
        return {"type": "actions", "block_id": "decision", "elements": [silence]}
    return {**buttons, "elements": [*buttons["elements"], silence]}
