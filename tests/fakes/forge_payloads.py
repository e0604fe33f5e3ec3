"""What the fake forge says about a pull request: GitHub's and GitLab's REST JSON and their
webhook deliveries (body and headers, signed), as docs/contracts/forges.md describes them.

Only the fields the contract names are faithful; a few neighbours are there so a client that
reads more than it should is not rewarded by their absence.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
import zlib
from dataclasses import dataclass, field
from typing import Any, Literal

State = Literal["open", "merged", "closed"]
ALL: frozenset[str] = frozenset({"open", "merged", "closed"})
# The `state` query parameter of the list endpoints → the states it lists.
GITHUB_STATES = {"open": frozenset({"open"}), "closed": frozenset({"merged", "closed"}), "all": ALL}
GITLAB_STATES = {
    "opened": frozenset({"open"}),
    "merged": frozenset({"merged"}),
    "closed": frozenset({"closed"}),
    "all": ALL,
}
AUTHOR = "alertgraph-bot"


@dataclass
class FakePull:
    """One pull/merge request the fake keeps (GitHub number = GitLab iid)."""

    number: int
    title: str
    body: str
    head: str
    base: str
    created: int  # order of creation
    labels: list[str] = field(default_factory=list)
    reviewers: list[str] = field(default_factory=list)  # logins (GitHub) or ids (GitLab)
    state: State = "open"
    merged_by: str | None = None
    closed_by: str | None = None
    merge_sha: str | None = None
    head_sha: str = ""


@dataclass(frozen=True)
class Recorded:
    """One request the fake received: method, raw path (as sent, still URL-encoded), query,
    headers, JSON body (None when none) and the status answered (0: dropped)."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json: Any
    status: int


def listed(pulls: list[FakePull], head: str | None, states: frozenset[str]) -> list[FakePull]:
    """`pulls` from branch `head` (any when None) in one of `states`."""
    return [p for p in pulls if (head is None or p.head == head) and p.state in states]


def _user(login: str | None) -> dict[str, Any] | None:
    return None if login is None else {"login": login, "id": zlib.crc32(login.encode()) % 10**6}


def github_pull(pull: FakePull, web: str, repository: str) -> dict[str, Any]:
    """The pull request as GitHub's `GET /repos/{o}/{r}/pulls/{n}` answers it."""
    owner = repository.split("/")[0]
    return {
        "number": pull.number,
        "html_url": f"{web}/{repository}/pull/{pull.number}",
        "state": "open" if pull.state == "open" else "closed",
        "title": pull.title,
        "body": pull.body,
        "user": _user(AUTHOR),
        "labels": [{"name": name} for name in pull.labels],
        "requested_reviewers": [_user(login) for login in pull.reviewers],
        "head": {"ref": pull.head, "sha": pull.head_sha, "label": f"{owner}:{pull.head}"},
        "base": {"ref": pull.base, "label": f"{owner}:{pull.base}"},
        "merged": pull.state == "merged",
        "merged_at": "2026-11-24T04:00:00Z" if pull.state == "merged" else None,
        "merge_commit_sha": pull.merge_sha,
        "merged_by": _user(pull.merged_by),
    }


def github_listed(pull: FakePull, web: str, repository: str) -> dict[str, Any]:
    """The pull request as an item of GitHub's list: no `merged`, `merged_by` (only
    `merged_at`), as GitHub's pull request list answers."""
    full = github_pull(pull, web, repository)
    return {k: v for k, v in full.items() if k not in ("merged", "merged_by")}


def github_issue(pull: FakePull, web: str, repository: str) -> dict[str, Any]:
    """The pull request's issue, the only place GitHub says who closed it."""
    return {
        "number": pull.number,
        "html_url": f"{web}/{repository}/pull/{pull.number}",
        "state": "open" if pull.state == "open" else "closed",
        "closed_by": _user(pull.merged_by or pull.closed_by),
        "pull_request": {"url": f"{web}/{repository}/pull/{pull.number}"},
    }


