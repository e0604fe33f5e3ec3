"""Who may call what: API keys on /api/*, the webhook token on the alert ingest routes, and a
rate limit per client on /api/* and /slack/*; the forge webhooks check their own signature.

| routes                                              | credentials             | limited |
|-----------------------------------------------------|-------------------------|---------|
| /health, /health/ready, /metrics, /docs, /docs/*    | none                    | no      |
| POST /webhooks/alertmanager, POST /api/v2/alerts    | WEBHOOK_TOKEN, if set   | never   |
| /slack/*                                            | Slack signature (route) | yes     |
| POST /webhooks/github, POST /webhooks/gitlab        | forge signature (route) | never   |
| everything else (/api/*, and any route added later) | API_KEYS, if set        | yes     |

A path no route serves (404, 405) is decided like any other path of its zone before it is
answered 404: without a key, a client cannot tell which routes exist.

The decisions are plain functions of the request line and headers; `AccessMiddleware` only
turns a refusal into the problem the app's exception handlers render (and count).
Secrets are compared as SHA-256 digests with `hmac.compare_digest`, against every configured
secret without stopping early, so neither the length of a key nor which one matched leaks
through timing. Refusals never say what was wrong with the credentials.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

from receiver.api.problems import ProblemError
from receiver.api.ratelimit import RateLimiter
from receiver.metrics import Reason

OPEN_PATHS = frozenset({"/health", "/health/ready", "/metrics", "/docs"})
OPEN_PREFIXES = ("/docs/",)
INGEST_ROUTES = frozenset({("POST", "/webhooks/alertmanager"), ("POST", "/api/v2/alerts")})
SLACK_PREFIX = "/slack/"
# The forges sign their deliveries (receiver.api.forges checks); not limited, as a refused
# delivery is not sent again.
FORGE_ROUTES = frozenset({("POST", "/webhooks/github"), ("POST", "/webhooks/gitlab")})

UNAUTHORIZED_DETAIL = "This route needs valid credentials; see the service's documentation."
Headers = Iterable[tuple[bytes, bytes]]


class Zone(Enum):
    """What a route asks of its callers."""

    OPEN = "open"  # health, metrics, docs
    INGEST = "ingest"  # alerts from Alertmanager / Prometheus / Loki: the webhook token
    SLACK = "slack"  # Slack's signature (checked by the routes), rate limited
    FORGE = "forge"  # the forge's signature or token (checked by the routes)
    API = "api"  # an API key, rate limited


def zone_of(method: str, path_template: str) -> Zone:
    """The zone of a route, by its method and path template. Anything not listed as open,
    ingest, Slack or forge needs a key: a route added later is closed until someone opens it."""
    if path_template in OPEN_PATHS or path_template.startswith(OPEN_PREFIXES):
        return Zone.OPEN
    if (method.upper(), path_template) in INGEST_ROUTES:
        return Zone.INGEST
    if (method.upper(), path_template) in FORGE_ROUTES:
        return Zone.FORGE
    if path_template.startswith(SLACK_PREFIX):
        return Zone.SLACK
    return Zone.API


def _digest(secret: bytes) -> bytes:
    return hashlib.sha256(secret).digest()


class Secrets:
    """A set of secrets, compared in constant time."""

    def __init__(self, secrets: Iterable[str]) -> None:
        """Keep only the digests of `secrets`."""
        self._digests = tuple(_digest(s.encode()) for s in secrets)

    def __bool__(self) -> bool:
        """Whether there is any secret."""
        return bool(self._digests)

    def match(self, candidates: Sequence[bytes]) -> int | None:
        """The index of the secret one of `candidates` is, or None. Every candidate is
        compared with every secret, whatever matched before."""
        found: int | None = None
        for candidate in candidates:
            digest = _digest(candidate)
            for index, secret in enumerate(self._digests):
                if hmac.compare_digest(digest, secret) and found is None:
                    found = index
        return found


def _authorization(headers: Headers, scheme: bytes) -> list[bytes]:
    """The credentials of every `Authorization: <scheme> <credentials>` header."""
    found = []
    for name, value in headers:
        if name.lower() == b"authorization":
            given, _, credentials = value.strip().partition(b" ")
            if given.lower() == scheme and credentials.strip():
                found.append(credentials.strip())
    return found


def bearer_tokens(headers: Headers) -> list[bytes]:
    """Tokens of `Authorization: Bearer <token>` headers."""
    return _authorization(headers, b"bearer")


def basic_passwords(headers: Headers) -> list[bytes]:
    """Passwords of well-formed `Authorization: Basic base64(user:password)` headers."""
    passwords = []
    for credentials in _authorization(headers, b"basic"):
        try:
            decoded = base64.b64decode(credentials, validate=True)
        except (binascii.Error, ValueError):
            continue
        _, colon, password = decoded.partition(b":")
        if colon:
            passwords.append(password)
    return passwords


def api_key_candidates(headers: Headers) -> list[bytes]:
    """What a caller offers as an API key: bearer tokens and `X-API-Key` values."""
    headers = list(headers)
    keys = [v.strip() for n, v in headers if n.lower() == b"x-api-key" and v.strip()]
    return bearer_tokens(headers) + keys


def webhook_candidates(headers: Headers) -> list[bytes]:
    """What a sender offers as the webhook token: bearer tokens and basic-auth passwords
    (Alertmanager's `http_config` and the Loki ruler can send either)."""
    headers = list(headers)
    return bearer_tokens(headers) + basic_passwords(headers)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a request may not go ahead: 401, or 429 with the seconds to wait."""

    status: int
    retry_after: int = 0
    challenge: str = "Bearer"

    def error(self, limiter: RateLimiter) -> ProblemError:
        """The problem this refusal answers with (429s say when to retry)."""
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
        self, api_keys: Iterable[str], webhook_token: str | None, limiter: RateLimiter
    ) -> None:
        """The decisions for `api_keys`, `webhook_token` and `limiter`."""
        self.api_keys = Secrets(api_keys)
        self.webhook_token = Secrets([webhook_token] if webhook_token else [])
        self.limiter = limiter

    def decide(
        self, method: str, path_template: str, headers: Headers, client: str | None
    ) -> Refusal | None:
        """None if the request may go ahead, else why not."""
        zone = zone_of(method, path_template)
        if zone is Zone.OPEN or zone is Zone.FORGE:
            return None
        if zone is Zone.INGEST:
            if self.webhook_token and self.webhook_token.match(webhook_candidates(headers)) is None:
                return Refusal(401, challenge='Bearer, Basic realm="alertgraph"')
            return None
        key = None
        if zone is Zone.API and self.api_keys:
            key = self.api_keys.match(api_key_candidates(headers))
        # A valid key is the client; anyone else (a wrong key included, so guessing keys is
        # limited too) is their address.
        identity = f"key:{key}" if key is not None else f"ip:{client or 'unknown'}"
        wait = self.limiter.take(identity)
        if wait:
            return Refusal(429, retry_after=wait)
        if zone is Zone.API and self.api_keys and key is None:
            return Refusal(401)
        return None

    def unrouted(
        self, method: str, path: str, headers: Headers, client: str | None
    ) -> ProblemError | None:
        """The refusal for a request no route matched, decided on its path as `decide` decides
        a routed one (so an unknown `/api/...` path is 401 without a key); None when it may
        learn that there is no such route."""
        refusal = self.decide(method, path, headers, client)
        return None if refusal is None else refusal.error(self.limiter)


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
            template = route_template(scope)
            client = scope.get("client")
            refusal = self.access.decide(
                scope["method"], template, scope["headers"], client[0] if client else None
            )
            if refusal is not None:
                raise refusal.error(self.access.limiter)
        await self.app(scope, receive, send)
