"""A fake git forge on loopback that speaks GitHub's and GitLab's REST contracts
(docs/contracts/forges.md), backed by a real bare git repository, for tests.

GitHub's API is served under `/api/v3` (as GitHub Enterprise serves it), GitLab's under
`/api/v4`; both share one store of pull requests (number = iid). Opening one checks that the
head and base branches exist in the bare repository and that the head has commits the base
lacks; `merge(n, by=…)` makes a `--no-ff` merge commit in a temporary clone and pushes it,
`edit` pushes a reviewer's commit to the head, `close` closes. Every request is recorded
(`requests`) whatever was answered; `fail` makes calls answer 502, 429 with Retry-After, or
drop the connection ("down"); `delivery`/`send_webhook` make the signed webhook deliveries.
Not modelled: pagination, ETags, forks, drafts, approvals, the secondary rate limit's 403,
webhook redelivery.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import threading
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, Self
from urllib.parse import unquote

import httpx
from aiohttp import web

from tests.fakes.forge_git import ahead, branch_sha, commit_file, merge
from tests.fakes.forge_payloads import (
    AUTHOR,
    GITHUB_STATES,
    GITLAB_STATES,
    Delivery,
    FakePull,
    Recorded,
    Refused,
    github_delivery,
    github_issue,
    github_listed,
    github_pull,
    gitlab_delivery,
    gitlab_merge_request,
    invalid,
    listed,
)

Failure = Literal["502", "429", "down"]
Answer = tuple[int, Any]  # status, JSON body
GITHUB_BODY_LIMIT = 65_536
WEB = "https://forge.example.test"
_GITHUB = re.compile(r"/repos/([^/]+)/([^/]+)/(pulls|issues)(?:/(\d+)(?:/([a-z_]+))?)?")
_GITLAB = re.compile(r"/projects/([^/]+)/merge_requests(?:/(\d+))?")


class FakeForge:
    """The fake forge: an async context manager serving on 127.0.0.1 (module docstring)."""

    def __init__(
        self,
        bare: Path,
        *,
        token: str = "forge-token-f4k3",  # noqa: S107
        repository: str = "acme/gitops",
    ) -> None:
        self.bare = bare
        self.token = token
        self.repository = repository
        self.project_id = 42  # GitLab also takes the numeric id
        self.pulls: dict[int, FakePull] = {}
        self.requests: list[Recorded] = []
        self._failures: deque[tuple[Failure | None, int]] = deque()
        self._runner: web.AppRunner | None = None
        self._port = 0

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_route("*", "/api/v3/{tail:.*}", self._serve)
        app.router.add_route("*", "/api/v4/{tail:.*}", self._serve)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self._port = int(self._runner.addresses[0][1])
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def github_url(self) -> str:
        """GitHub's REST API base (FORGE_URL), GitHub Enterprise style."""
        return f"http://127.0.0.1:{self._port}/api/v3"

    @property
    def gitlab_url(self) -> str:
        """GitLab's v4 REST API base (FORGE_URL)."""
        return f"http://127.0.0.1:{self._port}/api/v4"

    # ------------------------------------------------------------------ scripting

    def fail(self, kind: Failure, times: int = 1, *, after: int = 0, retry_after: int = 7) -> None:
        """Make `times` requests fail, after `after` more are answered: "502" (an HTML error
        page), "429" (with `Retry-After: <retry_after>`) or "down" (the connection is dropped
        unanswered)."""
        self._failures.extend([(None, 0)] * after + [(kind, retry_after)] * times)

    def requests_to(self, method: str, path_end: str) -> list[Recorded]:
        """The recorded requests of `method` whose path ends with `path_end`."""
        return [r for r in self.requests if r.method == method and r.path.endswith(path_end)]

    async def merge(self, number: int, by: str = "alice") -> str:
        """Merge pull request `number` for real: a merge commit of head into base, made in a
        temporary clone and pushed to the bare repository; its sha."""
        pull = self.pulls[number]
        assert pull.state == "open", f"#{number} is {pull.state}"
        message = f"Merge pull request #{number} from {pull.head}"
        sha = await asyncio.to_thread(merge, self.bare, pull.base, pull.head, message, by)
        pull.state, pull.merged_by, pull.merge_sha = "merged", by, sha
        return sha

    async def edit(self, number: int, path: str, text: str, by: str = "carol") -> str:
        """A reviewer's commit on the pull request's head branch (`path` now holds `text`);
        its sha."""
        pull = self.pulls[number]
        return await asyncio.to_thread(commit_file, self.bare, pull.head, path, text, by)

    async def close(self, number: int, by: str = "bob") -> None:
        """Close pull request `number` without merging."""
        self.pulls[number].state, self.pulls[number].closed_by = "closed", by

    def delivery(
        self, number: int, secret: str, *, forge: str = "github", action: str = "", by: str = ""
    ) -> Delivery:
        """The webhook delivery GitHub or GitLab sends for the pull request's state now: by
        default `closed` / `merge`|`close`, or `reopened` / `reopen` for an open one."""
        pull = self._refresh(self.pulls[number])
        actor = by or pull.merged_by or pull.closed_by or AUTHOR
        if forge == "github":
            action = action or ("reopened" if pull.state == "open" else "closed")
            return github_delivery(pull, WEB, self.repository, secret, action, actor)
        action = action or {"open": "reopen", "merged": "merge", "closed": "close"}[pull.state]
        return gitlab_delivery(pull, WEB, self.repository, secret, action, actor)

    async def send_webhook(
        self, url: str, number: int, secret: str, *, forge: str = "github", client: Any = None
    ) -> Any:
        """POST the delivery for `number` to `url` exactly as the forge would; `client` (an
        httpx-like client, e.g. Litestar's test client) or a fresh httpx client. The answer."""
        delivery = self.delivery(number, secret, forge=forge)
        if client is not None:
            return await client.post(url, content=delivery.body, headers=delivery.headers)
        async with httpx.AsyncClient(trust_env=False) as http:
            return await http.post(url, content=delivery.body, headers=delivery.headers)

    # ------------------------------------------------------------------ the server

    async def _serve(self, request: web.Request) -> web.StreamResponse:
        path = request.raw_path.split("?", 1)[0]
        body = await request.read()
        payload = json.loads(body) if body else None
        status, answer, extra = await self._answer(request, path, payload)
        query, headers = dict(request.query), dict(request.headers)
        self.requests.append(Recorded(request.method, path, query, headers, payload, status))
        if status == 0:
            assert request.transport is not None
            request.transport.abort()
            raise asyncio.CancelledError  # nothing is answered
        if status == 502:
            page = "<html>502 Bad Gateway</html>"
            return web.Response(status=502, text=page, content_type="text/html")
        return web.json_response(answer, status=status, headers=extra)

    async def _answer(
        self, request: web.Request, path: str, payload: Any
    ) -> tuple[int, Any, dict[str, str]]:
        kind, retry_after = self._failures.popleft() if self._failures else (None, 0)
        if kind is not None:
            if kind == "429":
                message = {"message": "API rate limit exceeded"}
                return 429, message, {"Retry-After": str(retry_after)}
            return (502 if kind == "502" else 0), None, {}
        try:
            if path.startswith("/api/v3/"):
                status, answer = self._github(request, path[len("/api/v3") :], payload)
            else:
                status, answer = self._gitlab(request, path[len("/api/v4") :], payload)
        except Refused as refused:
            return refused.status, refused.body, refused.headers
        return status, answer, {}

    def _github(self, request: web.Request, path: str, payload: Any) -> Answer:
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            raise Refused(401, {"message": "Bad credentials"})
        match = _GITHUB.fullmatch(path)
        if match is None or f"{unquote(match[1])}/{unquote(match[2])}" != self.repository:
            raise Refused(404, {"message": "Not Found"})
        kind, number, sub = match[3], match[4], match[5]
        if number is None:
            if kind != "pulls":
                raise Refused(404, {"message": "Not Found"})
            if request.method == "POST":
                return self._github_create(payload)
            return 200, self._github_list(request.query)
        pull = self._pull(int(number), {"message": "Not Found"})
        if request.method == "GET" and sub is None:
            view = github_pull if kind == "pulls" else github_issue
            return 200, view(pull, WEB, self.repository)
        if request.method == "POST" and (kind, sub) == ("issues", "labels"):
            pull.labels += [name for name in payload["labels"] if name not in pull.labels]
            return 200, [{"name": name} for name in pull.labels]
        if request.method == "POST" and (kind, sub) == ("pulls", "requested_reviewers"):
            pull.reviewers += [r for r in payload["reviewers"] if r not in pull.reviewers]
            return 201, github_pull(pull, WEB, self.repository)
        raise Refused(404, {"message": "Not Found"})

    def _github_list(self, query: Any) -> list[dict[str, Any]]:
        owner, _, head = str(query.get("head", "")).partition(":")
        states = GITHUB_STATES[query.get("state", "open")]
        if head and owner != self.repository.split("/")[0]:
            return []  # another owner's fork: none here
        found = listed(self._newest_first(), head or None, states)
        return [github_listed(p, WEB, self.repository) for p in found]

    def _github_create(self, payload: dict[str, Any]) -> Answer:
        head, base = payload.get("head", ""), payload.get("base", "")
        owner = self.repository.split("/")[0]
        if any(p.head == head and p.state == "open" for p in self.pulls.values()):
            raise invalid({"message": f"A pull request already exists for {owner}:{head}."})
        if len(payload.get("body") or "") > GITHUB_BODY_LIMIT:
            limit = f"body is too long (maximum is {GITHUB_BODY_LIMIT} characters)"
            raise invalid({"field": "body", "message": limit})
        self._check_branches(head, base, lambda field: invalid({"field": field, "code": "invalid"}))
        pull = self._add(payload.get("title", ""), payload.get("body") or "", head, base)
        return 201, github_pull(pull, WEB, self.repository)

    def _gitlab(self, request: web.Request, path: str, payload: Any) -> Answer:
        if request.headers.get("PRIVATE-TOKEN") != self.token:
            raise Refused(401, {"message": "401 Unauthorized"})
        match = _GITLAB.fullmatch(path)
        if match is None or unquote(match[1]) not in (self.repository, str(self.project_id)):
            raise Refused(404, {"message": "404 Project Not Found"})
        if match[2] is not None and request.method == "GET":
            pull = self._pull(int(match[2]), {"message": "404 Not found"})
            return 200, gitlab_merge_request(pull, WEB, self.repository)
        if match[2] is None and request.method == "GET":
            return 200, self._gitlab_list(request.query)
        if match[2] is None and request.method == "POST":
            return self._gitlab_create(payload)
        raise Refused(405, {"message": "405 Method Not Allowed"})

    def _gitlab_list(self, query: Any) -> list[dict[str, Any]]:
        states = GITLAB_STATES[query.get("state", "all")]
        found = listed(self._newest_first(), query.get("source_branch"), states)
        return [gitlab_merge_request(p, WEB, self.repository) for p in found]

    def _gitlab_create(self, payload: dict[str, Any]) -> Answer:
        head, base = payload.get("source_branch", ""), payload.get("target_branch", "")
        for p in self.pulls.values():
            if p.head == head and p.state == "open":
                message = (
                    f"Another open merge request already exists for this source branch: !{p.number}"
                )
                raise Refused(409, {"message": [message]})
        self._check_branches(
            head, base, lambda name: Refused(422, {"message": [f"{name} is invalid"]})
        )
        labels = [name for name in str(payload.get("labels") or "").split(",") if name]
        pull = self._add(payload.get("title", ""), payload.get("description") or "", head, base)
        pull.labels = labels
        pull.reviewers = [str(r) for r in payload.get("reviewer_ids") or []]
        return 201, gitlab_merge_request(pull, WEB, self.repository)

    # ------------------------------------------------------------------ the store

    def _check_branches(self, head: str, base: str, refusal: Any) -> None:
        for name, branch in (("head", head), ("base", base)):
            if not branch or not branch_sha(self.bare, branch):
                raise refusal(name)
        if not ahead(self.bare, base, head):
            raise refusal("head")  # no commits between base and head

    def _add(self, title: str, body: str, head: str, base: str) -> FakePull:
        number = len(self.pulls) + 1
        sha = branch_sha(self.bare, head)
        self.pulls[number] = FakePull(number, title, body, head, base, number, head_sha=sha)
        return self.pulls[number]

    def _pull(self, number: int, missing: Any) -> FakePull:
        if number not in self.pulls:
            raise Refused(404, missing)
        return self._refresh(self.pulls[number])

    def _refresh(self, pull: FakePull) -> FakePull:
        if pull.state == "open":
            pull.head_sha = branch_sha(self.bare, pull.head) or pull.head_sha
        return pull

    def _newest_first(self) -> list[FakePull]:
        return [self._refresh(p) for p in sorted(self.pulls.values(), key=lambda p: -p.created)]


@contextlib.contextmanager
def running_fake_forge(bare: Path) -> Iterator[FakeForge]:
    """A FakeForge serving from its own thread and event loop (for tests whose request to the
    app blocks the test's loop while the app calls the forge, as Litestar's test client does)."""
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    fakes: list[FakeForge] = []

    def serve() -> None:
        asyncio.set_event_loop(loop)
        fake = FakeForge(bare)
        loop.run_until_complete(fake.__aenter__())
        fakes.append(fake)
        ready.set()
        loop.run_forever()
        loop.run_until_complete(fake.__aexit__(None, None, None))
        loop.close()

    thread = threading.Thread(target=serve, name="fake-forge", daemon=True)
    thread.start()
    assert ready.wait(10), "the fake forge did not start"
    try:
        yield fakes[0]
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
