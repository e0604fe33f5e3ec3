"""Every refusal the API answers, as a problem: the exception handlers of the app.

The domain's refusals are translated here, once, whichever route meets them: a body that is
not what its route takes (BodyRefused) is a 400; alerts the queue refuses because it is full
or the service is stopping (QueueFull, QueueClosed) are a 503 with `Retry-After: 5`, which
Alertmanager retries; unreadable git history (HistoryUnavailable) is a 503. Litestar's own
validation errors, 404/405/413 and undecodable bodies become problems too, and a bug is a
logged 500 without internals. Each refusal is logged once, without the body, and reported to
the refusal hook (the app counts refused alerts on the ingest routes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

import structlog
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import ExceptionHandlersMap

from receiver.api.problems import FieldError, Problem, ProblemError, problem_response
from receiver.incidents.history import HistoryUnavailable
from receiver.ingest.queue import QueueClosed, QueueFull
from receiver.ingest.wire import BodyRefused
from receiver.metrics import Reason
from receiver.replicas.inbox import InboxUnavailable

log = structlog.get_logger("alertgraph.http")

# Called once per refused request: (path, reason, how many alerts or requests).
RefusalHook = Callable[[str, Reason, int], None]
# For a request no route matched (404, 405): (method, path, headers, client address) → the
# refusal its credentials earn, or None.
UnroutedGate = Callable[[str, str, Iterable[tuple[bytes, bytes]], str | None], ProblemError | None]


def _validation_errors(exc: ValidationException) -> list[FieldError]:
    errors = []
    for item in exc.extra if isinstance(exc.extra, list) else []:
        if isinstance(item, dict):
            message = str(item.get("message", "invalid"))
            key = str(item.get("key") or "body")
            errors.append(FieldError(field=_field_from(message, key), message=message))
    return errors


def _field_from(message: str, key: str) -> str:
    # msgspec messages end in "- at `$.alerts[0].status`"; Litestar gives the path without
    # "$." as the key. Either way the answer names a JSON path starting at "$".
    marker = " - at `"
    if marker in message:
        return message.rsplit(marker, 1)[1].rstrip("`")
    if key in ("data", "body", "$"):
        return "$"
    return key if key.startswith("$") else f"$.{key}"


# Where Litestar found a bad parameter (its `source`), as the title of the problem.
_PARAMETER_TITLES = {
    "query": "Invalid query parameter",
    "path": "Invalid path parameter",
    "header": "Invalid header",
    "cookie": "Invalid cookie",
}


def _validation_problem(exc: ValidationException) -> tuple[str, str, list[FieldError]]:
    """Title, detail and errors of Litestar's validation failure: a bad parameter is named as
    one (`limit`), a bad body field by its JSON path (`$.log_text`)."""
    items = [i for i in exc.extra if isinstance(i, dict)] if isinstance(exc.extra, list) else []
    source = items[0].get("source", "") if items else ""
    source = str(getattr(source, "value", source))  # Litestar's ParamType, or "body"
    title = _PARAMETER_TITLES.get(source)
    if title is None:
        errors = _validation_errors(exc)
        detail = "; ".join(f"{e.field}: {e.message}" for e in errors) or str(exc.detail)
        return "Invalid request body", detail, errors
    errors = [FieldError(str(i.get("key", "")), str(i.get("message", "invalid"))) for i in items]
    noun = title.removeprefix("Invalid ").lower()
    detail = "; ".join(f"{noun} {e.field}: {e.message}" for e in errors)
    return title, detail, errors


def _title_for(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _reason(exc: HTTPException) -> Reason | None:
    if isinstance(exc, ProblemError):
        return exc.reason
    return {400: Reason.INVALID_BODY, 413: Reason.TOO_LARGE}.get(exc.status_code)


def render_http_exception(
    request: Request[Any, Any, Any], exc: HTTPException, on_refused: RefusalHook
) -> Response[bytes]:
    """Turn any HTTPException (ours, Litestar's validation, 404, 405, 413) into a problem,
    log it once and report it to `on_refused`."""
    status = exc.status_code
    errors: list[FieldError]
    if isinstance(exc, ProblemError):
        title, detail, errors = exc.title, exc.detail, exc.errors
    elif isinstance(exc, ValidationException):
        title, detail, errors = _validation_problem(exc)
    elif status == 400:
        title, detail = "Invalid request body", str(exc.detail)
        errors = [FieldError(field="$", message=detail)]
    else:
        title, detail, errors = _title_for(status), str(exc.detail), []
    if status >= 400 and status != 404:
        log.warning(
            "request refused",
            status=status,
            path=request.url.path,
            method=request.method,
            detail=detail[:500],
            client=request.client.host if request.client else None,
        )
    reason = _reason(exc)
    if reason is not None:
        on_refused(request.url.path, reason, exc.count if isinstance(exc, ProblemError) else 1)
    problem = Problem(
        status=status, title=title, detail=detail, instance=request.url.path, errors=errors
    )
    return problem_response(problem, headers=exc.headers)


def _undecodable(exc: UnicodeDecodeError) -> ProblemError:
    # A body that is not UTF-8 is the client's mistake: 400, never 500.
    detail = f"body is not valid UTF-8 (byte {exc.start})"
    return ProblemError(
        400, "Invalid request body", detail, [FieldError("$", detail)], reason=Reason.INVALID_BODY
    )


def body_refusal(exc: BodyRefused) -> ProblemError:
    """The 400 for a body that is not what its route takes, naming the bad field."""
    return ProblemError(
        400,
        "Invalid request body",
        str(exc),
        [FieldError(exc.field, exc.message)],
        reason=Reason.INVALID_BODY,
    )


def queue_refusal(exc: QueueFull | QueueClosed) -> ProblemError:
    """The 503 for alerts the queue refused (full, or the service is stopping): senders retry
    (Alertmanager retries only 5xx) after `Retry-After`, and the alerts count as refused."""
    full = isinstance(exc, QueueFull)
    return ProblemError(
        503,
        "Queue full" if full else "Shutting down",
        str(exc),
        headers={"Retry-After": "5"},
        reason=Reason.QUEUE_FULL if full else Reason.SHUTTING_DOWN,
        count=exc.alerts,
    )


def inbox_refusal(exc: InboxUnavailable) -> ProblemError:
    """The 503 for alerts the database did not take (PostgreSQL mode): senders retry."""
    return ProblemError(
        503,
        "Database unavailable",
        str(exc),
        headers={"Retry-After": "5"},
        reason=Reason.DATABASE_UNAVAILABLE,
        count=exc.alerts,
    )


def history_refusal(exc: HistoryUnavailable) -> ProblemError:
    """The 503 for a read of git history while the repository cannot be read."""
    return ProblemError(503, "History unavailable", str(exc))


def _uncounted(path: str, reason: Reason, count: int) -> None:
    pass


def exception_handlers(
    on_refused: RefusalHook, unrouted: UnroutedGate | None = None
) -> ExceptionHandlersMap:
    """The app's exception handlers: problems for client errors, a logged 500 for bugs.

    A request no route matched is first put to `unrouted` (the access rules), so that without
    credentials a path that does not exist answers as one that does: 401, not 404.
    """

    def http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[bytes]:
        if "route_handler" in request.scope:
            return render_http_exception(request, exc, on_refused)
        if unrouted is not None:
            client = request.client.host if request.client else None
            headers = request.scope["headers"]
            exc = unrouted(request.method, request.url.path, headers, client) or exc
        # Not counted: a request for no route (`GET /api/v2/alerts`) delivered no alert.
        return render_http_exception(request, exc, _uncounted)

    def bad_encoding(request: Request[Any, Any, Any], exc: UnicodeDecodeError) -> Response[bytes]:
        return render_http_exception(request, _undecodable(exc), on_refused)

    def refused_body(request: Request[Any, Any, Any], exc: BodyRefused) -> Response[bytes]:
        return render_http_exception(request, body_refusal(exc), on_refused)

    def refused_by_queue(
        request: Request[Any, Any, Any], exc: QueueFull | QueueClosed
    ) -> Response[bytes]:
        return render_http_exception(request, queue_refusal(exc), on_refused)

    def refused_by_inbox(request: Request[Any, Any, Any], exc: InboxUnavailable) -> Response[bytes]:
        return render_http_exception(request, inbox_refusal(exc), on_refused)

    def unreadable_history(
        request: Request[Any, Any, Any], exc: HistoryUnavailable
    ) -> Response[bytes]:
        return render_http_exception(request, history_refusal(exc), on_refused)

    def too_deep(request: Request[Any, Any, Any], exc: RecursionError) -> Response[bytes]:
        # The JSON decoder gives up on absurdly nested bodies; that is the body's fault.
        detail = "body nests arrays or objects too deeply"
        problem = ProblemError(
            400,
            "Invalid request body",
            detail,
            [FieldError("$", detail)],
            reason=Reason.INVALID_BODY,
        )
        return render_http_exception(request, problem, on_refused)

    return {
        HTTPException: http_error,
        BodyRefused: refused_body,
        QueueFull: refused_by_queue,
        QueueClosed: refused_by_queue,
        InboxUnavailable: refused_by_inbox,
        HistoryUnavailable: unreadable_history,
        UnicodeDecodeError: bad_encoding,
        RecursionError: too_deep,
        Exception: internal_error_handler,
    }


def internal_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    """Last resort: log the bug with its traceback, answer a problem without internals."""
    log.exception("unhandled error", path=request.url.path, method=request.method)
    problem = Problem(
        status=HTTP_500_INTERNAL_SERVER_ERROR,
        title="Internal Server Error",
        detail="The service failed to handle this request; see its log.",
        instance=request.url.path,
    )
    return problem_response(problem)
