"""What a git forge offers delivery, whichever forge it is: the pull request model, the error,
the Protocol GitHub's and GitLab's clients implement, and their shared HTTP call.

A `ForgeError` says whether trying again later can help (`retryable`: the forge could not be
reached, answered 5xx, 408 or 429, or said it is rate limited) or whether a person has to fix
something first (401: the token; 403: its permissions; 404: the repository or the URL; 409 or
422: the request), and its message says what, naming the setting. No message carries the token:
the forge's own words are masked (graph.masking) and the token is cut out of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import httpx

from graph.masking import mask_secrets
from graph.records.commit_message import one_line

PullRequestState = Literal["open", "merged", "closed"]
RETRYABLE_STATUSES = frozenset({408, 429})
_MESSAGE_MAX = 300
_MASK = "****"


@dataclass(frozen=True, slots=True)
class PullRequest:
    """A pull request (GitHub) or merge request (GitLab) as delivery follows it.

    `url` is the page people open; `merge_sha` the commit the base branch got when it was
    merged (None otherwise); `actor` who merged or closed it (None while open, or when the
    forge did not say); `head_sha` the head branch's newest commit.
    """

    number: int
    url: str
    state: PullRequestState
    head: str
    base: str
    merge_sha: str | None = None
    actor: str | None = None
    head_sha: str = ""


class ForgeError(Exception):
    """A forge call that failed; `retryable` says whether trying again later can help.

    `status` is the forge's HTTP status (None when it was not reached) and `retry_after` the
    seconds it asked to wait (Retry-After), when it said.
    """

    def __init__(
        self,
        message: str,
        *,
        retryable: bool,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        """An error with `message` (masked, without the token: see `ForgeHttp`)."""
        super().__init__(message)
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after


class Forge(Protocol):
    """A forge's pull requests: what delivery opens and follows."""

    name: str  # "GitHub" / "GitLab", for messages
    body_limit: int  # the longest description the forge takes, in characters

    async def open_pull_request(self, head: str, base: str, title: str, body: str) -> PullRequest:
        """Open a pull request from branch `head` into `base`, with the labels and reviewers
        the forge was built with. Idempotent: when one is already open for `head`, that one is
        returned (and given the labels and reviewers it lacks), not a second one."""
        ...

    async def pull_request(self, number: int) -> PullRequest:
        """The pull request `number` as the forge has it now."""
        ...

    async def find_pull_request(self, head: str) -> PullRequest | None:
        """The newest pull request from branch `head`, in any state; None when there is none."""
        ...


@dataclass(frozen=True, slots=True)
class ForgeHttp:
    """One forge's REST API on an injected httpx client: its base URL, the headers every call
    sends (the token among them) and what to tell people about each refusal (`hints`:
    status → the sentence naming what to fix)."""

    http: httpx.AsyncClient
    forge: str
    api_url: str
    headers: Mapping[str, str]
    token: str = field(repr=False)
    hints: Mapping[int, str] = field(default_factory=dict)

    async def call(
        self,
        method: str,
        path: str,
        what: str,
        *,
        json: Any = None,
        params: Mapping[str, str] | None = None,
        allow: Sequence[int] = (),
    ) -> httpx.Response:
        """`method path` (below `api_url`); the answer when it is 2xx or in `allow`, else the
        ForgeError for it. `what` says what the call was for ("opening a pull request …")."""
        try:
            response = await self.http.request(
                method, self.api_url + path, headers=dict(self.headers), json=json, params=params
            )
        except httpx.HTTPError as error:
            raise ForgeError(
                self.clean(
                    f"{self.forge} could not be reached at {self.api_url} while {what} "
                    f"({type(error).__name__}); it is tried again later"
                ),
                retryable=True,
            ) from None
        if response.is_success or response.status_code in allow:
            return response
        raise self.refusal(response, what)

    def refusal(self, response: httpx.Response, what: str) -> ForgeError:
        """The ForgeError for a non-2xx answer (module docstring)."""
        status = response.status_code
        retry_after = _retry_after(response.headers.get("retry-after"))
        said = _forge_message(response)
        limited = status == 403 and (
            retry_after is not None or response.headers.get("x-ratelimit-remaining") == "0"
        )
        if status >= 500 or status in RETRYABLE_STATUSES or limited:
            reason = "rate limited" if status == 429 or limited else "unavailable"
            wait = f"after {retry_after:g} s" if retry_after is not None else "later"
            message = f"{self.forge} {reason} ({status}) while {what}; it is tried again {wait}"
            return ForgeError(
                self.clean(message), retryable=True, status=status, retry_after=retry_after
            )
        hint = self.hints.get(status, "")
        message = f"{self.forge} refused {what} ({status})" + (f": {hint}" if hint else "")
        if said:
            message += f". {self.forge} said: {said}"
        return ForgeError(self.clean(message), retryable=False, status=status)

    def json(self, response: httpx.Response, what: str) -> Any:
        """The JSON of a 2xx answer; a retryable ForgeError when it is not JSON (a proxy's
        error page, a cut answer)."""
        try:
            return response.json()
        except ValueError:
            raise ForgeError(
                f"{self.forge} answered {what} with a body that is not JSON "
                f"({response.status_code}); it is tried again later",
                retryable=True,
                status=response.status_code,
            ) from None

    def clean(self, text: str) -> str:
        """`text` on one line, masked, without the token, cut to a readable length."""
        text = one_line(text)
        if self.token:
            text = text.replace(self.token, _MASK)
        text = mask_secrets(text)
        return text if len(text) <= _MESSAGE_MAX * 2 else text[: _MESSAGE_MAX * 2 - 1] + "…"


def malformed(forge: str, what: str, field_name: str) -> ForgeError:
    """The error for a 2xx answer that lacks a field delivery reads (not retryable: the same
    call answers the same way)."""
    return ForgeError(
        f"{forge} answered {what} without a usable `{field_name}`; is FORGE_URL the REST API?",
        retryable=False,
    )


def text_field(raw: Mapping[str, Any], *path: str) -> str | None:
    """The string at `path` in a JSON object (`("merged_by", "login")`), or None."""
    value: Any = raw
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value if isinstance(value, str) and value else None


def _forge_message(response: httpx.Response) -> str:
    """What the forge said about a refusal: `message` (a string, a list or a mapping of
    field → messages, GitLab) and GitHub's `errors[].message`; "" when it said nothing."""
    try:
        body = response.json()
    except ValueError:
        return one_line(response.text)[:_MESSAGE_MAX]
    if not isinstance(body, Mapping):
        return ""
    parts = [*_texts(body.get("message")), *_texts(body.get("error"))]
    for error in body.get("errors") or []:
        if isinstance(error, Mapping):
            parts += _texts(error.get("message"))
            code, name = error.get("code"), error.get("field")
            if isinstance(code, str) and isinstance(name, str):
                parts.append(f"{name} {code}")
        else:
            parts += _texts(error)
    return one_line("; ".join(parts))[:_MESSAGE_MAX]


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str | int | float)]
    if isinstance(value, Mapping):
        return [f"{k} {'; '.join(_texts(v))}" for k, v in value.items()]
    return []


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds (the forges send a number of seconds); None when absent or a
    date."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if seconds >= 0 else None
