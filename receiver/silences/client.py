"""Alertmanager's silence API (v2), as the service uses it: create (or extend) a silence,
expire one, read one's state.

Alertmanager answers a refused silence with 400 and its reason as a JSON string; an unknown
id with 404 (0.25 answers 500 "silence not found" to a DELETE of one); an expired silence
stays readable with state `expired`. Every failure is a `SilenceError` whose message a person
can act on; it never carries the URL (which may hold credentials) and is masked.
"""

from __future__ import annotations

import httpx
import msgspec

from graph.masking import mask_secrets
from receiver.silences.matchers import PostableSilence

TIMEOUT = httpx.Timeout(10.0, connect=5.0)  # a silence is one small request
MAX_REASON = 300  # characters of Alertmanager's reason kept in a message


class SilenceError(Exception):
    """Alertmanager did not do what was asked: `status` is its HTTP status (None when it did
    not answer) and the message says why, for people."""

    def __init__(self, message: str, status: int | None = None) -> None:
        """The error with its message and Alertmanager's status, if it answered."""
        super().__init__(message)
        self.status = status


class _Created(msgspec.Struct):
    silenceID: str  # Alertmanager's name


class _Status(msgspec.Struct):
    state: str


class _Gettable(msgspec.Struct):
    id: str
    status: _Status


class SilenceClient:
    """Silences of the Alertmanager at `base_url`, through `http`."""

    def __init__(self, http: httpx.AsyncClient, base_url: str) -> None:
        """A client of the Alertmanager at `base_url` (its API under `/api/v2`)."""
        self._http = http
        self._api = f"{base_url.rstrip('/')}/api/v2"

    async def create(self, silence: PostableSilence) -> str:
        """Create `silence` (or replace the one its `id` names); the id Alertmanager gave
        it. SilenceError when refused or unreachable; with an id Alertmanager does not know,
        `status` is 404."""
        response = await self._request("POST", "/silences", content=msgspec.json.encode(silence))
        if response.status_code != 200:
            raise _refused("refused the silence", response)
        try:
            return msgspec.json.decode(response.content, type=_Created).silenceID
        except (msgspec.DecodeError, msgspec.ValidationError):
            raise SilenceError(
                "Alertmanager accepted the silence but its answer carried no silenceID",
                response.status_code,
            ) from None

    async def expire(self, silence_id: str) -> None:
        """Expire the silence `silence_id` now; one that is unknown or already expired counts
        as expired. SilenceError otherwise."""
        response = await self._request("DELETE", f"/silence/{silence_id}")
        if response.status_code == 200 or _gone(response):
            return
        raise _refused(f"did not expire silence {silence_id}", response)

    async def state(self, silence_id: str) -> str | None:
        """The state Alertmanager gives the silence (`active`, `pending`, `expired`), None
        when it does not know it."""
        response = await self._request("GET", f"/silence/{silence_id}")
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise _refused(f"did not show silence {silence_id}", response)
        try:
            return msgspec.json.decode(response.content, type=_Gettable).status.state
        except (msgspec.DecodeError, msgspec.ValidationError):
            raise SilenceError("Alertmanager's answer was not a silence", 200) from None

    async def _request(self, method: str, path: str, content: bytes = b"") -> httpx.Response:
        headers = {"Content-Type": "application/json"} if content else {}
        try:
            return await self._http.request(
                method, self._api + path, content=content or None, headers=headers, timeout=TIMEOUT
            )
        except httpx.TimeoutException:
            raise SilenceError(f"Alertmanager did not answer within {TIMEOUT.read:.0f} s") from None
        except httpx.HTTPError as error:
            raise SilenceError(
                f"Alertmanager could not be reached ({type(error).__name__}: "
                f"{mask_secrets(str(error))[:MAX_REASON]})"
            ) from None


def _reason(response: httpx.Response) -> str:
    """Alertmanager's reason: a JSON string, an object's `message`, or the text."""
    try:
        body = msgspec.json.decode(response.content)
    except msgspec.DecodeError:
        body = response.text
    if isinstance(body, dict):
        body = body.get("message", response.text)
    return mask_secrets(str(body).strip())[:MAX_REASON] or "no reason given"


def _refused(what: str, response: httpx.Response) -> SilenceError:
    return SilenceError(
        f"Alertmanager {what} (HTTP {response.status_code}): {_reason(response)}",
        response.status_code,
    )


def _gone(response: httpx.Response) -> bool:
    """True when Alertmanager says the silence is unknown or already expired."""
    if response.status_code == 404:
        return True
    reason = _reason(response).lower()
    return response.status_code == 500 and ("not found" in reason or "already expired" in reason)