def gitlab_merge_request(pull: FakePull, web: str, project: str) -> dict[str, Any]:
    """The merge request as GitLab's `GET /projects/{id}/merge_requests/{iid}` answers it."""
    merged = pull.state == "merged"
    reviewers = [{"id": int(r), "username": f"user{r}"} for r in pull.reviewers]
    return {
        "id": 1000 + pull.number,
        "iid": pull.number,
        "web_url": f"{web}/{project}/-/merge_requests/{pull.number}",
        "state": {"open": "opened", "merged": "merged", "closed": "closed"}[pull.state],
        "title": pull.title,
        "description": pull.body,
        "source_branch": pull.head,
        "target_branch": pull.base,
        "labels": list(pull.labels),
        "reviewers": reviewers,
        "sha": pull.head_sha,
        "merge_commit_sha": pull.merge_sha,
        "squash_commit_sha": None,
        "merge_user": {"username": pull.merged_by} if merged else None,
        "merged_by": {"username": pull.merged_by} if merged else None,
        "closed_by": {"username": pull.closed_by} if pull.state == "closed" else None,
        "author": {"username": AUTHOR},
    }


@dataclass(frozen=True)
class Delivery:
    """A webhook delivery: the exact body bytes and the headers the forge sends with them."""

    body: bytes
    headers: dict[str, str]


def github_delivery(
    pull: FakePull, web: str, repository: str, secret: str, action: str, sender: str
) -> Delivery:
    """A `pull_request` event signed as GitHub signs it (X-Hub-Signature-256: the HMAC-SHA256
    of the body under the secret; the legacy SHA-1 X-Hub-Signature beside it)."""
    payload = {
        "action": action,
        "number": pull.number,
        "pull_request": github_pull(pull, web, repository),
        "repository": {"full_name": repository},
        "sender": _user(sender),
    }
    body = json.dumps(payload).encode()
    sha256 = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    sha1 = hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()
    return Delivery(
        body,
        {
            "Content-Type": "application/json",
            "User-Agent": "GitHub-Hookshot/fake",
            "X-GitHub-Event": "pull_request",
            "X-GitHub-Delivery": str(uuid.uuid4()),
            "X-GitHub-Hook-ID": "1",
            "X-Hub-Signature": f"sha1={sha1}",
            "X-Hub-Signature-256": f"sha256={sha256}",
        },
    )


def gitlab_delivery(
    pull: FakePull, web: str, project: str, secret: str, action: str, user: str
) -> Delivery:
    """A "Merge Request Hook" event with the secret token in X-Gitlab-Token."""
    attributes = gitlab_merge_request(pull, web, project)
    attributes["url"] = attributes.pop("web_url")
    attributes["action"] = action
    attributes["last_commit"] = {"id": pull.head_sha}
    payload = {
        "object_kind": "merge_request",
        "event_type": "merge_request",
        "user": {"username": user, "name": user.title()},
        "project": {"path_with_namespace": project, "web_url": f"{web}/{project}"},
        "object_attributes": attributes,
    }
    body = json.dumps(payload).encode()
    return Delivery(
        body,
        {
            "Content-Type": "application/json",
            "User-Agent": "GitLab/fake",
            "X-Gitlab-Event": "Merge Request Hook",
            "X-Gitlab-Token": secret,
            "X-Gitlab-Event-UUID": str(uuid.uuid4()),
            "X-Gitlab-Instance": web,
        },
    )


class Refused(Exception):
    """An answer other than success: status and JSON body."""

    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(status)
        self.status, self.body, self.headers = status, body, headers or {}


def invalid(error: dict[str, str]) -> Refused:
    """GitHub's 422 "Validation Failed" with one error."""
    errors = [{"resource": "PullRequest", **error}]
    return Refused(422, {"message": "Validation Failed", "errors": errors})
