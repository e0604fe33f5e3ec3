"""Negative feedback files (pure): what a person, or the outcome, said was wrong with a fix.

`examples/<id>/feedback_negative.json` is written by the API (a person's "this did not work"),
and by the workflow itself when a proposal is rejected with a reason or a fix did not make the
alert resolve. The feedback loop (`graph.learning.loop`) reads them back; their commit message is
`graph.records.commit_message.feedback_commit_message`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from graph.masking import mask_secrets
from graph.records.ids import check_incident_id
from graph.records.incident import IncidentRecord

FEEDBACK_NEGATIVE = "feedback_negative.json"
FeedbackSource = Literal["api", "slack", "web", "rejection", "not_recovered"]
MAX_TEXT = 10_000


def original_action(change_summary: str, actions: list[str] | tuple[str, ...]) -> str:
    """What the incident did, in words: its values change, else its first proposed action."""
    if change_summary.strip():
        return change_summary.strip()
    first = next((a.strip() for a in actions if a.strip()), "")
    return first or "no values change"


def negative_feedback(
    *,
    incident_id: str,
    reason: str,
    original: str,
    expected_result: str,
    timestamp: datetime,
    user: str = "",
    source: FeedbackSource = "api",
    category: str = "",
    app: str = "",
) -> dict[str, Any]:
    """The feedback_negative.json document.

    ValueError for a malformed id, an empty reason or a naive timestamp.

    Its text is masked here (graph.masking), as it comes in and before anything folds or
    serialises it: the file, the commit message and the API all show this same text.
    """
    check_incident_id(incident_id)
    if not reason.strip():
        raise ValueError("negative feedback needs a reason")
    if timestamp.utcoffset() is None:
        raise ValueError("timestamp must be timezone-aware")
    return {
        "incident_id": incident_id,
        "feedback_type": "negative",
        "reason": mask_secrets(reason.strip())[:MAX_TEXT],
        "original_action": mask_secrets(original),
        "expected_result": mask_secrets(expected_result.strip())[:MAX_TEXT],
        "timestamp": timestamp.isoformat(),
        "user": mask_secrets(user),
        "source": source,
        "error_category": mask_secrets(category),
        "app_name": mask_secrets(app),
    }


def render_feedback(document: Mapping[str, Any]) -> str:
    """The file text: indented JSON, UTF-8 kept readable, newline-terminated."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def parse_feedback(text: str | None) -> dict[str, Any] | None:
    """A negative feedback document read back; None when absent or not a JSON object."""
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def automatic_feedback(record: IncidentRecord, timestamp: datetime) -> dict[str, Any] | None:
    """The feedback the workflow writes itself.

    For a rejection with a reason (the reason), and for a fix after which the alert kept firing.
    None for every other record.
    """
    source: FeedbackSource
    if record.decision == "reject" and record.reason.strip():
        reason, user, source = record.reason, record.approver or "", "rejection"
    elif record.outcome == "not_recovered":
        reason, user, source = (
            "the alert was still firing when verification ended",
            "",
            "not_recovered",
        )
    else:
        return None
    return negative_feedback(
        incident_id=record.id,
        reason=reason,
        original=original_action(record.change_summary, record.actions),
        expected_result="",
        timestamp=timestamp,
        user=user,
        source=source,
        category=record.category,
        app=record.app,
    )
