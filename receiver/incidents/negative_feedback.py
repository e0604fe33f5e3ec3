"""Saying that an incident's fix did not work: checked, written and committed to git.

`record_negative_feedback` is the one place this happens; the API
(`POST /api/incidents/{id}/feedback/negative`) and Slack (`/feedback <id> <text>`) both call
it. Only an incident with a decision recorded in git can get it (graph.feedback builds the
file, examples/<id>/feedback_negative.json; a later one replaces it and git keeps both).
Refusals are exceptions whose message is what the person is told: BlankReason, UnknownIncident,
NoDecisionYet, and from below HistoryUnavailable and graph.store.StoreError.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

import structlog

from graph.git.gitops import GitStore
from graph.git.history import HistoryIndex
from graph.records.commit_message import feedback_commit_message
from graph.records.ids import check_incident_id
from graph.records.negative_feedback import (
    FEEDBACK_NEGATIVE,
    FeedbackSource,
    negative_feedback,
    original_action,
    render_feedback,
)
from receiver.incidents.history import catch_up
from receiver.incidents.registry import IncidentRegistry

log = structlog.get_logger("alertgraph.learning")


class FeedbackRefused(Exception):
    """Negative feedback that cannot be recorded; the message says why."""


class BlankReason(FeedbackRefused):
    """The reason is blank."""


class UnknownIncident(FeedbackRefused):
    """No incident has this id."""


class NoDecisionYet(FeedbackRefused):
    """The incident is known but has no decision recorded in git yet."""


@dataclass(frozen=True, slots=True)
class Recorded:
    """The feedback file and the commit that holds it."""

    incident_id: str
    file: str
    commit_sha: str


@dataclass(frozen=True, slots=True)
class FixDidNotWork:
    """What did not work: why, what was needed instead, who says so, and through what."""

    reason: str
    expected_result: str
    user: str
    source: FeedbackSource = "api"


async def record_negative_feedback(
    registry: IncidentRegistry,
    history: HistoryIndex,
    store: GitStore,
    incident_id: str,
    feedback: FixDidNotWork,
    now: datetime,
) -> Recorded:
    """Write and commit examples/<id>/feedback_negative.json for `incident_id` (a valid id:
    ValueError otherwise). BlankReason, UnknownIncident, NoDecisionYet, HistoryUnavailable
    or StoreError (the commit failed) when it cannot."""
    check_incident_id(incident_id)
    if not feedback.reason.strip():
        raise BlankReason("reason is blank")
    await catch_up(history)
    item = history.item(incident_id)
    if item is None:
        if registry.get(incident_id) is not None:
            raise NoDecisionYet(
                f"incident {incident_id} has no decision recorded yet; "
                "reject it with a reason instead"
            )
        raise UnknownIncident(f"no incident {incident_id}")
    detail = await asyncio.to_thread(history.detail, incident_id)
    summary = (detail.summary if detail else None) or {}
    document = negative_feedback(
        incident_id=incident_id,
        reason=feedback.reason,
        original=original_action(
            str(summary.get("change_summary") or ""), list(summary.get("actions") or [])
        ),
        expected_result=feedback.expected_result,
        timestamp=now,
        user=feedback.user,
        source=feedback.source,
        category=item.category,
        app=item.app,
    )
    path = f"examples/{incident_id}/{FEEDBACK_NEGATIVE}"
    message = feedback_commit_message(document, feedback.user)
    committed = await asyncio.to_thread(
        store.commit_files, {path: render_feedback(document)}, message
    )
    sha = committed[0] if committed else await asyncio.to_thread(store.head)
    log.info("negative feedback", incident_id=incident_id, user=feedback.user, commit_sha=sha)
    return Recorded(incident_id=incident_id, file=path, commit_sha=sha)
