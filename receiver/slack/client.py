"""The outbound Slack Web API client: calls that never raise into the workflow.

Built on slack-sdk's `AsyncWebClient` over one aiohttp session we own. Every text, block and view
is masked here, once, as it leaves (graph.masking). Two layers of retry (receiver.slack.retries):

- inside the SDK, its retry handlers: one retry of a 429 after the `Retry-After` it names
  (`AsyncRateLimitErrorRetryHandler`, which sleeps with the real `asyncio.sleep`) and one
  retry of a dropped connection (`AsyncConnectionErrorRetryHandler`);
- around it, our loop of `attempts` tries with exponential backoff (`backoff * 2**n`, through
  the injected `sleep`) for `{"ok": false}` answers that may pass (`internal_error`,
  `ratelimited` again, HTTP 5xx …), aiohttp client errors and timeouts. Permanent errors
  (`invalid_auth`, `channel_not_found`, `message_not_found`, `invalid_blocks`,
  `expired_trigger_id` …) are given up on at once.

Every failed attempt, the SDK's own retries included, is logged once (event "slack call
failed" on the "alertgraph.slack" logger; the token never appears) and counted in the
`errors` counter by method. Callers get `None`/`False` after giving up; only
`asyncio.CancelledError` propagates.

A post that timed out may still have reached Slack, so retrying `chat.postMessage` can
duplicate a message; Slack offers no idempotency key for bot posts.
"""

from __future__ import annotations

import asyncio
import contextvars
import math
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import aiohttp
import structlog
from prometheus_client import Counter
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from graph.masking import mask_secrets, mask_value
from receiver.slack.retries import (
    PERMANENT_ERRORS,
    CountingConnectionErrorHandler,
    CountingRateLimitHandler,
    api_error,
)

log = structlog.get_logger("alertgraph.slack")

# How many 429s the SDK's handler absorbs per attempt before our loop sees one.
SDK_RATE_LIMIT_RETRIES = 1
_MAX_ERROR_CHARS = 300

# The outer attempt number, for the log lines the SDK's retry handlers write.
_attempt: contextvars.ContextVar[int] = contextvars.ContextVar("slack_attempt", default=1)

T = TypeVar("T")


