"""Credentials as a request offers them (bearer tokens, basic-auth passwords, `X-API-Key`) and
the secrets they are compared with.

Secrets are compared as SHA-256 digests with `hmac.compare_digest`, against every configured
secret without stopping early, so neither the length of a key nor which one matched leaks
through timing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Iterable, Sequence

Headers = Iterable[tuple[bytes, bytes]]


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
