"""Errors as RFC 9457 problem details (`application/problem+json`): the body, the exception
a route raises to answer one, and their OpenAPI documentation.

Every refusal names what was wrong (the field, the limit) in `detail` and, for validation
errors, lists each bad field under `errors`. How each refusal is rendered, logged once and
counted is receiver.api.refusals.
"""

from __future__ import annotations

import msgspec
from litestar import Response
from litestar.exceptions import HTTPException
from litestar.openapi.datastructures import ResponseSpec

from graph.records.ids import is_incident_id
from receiver.metrics import Reason

PROBLEM_JSON = "application/problem+json"


class FieldError(msgspec.Struct, frozen=True):
    """One bad field: where (`$.alerts[0].startsAt`) and why."""

    field: str
    message: str


class Problem(msgspec.Struct, frozen=True, omit_defaults=True):
    """The problem-details body."""

    status: int
    title: str
    detail: str
    type: str = "about:blank"
    instance: str = ""
    errors: list[FieldError] = []


class ProblemError(HTTPException):
    """An HTTP error we raise on purpose, with the title and detail the client should read.

    `reason` and `count` say what to count as refused (e.g. `queue_full`, 100 alerts).
    """

    def __init__(
        self,
        status_code: int,
        title: str,
        detail: str,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
        reason: Reason | None = None,
        count: int = 1,
    ) -> None:
        """A problem with `status_code`, `title` and `detail` (see the class doc)."""
        super().__init__(detail=detail, status_code=status_code, headers=headers)
        self.title = title
        self.errors = errors or []
        self.reason = reason
        self.count = count


# What each refusal means, for the OpenAPI documentation of the routes that can answer it.
_PROBLEM_DESCRIPTIONS = {
    400: "Invalid request: the body, a parameter or a header (problem details name it)",
    401: "Missing or invalid credentials (API key, webhook token or Slack signature)",
    403: "The API key's role does not allow this route (problem details name the role needed)",
    404: "No such incident",
    409: "The incident is not in a state that allows this request",
    413: "Request body larger than the configured limit",
    429: "Rate limited; retry after `Retry-After` seconds",
    502: "An upstream system (Alertmanager) refused the request or did not answer",
    503: "Temporarily unavailable (queue full, stopping, or git unreadable); retry later",
}


def problem_responses(*statuses: int) -> dict[int, ResponseSpec]:
    """OpenAPI documentation of the problem+json refusals a route can answer with (a handler's
    `responses=`); replaces Litestar's default 400, which has another body and media type."""
    return {
        status: ResponseSpec(
            data_container=Problem,
            media_type=PROBLEM_JSON,
            description=_PROBLEM_DESCRIPTIONS[status],
            generate_examples=False,
        )
        for status in statuses
    }


def problem_response(problem: Problem, headers: dict[str, str] | None = None) -> Response[bytes]:
    """Render `problem` with the problem+json media type."""
    return Response(
        content=msgspec.json.encode(problem),
        status_code=problem.status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def require_incident_id(incident_id: str) -> None:
    """400 problem unless `incident_id` matches the id pattern (graph.record)."""
    if not is_incident_id(incident_id):
        raise ProblemError(
            400,
            "Invalid incident id",
            "incident ids look like incident-20261124153012-7f3a",
            [FieldError("incident_id", "does not match the id pattern")],
        )
