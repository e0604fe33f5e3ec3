"""`POST /webhooks/github` and `POST /webhooks/gitlab`: the forges say a pull request was
merged, closed or opened again.

They authenticate by what the forge sends, not by an API key (receiver.api.access lets them
through): GitHub's `X-Hub-Signature-256` HMAC of the exact body, GitLab's `X-Gitlab-Token`,
both checked against FORGE_WEBHOOK_SECRET in constant time (graph.delivery.webhooks). Without
a secret, or with a wrong or absent one, the answer is the same 401 problem. A body that is
not JSON, or lacks a field the event needs, is a 400 naming it. An event delivery does not
follow (another event or action, or a head branch that is not `alertgraph/…`) is a 202 saying
why it was ignored; any other is handed to `on_event` before the 202.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
import structlog
from litestar import Request, post
from litestar.handlers import HTTPRouteHandler

from graph.delivery.webhooks import (
    PullRequestEvent,
    github_event,
    gitlab_event,
    verify_github,
    verify_gitlab,
)
from receiver.api.access import UNAUTHORIZED_DETAIL
from receiver.api.problems import FieldError, ProblemError, problem_responses
from receiver.metrics import Reason

log = structlog.get_logger("alertgraph.forge")

GITHUB_PATH = "/webhooks/github"
GITLAB_PATH = "/webhooks/gitlab"
HEAD_PREFIX = "alertgraph/"
NOT_FOLLOWED = "not a merge, close, reopen or new commits of a pull request"
OnForgeEvent = Callable[[PullRequestEvent], Awaitable[None]]


class ForgeEventAnswer(msgspec.Struct, frozen=True, omit_defaults=True):
    """What a forge webhook answers (202): the event taken (`merged #7`), or why it was
    ignored."""

    accepted: str = ""
    ignored: str = ""


def forge_webhook_routes(secret: str | None, on_event: OnForgeEvent) -> list[HTTPRouteHandler]:
    """The GitHub and GitLab webhook handlers, checking `secret` and handing each event
    delivery follows to `on_event`."""

    @post(
        GITHUB_PATH,
        status_code=202,
        tags=["forge"],
        summary="GitHub webhook (pull request events)",
        responses=problem_responses(400, 401, 413),
    )
    async def github_webhook(request: Request[Any, Any, Any]) -> ForgeEventAnswer:
        """Point a GitHub webhook here: content type application/json, the "Pull requests"
        event, FORGE_WEBHOOK_SECRET as its secret."""
        body = await request.body()
        if not verify_github(secret, body, request.headers.get("x-hub-signature-256")):
            raise unauthorized()
        event_name = request.headers.get("x-github-event")
        payload = decoded(body)
        return await hand_on(parsed(lambda: github_event(event_name, payload)), on_event)

    @post(
        GITLAB_PATH,
        status_code=202,
        tags=["forge"],
        summary="GitLab webhook (merge request events)",
        responses=problem_responses(400, 401, 413),
    )
    async def gitlab_webhook(request: Request[Any, Any, Any]) -> ForgeEventAnswer:
        """Point a GitLab webhook here: "Merge request events", FORGE_WEBHOOK_SECRET as its
        secret token."""
        body = await request.body()
        if not verify_gitlab(secret, request.headers.get("x-gitlab-token")):
            raise unauthorized()
        payload = decoded(body)
        return await hand_on(parsed(lambda: gitlab_event(payload)), on_event)

    return [github_webhook, gitlab_webhook]


def unauthorized() -> ProblemError:
    """The one 401 for no secret configured, a wrong one, or none sent."""
    return ProblemError(401, "Unauthorized", UNAUTHORIZED_DETAIL, reason=Reason.UNAUTHORIZED)


def decoded(body: bytes) -> Any:
    """The JSON of a delivery; 400 when it is not JSON (a webhook set to form encoding)."""
    try:
        return json.loads(body)
    except ValueError:
        detail = "body is not JSON; set the webhook's content type to application/json"
        raise ProblemError(
            400,
            "Invalid request body",
            detail,
            [FieldError("$", detail)],
            reason=Reason.INVALID_BODY,
        ) from None


def parsed(parse: Callable[[], PullRequestEvent | None]) -> PullRequestEvent | None:
    """The event `parse` reads; 400 naming the field it lacks."""
    try:
        return parse()
    except ValueError as error:
        field = str(error).split(" ", 1)[0]
        where = field if field.startswith("$") else f"$.{field}"
        raise ProblemError(
            400,
            "Invalid forge event",
            str(error),
            [FieldError(where, str(error))],
            reason=Reason.INVALID_BODY,
        ) from None


async def hand_on(event: PullRequestEvent | None, on_event: OnForgeEvent) -> ForgeEventAnswer:
    """Hand `event` to `on_event` when delivery follows it; what to answer."""
    if event is None:
        return ForgeEventAnswer(ignored=NOT_FOLLOWED)
    if not event.head.startswith(HEAD_PREFIX):
        return ForgeEventAnswer(ignored=f"head branch is not an {HEAD_PREFIX} branch")
    await on_event(event)
    return ForgeEventAnswer(accepted=f"{event.state} #{event.number}")


async def ignore_forge_event(event: PullRequestEvent) -> None:
    """The `on_event` while delivery is not pull_request: the event is logged and dropped."""
    log.info(
        "forge event ignored: delivery is not pull_request",
        number=event.number,
        state=event.state,
    )
