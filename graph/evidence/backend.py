"""What the Prometheus and Loki clients share: auth, the HTTP client, and errors as values.

A backend that is down, slow or answers an error never raises out of a client: the call
returns an `Unavailable` naming the backend, a `Reason` and a short masked detail, so the
incident can say which evidence is missing and why. Secrets (token, password) are sent as
headers only and never appear in a detail, a repr or a log line.
"""

from __future__ import annotations

import asyncio
import base64
import json
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import httpx

from graph.masking import mask_secrets

DEFAULT_TIMEOUT = 5.0
MAX_RESPONSE_BYTES = 16 * 1024 * 1024  # a runaway query answer is refused, not buffered
_MAX_DETAIL = 300
TENANT_HEADER = "X-Scope-OrgID"


class Reason(StrEnum):
    """Why a piece of evidence is missing."""

    NOT_CONFIGURED = "not_configured"  # no URL for this backend
    UNREACHABLE = "unreachable"  # connection refused, DNS, TLS handshake
    TIMEOUT = "timeout"  # no answer within the call's timeout (or the backend's own)
    UNAUTHORIZED = "unauthorized"  # 401 / 403
    RATE_LIMITED = "rate_limited"  # 429
    REJECTED = "rejected"  # another 4xx: the query is wrong for this backend
    SERVER_ERROR = "server_error"  # 5xx
    BAD_RESPONSE = "bad_response"  # not the documented envelope, or too large
    BUDGET = "budget"  # the enrichment time budget ran out first
    NO_DATA = "no_data"  # answered, but no series for this workload


@dataclass(frozen=True, slots=True)
class Unavailable:
    """A call that gave no evidence: which backend, why, and what it said (masked, short).
    `retry_after` is the backend's Retry-After in seconds, when it sent one."""

    backend: str
    reason: Reason
    detail: str = ""
    status: int | None = None
    retry_after: float | None = None

    def describe(self) -> str:
        """One line for people: `prometheus timeout: no answer within 5 s`."""
        status = f" (HTTP {self.status})" if self.status else ""
        detail = f": {self.detail}" if self.detail else ""
        return f"{self.backend} {self.reason.value}{status}{detail}"


@dataclass(frozen=True, slots=True)
class BackendAuth:
    """Credentials for a backend: a bearer token, or basic auth. A token wins when both are
    given. Never printed (`repr` hides the values)."""

    token: str | None = field(default=None, repr=False)
    username: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)

    def headers(self) -> dict[str, str]:
        """The Authorization header, or nothing."""
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        if self.username is not None:
            raw = f"{self.username}:{self.password or ''}".encode()
            return {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}
        return {}


def http_client(
    *,
    ca_file: str | None = None,
    tls_skip_verify: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    max_connections: int = 32,
    trust_env: bool = False,
) -> httpx.AsyncClient:
    """An `httpx.AsyncClient` for one backend, to create once at start-up and close at
    shutdown (`await client.aclose()`). TLS: the system CAs, or `ca_file`; verification off
    only when `tls_skip_verify` says so. Proxy variables are ignored unless `trust_env`."""
    verify = False if tls_skip_verify else ssl.create_default_context(cafile=ca_file)
    return httpx.AsyncClient(
        verify=verify,
        timeout=timeout,
        trust_env=trust_env,
        limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=16),
        follow_redirects=False,
    )


@dataclass(frozen=True, slots=True)
class Answer:
    """A backend's HTTP answer, read in full (bounded)."""

    status: int
    body: bytes
    headers: Mapping[str, str]


