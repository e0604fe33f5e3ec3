"""Webhook verification and parsing, on deliveries made as GitHub and GitLab make them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graph.delivery.webhooks import (
    PullRequestEvent,
    github_event,
    gitlab_event,
    verify_github,
    verify_gitlab,
)
from tests.fakes.forge import FakeForge
from tests.fakes.forge_payloads import FakePull, github_delivery, gitlab_delivery
from tests.graph.delivery.conftest import HEAD

SECRET = "webhook-s3cret"
WEB = "https://forge.example.test"


def pull(state: str = "merged") -> FakePull:
    merged = state == "merged"
    return FakePull(
        number=7,
        title="t",
        body="b",
        head=HEAD,
        base="main",
        created=1,
        state=state,  # type: ignore[arg-type]
        merged_by="alice" if merged else None,
        closed_by="bob" if state == "closed" else None,
        merge_sha="ab" * 20 if merged else None,
        head_sha="cd" * 20,
    )


def test_a_github_signature_is_the_hmac_of_the_exact_body() -> None:
    delivery = github_delivery(pull(), WEB, "acme/gitops", SECRET, "closed", "alice")
    signature = delivery.headers["X-Hub-Signature-256"]

    assert verify_github(SECRET, delivery.body, signature)
    assert not verify_github("another-secret", delivery.body, signature)
    tampered = delivery.body.replace(b'"merged": true', b'"merged": false')
    assert tampered != delivery.body
    assert not verify_github(SECRET, tampered, signature)
    assert not verify_github(SECRET, delivery.body, None)
    assert not verify_github(None, delivery.body, signature)
    assert not verify_github("", delivery.body, signature)
    assert not verify_github(SECRET, delivery.body, signature.removeprefix("sha256="))
    assert not verify_github(SECRET, delivery.body, delivery.headers["X-Hub-Signature"])


def test_a_gitlab_token_must_be_the_secret() -> None:
    assert verify_gitlab(SECRET, SECRET)
    assert not verify_gitlab(SECRET, SECRET + "x")
    assert not verify_gitlab(SECRET, None)
    assert not verify_gitlab(None, SECRET)
    assert not verify_gitlab("", "")


@pytest.mark.parametrize(
    ("state", "action", "expected_state", "actor"),
    [
        ("merged", "closed", "merged", "alice"),
        ("closed", "closed", "closed", "bob"),
        ("open", "reopened", "open", "carol"),
        ("open", "synchronize", "open", "carol"),
    ],
)
def test_github_pull_request_events(
    state: str, action: str, expected_state: str, actor: str
) -> None:
    delivery = github_delivery(pull(state), WEB, "acme/gitops", SECRET, action, actor)

    event = github_event("pull_request", json.loads(delivery.body))

    assert event == PullRequestEvent(
        number=7,
        head=HEAD,
        state=expected_state,  # type: ignore[arg-type]
        merge_sha="ab" * 20 if state == "merged" else None,
        actor=actor,
        url=f"{WEB}/acme/gitops/pull/7",
    )


@pytest.mark.parametrize(
    ("state", "action", "expected_state", "actor"),
    [
        ("merged", "merge", "merged", "alice"),
        ("closed", "close", "closed", "bob"),
        ("open", "reopen", "open", "carol"),
        ("open", "update", "open", "carol"),
    ],
)
def test_gitlab_merge_request_events(
    state: str, action: str, expected_state: str, actor: str
) -> None:
    delivery = gitlab_delivery(pull(state), WEB, "acme/gitops", SECRET, action, actor)

    event = gitlab_event(json.loads(delivery.body))

    assert event == PullRequestEvent(
        number=7,
        head=HEAD,
        state=expected_state,  # type: ignore[arg-type]
        merge_sha="ab" * 20 if state == "merged" else None,
        actor=actor,
        url=f"{WEB}/acme/gitops/-/merge_requests/7",
    )


def test_other_events_and_actions_are_none() -> None:
    github = json.loads(github_delivery(pull("open"), WEB, "a/b", SECRET, "labeled", "x").body)
    gitlab = json.loads(gitlab_delivery(pull("open"), WEB, "a/b", SECRET, "approved", "x").body)

    assert github_event("pull_request", github) is None
    assert github_event("ping", {"zen": "Keep it logically awesome."}) is None
    assert github_event("push", {"ref": "refs/heads/main"}) is None
    assert gitlab_event(gitlab) is None
    assert gitlab_event({"object_kind": "push"}) is None


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ([], "$"),
        ({"action": 3}, "action"),
        ({"action": "closed"}, "pull_request"),
        ({"action": "closed", "pull_request": {"number": "7"}}, "pull_request.number"),
        (
            {"action": "closed", "pull_request": {"number": 7, "head": {}}},
            "pull_request.head.ref",
        ),
    ],
)
def test_a_malformed_github_payload_names_the_field(payload: object, field: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(field)} is missing"):
        github_event("pull_request", payload)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ("merged", "$"),
        ({"object_kind": "merge_request"}, "object_attributes"),
        (
            {"object_kind": "merge_request", "object_attributes": {"action": "merge"}},
            "object_attributes.iid",
        ),
    ],
)
def test_a_malformed_gitlab_payload_names_the_field(payload: object, field: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(field)} is missing"):
        gitlab_event(payload)


async def test_the_fake_forges_deliveries_parse_after_a_real_merge(
    forge: FakeForge, bare: Path
) -> None:
    forge.pulls[1] = FakePull(1, "t", "b", HEAD, "main", created=1)
    sha = await forge.merge(1, by="alice")

    hub = forge.delivery(1, SECRET)
    lab = forge.delivery(1, SECRET, forge="gitlab")

    assert verify_github(SECRET, hub.body, hub.headers["X-Hub-Signature-256"])
    assert verify_gitlab(SECRET, lab.headers["X-Gitlab-Token"])
    for event in (
        github_event("pull_request", json.loads(hub.body)),
        gitlab_event(json.loads(lab.body)),
    ):
        assert event is not None
        assert (event.state, event.merge_sha, event.actor) == ("merged", sha, "alice")
