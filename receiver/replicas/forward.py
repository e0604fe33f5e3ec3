"""Followers hand the leader what only it can answer, byte for byte.

The leader owns every workflow run and the registry of open incidents, so an API call, a Slack
or forge callback, or a console page that reaches a follower is sent on to the leader's URL
(`replica_leader`) with its method, path, query, headers and body unchanged (Slack's and the
forges' signatures still verify there), and the leader's answer is streamed back (the
console's server-sent events included). What every replica answers itself: the alerts
(receiver.replicas.inbox), health, metrics and the API docs.

The leader learns the caller's address from `X-Alertgraph-Client`, trusted only with a valid
`X-Alertgraph-Forwarded` HMAC of it (keyed by the cluster's shared `UI_SESSION_SECRET`), so
rate limits still count per caller. A forwarded request that reaches a replica which no longer
leads is answered 503, never forwarded again. No leader known, or the leader not answering:
503 with `Retry-After`, which Alertmanager, Slack and browsers retry.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Awaitable, Callable

import httpx
import structlog
from litestar.enums import ScopeType
from litestar.types import ASGIApp, HTTPScope, Receive, Scope, Send

from receiver.api.access import INGEST_ROUTES, OPEN_PATHS, OPEN_PREFIXES
from receiver.replicas.leader import Leader

log = structlog.get_logger("alertgraph.replicas")

FORWARDED = "x-alertgraph-forwarded"
CLIENT = "x-alertgraph-client"
_HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
        b"host",
        b"content-length",
        FORWARDED.encode(),
        CLIENT.encode(),
    }
)
LEADER_CACHE_SECONDS = 1.0
LookUpLeader = Callable[[], Awaitable[Leader | None]]


def answered_here(method: str, path: str) -> bool:
    """Whether every replica answers this request itself (alerts, health, metrics, docs)."""
    if (method.upper(), path) in INGEST_ROUTES:
        return True
    return path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)


def signature(secret: bytes, client: str) -> str:
    """The HMAC that vouches for a forwarded caller's address."""
    return hmac.new(secret, client.encode(), hashlib.sha256).hexdigest()


class LeaderForwarding:
    """ASGI middleware, outermost: forward on a follower, restore the caller on the leader."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        leading: Callable[[], bool],
        look_up: LookUpLeader,
        secret: bytes,
        client: httpx.AsyncClient,
        max_body: int,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """Wrap `app`; `leading()` says whether this replica leads, `look_up` who does."""
        self.app = app
        self._leading = leading
        self._look_up = look_up
        self._secret = secret
        self._client = client
        self._max_body = max_body
        self._monotonic = monotonic
        self._cached: tuple[float, Leader | None] = (float("-inf"), None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass on, restore the caller of a forwarded request, or forward to the leader."""
        if scope["type"] != ScopeType.HTTP or answered_here(scope["method"], scope["path"]):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        vouched = headers.get(FORWARDED.encode())
        if vouched is not None:
            client = headers.get(CLIENT.encode(), b"").decode("latin-1")
            good = hmac.compare_digest(vouched.decode("latin-1"), signature(self._secret, client))
            if not good:
                await _problem(
                    send, 403, "Forbidden", "a forwarded request without a valid signature"
                )
                return
            if not self._leading():
                await _problem(send, 503, "Not the leader", "the leader changed; retry", retry=1)
                return
            scope["client"] = (client, 0)
            await self.app(scope, receive, send)
            return
        if self._leading():
            await self.app(scope, receive, send)
            return
        await self._forward(scope, receive, send)

    async def _leader(self) -> Leader | None:
        at, leader = self._cached
        if self._monotonic() - at > LEADER_CACHE_SECONDS:
            leader = await self._look_up()
            self._cached = (self._monotonic(), leader)
        return leader

    async def _forward(self, scope: HTTPScope, receive: Receive, send: Send) -> None:
        try:
            leader = await self._leader()
        except Exception as error:
            log.warning("no leader known: database unreachable", error=str(error))
            leader = None
        if leader is None:
            await _problem(send, 503, "No leader", "no replica leads right now; retry", retry=2)
            return
        body = await _read_body(receive, self._max_body)
        if body is None:
            await _problem(send, 413, "Request Entity Too Large", "the body is too large")
            return
        request = self._client.build_request(
            scope["method"],
            leader.url.rstrip("/") + scope["raw_path"].decode("latin-1"),
            params=None,
            headers=self._headers(scope),
            content=body,
        )
        if scope.get("query_string"):
            request.url = request.url.copy_with(query=scope["query_string"])
        try:
            answer = await self._client.send(request, stream=True)
        except httpx.HTTPError as error:
            self._cached = (float("-inf"), None)
            log.warning("leader unreachable", leader=leader.name, error=str(error))
            await _problem(
                send, 503, "Leader unreachable", "the leader did not answer; retry", retry=2
            )
            return
        await _relay(answer, send)

    def _headers(self, scope: HTTPScope) -> list[tuple[bytes, bytes]]:
        client = scope.get("client")
        address = client[0] if client else "unknown"
        kept = [(k, v) for k, v in scope["headers"] if k.lower() not in _HOP_BY_HOP]
        return [
            *kept,
            (CLIENT.encode(), address.encode()),
            (FORWARDED.encode(), signature(self._secret, address).encode()),
        ]


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole request body, or None when it is longer than `limit`."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _relay(answer: httpx.Response, send: Send) -> None:
    """Stream the leader's answer back as it comes (server-sent events included)."""
    try:
        headers = [
            (k.lower(), v)
            for k, v in answer.headers.raw
            if k.lower() not in (b"connection", b"keep-alive", b"transfer-encoding")
        ]
        await send(
            {"type": "http.response.start", "status": answer.status_code, "headers": headers}
        )
        async for chunk in answer.aiter_raw():
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
    finally:
        await answer.aclose()


async def _problem(send: Send, status: int, title: str, detail: str, retry: int = 0) -> None:
    body = json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail})
    headers = [(b"content-type", b"application/problem+json")]
    if retry:
        headers.append((b"retry-after", str(retry).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body.encode(), "more_body": False})
