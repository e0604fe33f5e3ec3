"""A fake Slack Web API on loopback that speaks the real wire protocol, for tests.

`FakeSlack` is an aiohttp application served on 127.0.0.1 with an OS-assigned port, started
and stopped in the running event loop::

    async with FakeSlack() as slack:
        client = SlackClient(slack.token, slack.base_url, errors)
        ...
        assert slack.messages[("C1", ts)]["text"] == "updated"

It answers `POST /api/<method>` for chat.postMessage, chat.update, chat.postEphemeral and
views.open, and `GET` or `POST /api/usergroups.users.list` (the members of the user groups in
`usergroups`: `{"ok": true, "users": ["U…", …]}`, `no_such_subteam` for another id, as
documented at api.slack.com/methods/usergroups.users.list), like Slack does: HTTP 200 with a
JSON body carrying `ok`, errors as `{"ok": false, "error": "<code>"}`, HTTP 429 with
`Retry-After` when rate limited. It accepts JSON and form bodies, checks the bearer token,
validates the Block Kit limits we care about, records every call and keeps the latest state of
every posted message.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Literal, Self

from aiohttp import web

FailureKind = Literal["ratelimited", "error", "server", "slow"]

# The first ts handed out; each message gets the next one, 100 µs later (Slack's ts are
# "<unix seconds>.<6 digits>" strings, unique per channel).
_FIRST_TS_MICROS = 1_764_650_000_000_100
_TS_STEP_MICROS = 100

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_BUTTON_VALUE = 2000
MAX_VIEW_TITLE = 24  # title, submit and close texts alike

METHODS = (
    "chat.postMessage",
    "chat.update",
    "chat.postEphemeral",
    "views.open",
    "usergroups.users.list",
)


@dataclass(frozen=True)
class Call:
    """One request the fake received, whatever it answered."""

    method: str
    body: dict[str, Any]
    headers: Mapping[str, str]
    time: float  # time.monotonic() at arrival
    status: int = 200
    response: dict[str, Any] | None = None


@dataclass
class _Failure:
    kind: FailureKind
    error: str
    delay: float
    retry_after: int


@dataclass
class _Reply:
    status: int
    body: dict[str, Any] | None
    headers: dict[str, str] = field(default_factory=dict)


class _Invalid(Exception):
    """A request Slack would refuse with `{"ok": false, "error": code}`."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class FakeSlack:
    """The fake Slack Web API: an async context manager serving on 127.0.0.1."""

    def __init__(self, token: str = "xoxb-test-token") -> None:  # noqa: S107
        self.token = token
        self.calls: list[Call] = []
        # (channel, ts) -> the latest body posted or updated for that message
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}
        self.ephemerals: list[dict[str, Any]] = []
        self.views: dict[str, dict[str, Any]] = {}  # view id -> view
        self.usergroups: dict[str, list[str]] = {}  # user-group id (S…) -> member ids
        self._failures: dict[str, deque[_Failure]] = {}
        self._down = False
        self._next_ts = _FIRST_TS_MICROS
        self._next_view = 1
        self._used_triggers: set[str] = set()
        self._release = asyncio.Event()  # ends every "slow" wait at shutdown
        self._runner: web.AppRunner | None = None
        self._port = 0

    # ------------------------------------------------------------------ lifecycle

    async def __aenter__(self) -> Self:
        """Start serving on 127.0.0.1 with a port the OS picks."""
        app = web.Application()
        app.router.add_post("/api/{method}", self._handle)
        app.router.add_get("/api/{method}", self._handle)  # e.g. usergroups.users.list
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop serving; requests still sleeping in a "slow" failure are let go first."""
        self._release.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """The Web API base URL to give the client, like "http://127.0.0.1:PORT/api/"."""
        if not self._port:
            raise RuntimeError("FakeSlack is not running: use `async with FakeSlack()`")
        return f"http://127.0.0.1:{self._port}/api/"

    # ------------------------------------------------------------------ scripting

    def fail(
        self,
        method: str,
        kind: FailureKind,
        times: int = 1,
        *,
        error: str = "internal_error",
        delay: float = 5.0,
        retry_after: int = 1,
    ) -> None:
        """Make the next `times` calls of `method` fail.

        kind: "ratelimited" → HTTP 429 with `Retry-After: <retry_after>` and
        `{"ok": false, "error": "ratelimited"}`; "error" → HTTP 200 `{"ok": false, "error":
        <error>}` (default "internal_error"; pass e.g. "expired_trigger_id" for a permanent
        one); "server" → HTTP 503; "slow" → wait `delay` seconds (longer than the client's
        timeout) and then answer normally.
        """
        queue = self._failures.setdefault(method, deque())
        for _ in range(times):
            queue.append(_Failure(kind, error, delay, retry_after))

    def down(self) -> None:
        """Answer every method with HTTP 503 until `up()`."""
        self._down = True

    def up(self) -> None:
        """Serve normally again after `down()`."""
        self._down = False

    def calls_to(self, method: str) -> list[Call]:
        """The recorded calls of one method, in arrival order."""
        return [c for c in self.calls if c.method == method]

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 2.0,  # noqa: ASYNC109 - a polling deadline
    ) -> None:
        """Wait until `predicate()` holds (see the module-level `wait_for`)."""
        await wait_for(predicate, timeout)

    # ------------------------------------------------------------------ the server

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        arrived = time.monotonic()
        headers = dict(request.headers)
        try:
            body = await _read_body(request)
        except _Invalid as e:
            body = {}
            reply = _Reply(200, {"ok": False, "error": e.code})
        else:
            reply = await self._reply(method, body, headers)
        self.calls.append(Call(method, body, headers, arrived, reply.status, reply.body))
        if reply.body is None:
            return web.Response(
                status=reply.status,
                text="<html><body>Service Unavailable</body></html>",
                content_type="text/html",
                headers=reply.headers,
            )
        return web.json_response(reply.body, status=reply.status, headers=reply.headers)

    async def _reply(self, method: str, body: dict[str, Any], headers: dict[str, str]) -> _Reply:
        if self._down:
            return _Reply(503, None)
        queue = self._failures.get(method)
        if queue:
            failure = queue.popleft()
            if failure.kind == "ratelimited":
                return _Reply(
                    429,
                    {"ok": False, "error": "ratelimited"},
                    {"Retry-After": str(failure.retry_after)},
                )
            if failure.kind == "error":
                return _Reply(200, {"ok": False, "error": failure.error})
            if failure.kind == "server":
                return _Reply(503, None)
            # "slow": hold the answer past the client's timeout, then answer normally.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._release.wait(), failure.delay)
        if not self._authorized(body, headers):
            return _Reply(200, {"ok": False, "error": "invalid_auth"})
        handler = self._handlers().get(method)
        if handler is None:
            return _Reply(200, {"ok": False, "error": "unknown_method"})
        try:
            return _Reply(200, {"ok": True, **handler(body)})
        except _Invalid as e:
            return _Reply(200, {"ok": False, "error": e.code})

    def _authorized(self, body: dict[str, Any], headers: Mapping[str, str]) -> bool:
        auth = next((v for k, v in headers.items() if k.lower() == "authorization"), None)
        if auth is not None:
            return auth == f"Bearer {self.token}"
        return body.get("token") == self.token  # Slack also takes a `token` body field

    def _handlers(self) -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
        return {
            "chat.postMessage": self._post_message,
            "chat.update": self._update,
            "chat.postEphemeral": self._post_ephemeral,
            "views.open": self._open_view,
            "usergroups.users.list": self._usergroup_members,
            "auth.test": self._auth_test,
        }

    def _auth_test(self, _: dict[str, Any]) -> dict[str, Any]:
        """auth.test as Slack answers it for a valid bot token."""
        return {
            "ok": True,
            "url": "https://example.slack.com/",
            "team": "Example",
            "user": "alertgraph",
            "team_id": "T1",
            "user_id": "U0BOT0001",
            "bot_id": "B1",
        }

    def _new_ts(self) -> str:
        micros = self._next_ts
        self._next_ts += _TS_STEP_MICROS
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _post_message(self, body: dict[str, Any]) -> dict[str, Any]:
        channel = _channel(body)
        _check_message(body)
        ts = self._new_ts()
        stored = {k: v for k, v in body.items() if k != "token"}
        self.messages[(channel, ts)] = stored
        message = {"type": "message", "text": body.get("text", ""), "ts": ts, "bot_id": "B0FAKE"}
        if "blocks" in body:
            message["blocks"] = body["blocks"]
        if "thread_ts" in body:
            message["thread_ts"] = body["thread_ts"]
        return {"channel": channel, "ts": ts, "message": message}

    def _update(self, body: dict[str, Any]) -> dict[str, Any]:
        channel = _channel(body)
        ts = str(body.get("ts") or "")
        if (channel, ts) not in self.messages:
            raise _Invalid("message_not_found")
        _check_message(body)
        # Fields left out keep their value (Slack keeps the blocks unless given, `[]` clears).
        update = {k: v for k, v in body.items() if k != "token"}
        self.messages[(channel, ts)] = {**self.messages[(channel, ts)], **update}
        return {"channel": channel, "ts": ts, "text": body.get("text", "")}

    def _post_ephemeral(self, body: dict[str, Any]) -> dict[str, Any]:
        _channel(body)
        if not body.get("user"):
            raise _Invalid("user_not_in_channel")
        _check_message(body)
        self.ephemerals.append({k: v for k, v in body.items() if k != "token"})
        return {"message_ts": self._new_ts()}

    def _open_view(self, body: dict[str, Any]) -> dict[str, Any]:
        trigger_id = body.get("trigger_id")
        view = body.get("view")
        if not trigger_id or not isinstance(view, dict):
            raise _Invalid("invalid_arguments")
        if trigger_id in self._used_triggers:
            raise _Invalid("exchanged_trigger_id")
        _check_view(view)
        self._used_triggers.add(trigger_id)
        view_id = f"V{self._next_view:010d}"
        self._next_view += 1
        opened = {**view, "id": view_id, "hash": f"{view_id}.hash", "root_view_id": view_id}
        self.views[view_id] = opened
        return {"view": opened}

    def _usergroup_members(self, body: dict[str, Any]) -> dict[str, Any]:
        group = body.get("usergroup")
        if not group:
            raise _Invalid("invalid_arguments")
        if group not in self.usergroups:
            raise _Invalid("no_such_subteam")
        return {"users": list(self.usergroups[group])}


async def wait_for(
    predicate: Callable[[], bool],
    timeout: float = 2.0,  # noqa: ASYNC109 - a polling deadline
) -> None:
    """Poll `predicate` every 10 ms until it holds; AssertionError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        await asyncio.sleep(0.01)


