"""The forges' webhooks (pure): is a delivery genuine, and what does it say about a pull
request.

GitHub signs the raw body with HMAC-SHA256 under the webhook's secret and sends
`X-Hub-Signature-256: sha256=<hex>`; GitLab sends the secret itself in `X-Gitlab-Token`. Both
are compared in constant time. A `pull_request` event (GitHub) or a `merge_request` event
(GitLab) becomes a `PullRequestEvent` when it changes what delivery waits for: merged, closed
without merging, or open again (reopened, or new commits pushed); any other event or action is
None. A payload without a field these read is a ValueError naming the field.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph.delivery.forge import PullRequestState

GITHUB_SIGNATURE_PREFIX = "sha256="
_GITHUB_OPEN_ACTIONS = frozenset({"reopened", "synchronize"})
_GITLAB_STATES: dict[str, PullRequestState] = {
    "merge": "merged",
    "close": "closed",
    "reopen": "open",
    "update": "open",
}


@dataclass(frozen=True, slots=True)
class PullRequestEvent:
    """What a webhook said about one pull/merge request: its number (GitHub) or iid
    (GitLab), head branch, state now, merge commit (when merged and the forge said), who
    acted, and its web page."""

    number: int
    head: str
    state: PullRequestState
    merge_sha: str | None
    actor: str | None
    url: str


def verify_github(secret: str | None, body: bytes, signature_header: str | None) -> bool:
    """Whether `signature_header` is GitHub's `sha256=<hex>` HMAC of `body` under `secret`
    (False without a secret or a header)."""
    if not secret or not signature_header:
        return False
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    expected = (GITHUB_SIGNATURE_PREFIX + digest).encode()
    return hmac.compare_digest(expected, signature_header.strip().encode("utf-8", "replace"))


def verify_gitlab(secret: str | None, token_header: str | None) -> bool:
    """Whether `token_header` is the webhook's secret token (False without either). Compared
    as SHA-256 digests, so the time taken says nothing about the secret's length."""
    if not secret or not token_header:
        return False
    given = hashlib.sha256(token_header.encode("utf-8", "replace")).digest()
    return hmac.compare_digest(hashlib.sha256(secret.encode()).digest(), given)


def github_event(event_name: str | None, payload: Any) -> PullRequestEvent | None:
    """The event of a GitHub delivery (`X-GitHub-Event` and its JSON body): `closed` is
    merged (when `pull_request.merged`) or closed, `reopened`/`synchronize` is open; None for
    other events and actions."""
    if event_name != "pull_request":
        return None
    body = _object(payload, "$")
    action = _text(body, "action")
    if action != "closed" and action not in _GITHUB_OPEN_ACTIONS:
        return None
    pull = _object(body.get("pull_request"), "pull_request")
    merged = action == "closed" and pull.get("merged") is True
    sender = _optional(body.get("sender"), "login")
    state: PullRequestState = "open"
    if action == "closed":
        state = "merged" if merged else "closed"
    return PullRequestEvent(
        number=_number(pull, "number", "pull_request"),
        head=_text(_object(pull.get("head"), "pull_request.head"), "ref", "pull_request.head"),
        state=state,
        merge_sha=_optional(pull, "merge_commit_sha") if merged else None,
        actor=sender or (_optional(pull.get("merged_by"), "login") if merged else None),
        url=_text(pull, "html_url", "pull_request"),
    )


def gitlab_event(payload: Any) -> PullRequestEvent | None:
    """The event of a GitLab delivery: a `merge_request` event whose
    `object_attributes.action` is merge, close, reopen or update (`user.username` acted);
    None for other events and actions."""
    body = _object(payload, "$")
    if body.get("object_kind") != "merge_request":
        return None
    attributes = _object(body.get("object_attributes"), "object_attributes")
    state = _GITLAB_STATES.get(str(attributes.get("action", "")))
    if state is None:
        return None
    where = "object_attributes"
    return PullRequestEvent(
        number=_number(attributes, "iid", where),
        head=_text(attributes, "source_branch", where),
        state=state,
        merge_sha=_optional(attributes, "merge_commit_sha") if state == "merged" else None,
        actor=_optional(body.get("user"), "username"),
        url=_text(attributes, "url", where),
    )


def _object(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{where} is missing or not an object")
    return value


def _text(body: Mapping[str, Any], key: str, where: str = "") -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{where + '.' if where else ''}{key} is missing or not a string")
    return value


def _number(body: Mapping[str, Any], key: str, where: str) -> int:
    value = body.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{where}.{key} is missing or not a positive integer")
    return value


def _optional(body: Any, key: str) -> str | None:
    value = body.get(key) if isinstance(body, Mapping) else None
    return value if isinstance(value, str) and value else None
