"""POST /webhooks/github and /webhooks/gitlab on the real app: a delivery signed as the
forge signs it is handed on; anything unsigned, wrongly signed or tampered with is a 401 and
changes nothing."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from prometheus_client import CollectorRegistry

from graph.delivery.webhooks import PullRequestEvent
from receiver.app import create_app
from receiver.config import load_settings
from tests.conftest import CAPTURE_NOW
from tests.fakes.forge import FakeForge
from tests.fakes.forge_git import bare_repository, new_branch
from tests.fakes.forge_payloads import FakePull

SECRET = "forge-webhook-s3cret"
KEY = "api-key-1"
HEAD = "alertgraph/incident-20261124033900-0001"
PATHS = {"github": "/webhooks/github", "gitlab": "/webhooks/gitlab"}


@dataclass
class Forged:
    """The app, the fake forge whose deliveries it gets, and the events handed on."""

    client: AsyncTestClient[Litestar]
    forge: FakeForge
    events: list[PullRequestEvent] = field(default_factory=list)


async def started(tmp_path: Path, **env: str) -> AsyncIterator[Forged]:
    bare = bare_repository(tmp_path / "gitops.git")
    new_branch(bare, HEAD)
    new_branch(bare, "feature/not-ours", memory="2Gi")
    events: list[PullRequestEvent] = []

    async def on_event(event: PullRequestEvent) -> None:
        events.append(event)

    settings = load_settings({"GIT_REPO_PATH": str(tmp_path / "gitops"), "API_KEYS": KEY, **env})
    app = create_app(
        settings,
        now=lambda: CAPTURE_NOW,
        metrics_registry=CollectorRegistry(),
        on_forge_event=on_event,
    )
    async with FakeForge(bare) as forge, AsyncTestClient(app=app) as client:
        forge.pulls[1] = FakePull(1, "t", "b", HEAD, "main", created=1)
        forge.pulls[2] = FakePull(2, "t", "b", "feature/not-ours", "main", created=2)
        yield Forged(client, forge, events)


@pytest.fixture
async def forged(tmp_path: Path) -> AsyncIterator[Forged]:
    async for value in started(tmp_path, FORGE_WEBHOOK_SECRET=SECRET):
        yield value


@pytest.fixture
async def unconfigured(tmp_path: Path) -> AsyncIterator[Forged]:
    async for value in started(tmp_path):
        yield value


@pytest.mark.parametrize("forge", ["github", "gitlab"])
async def test_a_signed_merge_is_handed_on_without_an_api_key(forged: Forged, forge: str) -> None:
    sha = await forged.forge.merge(1, by="alice")

    answer = await forged.forge.send_webhook(
        PATHS[forge], 1, SECRET, forge=forge, client=forged.client
    )

    assert answer.status_code == 202, answer.text
    assert answer.json() == {"accepted": "merged #1"}
    (event,) = forged.events
    assert (event.number, event.head, event.state) == (1, HEAD, "merged")
    assert (event.merge_sha, event.actor) == (sha, "alice")


@pytest.mark.parametrize("forge", ["github", "gitlab"])
async def test_a_close_is_handed_on_with_who_closed_it(forged: Forged, forge: str) -> None:
    await forged.forge.close(1, by="bob")

    answer = await forged.forge.send_webhook(
        PATHS[forge], 1, SECRET, forge=forge, client=forged.client
    )

    assert answer.status_code == 202
    assert [(e.state, e.actor) for e in forged.events] == [("closed", "bob")]


def signature_cases(forge: str) -> list[str]:
    return ["wrong secret", "absent", "tampered"] if forge == "github" else ["wrong", "absent"]


@pytest.mark.parametrize(
    ("forge", "case"),
    [(f, c) for f in ("github", "gitlab") for c in signature_cases(f)],
)
async def test_a_bad_or_absent_signature_is_401_and_nothing_is_handed_on(
    forged: Forged, forge: str, case: str
) -> None:
    await forged.forge.merge(1)
    delivery = forged.forge.delivery(1, SECRET, forge=forge)
    body, headers = delivery.body, dict(delivery.headers)
    signature = "X-Hub-Signature-256" if forge == "github" else "X-Gitlab-Token"
    if case == "absent":
        del headers[signature]
    elif case == "tampered":  # the body changed, the old signature kept
        body = body.replace(b'"merged": true', b'"merged": false')
    else:
        other = forged.forge.delivery(1, "another-secret", forge=forge)
        headers[signature] = other.headers[signature]

    answer = await forged.client.post(PATHS[forge], content=body, headers=headers)

    assert answer.status_code == 401
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["title"] == "Unauthorized"
    assert SECRET not in answer.text
    assert forged.events == []


@pytest.mark.parametrize("forge", ["github", "gitlab"])
async def test_without_a_secret_every_delivery_is_the_same_401(
    unconfigured: Forged, forge: str
) -> None:
    await unconfigured.forge.merge(1)
    signed = await unconfigured.forge.send_webhook(
        PATHS[forge], 1, SECRET, forge=forge, client=unconfigured.client
    )
    unsigned = await unconfigured.client.post(PATHS[forge], content=b"{}")

    assert signed.status_code == unsigned.status_code == 401
    assert signed.json() == unsigned.json()
    assert unconfigured.events == []


async def test_a_signed_body_that_is_not_json_is_400(forged: Forged) -> None:
    body = b"payload=%7B%7D"  # the webhook left on form encoding
    headers = {
        **forged.forge.delivery(1, SECRET).headers,
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Hub-Signature-256": "sha256="
        + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest(),
    }

    answer = await forged.client.post(PATHS["github"], content=body, headers=headers)

    assert answer.status_code == 400
    assert "application/json" in answer.json()["detail"]
    assert forged.events == []


async def test_a_signed_event_lacking_a_field_is_400_naming_it(forged: Forged) -> None:
    answer = await forged.client.post(
        PATHS["gitlab"],
        content=json.dumps({"object_kind": "merge_request"}).encode(),
        headers={"X-Gitlab-Token": SECRET, "Content-Type": "application/json"},
    )

    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "$.object_attributes"
    assert forged.events == []


async def test_events_delivery_does_not_follow_are_202_ignored(forged: Forged) -> None:
    await forged.forge.merge(2)  # not an alertgraph/ branch
    other_branch = await forged.forge.send_webhook(PATHS["github"], 2, SECRET, client=forged.client)
    labeled = forged.forge.delivery(1, SECRET, action="labeled")
    not_followed = await forged.client.post(
        PATHS["github"], content=labeled.body, headers=labeled.headers
    )

    assert other_branch.status_code == not_followed.status_code == 202
    assert "alertgraph/" in other_branch.json()["ignored"]
    assert not_followed.json()["ignored"]
    assert forged.events == []


async def test_without_a_consumer_an_event_is_accepted_and_dropped(tmp_path: Path) -> None:
    bare = bare_repository(tmp_path / "gitops.git")
    new_branch(bare, HEAD)
    env = {"GIT_REPO_PATH": str(tmp_path / "gitops"), "FORGE_WEBHOOK_SECRET": SECRET}
    app = create_app(load_settings(env), metrics_registry=CollectorRegistry())
    async with FakeForge(bare) as forge, AsyncTestClient(app=app) as client:
        forge.pulls[1] = FakePull(1, "t", "b", HEAD, "main", created=1)
        await forge.merge(1)
        answer = await forge.send_webhook(PATHS["github"], 1, SECRET, client=client)

    assert answer.status_code == 202
