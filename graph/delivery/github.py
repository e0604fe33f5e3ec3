"""GitHub's (and GitHub Enterprise's) pull requests through the REST API, on an injected
httpx client.

Calls (docs/contracts/forges.md): `GET /repos/{o}/{r}/pulls?head={o}:{branch}&state=…` to find
a head branch's pull requests (newest first), `POST /repos/{o}/{r}/pulls` to open one,
`POST /repos/{o}/{r}/issues/{n}/labels` and `POST /repos/{o}/{r}/pulls/{n}/requested_reviewers`
to label it and ask for reviews, `GET /repos/{o}/{r}/pulls/{n}` to read it back and, for one
closed without merging, `GET /repos/{o}/{r}/issues/{n}` for who closed it (`closed_by` is only
on the issue). Merged means `merged` (or, in lists, `merged_at`); the merge commit is
`merge_commit_sha`, who merged `merged_by.login`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import quote

import httpx
import structlog

from graph.delivery.forge import (
    ForgeError,
    ForgeHttp,
    PullRequest,
    PullRequestState,
    malformed,
    text_field,
)

log = structlog.get_logger("alertgraph.delivery")

GITHUB_API = "https://api.github.com"
BODY_LIMIT = 65_536  # characters of a pull request body
API_VERSION = "2022-11-28"
_HINTS = {
    401: "the token is not valid (expired or revoked?); check FORGE_TOKEN",
    403: "the token may not do this; it needs read and write access to pull requests and "
    "issues of FORGE_REPOSITORY",
    404: "no such repository, pull request or branch, or the token cannot see it; check "
    "FORGE_REPOSITORY and FORGE_URL",
    422: "GitHub could not take the request (does the head branch exist and differ from the "
    "base? are the labels and reviewers valid?)",
}


class GitHubForge:
    """A repository's pull requests on GitHub (see the module docstring)."""

    name = "GitHub"
    body_limit = BODY_LIMIT

    def __init__(
        self,
        http: httpx.AsyncClient,
        api_url: str,
        token: str,
        repository: str,
        labels: Sequence[str] = (),
        reviewers: Sequence[str] = (),
    ) -> None:
        """The pull requests of `repository` ("owner/name") at `api_url` (https://api.github.com,
        or https://<host>/api/v3), each given `labels` and asking `reviewers` (logins).
        ValueError when `repository` is not owner/name."""
        owner, slash, name = repository.strip().partition("/")
        if not owner or not slash or not name or "/" in name:
            raise ValueError(f"FORGE_REPOSITORY must be owner/name on GitHub, not {repository!r}")
        self._owner = owner
        self._repo = f"/repos/{quote(owner, safe='')}/{quote(name, safe='')}"
        self._labels = tuple(labels)
        self._reviewers = tuple(reviewers)
        headers = {
            "Authorization": f"Bearer {token}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": API_VERSION,
        }
        self._api = ForgeHttp(http, self.name, api_url.rstrip("/"), headers, token, _HINTS)

    async def open_pull_request(self, head: str, base: str, title: str, body: str) -> PullRequest:
        """Open a pull request from `head` into `base` (see `Forge.open_pull_request`)."""
        what = f"opening a pull request for {head}"
        raw = await self._newest(head, "open", what)
        if raw is None:
            payload = {"title": title, "head": head, "base": base, "body": body}
            path = f"{self._repo}/pulls"
            response = await self._api.call("POST", path, what, json=payload, allow=(422,))
            if response.status_code == 422:
                # "A pull request already exists": one opened since we looked (a concurrent
                # try) is the one; any other 422 is the request's fault.
                raw = await self._newest(head, "open", what)
                if raw is None:
                    raise self._api.refusal(response, what)
            else:
                raw = self._api.json(response, what)
        pull = parse_pull(raw, what)
        await self._complete(raw, pull.number)
        return pull

    async def pull_request(self, number: int) -> PullRequest:
        """Pull request `number` now; for one closed without merging, who closed it."""
        what = f"reading pull request #{number}"
        response = await self._api.call("GET", f"{self._repo}/pulls/{number}", what)
        pull = parse_pull(self._api.json(response, what), what)
        if pull.state != "closed":
            return pull
        response = await self._api.call("GET", f"{self._repo}/issues/{number}", what)
        closer = text_field(self._api.json(response, what), "closed_by", "login")
        return replace(pull, actor=closer)

    async def find_pull_request(self, head: str) -> PullRequest | None:
        """The newest pull request from `head`, in any state, read in full; None if none."""
        raw = await self._newest(head, "all", f"looking for the pull request of {head}")
        return None if raw is None else await self.pull_request(parse_pull(raw, head).number)

    async def _newest(self, head: str, state: str, what: str) -> dict[str, Any] | None:
        """The newest pull request from `head` in `state` (open/all), as GitHub lists it."""
        params = {
            "head": f"{self._owner}:{head}",
            "state": state,
            "sort": "created",
            "direction": "desc",
        }
        response = await self._api.call("GET", f"{self._repo}/pulls", what, params=params)
        listed = self._api.json(response, what)
        if not isinstance(listed, list):
            raise malformed(self.name, what, "[]")
        # GitHub filters by `head`; a proxy or an old Enterprise that ignores it must not make
        # another branch's pull request ours.
        mine = [p for p in listed if text_field(p, "head", "ref") == head]
        return mine[0] if mine else None

    async def _complete(self, raw: Mapping[str, Any], number: int) -> None:
        """Add the labels and reviewers `raw` lacks (all of them on a new pull request; after
        a failed earlier try, the rest). A refusal of them is logged, not raised: the pull
        request is open and people can add them; a retryable failure is raised (retried)."""
        present = {text_field(label, "name") for label in raw.get("labels") or []}
        labels = [label for label in self._labels if label not in present]
        asked = {text_field(user, "login") for user in raw.get("requested_reviewers") or []}
        reviewers = [r for r in self._reviewers if r not in asked]
        calls = [
            ("labels", f"/issues/{number}/labels", {"labels": labels}),
            ("reviewers", f"/pulls/{number}/requested_reviewers", {"reviewers": reviewers}),
        ]
        for noun, path, payload in calls:
            if not next(iter(payload.values())):
                continue
            try:
                await self._api.call(
                    "POST", self._repo + path, f"adding {noun} to #{number}", json=payload
                )
            except ForgeError as error:
                if error.retryable:
                    raise
                log.warning("pull request not completed", number=number, error=str(error))


