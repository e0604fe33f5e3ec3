"""Who is looking at the console: sign-in with an API key, the signed session cookie, roles
and the CSRF token of every form.

The cookie holds `{name, role, exp, csrf}` — the key's name and role, never the key — as
base64url JSON and an HMAC-SHA256 of it under the session secret (UI_SESSION_SECRET, or one
drawn at start-up: sessions then end at a restart). It is HttpOnly, SameSite=Strict and
expires after UI_SESSION_HOURS; a cookie that is unsigned, tampered with, expired or names a
key no longer in API_KEYS (or with another role now) is no session. Without API_KEYS
(loopback mode) everyone is `web`, an admin, and gets a session cookie anyway, as it carries
the CSRF token. The CSRF token is a random value bound to the session: a state-changing form
carries it in `csrf_token` and must match the cookie's (double submit, compared in constant
time).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from receiver.api.credentials import Secrets
from receiver.config import ApiKey, Role

COOKIE = "ag_session"
CSRF_FIELD = "csrf_token"
LOOPBACK_USER = "web"


@dataclass(frozen=True, slots=True)
class Session:
    """A signed-in person: the name and role of their key, when the session ends and the
    CSRF token of its forms."""

    name: str
    role: Role
    expires: datetime
    csrf: str

    @property
    def may_decide(self) -> bool:
        """Whether this session may approve, reject or modify (`approve` or `admin`)."""
        return self.role in ("approve", "admin")


class Sessions:
    """Makes and checks the session cookies of one app."""

    def __init__(
        self,
        keys: Iterable[ApiKey],
        secret: str | None,
        hours: float,
        now: Callable[[], datetime],
    ) -> None:
        """Sessions for `keys` (none: loopback mode), signed with `secret` (None: a random
        one for this process), lasting `hours`, timed by `now`."""
        self.keys = tuple(keys)
        self._secrets = Secrets(k.key for k in self.keys)
        self._signing = (secret or secrets.token_urlsafe(32)).encode()
        self.lifetime = timedelta(hours=hours)
        self._now = now

    @property
    def open(self) -> bool:
        """True in loopback mode (no API_KEYS): nobody signs in, everyone is an admin."""
        return not self.keys

    def sign_in(self, key: str) -> Session | None:
        """The session of the API key `key`, or None when it is not one (constant time)."""
        index = self._secrets.match([key.strip().encode()])
        if index is None:
            return None
        found = self.keys[index]
        return self._new(found.name, found.role)

    def loopback(self) -> Session:
        """A fresh session of loopback mode (`web`, admin)."""
        return self._new(LOOPBACK_USER, "admin")

    def _new(self, name: str, role: Role) -> Session:
        return Session(name, role, self._now() + self.lifetime, secrets.token_urlsafe(24))

    def cookie_value(self, session: Session) -> str:
        """The signed cookie value of `session`."""
        body = json.dumps(
            {
                "name": session.name,
                "role": session.role,
                "exp": session.expires.timestamp(),
                "csrf": session.csrf,
            },
            separators=(",", ":"),
        ).encode()
        payload = base64.urlsafe_b64encode(body).decode().rstrip("=")
        return f"{payload}.{self._sign(payload)}"

    def max_age(self) -> int:
        """The cookie's Max-Age in seconds."""
        return int(self.lifetime.total_seconds())

    def session_of(self, cookies: Mapping[str, str]) -> Session | None:
        """The valid session the cookie of `cookies` carries, or None."""
        value = cookies.get(COOKIE, "")
        payload, _, signature = value.partition(".")
        if not payload or not hmac.compare_digest(signature, self._sign(payload)):
            return None
        try:
            data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            name, role, csrf = str(data["name"]), data["role"], str(data["csrf"])
            expires = datetime.fromtimestamp(float(data["exp"]), tz=self._now().tzinfo)
        except (ValueError, KeyError, TypeError):
            return None
        if expires <= self._now() or not self._still_holds(name, role):
            return None
        return Session(name, role, expires, csrf)

    def _still_holds(self, name: str, role: object) -> bool:
        if self.open:
            return name == LOOPBACK_USER and role == "admin"
        return any(k.name == name and k.role == role for k in self.keys)

    def _sign(self, payload: str) -> str:
        digest = hmac.new(self._signing, payload.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def csrf_ok(session: Session, submitted: str | None) -> bool:
    """Whether a form's CSRF token is its session's (constant time)."""
    return bool(submitted) and hmac.compare_digest(session.csrf, submitted or "")
