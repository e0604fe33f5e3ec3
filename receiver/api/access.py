"""Who may call what: API keys on /api/*, the webhook token on the alert ingest routes, and a
rate limit per client on /api/* and /slack/*.

| routes                                              | credentials             | limited |
|-----------------------------------------------------|-------------------------|---------|
| /health, /health/ready, /metrics, /docs, /docs/*    | none                    | no      |
| POST /webhooks/alertmanager, POST /api/v2/alerts    | WEBHOOK_TOKEN, if set   | never   |
| /slack/*                                            | Slack signature (route) | yes     |
| /ui, /ui/* (the web console)                        | its session (receiver.web) | yes  |
| everything else (/api/*, and any route added later) | API_KEYS, if set        | yes     |

A path no route serves (404, 405) is decided like any other path of its zone before it is
answered 404: without a key, a client cannot tell which routes exist.

Roles (API_KEYS entries `name:key:role`, receiver.config): each key is `read`, `approve` or
`admin`, and each role may do what the ones before it may. On the API zone a route needs the
role its handler is marked with (`opt={"role": "approve"}`); an unmarked GET/HEAD/OPTIONS
route needs `read`, and an unmarked route of any other method needs `admin`, so a
state-changing route whose mark was forgotten fails closed (as does a mark that is not a
role). A key with too small a role gets a 403 problem naming the key's name, its role and the
role needed (never the key); an unknown key stays 401. Without API_KEYS every route is open as
before. The name of the key a request was admitted with is in its scope (`caller_key_name`).

The decisions are plain functions of the request line and headers; `AccessMiddleware` only
turns a refusal into the problem the app's exception handlers render (and count). Secrets
are compared in constant time (receiver.api.credentials). Refusals never say what was wrong
with the credentials.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

from receiver.api.credentials import Headers, Secrets, api_key_candidates, webhook_candidates
from receiver.api.problems import ProblemError
from receiver.api.ratelimit import RateLimiter
from receiver.config import ROLES, ApiKey, Role
from receiver.metrics import Reason

OPEN_PATHS = frozenset({"/health", "/health/ready", "/metrics", "/docs"})
OPEN_PREFIXES = ("/docs/",)
INGEST_ROUTES = frozenset({("POST", "/webhooks/alertmanager"), ("POST", "/api/v2/alerts")})
SLACK_PREFIX = "/slack/"
# The web console signs people in itself (receiver.web.auth: a session cookie made from an
# API key); the middleware only limits its rate, as on /api.
UI_PATH, UI_PREFIX = "/ui", "/ui/"
# The forges sign their deliveries (receiver.api.forges checks); not limited, as a refused
# delivery is not sent again.
FORGE_ROUTES = frozenset({("POST", "/webhooks/github"), ("POST", "/webhooks/gitlab")})
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
KEY_NAME_STATE = "alertgraph.api_key_name"  # scope["state"] key of the admitted key's name

UNAUTHORIZED_DETAIL = "This route needs valid credentials; see the service's documentation."


class Zone(Enum):
    """What a route asks of its callers."""

    OPEN = "open"  # health, metrics, docs
    INGEST = "ingest"  # alerts from Alertmanager / Prometheus / Loki: the webhook token
    FORGE = "forge"  # the forge's signature or token (checked by the routes)
    SLACK = "slack"  # Slack's signature (checked by the routes), rate limited
    API = "api"  # an API key, rate limited
    UI = "ui"  # the web console's session (checked by its routes), rate limited


@functools.lru_cache(maxsize=1024)  # asked on every request; a few dozen routes (and raw paths)
def zone_of(method: str, path_template: str) -> Zone:
    """The zone of a route, by its method and path template. Anything not listed as open,
    ingest, Slack or the console needs a key: a route added later is closed until someone
    opens it."""
    if path_template in OPEN_PATHS or path_template.startswith(OPEN_PREFIXES):
        return Zone.OPEN
    if (method.upper(), path_template) in INGEST_ROUTES:
        return Zone.INGEST
    if (method.upper(), path_template) in FORGE_ROUTES:
        return Zone.FORGE
    if path_template.startswith(SLACK_PREFIX):
        return Zone.SLACK
    if path_template == UI_PATH or path_template.startswith(UI_PREFIX):
        return Zone.UI
    return Zone.API


def required_role(method: str, opt: Mapping[str, Any]) -> Role:
    """The role a route of the API zone needs: its handler's `opt["role"]` when that is a
    role; else `read` for a reading method and `admin` for any other (fail closed)."""
    marked = opt.get("role")
    if marked is not None:
        return next((role for role in ROLES if role == marked), "admin")
    return "read" if method.upper() in READ_METHODS else "admin"


def may(role: Role, needed: Role) -> bool:
    """Whether a key of `role` may call a route that needs `needed`."""
    return ROLES.index(role) >= ROLES.index(needed)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a request may not go ahead: 401, 403 (`detail` says which role is needed) or 429
    with the seconds to wait."""

    status: int
    retry_after: int = 0
    challenge: str = "Bearer"
    detail: str = ""

    def error(self, limiter: RateLimiter) -> ProblemError:
        """The problem this refusal answers with (429s say when to retry)."""
        if self.status == 403:
            return ProblemError(403, "Forbidden", self.detail)
        if self.status == 429:
            return ProblemError(
                429,
                "Too Many Requests",
                f"More than {limiter.per_second:g} requests per second (bursts of "
                f"{limiter.burst}) from this client; retry after {self.retry_after} s.",
                headers={"Retry-After": str(self.retry_after)},
                reason=Reason.RATE_LIMITED,
            )
        return ProblemError(
            401,
            "Unauthorized",
            UNAUTHORIZED_DETAIL,
            headers={"WWW-Authenticate": self.challenge},
            reason=Reason.UNAUTHORIZED,
        )


