"""Incident read routes: the list (git history merged with in-flight incidents), one
incident's detail, and one in-flight incident's live status.

Every read of git history first catches its index up with the branch
(receiver.incidents.history); the merge of git and memory is receiver.incidents.listing, the
answers are receiver.api.views.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Annotated

from litestar import get
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery, QueryParameter

from graph.git.history import HistoryIndex
from graph.git.items import MAX_LIMIT
from receiver.api.problems import (
    FieldError,
    ProblemError,
    problem_responses,
    require_incident_id,
)
from receiver.api.views import (
    IncidentDetail,
    IncidentPage,
    IncidentStatusView,
    incident_detail,
    incident_status_view,
    list_item,
)
from receiver.incidents.history import catch_up
from receiver.incidents.listing import Filters, entry_of, page
from receiver.incidents.model import IncidentStatus
from receiver.incidents.registry import IncidentRegistry
from receiver.incidents.watch import IncidentWatch

STATUSES = frozenset({s.value for s in IncidentStatus} | {"unknown"})
# While the workflow holds an incident in these, nobody can act on it: `?wait=` waits them out.
BUSY = frozenset({IncidentStatus.RECEIVED, IncidentStatus.ANALYZING, IncidentStatus.COMMITTING})
MAX_WAIT_SECONDS = 30.0


def _aware(stamp: datetime | None) -> datetime | None:
    return stamp if stamp is None or stamp.utcoffset() is not None else stamp.replace(tzinfo=UTC)


def _bad_query(name: str, detail: str, message: str) -> ProblemError:
    return ProblemError(
        400,
        "Invalid query parameter",
        f"query parameter {name}: {detail}",
        [FieldError(name, message)],
    )


def incident_routes(
    registry: IncidentRegistry, history: HistoryIndex, watch: IncidentWatch
) -> list[HTTPRouteHandler]:
    """The read handlers, bound to the registry (in flight), the history index (git) and the
    watch that lets a status request wait for a change."""
    return [
        list_route(registry, history),
        detail_route(registry, history),
        status_route(registry, history, watch),
    ]


def list_route(registry: IncidentRegistry, history: HistoryIndex) -> HTTPRouteHandler:
    """`GET /api/incidents`: git history and the registry, merged."""

    @get(
        "/api/incidents",
        tags=["incidents"],
        summary="List incidents, newest first",
        responses=problem_responses(400, 401, 429, 503),
    )
    async def list_incidents(
        limit: Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)] = 50,
        cursor: FromQuery[str | None] = None,
        status: FromQuery[str | None] = None,
        category: FromQuery[str | None] = None,
        app: FromQuery[str | None] = None,
        cluster: FromQuery[str | None] = None,
        since: FromQuery[datetime | None] = None,
        until: FromQuery[datetime | None] = None,
    ) -> IncidentPage:
        """Every incident — finished ones from git history, in-flight ones from memory —
        newest first by `created`. Filters: `status`, `category`, `app`, `cluster` (of the
        incidents this process holds: in flight or among the last 1,000 it finished), and
        `since`/`until` (ISO 8601, inclusive bounds on `created`; without an offset they mean
        UTC). Pass
        `next_cursor` as `cursor` for the next page; it is null on the last."""
        if status is not None and status not in STATUSES:
            allowed = ", ".join(sorted(STATUSES))
            raise _bad_query("status", f"must be one of {allowed}", "unknown status")
        await catch_up(history)
        filters = Filters(status, category, app, _aware(since), _aware(until), cluster)
        try:
            entries, next_cursor = page(
                history.ordered(), registry.newest_first(), history.item, filters, limit, cursor
            )
        except ValueError:
            raise _bad_query("cursor", "not one this API returned", "malformed") from None
        return IncidentPage(items=[list_item(e) for e in entries], next_cursor=next_cursor)

    return list_incidents


def detail_route(registry: IncidentRegistry, history: HistoryIndex) -> HTTPRouteHandler:
    """`GET /api/incidents/{id}`: one incident in full, from git and memory."""

    @get(
        "/api/incidents/{incident_id:str}",
        tags=["incidents"],
        summary="One incident in full",
        responses=problem_responses(400, 401, 404, 429, 503),
    )
    async def get_incident(incident_id: FromPath[str]) -> IncidentDetail:
        """The parsed summary.md, the diff, the feedback files and the commits (sha, subject,
        author, date, trailers). 400 for a malformed id, 404 for an unknown one."""
        require_incident_id(incident_id)
        await catch_up(history)
        entry = entry_of(registry.get(incident_id), history.item(incident_id))
        if entry is None:
            raise ProblemError(404, "Incident not found", f"no incident {incident_id}")
        detail = await asyncio.to_thread(history.detail, incident_id)
        return incident_detail(entry, detail)

    return get_incident


def status_route(
    registry: IncidentRegistry, history: HistoryIndex, watch: IncidentWatch
) -> HTTPRouteHandler:
    """`GET /api/incidents/{id}/status`: one in-flight incident as this process knows it."""

    @get(
        "/api/incidents/{incident_id:str}/status",
        tags=["incidents"],
        summary="One in-flight incident's live status",
        responses=problem_responses(400, 401, 404, 429),
    )
    async def incident_status(
        incident_id: FromPath[str],
        wait: Annotated[float, QueryParameter(ge=0, le=MAX_WAIT_SECONDS)] = 0,
    ) -> IncidentStatusView:
        """The incident with this id as this process knows it (in flight, or among the last
        1,000 it finished); 400 for a malformed id, 404 for one it does not hold (an older
        one's 404 points at GET /api/incidents/{id}, its record in git). With `wait` (seconds,
        at most 30) the answer waits while the workflow is busy (`received`, `analyzing`,
        `committing`): it comes when a person can act on it — a proposal to decide on — or
        the incident moved on, or the time is up (then it shows the busy status)."""
        require_incident_id(incident_id)
        incident = registry.get(incident_id)
        if incident is not None and wait > 0:
            await watch.until(incident, lambda i: i.status not in BUSY, wait)
        if incident is None:
            if history.item(incident_id) is not None:
                raise ProblemError(
                    404,
                    "Incident not in memory",
                    f"incident {incident_id} finished a while ago; its record is at "
                    f"GET /api/incidents/{incident_id}",
                )
            raise ProblemError(404, "Incident not found", f"no incident {incident_id}")
        return incident_status_view(incident)

    return incident_status
