"""Incident read routes: the list and one incident's status with the workflow's live view."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Annotated

import msgspec
from litestar import get
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery, QueryParameter

from graph.record import is_incident_id
from receiver.incidents import Incident, IncidentRegistry
from receiver.problems import FieldError, ProblemError

MAX_PAGE = 200


class Counters(msgspec.Struct, frozen=True):
    """How many alerts an incident has seen: distinct alerts, repeats, resolved, firing."""

    alerts: int
    repeats: int
    resolved: int
    firing: int
    events: int


class IncidentView(msgspec.Struct, frozen=True):
    """An incident as the API shows it."""

    id: str
    status: str
    sources: list[str]
    tenant: str
    namespace: str
    app: str
    alertname: str
    fingerprints: list[str]
    counters: Counters
    first_seen: datetime
    last_seen: datetime


class IncidentStatusView(IncidentView, frozen=True):
    """One incident with what its workflow found, proposed and committed so far.

    `alerts_resolved` is true once every alert of the incident resolved (also while the
    proposal still waits for a decision)."""

    category: str
    severity: str
    root_cause: str
    actions: list[str]
    diff: str
    diff_sha256: str
    change_summary: str
    refusal: str | None
    commit_sha: str | None
    outcome_sha: str | None
    commit_shas: list[str]
    reason: str | None
    alerts_resolved: bool
    updated: datetime | None


class IncidentPage(msgspec.Struct, frozen=True):
    """One page of incidents, newest first; pass `next_cursor` as `cursor` for the next."""

    items: list[IncidentView]
    next_cursor: str | None


def incident_view(incident: Incident) -> IncidentView:
    """The API view of `incident`."""
    key = incident.key
    return IncidentView(
        id=incident.id,
        status=incident.status.value,
        sources=[s.value for s in incident.sources],
        tenant=key.tenant,
        namespace=key.namespace,
        app="" if key.workload.startswith("fp:") else key.workload,
        alertname=key.alertname,
        fingerprints=list(incident.alerts),
        counters=Counters(
            alerts=len(incident.alerts),
            repeats=incident.repeats,
            resolved=incident.resolved,
            firing=incident.firing,
            events=incident.events,
        ),
        first_seen=incident.first_seen,
        last_seen=incident.last_seen,
    )


def incident_status_view(incident: Incident) -> IncidentStatusView:
    """The status view of `incident`: the list view plus the workflow's live view."""
    live = incident.live
    base = msgspec.structs.asdict(incident_view(incident))
    if live.app:
        base["app"] = live.app
    return IncidentStatusView(
        **base,
        category=live.category,
        severity=live.severity,
        root_cause=live.root_cause,
        actions=list(live.actions),
        diff=live.diff,
        diff_sha256=live.diff_sha256,
        change_summary=live.change_summary,
        refusal=live.refusal,
        commit_sha=live.commit_sha,
        outcome_sha=live.outcome_sha,
        commit_shas=[sha for sha in (live.commit_sha, live.outcome_sha) if sha],
        reason=live.reason,
        alerts_resolved=incident.all_resolved,
        updated=live.updated,
    )


def _encode_cursor(incident_id: str) -> str:
    return base64.urlsafe_b64encode(incident_id.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> str:
    try:
        value = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        value = ""
    if not is_incident_id(value):
        raise ProblemError(
            400,
            "Invalid cursor",
            "cursor is not one this API returned",
            [FieldError("cursor", "malformed")],
        )
    return value


def check_incident_id(incident_id: str) -> None:
    """400 problem unless `incident_id` matches the id pattern."""
    if not is_incident_id(incident_id):
        raise ProblemError(
            400,
            "Invalid incident id",
            "incident ids look like incident-20261124153012-7f3a",
            [FieldError("incident_id", "does not match the id pattern")],
        )


def incident_routes(registry: IncidentRegistry) -> list[HTTPRouteHandler]:
    """The read handlers, bound to `registry`."""

    @get("/api/incidents", tags=["incidents"], summary="List incidents, newest first")
    async def list_incidents(
        limit: Annotated[int, QueryParameter(ge=1, le=MAX_PAGE)] = 50,
        cursor: FromQuery[str | None] = None,
    ) -> IncidentPage:
        """Incidents newest first, `limit` per page; `next_cursor` is null on the last page."""
        after = _decode_cursor(cursor) if cursor else None
        items: list[IncidentView] = []
        started = after is None
        more = False
        for incident in registry.newest_first():
            if not started:
                started = incident.id == after
                continue
            if len(items) == limit:
                more = True
                break
            items.append(incident_view(incident))
        next_cursor = _encode_cursor(items[-1].id) if more and items else None
        return IncidentPage(items=items, next_cursor=next_cursor)

    @get(
        "/api/incidents/{incident_id:str}/status",
        tags=["incidents"],
        summary="One incident's status",
    )
    async def incident_status(incident_id: FromPath[str]) -> IncidentStatusView:
        """The incident with this id; 400 for a malformed id, 404 for an unknown one."""
        check_incident_id(incident_id)
        incident = registry.get(incident_id)
        if incident is None:
            raise ProblemError(404, "Incident not found", f"no incident {incident_id}")
        return incident_status_view(incident)

    return [list_incidents, incident_status]
