"""The incident message in Block Kit, and its status line (modals in receiver.slack.modals,
short texts in receiver.slack.replies, the text helpers in receiver.slack.mrkdwn).

Pure: everything returns JSON-able dicts or strings. Slack's limits (contracts.md 4.6) hold by
construction: alert- and user-provided text is escaped for mrkdwn and cut to fit before it is
put in a block, and the message keeps its total text under MESSAGE_TEXT_BUDGET (Slack rejects
messages at about 13k characters across blocks).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from receiver.slack.approval_lines import delivery_line, policy_lines, with_silence_button
from receiver.slack.card import IncidentCard
from receiver.slack.evidence import evidence_lines
from receiver.slack.model_lines import model_lines
from receiver.slack.mrkdwn import (
    BUTTON_VALUE_MAX,
    DIFF_LINE_MAX,
    FIELD_MAX,
    HEADER_MAX,
    MAX_BLOCKS,
    MESSAGE_TEXT_BUDGET,
    SECTION_MAX,
    SHA_SHOWN,
    escape,
    fit,
    hhmm,
    mrkdwn,
    plain,
    text_size,
    who,
)
from receiver.slack.texts import (
    Language,
    duration,
    status_name,
    text,
)

_WITH_BUTTONS = frozenset({"awaiting_approval", "commit_failed", "advising"})
_DECIDED = frozenset(
    {"committing", "verifying", "committed", "recovered", "not_recovered", "commit_failed"}
)


# --- mrkdwn helpers -----------------------------------------------------------------------


def _by(card: IncidentCard, language: Language) -> str:
    """The " by <who> at <HH:MM UTC>" (translated), parts missing when unknown, "" when neither."""
    name = who(card.decided_by) if card.decided_by else None
    time = hhmm(card.decided_at) if card.decided_at else None
    if name and time:
        return text("by_who_time", language, who=name, time=time)
    if name:
        return text("by_who", language, who=name)
    return text("by_time", language, time=time) if time else ""


def reason_text(card: IncidentCard, language: Language, default: str) -> str:
    """The card's reason, escaped and cut, or the `default` text when there is none."""
    return fit(card.reason, 1000) if card.reason else text(default, language)


def status_line(card: IncidentCard, language: Language) -> str:
    """The one-line mrkdwn status of `card` (e.g. "✅ committed `abc1234567` · ✅ recovered"),
    with who decided and when for decided statuses; at most ~1,300 characters."""
    status = str(card.status)
    sha = f" `{escape(card.commit_sha[:SHA_SHOWN])}`" if card.commit_sha else ""
    committed = text("st_committed", language, sha=sha)
    by = _by(card, language)
    approved = " · " + text("st_approved", language, by=by) if by else ""
    if status in ("received", "analyzing"):
        return text("st_analyzing", language)
    if status == "awaiting_approval":
        return text("st_awaiting", language)
    if status == "advising":
        return text("st_advising", language)
    if status == "closed":
        return text("st_closed", language)
    if status == "acknowledged":
        return text("st_acknowledged", language, by=by)
    if status == "rejected":
        return text("st_rejected", language, by=by, reason=reason_text(card, language, "no_reason"))
    if status == "failed":
        return text("st_failed", language, reason=reason_text(card, language, "unknown_error"))
    if status in ("awaiting_merge", "pr_open", "dry_run"):
        return delivery_line(card, language) + approved
    if status == "committing":
        line = text("st_committing", language)
    elif status == "verifying":
        line = f"{committed} · {text('st_verifying', language)}"
    elif status == "committed":
        line = committed
    elif status == "recovered":
        line = f"{committed} · {text('st_recovered', language)}"
    elif status == "not_recovered":
        waited = duration(card.verify_timeout, language)
        not_recovered = text("st_not_recovered", language, duration=waited)
        line = f"{committed} · {not_recovered}" if sha else not_recovered
    elif status == "commit_failed":
        line = text(
            "st_commit_failed", language, reason=reason_text(card, language, "unknown_error")
        )
    else:
        return f"ℹ️ {fit(status, 100)}"
    if card.delivery and card.delivery.get("merged_by"):
        line += text("st_merged_by", language, who=escape(card.delivery["merged_by"]))
    return line + approved if status in _DECIDED else line


