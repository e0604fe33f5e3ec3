"""GitLab's merge requests through the v4 REST API, on an injected httpx client.

Calls (docs/contracts/forges.md): `GET /projects/{id}/merge_requests?source_branch=…&state=…`
to find a source branch's merge requests (newest first), `POST /projects/{id}/merge_requests`
to open one (labels comma-joined, `reviewer_ids`) and `GET /projects/{id}/merge_requests/{iid}`
to read one back. `{id}` is the numeric project id or its URL-encoded path (`group%2Fname`);
the token goes in `PRIVATE-TOKEN`. States `opened`/`locked` (being merged) → open, `merged`,
`closed`; the merge commit is `merge_commit_sha`, else `squash_commit_sha` (squashed without a
merge commit), else the head `sha` (fast-forward: the base is the head); who merged is
`merge_user` (`merged_by` before GitLab 14.7), who closed `closed_by`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

import httpx

from graph.delivery.forge import ForgeHttp, PullRequest, PullRequestState, malformed, text_field

GITLAB_API = "https://gitlab.com/api/v4"
BODY_LIMIT = 1_000_000  # characters of a description (GitLab takes 1,048,576)
_STATES: dict[str, PullRequestState] = {
    "opened": "open",
    "locked": "open",
    "merged": "merged",
    "closed": "closed",
}
_HINTS = {
    401: "the token is not valid (expired or revoked?); check FORGE_TOKEN",
    403: "the token may not do this; it needs the api scope and at least the Developer role "
    "on FORGE_REPOSITORY",
    404: "no such project or merge request, or the token cannot see it; check "
    "FORGE_REPOSITORY (group/name or the numeric id) and FORGE_URL (…/api/v4)",
    409: "GitLab reports a conflict with an existing merge request",
    422: "GitLab could not take the request (does the source branch exist? are the labels "
    "and reviewer ids valid?)",
}


class GitLabForge:
    """A project's merge requests on GitLab (see the module docstring)."""

    name = "GitLab"
    body_limit = BODY_LIMIT

    def __init__(
        self,
        http: httpx.AsyncClient,
        api_url: str,
        token: str,
        project: str,
        labels: Sequence[str] = (),
        reviewers: Sequence[str] = (),
    ) -> None:
        """The merge requests of `project` (its path or numeric id) at `api_url`
        (https://gitlab.com/api/v4), each given `labels` and asking `reviewers` (numeric user
        ids). ValueError when the project is empty or a reviewer is not a number."""
        project = project.strip().strip("/")
        if not project:
            raise ValueError("FORGE_REPOSITORY must name the GitLab project (group/name or id)")
        bad = [r for r in reviewers if not r.strip().isdigit()]
        if bad:
            raise ValueError(
                f"FORGE_REVIEWERS on GitLab are numeric user ids, not {', '.join(bad)}"
            )
        self._project = f"/projects/{quote(project, safe='')}"
        self._labels = ",".join(labels)
        self._reviewer_ids = [int(r) for r in reviewers]
        headers = {"PRIVATE-TOKEN": token, "Accept": "application/json"}
        self._api = ForgeHttp(http, self.name, api_url.rstrip("/"), headers, token, _HINTS)

    async def open_pull_request(self, head: str, base: str, title: str, body: str) -> PullRequest:
        """Open a merge request from `head` into `base` (see `Forge.open_pull_request`)."""
        what = f"opening a merge request for {head}"
        raw = await self._newest(head, "opened", what)
        if raw is None:
            payload: dict[str, Any] = {
                "source_branch": head,
                "target_branch": base,
                "title": title,
                "description": body,
            }
            if self._labels:
                payload["labels"] = self._labels
            if self._reviewer_ids:
                payload["reviewer_ids"] = self._reviewer_ids
            path = f"{self._project}/merge_requests"
            response = await self._api.call("POST", path, what, json=payload, allow=(409,))
            if response.status_code == 409:
                # "Another open merge request already exists for this source branch": one
                # opened since we looked is the one.
                raw = await self._newest(head, "opened", what)
                if raw is None:
                    raise self._api.refusal(response, what)
            else:
                raw = self._api.json(response, what)
        return parse_merge_request(raw, what)

    async def pull_request(self, number: int) -> PullRequest:
        """Merge request `number` (its iid) now."""
        what = f"reading merge request !{number}"
        response = await self._api.call("GET", f"{self._project}/merge_requests/{number}", what)
        return parse_merge_request(self._api.json(response, what), what)

    async def find_pull_request(self, head: str) -> PullRequest | None:
        """The newest merge request from `head`, in any state; None if none."""
        what = f"looking for the merge request of {head}"
        raw = await self._newest(head, "all", what)
        return None if raw is None else parse_merge_request(raw, what)

    async def _newest(self, head: str, state: str, what: str) -> Mapping[str, Any] | None:
        params = {
            "source_branch": head,
            "state": state,
            "order_by": "created_at",
            "sort": "desc",
        }
        path = f"{self._project}/merge_requests"
        listed = self._api.json(await self._api.call("GET", path, what, params=params), what)
        if not isinstance(listed, list):
            raise malformed(self.name, what, "[]")
        mine = [m for m in listed if isinstance(m, Mapping) and m.get("source_branch") == head]
        return mine[0] if mine else None


def parse_merge_request(raw: Any, what: str) -> PullRequest:
    """A merge request from GitLab's JSON; ForgeError naming the field when one delivery
    reads is missing."""
    if not isinstance(raw, Mapping):
        raise malformed("GitLab", what, "{}")
    number = raw.get("iid")
    if not isinstance(number, int) or isinstance(number, bool):
        raise malformed("GitLab", what, "iid")
    values: dict[str, str] = {}
    for name in ("web_url", "source_branch", "target_branch", "state"):
        value = text_field(raw, name)
        if value is None:
            raise malformed("GitLab", what, name)
        values[name] = value
    state = _STATES.get(values["state"])
    if state is None:
        raise malformed("GitLab", what, "state")
    head_sha = text_field(raw, "sha") or ""
    merge_sha = actor = None
    if state == "merged":
        merge_sha = (
            text_field(raw, "merge_commit_sha")
            or text_field(raw, "squash_commit_sha")
            or head_sha
            or None
        )
        actor = text_field(raw, "merge_user", "username") or text_field(
            raw, "merged_by", "username"
        )
    elif state == "closed":
        actor = text_field(raw, "closed_by", "username")
    return PullRequest(
        number=number,
        url=values["web_url"],
        state=state,
        head=values["source_branch"],
        base=values["target_branch"],
        merge_sha=merge_sha,
        actor=actor,
        head_sha=head_sha,
    )
