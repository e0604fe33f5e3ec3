"""Learning routes: negative feedback on a finished incident, running the feedback loop, and
reading what it learned. Answers are masked like every incident answer (receiver.api.views)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

import msgspec
import structlog
from litestar import get, post
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery, JSONBody

from graph.feedback import (
    FEEDBACK_NEGATIVE,
    MAX_TEXT,
    FeedbackSource,
    feedback_commit_message,
    negative_feedback,
    original_action,
    render_feedback,
)
from graph.history import HistoryIndex
from graph.learning import FeedbackLoop, read_patterns
from graph.store import GitStore, StoreError
from receiver.api.incidents import catch_up
from receiver.api.problems import FieldError, ProblemError, problem_responses
from receiver.api.views import check_incident_id, masked
from receiver.incidents.registry import IncidentRegistry

log = structlog.get_logger("alertgraph.learning")


class NegativeFeedback(msgspec.Struct, frozen=True):
    """What did not work: why, what was needed instead, and who says so."""

    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_TEXT)]
    user: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    expected_result: Annotated[str, msgspec.Meta(max_length=MAX_TEXT)] = ""


class FeedbackRecorded(msgspec.Struct, frozen=True):
    """The feedback file and the commit that holds it."""

    incident_id: str
    file: str
    commit_sha: str


class LoopRun(msgspec.Struct, frozen=True):
    """One run of the feedback loop: its commit (null when nothing changed) and files."""

    commit_sha: str | None
    files: list[str]
    incidents_scanned: int
    groups: int
    negative_feedback: int


class PatternsList(msgspec.Struct, frozen=True):
    """The learned patterns files (examples/learning/*_patterns.json), as committed."""

    items: list[dict[str, Any]]


def _store_failed(exc: StoreError) -> ProblemError:
    return ProblemError(503, "Commit failed", str(exc))


async def record_negative_feedback(
    registry: IncidentRegistry,
    history: HistoryIndex,
    store: GitStore,
    now: datetime,
    incident_id: str,
    reason: str,
    expected_result: str,
    user: str,
    source: FeedbackSource = "api",
) -> FeedbackRecorded:
    """Write and commit examples/<id>/feedback_negative.json. ProblemError 400 (bad id, blank
    reason), 404 (unknown incident), 409 (no decision recorded yet), 503 (commit failed)."""
    check_incident_id(incident_id)
    if not reason.strip():
        raise ProblemError(
            400, "Invalid request body", "reason is blank", [FieldError("$.reason", "blank")]
        )
    await catch_up(history)
    item = history.item(incident_id)
    if item is None:
        if registry.get(incident_id) is not None:
            raise ProblemError(
                409,
                "No decision yet",
                f"incident {incident_id} has no decision recorded yet; "
                "reject it with a reason instead",
            )
        raise ProblemError(404, "Incident not found", f"no incident {incident_id}")
    detail = await asyncio.to_thread(history.detail, incident_id)
    summary = (detail.summary if detail else None) or {}
    document = negative_feedback(
        incident_id=incident_id,
        reason=reason,
        original=original_action(
            str(summary.get("change_summary") or ""), list(summary.get("actions") or [])
        ),
        expected_result=expected_result,
        timestamp=now,
        user=user,
        source=source,
        category=item.category,
        app=item.app,
    )
    path = f"examples/{incident_id}/{FEEDBACK_NEGATIVE}"
    message = feedback_commit_message(document, user)
    try:
        committed = await asyncio.to_thread(
            store.commit_files, {path: render_feedback(document)}, message
        )
    except StoreError as exc:
        raise _store_failed(exc) from None
    sha = committed[0] if committed else await asyncio.to_thread(store.head)
    log.info("negative feedback", incident_id=incident_id, user=user, commit_sha=sha)
    return masked(FeedbackRecorded(incident_id=incident_id, file=path, commit_sha=sha))


def learning_routes(
    registry: IncidentRegistry,
    history: HistoryIndex,
    store: GitStore,
    loop: FeedbackLoop,
    now: Callable[[], datetime],
) -> list[HTTPRouteHandler]:
    """The learning handlers, bound to the history index, the store and the loop."""

    @post(
        "/api/incidents/{incident_id:str}/feedback/negative",
        status_code=201,
        tags=["learning"],
        summary="Say that an incident's fix did not work",
        responses=problem_responses(400, 401, 404, 409, 413, 429, 503),
    )
    async def feedback_negative(
        incident_id: FromPath[str], data: JSONBody[NegativeFeedback]
    ) -> FeedbackRecorded:
        """Writes examples/<id>/feedback_negative.json (a later one replaces it; git keeps
        both) and commits it. 400 bad body or id, 404 unknown incident, 409 when the incident
        has no decision recorded in git yet."""
        return await record_negative_feedback(
            registry,
            history,
            store,
            now(),
            incident_id,
            data.reason,
            data.expected_result,
            data.user,
        )

    @post(
        "/api/feedback-loop/process",
        status_code=200,
        tags=["learning"],
        summary="Run the feedback loop now",
        responses=problem_responses(401, 429, 503),
    )
    async def process() -> LoopRun:
        """Learns from every negative feedback and outcome in git and commits the patterns
        files that changed (one commit; none when nothing changed)."""
        try:
            result = await asyncio.to_thread(loop.run)
        except StoreError as exc:
            raise _store_failed(exc) from None
        return masked(
            LoopRun(
                commit_sha=result.commit_sha,
                files=list(result.files),
                incidents_scanned=result.incidents_scanned,
                groups=result.groups,
                negative_feedback=result.negative_feedback,
            )
        )

    @get(
        "/api/learning/patterns",
        tags=["learning"],
        summary="What the feedback loop learned",
        responses=problem_responses(400, 401, 429),
    )
    async def patterns(
        error_category: FromQuery[str | None] = None, app_name: FromQuery[str | None] = None
    ) -> PatternsList:
        """The committed patterns files, narrowed by `error_category` and `app_name`."""
        try:
            items = await asyncio.to_thread(read_patterns, store, error_category, app_name)
        except ValueError as exc:
            raise ProblemError(
                400,
                "Invalid filter",
                str(exc),
                [FieldError("error_category/app_name", "not a category or app name")],
            ) from None
        return masked(PatternsList(items=items))

    return [feedback_negative, process, patterns]