# --- the incident message -----------------------------------------------------------------


def _section(block_id: str, value: str) -> dict[str, Any]:
    return {"type": "section", "block_id": block_id, "text": mrkdwn(value[:SECTION_MAX])}


def _context(block_id: str, value: str) -> dict[str, Any]:
    return {"type": "context", "block_id": block_id, "elements": [mrkdwn(value[:FIELD_MAX])]}


def _facts(card: IncidentCard, language: Language) -> dict[str, Any]:
    empty = text("empty", language)
    shown = [
        ("category", card.category),
        ("severity", card.severity),
        ("app", card.app),
        ("namespace", card.namespace),
    ]
    if card.cluster:
        shown.append(("cluster", card.cluster))
    fields = [
        mrkdwn(f"*{text(label, language)}*\n{fit(value, 300) or empty}") for label, value in shown
    ]
    return {"type": "section", "block_id": "facts", "fields": fields}


def _why(card: IncidentCard, language: Language) -> list[dict[str, Any]]:
    """Context blocks: why the category was chosen, why the proposal was made again, and the
    incident's alerts (none when there is nothing to say)."""
    blocks = []
    if card.explanation:
        why = text("why", language, explanation=fit(card.explanation, 1200))
        if card.confidence:
            confidence = (
                text(f"conf_{card.confidence}", language)
                if card.confidence
                in (
                    "high",
                    "medium",
                    "low",
                )
                else fit(card.confidence, 20)
            )
            why += text("why_confidence", language, confidence=confidence)
        blocks.append(_context("why", why))
    model = model_lines(card.llm, language, has_change=bool(card.diff.strip()))
    if model:
        blocks.append(_context("model", _bounded(model, 1500)))
    evidence = evidence_lines(card.evidence, language)
    if evidence:
        lines = [f"{text('evidence', language)}", *evidence]
        blocks.append(_context("evidence", _bounded(lines, 1500)))
    if card.reproposal_note:
        note = text("reproposed", language, note=fit(card.reproposal_note, 1200))
        blocks.append(_context("reproposed", note))
    if len(card.alert_list) > 1:
        named = [
            f"`{fit(name or fingerprint, 80)}` ({status_name(status, language)})"
            for name, fingerprint, status in card.alert_list[:10]
        ]
        if len(card.alert_list) > 10:
            named.append(text("and_more", language, count=str(len(card.alert_list) - 10)))
        blocks.append(_context("alerts", text("alerts_list", language, alerts=", ".join(named))))
    return blocks


def _bounded(lines: Sequence[str], limit: int) -> str:
    """`lines` joined by newlines, stopping with "…" before the text would pass `limit`."""
    out: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) + 1 > limit - 2:
            out.append("…")
            break
        out.append(line)
        used += len(line) + 1
    return "\n".join(out)


def _diff_section(card: IncidentCard, language: Language, budget: int) -> dict[str, Any] | None:
    """The diff as a code block cut by whole lines to `budget` characters, with a note
    linking to the full diff when lines were left out; None when not even the note fits."""
    lines = card.diff.rstrip("\n").split("\n")
    shown = [fit(line, DIFF_LINE_MAX).replace("```", "`\u200b``") for line in lines]
    title = f"*{text('diff', language)}*\n"

    def render(count: int) -> str:
        omitted = len(lines) - count
        code = "```diff\n" + "\n".join(shown[:count]) + "\n```" if count else ""
        if not omitted:
            return title + code
        note = text("diff_more", language, count=str(omitted), link=escape(card.link))
        return title + code + ("\n" if code else "") + note

    count = len(shown)
    used = len(render(0)) + len("```diff\n\n```")
    if len(render(count)) > budget:
        count = 0
        for line in shown:
            if used + len(line) + 1 > budget:
                break
            used += len(line) + 1
            count += 1
    body = render(count)
    return _section("diff", body) if len(body) <= budget else None


def _button_value(card: IncidentCard) -> str:
    return json.dumps(
        {"incident_id": card.incident_id, "diff_sha256": card.diff_sha256},
        separators=(",", ":"),
    )


