"""Short Slack texts (pure): thread replies, ephemeral answers, slash-command answers and
validation messages, in English and Korean."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from receiver.slack.blocks import reason_text, status_line
from receiver.slack.card import IncidentCard
from receiver.slack.mrkdwn import LIST_MAX, clip, escape, fit
from receiver.slack.texts import (
    EPHEMERAL_KEYS,
    VALIDATION_KEYS,
    Language,
    duration,
    status_name,
    text,
)


def thread_failure(card: IncidentCard, language: Language) -> str:
    """The thread reply when the workflow failed (or its commit failed: then it says the
    change can be approved again), with the reason and, for a failure, the API link."""
    reason = reason_text(card, language, "unknown_error").rstrip(".")
    incident = fit(card.incident_id, 200)
    if str(card.status) == "commit_failed":
        return text("thread_commit_failure", language, incident_id=incident, reason=reason)
    link = escape(card.link)
    return text("thread_failure", language, incident_id=incident, reason=reason, link=link)


def thread_reminder(card: IncidentCard, waited_seconds: float, language: Language) -> str:
    """The thread reminder: "⏰ still awaiting approval after 35 min" (translated)."""
    return text("thread_reminder", language, duration=duration(waited_seconds, language))


def ephemeral(key: str, language: Language, **fill: str) -> str:
    """A short reply only the user sees (keys: not_allowed, approvers_unavailable, stale,
    refused_never, refused_again, already_decided,
    unknown_incident, feedback_recorded, triggered, error). Fill values are escaped and
    cut to 500 characters; a `status` fill is translated; KeyError for another key."""
    if key not in EPHEMERAL_KEYS:
        raise KeyError(key)
    safe = {name: fit(value, 500) for name, value in fill.items()}
    if "status" in fill:
        safe["status"] = fit(status_name(fill["status"], language), 100)
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
        return fit(str(value), 100) if value else empty

    lines = [text("list_title", language)]
    for item in items[:LIST_MAX]:
        status = status_name(str(item.get("status", "")), language)
        lines.append(
            f"• `{field(item, 'id')}` — {fit(status, 100)} · {field(item, 'category')}"
            f" · {field(item, 'app')}"
        )
    if len(items) > LIST_MAX:
        lines.append(text("and_more", language, count=str(len(items) - LIST_MAX)))
    return "\n".join(lines)


def _change_summary(card: IncidentCard, language: Language) -> str:
    if card.changes:
        shown = [f"`{fit(p, 200)}` → `{fit(v, 200)}`" for p, v in card.changes[:3]]
        more = len(card.changes) - 3
        extra = " " + text("and_more", language, count=str(more)) if more > 0 else ""
        return ", ".join(shown) + extra
    if card.refusal:
        return text("refusal", language, refusal=fit(card.refusal, 500))
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
        return fit(raw, limit) or empty

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
    return text(key, language, **{name: clip(v, 100) for name, v in fill.items()})
