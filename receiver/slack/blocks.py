"""Pure Block Kit builders: the incident message, its modals and the short Slack texts.

Everything returns JSON-able dicts or strings and does no I/O. Slack's limits (contracts.md
4.6) hold by construction: alert- and user-provided text is escaped for mrkdwn and cut to fit
before it is put in a block, and the message keeps its total text under MESSAGE_TEXT_BUDGET
(Slack rejects messages at about 13k characters across blocks).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from receiver.slack.texts import (
    EPHEMERAL_KEYS,
    VALIDATION_KEYS,
    Language,
    duration,
    status_name,
    text,
)

__all__ = [
    "MAX_BLOCKS",
    "MESSAGE_TEXT_BUDGET",
    "IncidentCard",
    "Language",
    "ephemeral",
    "escape",
    "incident_list",
    "incident_message",
    "incident_summary",
    "modal_values",
    "modify_modal",
    "reject_modal",
    "status_line",
    "text_size",
    "thread_failure",
    "thread_reminder",
    "trigger_modal",
    "usage",
    "validation_error",
]

MAX_BLOCKS = 50
MESSAGE_TEXT_BUDGET = 11_000
HEADER_MAX = 150
SECTION_MAX = 3000
FIELD_MAX = 2000
BLOCK_ID_MAX = 255
INPUT_MAX = 3000
BUTTON_VALUE_MAX = 2000
MODAL_BLOCKS_MAX = 100
LIST_MAX = 20
SHA_SHOWN = 10
DIFF_LINE_MAX = 300
_SLACK_USER = re.compile(r"[UW](?=[A-Z0-9]*[0-9])[A-Z0-9]{2,}")  # U012AB3CD, W0ABC12
_WITH_BUTTONS = frozenset({"awaiting_approval", "commit_failed"})
_DECIDED = frozenset(
    {"committing", "verifying", "committed", "recovered", "not_recovered", "commit_failed"}
)


@dataclass(frozen=True, slots=True)
class IncidentCard:
    """What Slack shows of one incident (see receiver.slack.notifier.incident_card)."""

    incident_id: str
    status: str
    category: str
    severity: str
    app: str
    namespace: str
    root_cause: str
    actions: tuple[str, ...]
    diff: str
    diff_sha256: str
    refusal: str | None
    notes: tuple[str, ...]
    learned_from: tuple[str, ...]
    commit_sha: str | None
    reason: str | None
    decided_by: str | None
    decided_at: datetime | None
    verify_timeout: float
    link: str
    changes: tuple[tuple[str, str], ...] = ()


# --- mrkdwn helpers -----------------------------------------------------------------------


def escape(raw: str) -> str:
    """`raw` with `&`, `<`, `>` escaped as Slack's mrkdwn requires (no link or mention
    inside it survives)."""
    return raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _fit(raw: str, limit: int) -> str:
    """`raw` escaped and, when longer than `limit`, cut (never inside an entity) with "…"."""
    escaped = escape(raw)
    if len(escaped) <= limit:
        return escaped
    out: list[str] = []
    used = 0
    for char in raw:
        piece = escape(char)
        if used + len(piece) > limit - 1:
            break
        out.append(piece)
        used += len(piece)
    return "".join(out) + "…"


def _clip(plain: str, limit: int) -> str:
    """Plain text cut to `limit` characters with "…" (for plain_text objects: no escaping)."""
    return plain if len(plain) <= limit else plain[: limit - 1] + "…"


def _who(decided_by: str) -> str:
    """A Slack user id (U…/W… with a digit) as a mention, any other name escaped."""
    if _SLACK_USER.fullmatch(decided_by):
        return f"<@{decided_by}>"
    return _fit(decided_by, 100)


def _hhmm(moment: datetime) -> str:
    """`moment` as "HH:MM UTC" (a naive datetime is taken as UTC)."""
    utc = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return utc.strftime("%H:%M UTC")


def _by(card: IncidentCard, language: Language) -> str:
    """ " by <who> at <HH:MM UTC>" (translated), parts missing when unknown, "" when neither."""
    who = _who(card.decided_by) if card.decided_by else None
    time = _hhmm(card.decided_at) if card.decided_at else None
    if who and time:
        return text("by_who_time", language, who=who, time=time)
    if who:
        return text("by_who", language, who=who)
    return text("by_time", language, time=time) if time else ""


def _reason(card: IncidentCard, language: Language, default: str) -> str:
    return _fit(card.reason, 1000) if card.reason else text(default, language)


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
    if status == "rejected":
        return text("st_rejected", language, by=by, reason=_reason(card, language, "no_reason"))
    if status == "failed":
        return text("st_failed", language, reason=_reason(card, language, "unknown_error"))
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
        line = text("st_commit_failed", language, reason=_reason(card, language, "unknown_error"))
    else:
        return f"ℹ️ {_fit(status, 100)}"
    return line + approved if status in _DECIDED else line


# --- the incident message -----------------------------------------------------------------


def _mrkdwn(value: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": value}


def _plain(value: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": _clip(value, limit), "emoji": True}


def _section(block_id: str, value: str) -> dict[str, Any]:
    return {"type": "section", "block_id": block_id, "text": _mrkdwn(value[:SECTION_MAX])}


def _context(block_id: str, value: str) -> dict[str, Any]:
    return {"type": "context", "block_id": block_id, "elements": [_mrkdwn(value[:FIELD_MAX])]}


def text_size(blocks: Sequence[Mapping[str, Any]]) -> int:
    """How many characters of text `blocks` carry (every text object's `text`, nested)."""

    def size(node: Any) -> int:
        if isinstance(node, Mapping):
            return sum(
                len(v) if k == "text" and isinstance(v, str) else size(v) for k, v in node.items()
            )
        if isinstance(node, list):
            return sum(size(v) for v in node)
        return 0

    return sum(size(block) for block in blocks)


def _facts(card: IncidentCard, language: Language) -> dict[str, Any]:
    empty = text("empty", language)
    fields = [
        _mrkdwn(f"*{text(label, language)}*\n{_fit(value, 300) or empty}")
        for label, value in (
            ("category", card.category),
            ("severity", card.severity),
            ("app", card.app),
            ("namespace", card.namespace),
        )
    ]
    return {"type": "section", "block_id": "facts", "fields": fields}


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
    shown = [_fit(line, DIFF_LINE_MAX).replace("```", "`\u200b``") for line in lines]
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
    confirm = {
        "title": _plain(text("confirm_title", language), 100),
        "text": _plain(text("confirm_text", language, incident_id=card.incident_id), 300),
        "confirm": _plain(text("confirm_yes", language), 30),
        "deny": _plain(text("cancel", language), 30),
        "style": "primary",
    }

    def button(action_id: str, style: str | None = None) -> dict[str, Any]:
        element: dict[str, Any] = {
            "type": "button",
            "action_id": action_id,
            "text": _plain(text(action_id, language), 75),
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

    Header, facts, root cause, numbered actions, notes, the diff (cut to fit, with a link to
    the full diff), learned-from, refusal, the status line, and Approve/Reject/Modify buttons
    only while the incident awaits approval (or its commit failed). Every block is within
    Slack's limits, there are at most MAX_BLOCKS blocks and text_size(blocks) stays under
    MESSAGE_TEXT_BUDGET."""
    header = text("header", language, incident_id=card.incident_id)
    head: list[dict[str, Any]] = [
        {"type": "header", "block_id": "header", "text": _plain(header, HEADER_MAX)},
        _facts(card, language),
    ]
    if card.root_cause.strip():
        title = f"*{text('root_cause', language)}*\n"
        head.append(_section("root_cause", title + _fit(card.root_cause, 2500)))
    if card.actions:
        title = f"*{text('actions', language)}*\n"
        numbered = [f"{n}. {_fit(action, 500)}" for n, action in enumerate(card.actions, 1)]
        head.append(_section("actions", title + _bounded(numbered, 2500)))
    if card.notes:
        notes = [f"📝 {_fit(note, 500)}" for note in card.notes]
        head.append(_context("notes", _bounded(notes, 1500)))
    tail: list[dict[str, Any]] = []
    if card.learned_from:
        ids = ", ".join(f"`{_fit(i, 80)}`" for i in card.learned_from[:10])
        if len(card.learned_from) > 10:
            ids += " " + text("and_more", language, count=str(len(card.learned_from) - 10))
        tail.append(_context("learned_from", text("learned_from", language, ids=ids)))
    if card.refusal:
        refusal = text("refusal", language, refusal=_fit(card.refusal, 1000))
        tail.append(_section("refusal", refusal))
    tail.append(_section("status", status_line(card, language)))
    buttons = _buttons(card, language) if str(card.status) in _WITH_BUTTONS else None
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
        incident_id=_fit(card.incident_id, 100),
        category=_fit(card.category, 100) or text("empty", language),
        namespace=_fit(card.namespace, 100) or text("empty", language),
        app=_fit(card.app, 100) or text("empty", language),
        status=_fit(status_name(str(card.status), language), 100),
    )
    return fallback, (head + tail)[:MAX_BLOCKS]


# --- modals -------------------------------------------------------------------------------


def _input(
    block_id: str,
    label: str,
    *,
    multiline: bool = False,
    optional: bool = False,
    initial: str | None = None,
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": "value",
        "multiline": multiline,
        "max_length": INPUT_MAX,
    }
    if initial is not None:
        element["initial_value"] = initial
    return {
        "type": "input",
        "block_id": block_id,
        "label": _plain(label, FIELD_MAX),
        "optional": optional,
        "element": element,
    }


def _modal(
    callback_id: str,
    title: str,
    blocks: list[dict[str, Any]],
    language: Language,
    *,
    submit: str | None,
    metadata: str | None = None,
) -> dict[str, Any]:
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": callback_id,
        "title": _plain(title, 24),
        "close": _plain(text("cancel" if submit else "close", language), 24),
        "blocks": blocks[:MODAL_BLOCKS_MAX],
    }
    if submit:
        view["submit"] = _plain(submit, 24)
    if metadata is not None:
        view["private_metadata"] = metadata
    return view


def _editable(changes: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The changes a modal can show: unique paths that are valid block ids, not "notes",
    values that fit an input; at most what fits beside the intro and notes blocks."""
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for path, value in changes:
        if not path or len(path) > BLOCK_ID_MAX or path == "notes" or path in seen:
            continue
        if len(value) > INPUT_MAX:
            continue
        seen.add(path)
        out.append((path, value))
    return out[: MODAL_BLOCKS_MAX - 2]


def modify_modal(card: IncidentCard, language: Language, metadata: str) -> dict[str, Any]:
    """The Modify modal (callback_id "modify"): one text input per proposed change (block_id =
    values path, action_id "value", prefilled with the proposed value) plus optional "notes".
    Without editable changes it only explains that and has no submit button."""
    incident = _fit(card.incident_id, 200)
    title = text("modify_title", language)
    editable = _editable(card.changes)
    if not editable:
        intro = text("modify_nothing", language, incident_id=incident)
        blocks = [{"type": "section", "text": _mrkdwn(intro)}]
        return _modal("modify", title, blocks, language, submit=None, metadata=metadata)
    intro = text("modify_intro", language, incident_id=incident)
    blocks = [{"type": "section", "text": _mrkdwn(intro)}]
    blocks += [_input(path, path, initial=value) for path, value in editable]
    blocks.append(_input("notes", text("modify_notes", language), multiline=True, optional=True))
    submit = text("modify_submit", language)
    return _modal("modify", title, blocks, language, submit=submit, metadata=metadata)


def reject_modal(card: IncidentCard, language: Language, metadata: str) -> dict[str, Any]:
    """The Reject modal (callback_id "reject"): a required multiline "reason" input."""
    intro = text("reject_intro", language, incident_id=_fit(card.incident_id, 200))
    blocks = [
        {"type": "section", "text": _mrkdwn(intro)},
        _input("reason", text("reject_reason", language), multiline=True),
    ]
    title, submit = text("reject_title", language), text("reject", language)
    return _modal("reject", title, blocks, language, submit=submit, metadata=metadata)


def trigger_modal(language: Language) -> dict[str, Any]:
    """The manual-trigger modal (callback_id "trigger"): required multiline "log_text",
    optional "app" and "namespace"."""
    blocks = [
        {"type": "section", "text": _mrkdwn(text("trigger_intro", language))},
        _input("log_text", text("trigger_log", language), multiline=True),
        _input("app", text("trigger_app", language), optional=True),
        _input("namespace", text("trigger_namespace", language), optional=True),
    ]
    title, submit = text("trigger_title", language), text("trigger_submit", language)
    return _modal("trigger", title, blocks, language, submit=submit)


def _is_action(node: Any) -> bool:
    return isinstance(node, Mapping) and "type" in node


def modal_values(view_state: Mapping[str, Any]) -> dict[str, str]:
    """{block_id: entered text} from a view_submission's `view.state.values` (the `view.state`
    mapping is accepted too). Reads action "value" (else the block's first action): a text
    input's `value`, a select's `selected_option.value`; missing or None reads ""."""
    values = view_state
    inner = view_state.get("values")
    if isinstance(inner, Mapping) and not _is_action(inner.get("value")):
        values = inner
    out: dict[str, str] = {}
    for block_id, actions in values.items():
        if not isinstance(actions, Mapping) or not actions:
            continue
        action = actions.get("value", next(iter(actions.values())))
        if not isinstance(action, Mapping):
            out[str(block_id)] = ""
            continue
        value = action.get("value")
        if value is None and isinstance(action.get("selected_option"), Mapping):
            value = action["selected_option"].get("value")
        out[str(block_id)] = value if isinstance(value, str) else ""
    return out


# --- thread and command texts -------------------------------------------------------------


def thread_failure(card: IncidentCard, language: Language) -> str:
    """The thread reply when the workflow failed (or its commit failed: then it says the
    change can be approved again), with the reason and, for a failure, the API link."""
    reason = _reason(card, language, "unknown_error").rstrip(".")
    incident = _fit(card.incident_id, 200)
    if str(card.status) == "commit_failed":
        return text("thread_commit_failure", language, incident_id=incident, reason=reason)
    link = escape(card.link)
    return text("thread_failure", language, incident_id=incident, reason=reason, link=link)


def thread_reminder(card: IncidentCard, waited_seconds: float, language: Language) -> str:
    """The thread reminder: "⏰ still awaiting approval after 35 min" (translated)."""
    return text("thread_reminder", language, duration=duration(waited_seconds, language))


def ephemeral(key: str, language: Language, **fill: str) -> str:
    """A short reply only the user sees (keys: not_allowed, stale, already_decided,
    unknown_incident, feedback_recorded, triggered, error). Fill values are escaped and
    cut to 500 characters; a `status` fill is translated; KeyError for another key."""
    if key not in EPHEMERAL_KEYS:
        raise KeyError(key)
    safe = {name: _fit(value, 500) for name, value in fill.items()}
    if "status" in fill:
        safe["status"] = _fit(status_name(fill["status"], language), 100)
    return text(key, language, **safe)


def usage(language: Language) -> str:
    """Help for `/incidents list`, `/incidents <id>`, `/incidents trigger`, `/feedback`."""
    return text("usage", language)


def incident_list(items: Sequence[Mapping[str, Any]], language: Language) -> str:
    """One line per incident (id, status, category, app), at most LIST_MAX lines then
    "…and N more"; a "no open incidents" line for an empty list."""
    if not items:
        return text("list_empty", language)
    empty = text("empty", language)

    def field(item: Mapping[str, Any], key: str) -> str:
        value = item.get(key)
        return _fit(str(value), 100) if value else empty

    lines = [text("list_title", language)]
    for item in items[:LIST_MAX]:
        status = status_name(str(item.get("status", "")), language)
        lines.append(
            f"• `{field(item, 'id')}` — {_fit(status, 100)} · {field(item, 'category')}"
            f" · {field(item, 'app')}"
        )
    if len(items) > LIST_MAX:
        lines.append(text("and_more", language, count=str(len(items) - LIST_MAX)))
    return "\n".join(lines)


def _change_summary(card: IncidentCard, language: Language) -> str:
    if card.changes:
        shown = [f"`{_fit(p, 200)}` → `{_fit(v, 200)}`" for p, v in card.changes[:3]]
        more = len(card.changes) - 3
        extra = " " + text("and_more", language, count=str(more)) if more > 0 else ""
        return ", ".join(shown) + extra
    if card.refusal:
        return text("refusal", language, refusal=_fit(card.refusal, 500))
    lines = card.diff.splitlines()
    if lines:
        added = sum(1 for x in lines if x.startswith("+") and not x.startswith("+++"))
        removed = sum(1 for x in lines if x.startswith("-") and not x.startswith("---"))
        return text("summary_diff_lines", language, added=str(added), removed=str(removed))
    return text("summary_no_change", language)


def incident_summary(card: IncidentCard, language: Language) -> str:
    """`/incidents <id>`: id and status line, category/severity, app/namespace, root cause,
    a one-line change summary and the API link (mrkdwn, under 4,000 characters)."""
    empty = text("empty", language)

    def value(raw: str, limit: int = 100) -> str:
        return _fit(raw, limit) or empty

    return "\n".join(
        [
            f"*`{value(card.incident_id, 200)}`* — {status_line(card, language)}",
            f"*{text('summary_category', language)}:* {value(card.category)} / "
            f"{value(card.severity)}",
            f"*{text('summary_app', language)}:* {value(card.app)} / {value(card.namespace)}",
            f"*{text('root_cause', language)}:* {value(card.root_cause, 1000)}",
            f"*{text('summary_change', language)}:* {_change_summary(card, language)}",
            text("summary_details", language, link=escape(card.link)),
        ]
    )


def validation_error(key: str, language: Language, **fill: str) -> str:
    """A modal field error (plain text, keys quantity, integer, required); fill values are
    cut to 100 characters; KeyError for another key."""
    if key not in VALIDATION_KEYS:
        raise KeyError(key)
    return text(key, language, **{name: _clip(v, 100) for name, v in fill.items()})