def parse_pull(raw: Any, what: str) -> PullRequest:
    """A pull request from GitHub's JSON (a single one, or an item of a list); ForgeError
    naming the field when one delivery reads is missing."""
    if not isinstance(raw, Mapping):
        raise malformed("GitHub", what, "{}")
    number = raw.get("number")
    if not isinstance(number, int) or isinstance(number, bool):
        raise malformed("GitHub", what, "number")
    values: dict[str, str] = {}
    for name, path in (
        ("url", ("html_url",)),
        ("head", ("head", "ref")),
        ("base", ("base", "ref")),
        ("head_sha", ("head", "sha")),
        ("state", ("state",)),
    ):
        value = text_field(raw, *path)
        if value is None:
            raise malformed("GitHub", what, ".".join(path))
        values[name] = value
    state: PullRequestState
    merged = raw.get("merged") is True or bool(text_field(raw, "merged_at"))
    if merged:
        state = "merged"
        merge_sha = text_field(raw, "merge_commit_sha")
        actor = text_field(raw, "merged_by", "login")
    else:
        state = "open" if values["state"] == "open" else "closed"
        merge_sha = actor = None
    return PullRequest(
        number=number,
        url=values["url"],
        state=state,
        head=values["head"],
        base=values["base"],
        merge_sha=merge_sha,
        actor=actor,
        head_sha=values["head_sha"],
    )