async def send(
    http: httpx.AsyncClient,
    backend: str,
    method: str,
    url: str,
    *,
    headers: Mapping[str, str],
    timeout: float,  # noqa: ASYNC109 - per call, also httpx's per-phase timeout
    params: Mapping[str, str] | None = None,
    data: Mapping[str, str] | None = None,
) -> Answer | Unavailable:
    """One request with a hard total `timeout` (httpx's own are per phase), the body read up
    to MAX_RESPONSE_BYTES; every transport failure becomes an `Unavailable`."""
    try:
        async with asyncio.timeout(timeout):
            request = http.build_request(
                method, url, params=params, data=data, headers=headers, timeout=timeout
            )
            response = await http.send(request, stream=True)
            try:
                body = await _read_bounded(response)
            finally:
                await response.aclose()
    except TimeoutError:
        return Unavailable(backend, Reason.TIMEOUT, f"no answer within {timeout:g} s")
    except httpx.TimeoutException:
        return Unavailable(backend, Reason.TIMEOUT, f"no answer within {timeout:g} s")
    except _TooLarge:
        return Unavailable(backend, Reason.BAD_RESPONSE, f"answer over {MAX_RESPONSE_BYTES} bytes")
    except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError) as exc:
        return Unavailable(backend, Reason.NOT_CONFIGURED, _detail(f"invalid request: {exc}"))
    except httpx.TransportError as exc:
        return Unavailable(backend, Reason.UNREACHABLE, _detail(f"{type(exc).__name__}: {exc}"))
    return Answer(response.status_code, body, response.headers)


class QueryApi:
    """What one backend's query client holds: the shared `http` client (created by the caller
    once, closed at shutdown), the base URL, credentials and the default total time per call.
    Subclasses name their backend in `BACKEND` and call `request` for every HTTP exchange."""

    BACKEND = "backend"

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        *,
        auth: BackendAuth | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """Hold the shared client; `timeout` is the default total seconds per call."""
        self._http = http
        self._base = base_url.rstrip("/")
        self._auth = auth
        self.timeout = timeout

    async def request(
        self,
        method: str,
        path: str,
        *,
        tenant: str | None,
        timeout: float | None = None,  # noqa: ASYNC109 - per call, also httpx's per-phase timeout
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
    ) -> Answer | Unavailable:
        """`method path` on this backend with its auth and `tenant`'s header (see `send`)."""
        return await send(
            self._http,
            self.BACKEND,
            method,
            self._base + path,
            params=params,
            data=data,
            headers=request_headers(self._auth, tenant),
            timeout=timeout or self.timeout,
        )


class _TooLarge(Exception):
    pass


async def _read_bounded(response: httpx.Response) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def http_error(backend: str, answer: Answer) -> Unavailable:
    """The `Unavailable` for a non-2xx answer. Prometheus-style bodies
    (`{"status":"error","errorType":…,"error":…}`) give the reason and detail; plain-text
    bodies (Loki) give the detail."""
    status = answer.status
    error_type, message = _error_body(answer.body)
    if status in (401, 403):
        reason = Reason.UNAUTHORIZED
    elif status == 429:
        reason = Reason.RATE_LIMITED
    elif error_type in ("timeout", "canceled") or status == 504:
        reason = Reason.TIMEOUT
    elif 400 <= status < 500:
        reason = Reason.REJECTED
    elif status >= 500:
        reason = Reason.SERVER_ERROR
    else:
        reason = Reason.BAD_RESPONSE
    return Unavailable(
        backend, reason, _detail(message), status=status, retry_after=_retry_after(answer)
    )


def _error_body(body: bytes) -> tuple[str, str]:
    text = body.decode("utf-8", errors="replace").strip()
    try:
        document: Any = json.loads(text)
    except ValueError:
        return "", text
    if isinstance(document, dict):
        error_type = document.get("errorType")
        message = document.get("error") or document.get("message")
        if isinstance(message, str):
            return error_type if isinstance(error_type, str) else "", message
    return "", text


def _retry_after(answer: Answer) -> float | None:
    value = answer.headers.get("retry-after")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None  # an HTTP date: not worth parsing for a backoff hint
    return seconds if 0 <= seconds <= 3600 else None


def _detail(text: str) -> str:
    """Masked, one line, at most _MAX_DETAIL characters."""
    flat = " ".join(mask_secrets(text).split())
    return flat if len(flat) <= _MAX_DETAIL else flat[: _MAX_DETAIL - 1] + "…"


def bad_response(backend: str, what: str) -> Unavailable:
    """The `Unavailable` for a 2xx answer that is not the documented envelope."""
    return Unavailable(backend, Reason.BAD_RESPONSE, _detail(what))


def request_headers(auth: BackendAuth | None, tenant: str | None) -> dict[str, str]:
    """Authorization and `X-Scope-OrgID` (only when a tenant is given)."""
    headers = {"Accept": "application/json"}
    if auth is not None:
        headers.update(auth.headers())
    if tenant:
        headers[TENANT_HEADER] = tenant
    return headers