def _buttons(card: IncidentCard, language: Language) -> dict[str, Any] | None:
    value = _button_value(card)
    if len(value) > BUTTON_VALUE_MAX:
        return None
    if str(card.status) == "advising":  # advice only: nothing to approve, only to acknowledge
        acknowledge = {
            "type": "button",
            "action_id": "acknowledge",
            "text": plain(text("acknowledge", language), 75),
            "value": value,
        }
        return {"type": "actions", "block_id": "decision", "elements": [acknowledge]}
    confirm = {
        "title": plain(text("confirm_title", language), 100),
        "text": plain(text("confirm_text", language, incident_id=card.incident_id), 300),
        "confirm": plain(text("confirm_yes", language), 30),
        "deny": plain(text("cancel", language), 30),
        "style": "primary",
    }

    def button(action_id: str, style: str | None = None) -> dict[str, Any]:
        element: dict[str, Any] = {
            "type": "button",
            "action_id": action_id,
            "text": plain(text(action_id, language), 75),
            "value": value,
        }
        if style:
            element["style"] = style
        return element

    approve = button("approve", "primary") | {"confirm": confirm}
    elements = [approve, button("reject", "danger"), button("modify")]
    return {"type": "actions", "block_id": "decision", "elements": elements}


def incident_message(card: IncidentCard, language: Language) -> tuple[str, list[dict[str, Any]]]:
    """The incident's Slack message: (notification fallback text, blocks).

    Header, facts (with the cluster when there is one), root cause, numbered actions, notes,
    why the category was chosen ("classified as X because …"), why the proposal was made
    again, the alerts, the diff (cut to fit, with a link to the full diff), learned-from,
    refusal, the status line, and Approve/Reject/Modify buttons only while the incident awaits
    approval (or its commit failed); advice only has no diff and one Acknowledge button.
    Every block is within Slack's limits, there are at most MAX_BLOCKS blocks and
    text_size(blocks) stays under MESSAGE_TEXT_BUDGET."""
    header = text("header", language, incident_id=card.incident_id)
    head: list[dict[str, Any]] = [
        {"type": "header", "block_id": "header", "text": plain(header, HEADER_MAX)},
        _facts(card, language),
    ]
    if card.root_cause.strip():
        title = f"*{text('root_cause', language)}*\n"
        head.append(_section("root_cause", title + fit(card.root_cause, 2500)))
    if card.actions:
        title = f"*{text('actions', language)}*\n"
        numbered = [f"{n}. {fit(action, 500)}" for n, action in enumerate(card.actions, 1)]
        head.append(_section("actions", title + _bounded(numbered, 2500)))
    if card.notes:
        notes = [f"📝 {fit(note, 500)}" for note in card.notes]
        head.append(_context("notes", _bounded(notes, 1500)))
    head += _why(card, language)
    if card.dry_run:
        head.insert(1, _context("dry_run", text("dry_run_banner", language)))
    if card.advice_only:
        head.append(_context("advice_only", text("advice_only", language)))
    tail: list[dict[str, Any]] = []
    if card.learned_from:
        ids = ", ".join(f"`{fit(i, 80)}`" for i in card.learned_from[:10])
        if len(card.learned_from) > 10:
            ids += " " + text("and_more", language, count=str(len(card.learned_from) - 10))
        tail.append(_context("learned_from", text("learned_from", language, ids=ids)))
    if card.refusal:
        refusal = text("refusal", language, refusal=fit(card.refusal, 1000))
        tail.append(_section("refusal", refusal))
    tail += [_context(block_id, line) for block_id, line in policy_lines(card, language)]
    tail.append(_section("status", status_line(card, language)))
    buttons = _buttons(card, language) if str(card.status) in _WITH_BUTTONS else None
    buttons = with_silence_button(buttons, card, language, _button_value(card))
    if buttons:
        tail.append(buttons)
    if card.diff.strip():
        budget = min(SECTION_MAX, MESSAGE_TEXT_BUDGET - text_size(head + tail))
        diff = _diff_section(card, language, budget)
        if diff:
            head.append(diff)
    fallback = text(
        "fallback",
        language,
        incident_id=fit(card.incident_id, 100),
        category=fit(card.category, 100) or text("empty", language),
        namespace=fit(card.namespace, 100) or text("empty", language),
        app=fit(card.app, 100) or text("empty", language),
        status=fit(status_name(str(card.status), language), 100),
    )
    return fallback, (head + tail)[:MAX_BLOCKS]