# ---------------------------------------------------------------------- validation


async def _read_body(request: web.Request) -> dict[str, Any]:
    """A GET's query arguments, a JSON body, or a form body whose `blocks`/`view` fields are
    JSON strings."""
    if request.method == "GET":
        return dict(request.query)
    if request.content_type == "application/json":
        try:
            parsed = await request.json()
        except json.JSONDecodeError as e:
            raise _Invalid("invalid_json") from e
        if not isinstance(parsed, dict):
            raise _Invalid("invalid_json")
        return parsed
    form = await request.post()
    body: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    for key in ("blocks", "view", "attachments", "metadata"):
        if key in body:
            try:
                body[key] = json.loads(body[key])
            except json.JSONDecodeError as e:
                raise _Invalid("invalid_blocks" if key == "blocks" else "invalid_arguments") from e
    return body


def _channel(body: dict[str, Any]) -> str:
    channel = body.get("channel")
    if not isinstance(channel, str) or not channel:
        raise _Invalid("channel_not_found")
    return channel


def _text_of(obj: Any) -> str:
    """The string of a text object (`{"type": "plain_text", "text": ...}`) or a plain string."""
    if isinstance(obj, dict):
        return str(obj.get("text", ""))
    return "" if obj is None else str(obj)


def _check_blocks(blocks: Any, limit: int, code: str) -> None:
    if not isinstance(blocks, list) or len(blocks) > limit:
        raise _Invalid(code)
    for block in blocks:
        if not isinstance(block, dict):
            raise _Invalid(code)
        kind = block.get("type")
        if kind == "section" and len(_text_of(block.get("text"))) > MAX_SECTION_TEXT:
            raise _Invalid(code)
        if kind == "header" and len(_text_of(block.get("text"))) > MAX_HEADER_TEXT:
            raise _Invalid(code)
        elements = list(block.get("elements") or [])
        if isinstance(block.get("accessory"), dict):
            elements.append(block["accessory"])
        for element in elements:
            if (
                isinstance(element, dict)
                and element.get("type") == "button"
                and len(str(element.get("value", ""))) > MAX_BUTTON_VALUE
            ):
                raise _Invalid(code)


def _check_message(body: dict[str, Any]) -> None:
    if "blocks" in body:
        _check_blocks(body["blocks"], MAX_MESSAGE_BLOCKS, "invalid_blocks")
    elif not body.get("text"):
        raise _Invalid("no_text")


def _check_view(view: dict[str, Any]) -> None:
    if view.get("type") not in ("modal", "home"):
        raise _Invalid("invalid_arguments")
    for key in ("title", "submit", "close"):
        if key in view and len(_text_of(view[key])) > MAX_VIEW_TITLE:
            raise _Invalid("invalid_arguments")
    blocks = view.get("blocks")
    if not isinstance(blocks, list) or not blocks:
        raise _Invalid("invalid_arguments")
    _check_blocks(blocks, MAX_VIEW_BLOCKS, "invalid_arguments")


__all__ = ["METHODS", "Call", "FailureKind", "FakeSlack", "wait_for"]