class SlackClient:
    """Slack Web API calls that never raise into the workflow: retried with backoff, logged
    once per failure and counted."""

    def __init__(
        self,
        token: str,
        base_url: str,
        errors: Counter,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        attempts: int = 5,
        backoff: float = 0.5,
        timeout: float = 10.0,
    ) -> None:
        """`errors` is a Counter with the label "method"; `sleep` paces our backoff (the SDK's
        `Retry-After` wait uses the real clock); `timeout` bounds each HTTP request."""
        if attempts < 1:
            raise ValueError("attempts must be at least 1")
        self._token = token
        self._base_url = base_url
        self._errors = errors
        self._sleep = sleep
        self._attempts = attempts
        self._backoff = backoff
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        self._web: AsyncWebClient | None = None
        self._closed = False

    # ------------------------------------------------------------------ API

    async def post_message(
        self,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        thread_ts: str | None = None,
    ) -> tuple[str, str] | None:
        """chat.postMessage; `(channel, ts)` of the new message, or None after giving up.

        `text` is the notification fallback; when it is blank and blocks are given, the first
        header/section text stands in (the SDK warns about a missing `text`).
        """
        fallback, blocks = _masked(text, blocks)

        async def call(web: AsyncWebClient) -> tuple[str, str]:
            resp = await web.chat_postMessage(
                channel=channel, text=fallback, blocks=blocks, thread_ts=thread_ts
            )
            return str(resp["channel"]), str(resp["ts"])

        return await self._call("chat.postMessage", call, self._attempts)

    async def update_message(
        self, channel: str, ts: str, text: str, blocks: list[dict[str, Any]] | None
    ) -> bool:
        """chat.update of a message we posted; `blocks=None` leaves its blocks as they are
        (Slack keeps them; pass `[]` to remove them). True once Slack accepted it."""
        fallback, blocks = _masked(text, blocks)

        async def call(web: AsyncWebClient) -> bool:
            await web.chat_update(channel=channel, ts=ts, text=fallback, blocks=blocks)
            return True

        return await self._call("chat.update", call, self._attempts) is True

    async def post_ephemeral(self, channel: str, user: str, text: str) -> bool:
        """chat.postEphemeral: a message only `user` sees in `channel`. True once sent."""
        fallback, _ = _masked(text, None)

        async def call(web: AsyncWebClient) -> bool:
            await web.chat_postEphemeral(channel=channel, user=user, text=fallback)
            return True

        return await self._call("chat.postEphemeral", call, self._attempts) is True

    async def open_view(self, trigger_id: str, view: dict[str, Any]) -> bool:
        """views.open, ONE attempt only: a trigger_id expires in ~3 s and is single-use.

        (The SDK's handlers may still retry a 429 or a dropped connection once.)
        """
        view = mask_value(view)

        async def call(web: AsyncWebClient) -> bool:
            await web.views_open(trigger_id=trigger_id, view=view)
            return True

        return await self._call("views.open", call, 1) is True

    async def usergroup_members(self, usergroup: str) -> list[str] | None:
        """usergroups.users.list, ONE attempt (a person waits on the answer): the user ids of
        the user group's members, or None when Slack did not say (an error, a timeout, an
        answer without a list of users)."""

        async def call(web: AsyncWebClient) -> list[str] | None:
            resp = await web.usergroups_users_list(usergroup=usergroup)
            users = resp.get("users")
            if not isinstance(users, list):
                return None
            return [str(u) for u in users]

        return await self._call("usergroups.users.list", call, 1)

    async def reachable(self) -> bool:
        """auth.test, ONE attempt: True when Slack answers and takes the token (the console's
        health page)."""

        async def call(web: AsyncWebClient) -> bool:
            return bool((await web.auth_test()).get("ok"))

        return bool(await self._call("auth.test", call, 1))

    async def close(self) -> None:
        """Close the HTTP session; later calls fail (logged, counted) without sending."""
        self._closed = True
        session, self._session, self._web = self._session, None, None
        if session is not None and not session.closed:
            await session.close()

    # ------------------------------------------------------------------ internals

    def _client(self) -> AsyncWebClient:
        """The SDK client over our session, created lazily in the running loop."""
        if self._closed:
            raise RuntimeError("SlackClient is closed")
        if self._web is None or self._session is None or self._session.closed:
            # The SDK ignores its own `timeout` when given a session: the session's applies.
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self._timeout)
            )
            handlers: list[AsyncRetryHandler] = [
                CountingConnectionErrorHandler(self._sdk_retry),
                CountingRateLimitHandler(self._sdk_retry, SDK_RATE_LIMIT_RETRIES),
            ]
            self._web = AsyncWebClient(
                token=self._token,
                base_url=self._base_url,
                timeout=max(1, math.ceil(self._timeout)),
                session=self._session,
                retry_handlers=handlers,
            )
        return self._web

    def _sdk_retry(self, method: str, error: str | BaseException | None) -> None:
        """A failed attempt the SDK retries on its own: count and log it like ours."""
        if not isinstance(error, str):
            error = self._describe(error) if error is not None else "connection_error"
        self._failed(method, error, _attempt.get(), will_retry=True)

    def _failed(self, method: str, error: str, attempt: int, *, will_retry: bool) -> None:
        self._errors.labels(method=method).inc()
        log.warning(
            "slack call failed", method=method, error=error, attempt=attempt, will_retry=will_retry
        )

    async def _call(
        self, method: str, call: Callable[[AsyncWebClient], Awaitable[T]], attempts: int
    ) -> T | None:
        """Run `call` up to `attempts` times; its result, or None after giving up."""
        for attempt in range(1, attempts + 1):
            token = _attempt.set(attempt)
            retry_after = 0.0
            try:
                return await call(self._client())
            except SlackApiError as e:
                error, retry_after = api_error(e)
                retryable = error not in PERMANENT_ERRORS
            except (aiohttp.ClientError, TimeoutError) as e:
                error = self._describe(e)
                retryable = True
            except Exception as e:  # a bug or a closed client: retrying will not help
                error = self._describe(e)
                retryable = False
            finally:
                _attempt.reset(token)
            will_retry = retryable and attempt < attempts
            self._failed(method, error, attempt, will_retry=will_retry)
            if not will_retry:
                return None
            await self._sleep(max(self._backoff * 2 ** (attempt - 1), retry_after))
        return None  # pragma: no cover - the loop always returns

    def _describe(self, e: BaseException) -> str:
        """`Type: message`, bounded, with the token masked in case anything echoed it."""
        text = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
        if self._token:
            text = text.replace(self._token, "xox…")
        return text[:_MAX_ERROR_CHARS]


def _masked(
    text: str, blocks: list[dict[str, Any]] | None
) -> tuple[str, list[dict[str, Any]] | None]:
    """The text and blocks as they may leave the process: secrets masked (graph.masking)."""
    masked: list[dict[str, Any]] | None = mask_value(blocks)
    return mask_secrets(_fallback_text(text, blocks)), masked


def _fallback_text(text: str, blocks: list[dict[str, Any]] | None) -> str:
    """`text`, or when it is blank the first header/section text of `blocks`, or "…"."""
    if text.strip():
        return text
    for block in blocks or []:
        inner = block.get("text")
        value = inner.get("text") if isinstance(inner, dict) else inner
        if isinstance(value, str) and value.strip():
            return value[:3000]
    return "…"
