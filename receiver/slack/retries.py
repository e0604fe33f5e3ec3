"""What the Slack client retries and how: the errors never worth a retry, the SDK's retry
handlers that report each retry they make, and how a failed answer is read (its error code
and Retry-After). Pure but for the handlers' SDK sleeps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_slack_response import AsyncSlackResponse

OnRetry = Callable[[str, "str | BaseException | None"], None]  # (method, error) → count, log

# Errors that the same request will get again: retrying only burns rate limit.
PERMANENT_ERRORS = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "no_permission",
        "missing_scope",
        "not_allowed_token_type",
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "user_not_found",
        "user_not_in_channel",
        "message_not_found",
        "cant_update_message",
        "edit_window_closed",
        "invalid_blocks",
        "invalid_blocks_format",
        "msg_blocks_too_long",
        "msg_too_long",
        "no_text",
        "invalid_arguments",
        "invalid_arg_name",
        "invalid_json",
        "json_not_object",
        "expired_trigger_id",
        "exchanged_trigger_id",
        "invalid_trigger_id",
        "view_too_large",
        "duplicate_external_id",
        "unknown_method",
    }
)


def _method_of(request: HttpRequest) -> str:
    """The API method of an SDK request: the last path segment of its URL."""
    return request.url.rstrip("/").rsplit("/", 1)[-1]


class CountingRateLimitHandler(AsyncRateLimitErrorRetryHandler):
    """The SDK's 429 handler (sleeps `Retry-After`), reporting each retry it makes."""

    def __init__(self, on_retry: OnRetry, max_retry_count: int) -> None:
        """A handler retrying a 429 up to `max_retry_count` times, telling `on_retry`."""
        super().__init__(max_retry_count=max_retry_count)
        self._on_retry = on_retry

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        """Count the 429, then let the SDK sleep `Retry-After` and retry."""
        self._on_retry(_method_of(request), "ratelimited")
        await super().prepare_for_next_attempt_async(
            state=state, request=request, response=response, error=error
        )


class CountingConnectionErrorHandler(AsyncConnectionErrorRetryHandler):
    """The SDK's dropped-connection handler, reporting each retry it makes."""

    def __init__(self, on_retry: OnRetry) -> None:
        """A handler retrying a dropped connection, telling `on_retry`."""
        super().__init__()
        self._on_retry = on_retry

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        """Count the connection error, then let the SDK back off and retry."""
        self._on_retry(_method_of(request), error)
        await super().prepare_for_next_attempt_async(
            state=state, request=request, response=response, error=error
        )


def api_error(e: SlackApiError) -> tuple[str, float]:
    """The `error` code of a failed answer (or `http_<status>`) and its Retry-After seconds."""
    response: AsyncSlackResponse | Any = e.response
    data = getattr(response, "data", None)
    status = getattr(response, "status_code", 0)
    error = data.get("error") if isinstance(data, dict) else None
    if not isinstance(error, str) or not error:
        error = f"http_{status}"
    retry_after = 0.0
    headers = getattr(response, "headers", None) or {}
    try:
        value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
        if value is not None:
            retry_after = max(0.0, float(value[0] if isinstance(value, list) else value))
    except (TypeError, ValueError):
        retry_after = 0.0
    return error, retry_after