class Access:
    """The access decisions of one app: its keys, its webhook token and its rate limiter."""

    def __init__(
        self, api_keys: Iterable[ApiKey], webhook_token: str | None, limiter: RateLimiter
    ) -> None:
        """The decisions for `api_keys`, `webhook_token` and `limiter`."""
        self.keys = tuple(api_keys)
        self.api_keys = Secrets(k.key for k in self.keys)
        self.webhook_token = Secrets([webhook_token] if webhook_token else [])
        self.limiter = limiter

    def admit(
        self,
        method: str,
        path_template: str,
        headers: Headers,
        client: str | None,
        needed: Role = "read",
    ) -> tuple[Refusal | None, ApiKey | None]:
        """Why the request may not go ahead (None if it may), and the API key it came with
        (None without API_KEYS, or off the API zone). `needed`: the route's role."""
        zone = zone_of(method, path_template)
        if zone is Zone.OPEN or zone is Zone.FORGE:
            return None, None
        if zone is Zone.INGEST:
            if self.webhook_token and self.webhook_token.match(webhook_candidates(headers)) is None:
                return Refusal(401, challenge='Bearer, Basic realm="alertgraph"'), None
            return None, None
        key = None
        if zone is Zone.API and self.api_keys:
            index = self.api_keys.match(api_key_candidates(headers))
            key = None if index is None else self.keys[index]
        # A valid key is the client; anyone else (a wrong key included, so guessing keys is
        # limited too) is their address.
        identity = f"key:{key.name}" if key is not None else f"ip:{client or 'unknown'}"
        wait = self.limiter.take(identity)
        if wait:
            return Refusal(429, retry_after=wait), key
        if zone is Zone.API and self.api_keys and key is None:
            return Refusal(401), None
        if key is not None and not may(key.role, needed):
            return Refusal(403, detail=_forbidden(key, needed, method, path_template)), key
        return None, key

    def decide(
        self, method: str, path_template: str, headers: Headers, client: str | None
    ) -> Refusal | None:
        """None if the request may go ahead, else why not (routes needing `read`)."""
        return self.admit(method, path_template, headers, client)[0]

    def unrouted(
        self, method: str, path: str, headers: Headers, client: str | None
    ) -> ProblemError | None:
        """The refusal for a request no route matched, decided on its path as `decide` decides
        a routed one (so an unknown `/api/...` path is 401 without a key); None when it may
        learn that there is no such route."""
        refusal = self.decide(method, path, headers, client)
        return None if refusal is None else refusal.error(self.limiter)


def _forbidden(key: ApiKey, needed: Role, method: str, path_template: str) -> str:
    """The 403's detail: the key's name and role, and what the route needs."""
    path = re.sub(r"\{(\w+):\w+\}", r"{\1}", path_template)
    also = " or admin" if needed == "approve" else ""
    return f"the key '{key.name}' has role {key.role}; {method.upper()} {path} needs {needed}{also}"


def caller_key_name(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    """The name of the API key `connection` was admitted with; None without API_KEYS."""
    name = connection.scope.get("state", {}).get(KEY_NAME_STATE)
    return name if isinstance(name, str) else None


def route_template(scope: Scope) -> str:
    """The path template of the route `scope` was routed to. A mount (`/metrics`) is routed
    with the path below it (`/`) and the router's root template, so it is named by its
    handler's own path."""
    handler = scope.get("route_handler")
    if getattr(handler, "is_mount", False):
        return min(handler.paths)
    return str(scope.get("path_template") or scope["path"])


class AccessMiddleware:
    """Applies `Access` to every routed HTTP request (runs after routing, so it sees the
    route's path template: `/api/incidents/{incident_id:str}`, not the raw path)."""

    def __init__(self, app: ASGIApp, access: Access) -> None:
        """Guard `app` with `access`."""
        self.app = app
        self.access = access

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse an HTTP request `access` does not let through; pass on the rest."""
        if scope["type"] == ScopeType.HTTP:
            method = scope["method"]
            client = scope.get("client")
            needed = required_role(method, getattr(scope.get("route_handler"), "opt", {}))
            refusal, key = self.access.admit(
                method,
                route_template(scope),
                scope["headers"],
                client[0] if client else None,
                needed,
            )
            if refusal is not None:
                raise refusal.error(self.access.limiter)
            if key is not None:
                scope.setdefault("state", {})[KEY_NAME_STATE] = key.name
        await self.app(scope, receive, send)
