"""The decision routes: a human approves, rejects or modifies an incident's proposal, or
acknowledges advice (an advice-only incident has nothing to approve).

The decision is checked and applied by the thread runner (receiver.threads.decisions); these
routes only translate its refusals: 400 for an inconsistent decision, 409 when the incident
is not awaiting one (or not advice), or the proposal changed.

Who decides: with API_KEYS set, the name of the key the request came with (an approve or
admin key, receiver.api.access). The body's `user`, when given and different, is kept as
"on behalf of" in the decision's comment (so in the record and the log) but is not an
identity: two decisions through one key are one person's. Without API_KEYS the body's `user`
is who decides, and is required."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request, post
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, JSONBody

from graph.state import DecisionKind
from receiver.api.access import caller_key_name
from receiver.api.problems import (
    FieldError,
    ProblemError,
    problem_responses,
    require_incident_id,
)
from receiver.incidents.registry import IncidentRegistry
from receiver.threads.decisions import (
    InvalidDecision,
    NotAdvising,
    NotAwaitingDecision,
    PolicyRefusal,
    StaleProposal,
)
from receiver.threads.runner import WorkflowRunner


class Feedback(msgspec.Struct, frozen=True):
    """A decision on the proposal shown, bound to that proposal's `diff_sha256`."""

    decision: DecisionKind
    user: Annotated[str, msgspec.Meta(max_length=200)] = ""
    diff_sha256: Annotated[str, msgspec.Meta(max_length=128)] = ""
    comment: Annotated[str, msgspec.Meta(max_length=10_000)] = ""
    overrides: dict[str, str] = {}


class Acknowledgement(msgspec.Struct, frozen=True):
    """Who read the advice of an advice-only incident, and what they say about it."""

    user: Annotated[str, msgspec.Meta(max_length=200)] = ""
    comment: Annotated[str, msgspec.Meta(max_length=10_000)] = ""


class FeedbackAccepted(msgspec.Struct, frozen=True):
    """The incident and its status after the decision was applied."""

    incident_id: str
    status: str


def decider(request: Request[Any, Any, Any], user: str, comment: str) -> tuple[str, str]:
    """Who decides and the comment to record: the API key's name, with the body's `user`
    (when given and different) noted in the comment as "on behalf of"; without API_KEYS the
    body's `user` (400 when empty)."""
    key = caller_key_name(request)
    user = user.strip()
    if key is None:
        if not user:
            raise ProblemError(
                400,
                "Invalid request body",
                "user is required: without API keys the body's user is who decides",
                [FieldError("$.user", "missing or empty")],
            )
        return user, comment
    if user and user != key:
        comment = f"[on behalf of {user}] {comment}".rstrip()
    return key, comment


def approval_routes(
    registry: IncidentRegistry, workflows: WorkflowRunner
) -> list[HTTPRouteHandler]:
    """The feedback handler, bound to the registry and the workflow runner."""

    @post(
        "/api/incidents/{incident_id:str}/feedback",
        status_code=202,
        tags=["incidents"],
        summary="Approve, reject or modify an incident's proposal",
        responses=problem_responses(400, 401, 403, 404, 409, 413, 429),
        opt={"role": "approve"},
    )
    async def feedback(
        incident_id: FromPath[str], data: JSONBody[Feedback], request: Request[Any, Any, Any]
    ) -> FeedbackAccepted:
        """Resume the approval. 400 bad body or id, 404 unknown incident, 409 when the
        incident is not awaiting a decision or `diff_sha256` is not the diff shown now. With
        API keys the key's name decides (`user` is kept as "on behalf of")."""
        require_incident_id(incident_id)
        user, comment = decider(request, data.user, data.comment)
        if not data.diff_sha256:
            raise ProblemError(
                400,
                "Missing diff_sha256",
                "diff_sha256 is required: a decision is bound to the proposal it was shown. "
                f"Fetch the current proposal (GET /api/incidents/{incident_id}/status?wait=10, "
                "once it is awaiting_approval) and send its diff_sha256",
                [FieldError("$.diff_sha256", "missing or empty")],
            )
        incident = registry.get(incident_id)
        if incident is None:
            raise ProblemError(404, "Incident not found", f"no incident {incident_id}")
        try:
            decision = {**msgspec.structs.asdict(data), "user": user, "comment": comment}
            status = await workflows.decide(incident, decision)
        except InvalidDecision as exc:
            raise ProblemError(
                400, "Invalid request body", str(exc), [FieldError("$.overrides", str(exc))]
            ) from None
        except NotAwaitingDecision as exc:
            raise ProblemError(409, "Not awaiting a decision", str(exc)) from None
        except StaleProposal as exc:
            raise ProblemError(409, "Proposal changed", str(exc)) from None
        except PolicyRefusal as exc:
            raise ProblemError(409, "Refused by the approval policy", str(exc)) from None
        return FeedbackAccepted(incident_id=incident_id, status=status.value)

    return [feedback, acknowledge_route(registry, workflows)]


def acknowledge_route(registry: IncidentRegistry, workflows: WorkflowRunner) -> HTTPRouteHandler:
    """`POST /api/incidents/{id}/acknowledge`, bound to the registry and the runner."""

    @post(
        "/api/incidents/{incident_id:str}/acknowledge",
        status_code=202,
        tags=["incidents"],
        summary="Acknowledge an advice-only incident",
        responses=problem_responses(400, 401, 403, 404, 409, 413, 429),
        opt={"role": "approve"},
    )
    async def acknowledge(
        incident_id: FromPath[str], data: JSONBody[Acknowledgement], request: Request[Any, Any, Any]
    ) -> FeedbackAccepted:
        """End an `advising` incident (root cause and actions, no values change): it becomes
        `acknowledged` and is recorded in git. 400 bad body or id, 404 unknown incident, 409
        when the incident is not advice waiting for an acknowledgement. With API keys the
        key's name acknowledges (`user` is kept as "on behalf of")."""
        require_incident_id(incident_id)
        user, comment = decider(request, data.user, data.comment)
        incident = registry.get(incident_id)
        if incident is None:
            raise ProblemError(404, "Incident not found", f"no incident {incident_id}")
        try:
            status = await workflows.acknowledge(incident, user, comment)
        except NotAdvising as exc:
            raise ProblemError(409, "Not advice to acknowledge", str(exc)) from None
        return FeedbackAccepted(incident_id=incident_id, status=status.value)

    return acknowledge
