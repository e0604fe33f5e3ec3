"""Learning routes: negative feedback on a finished incident, running the feedback loop, and
reading what it learned. Answers are masked like every incident answer (receiver.api.views)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import get, post
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery, JSONBody

from graph.git.gitops import GitStore, ReadOnlyStore, StoreError
from graph.git.history import HistoryIndex
from graph.learning.loop import FeedbackLoop, read_patterns
from graph.records.negative_feedback import MAX_TEXT
from receiver.api.problems import FieldError, ProblemError, problem_responses, require_incident_id
from receiver.api.views import masked
from receiver.incidents.negative_feedback import (
    BlankReason,
    FeedbackRefused,
    FixDidNotWork,
    NoDecisionYet,
    record_negative_feedback,
)
from receiver.incidents.registry import IncidentRegistry


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
    if isinstance(exc, ReadOnlyStore):  # DRY_RUN: refused on purpose, not a failure
        return ProblemError(409, "Dry run", str(exc))
    return ProblemError(503, "Commit failed", str(exc))


def _feedback_refused(exc: FeedbackRefused) -> ProblemError:
    """The problem for negative feedback that cannot be recorded."""
    if isinstance(exc, BlankReason):
        return ProblemError(
            400, "Invalid request body", str(exc), [FieldError("$.reason", "blank")]
        )
    if isinstance(exc, NoDecisionYet):
        return ProblemError(409, "No decision yet", str(exc))
    return ProblemError(404, "Incident not found", str(exc))


def learning_routes(
    registry: IncidentRegistry,
    history: HistoryIndex,
    store: GitStore,
    loop: FeedbackLoop,
    now: Callable[[], datetime],
) -> list[HTTPRouteHandler]:
    """The learning handlers, bound to the history index, the store and the loop."""
    return [
        negative_feedback_route(registry, history, store, now),
        loop_route(loop),
        patterns_route(store),
    ]


def negative_feedback_route(
    registry: IncidentRegistry,
    history: HistoryIndex,
    store: GitStore,
    now: Callable[[], datetime],
) -> HTTPRouteHandler:
    """`POST /api/incidents/{id}/feedback/negative` (receiver.incidents.negative_feedback)."""

    @post(
        "/api/incidents/{incident_id:str}/feedback/negative",
        status_code=201,
        tags=["learning"],
        summary="Say that an incident's fix did not work",
        responses=problem_responses(400, 401, 403, 404, 409, 413, 429, 503),
        opt={"role": "approve"},
    )
    async def feedback_negative(
        incident_id: FromPath[str], data: JSONBody[NegativeFeedback]
    ) -> FeedbackRecorded:
        """Writes examples/<id>/feedback_negative.json (a later one replaces it; git keeps
        both) and commits it. 400 bad body or id, 404 unknown incident, 409 when the incident
        has no decision recorded in git yet."""
        require_incident_id(incident_id)
        said = FixDidNotWork(data.reason, data.expected_result, data.user)
        try:
            recorded = await record_negative_feedback(
                registry, history, store, incident_id, said, now()
            )
        except FeedbackRefused as exc:
            raise _feedback_refused(exc) from None
        except StoreError as exc:
            raise _store_failed(exc) from None
        return masked(FeedbackRecorded(recorded.incident_id, recorded.file, recorded.commit_sha))

    return feedback_negative


def loop_route(loop: FeedbackLoop) -> HTTPRouteHandler:
    """`POST /api/feedback-loop/process`, bound to `loop`."""

    @post(
        "/api/feedback-loop/process",
        status_code=200,
        tags=["learning"],
        summary="Run the feedback loop now",
        responses=problem_responses(401, 403, 409, 429, 503),
        opt={"role": "admin"},
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

    return process


def patterns_route(store: GitStore) -> HTTPRouteHandler:
    """`GET /api/learning/patterns`, reading the committed patterns files from `store`."""

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

    return patterns
