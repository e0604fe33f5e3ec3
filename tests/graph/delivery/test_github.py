"""GitHubForge, the real httpx client, against the fake forge's GitHub API on loopback."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from graph.delivery.forge import ForgeError
from graph.delivery.github import GitHubForge
from tests.fakes.forge import FakeForge
from tests.fakes.forge_git import branch_sha, new_branch
from tests.graph.delivery.conftest import HEAD


def hub(http: httpx.AsyncClient, forge: FakeForge, token: str = "") -> GitHubForge:
    return GitHubForge(
        http,
        forge.github_url,
        token or forge.token,
        forge.repository,
        labels=("alertgraph", "oom"),
        reviewers=("alice", "bob"),
    )


async def test_a_pull_request_is_opened_with_its_labels_and_reviewers(
    http: httpx.AsyncClient, forge: FakeForge, bare: Path
) -> None:
    pull = await hub(http, forge).open_pull_request(HEAD, "main", "fix(shop): memory", "why")

    assert (pull.state, pull.head, pull.base) == ("open", HEAD, "main")
    assert pull.url == f"https://forge.example.test/acme/gitops/pull/{pull.number}"
    assert pull.head_sha == branch_sha(bare, HEAD)
    stored = forge.pulls[pull.number]
    assert (stored.title, stored.body) == ("fix(shop): memory", "why")
    assert stored.labels == ["alertgraph", "oom"]
    assert stored.reviewers == ["alice", "bob"]
    create = forge.requests_to("POST", "/repos/acme/gitops/pulls")[0]
    assert create.headers["Authorization"] == f"Bearer {forge.token}"
    assert create.headers["Accept"] == "application/vnd.github+json"
    assert create.headers["X-GitHub-Api-Version"] == "2022-11-28"


async def test_a_second_open_for_the_same_head_returns_the_first(
    http: httpx.AsyncClient, forge: FakeForge
) -> None:
    github = hub(http, forge)
    first = await github.open_pull_request(HEAD, "main", "t", "b")
    again = await github.open_pull_request(HEAD, "main", "t", "b")

    assert again == first
    assert len(forge.requests_to("POST", "/pulls")) == 1
    assert len(forge.pulls) == 1
    assert forge.pulls[first.number].labels == ["alertgraph", "oom"]  # not added twice


async def test_an_open_that_failed_after_creating_completes_labels_on_retry(
    http: httpx.AsyncClient, forge: FakeForge
) -> None:
    github = hub(http, forge)
    forge.fail("502", after=2)  # the list and the create answer, the labels call does not

    with pytest.raises(ForgeError) as failed:
        await github.open_pull_request(HEAD, "main", "t", "b")
    assert failed.value.retryable
    (opened,) = forge.pulls.values()
    assert opened.labels == []

    again = await github.open_pull_request(HEAD, "main", "t", "b")

    assert again.number == opened.number
    assert len(forge.requests_to("POST", "/pulls")) == 1
    assert opened.labels == ["alertgraph", "oom"]
    assert opened.reviewers == ["alice", "bob"]


async def test_merged_reads_back_with_who_merged_and_the_merge_commit(
    http: httpx.AsyncClient, forge: FakeForge, bare: Path
) -> None:
    github = hub(http, forge)
    opened = await github.open_pull_request(HEAD, "main", "t", "b")
    sha = await forge.merge(opened.number, by="alice")

    merged = await github.pull_request(opened.number)

    assert (merged.state, merged.actor, merged.merge_sha) == ("merged", "alice", sha)
    assert branch_sha(bare, "main") == sha
    assert await github.find_pull_request(HEAD) == merged


async def test_closed_reads_back_with_who_closed_it(
    http: httpx.AsyncClient, forge: FakeForge
) -> None:
    github = hub(http, forge)
    opened = await github.open_pull_request(HEAD, "main", "t", "b")
    await forge.close(opened.number, by="bob")

    closed = await github.pull_request(opened.number)

    assert (closed.state, closed.actor, closed.merge_sha) == ("closed", "bob", None)


async def test_find_returns_the_newest_pull_request_of_the_head_or_none(
    http: httpx.AsyncClient, forge: FakeForge, bare: Path
) -> None:
    github = hub(http, forge)
    assert await github.find_pull_request("alertgraph/incident-20261124033900-0009") is None
    first = await github.open_pull_request(HEAD, "main", "t", "b")
    await forge.close(first.number, by="bob")
    other = "alertgraph/incident-20261124033900-0002"
    new_branch(bare, other, memory="2Gi")
    await github.open_pull_request(other, "main", "t", "b")
    second = await github.open_pull_request(HEAD, "main", "t", "b")

    found = await github.find_pull_request(HEAD)

    assert found is not None
    assert found.number == second.number != first.number
    assert found.state == "open"


@pytest.mark.parametrize(
    ("setup", "status", "names"),
    [
        ("token", 401, "FORGE_TOKEN"),
        ("repository", 404, "FORGE_REPOSITORY"),
        ("branch", 422, "head"),
    ],
)
async def test_refusals_are_not_retryable_and_say_what_to_fix_without_the_token(
    http: httpx.AsyncClient, forge: FakeForge, setup: str, status: int, names: str
) -> None:
    token, repository, head = forge.token, forge.repository, HEAD
    if setup == "token":
        token = "ghp_" + "W" * 36  # a wrong token, shaped like a real one
    elif setup == "repository":
        repository = "acme/elsewhere"
    else:
        head = "alertgraph/incident-20261124033900-00ff"  # never pushed
    github = GitHubForge(http, forge.github_url, token, repository)

    with pytest.raises(ForgeError) as refused:
        await github.open_pull_request(head, "main", "t", "b")

    assert refused.value.retryable is False
    assert refused.value.status == status
    assert names in str(refused.value)
    assert token not in str(refused.value)


@pytest.mark.parametrize(("kind", "status"), [("502", 502), ("429", 429), ("down", None)])
async def test_an_unavailable_forge_is_retryable(
    http: httpx.AsyncClient, forge: FakeForge, kind: str, status: int | None
) -> None:
    github = hub(http, forge)
    forge.fail(kind)  # type: ignore[arg-type]

    with pytest.raises(ForgeError) as failed:
        await github.open_pull_request(HEAD, "main", "t", "b")

    assert failed.value.retryable is True
    assert failed.value.status == status
    assert failed.value.retry_after == (7 if kind == "429" else None)
    assert forge.token not in str(failed.value)
    assert forge.pulls == {}
    # Once the forge is back, the same call opens it.
    assert (await github.open_pull_request(HEAD, "main", "t", "b")).state == "open"
