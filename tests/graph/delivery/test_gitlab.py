"""GitLabForge, the real httpx client, against the fake forge's GitLab API on loopback."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from graph.delivery.forge import ForgeError
from graph.delivery.gitlab import GitLabForge
from tests.fakes.forge import FakeForge
from tests.fakes.forge_git import branch_sha, new_branch
from tests.graph.delivery.conftest import HEAD


def lab(http: httpx.AsyncClient, forge: FakeForge, project: str = "") -> GitLabForge:
    return GitLabForge(
        http,
        forge.gitlab_url,
        forge.token,
        project or forge.repository,
        labels=("alertgraph", "oom"),
        reviewers=("7", "11"),
    )


async def test_a_merge_request_is_opened_with_its_labels_and_reviewers(
    http: httpx.AsyncClient, forge: FakeForge, bare: Path
) -> None:
    pull = await lab(http, forge).open_pull_request(HEAD, "main", "fix(shop): memory", "why")

    assert (pull.state, pull.head, pull.base) == ("open", HEAD, "main")
    assert pull.url == f"https://forge.example.test/acme/gitops/-/merge_requests/{pull.number}"
    assert pull.head_sha == branch_sha(bare, HEAD)
    stored = forge.pulls[pull.number]
    assert (stored.title, stored.body) == ("fix(shop): memory", "why")
    assert stored.labels == ["alertgraph", "oom"]
    assert stored.reviewers == ["7", "11"]
    (create,) = forge.requests_to("POST", "/merge_requests")
    assert create.path == "/api/v4/projects/acme%2Fgitops/merge_requests"  # path URL-encoded
    assert create.headers["PRIVATE-TOKEN"] == forge.token
    assert create.json["labels"] == "alertgraph,oom"
    assert create.json["reviewer_ids"] == [7, 11]


async def test_the_project_may_be_its_numeric_id(http: httpx.AsyncClient, forge: FakeForge) -> None:
    pull = await lab(http, forge, project="42").open_pull_request(HEAD, "main", "t", "b")

    assert forge.pulls[pull.number].head == HEAD


async def test_a_second_open_for_the_same_head_returns_the_first(
    http: httpx.AsyncClient, forge: FakeForge
) -> None:
    gitlab = lab(http, forge)
    first = await gitlab.open_pull_request(HEAD, "main", "t", "b")
    again = await gitlab.open_pull_request(HEAD, "main", "t", "b")

    assert again == first
    assert len(forge.requests_to("POST", "/merge_requests")) == 1
    assert len(forge.pulls) == 1


async def test_merged_reads_back_with_who_merged_and_the_merge_commit(
    http: httpx.AsyncClient, forge: FakeForge, bare: Path
) -> None:
    gitlab = lab(http, forge)
    opened = await gitlab.open_pull_request(HEAD, "main", "t", "b")
    sha = await forge.merge(opened.number, by="alice")

    merged = await gitlab.pull_request(opened.number)

    assert (merged.state, merged.actor, merged.merge_sha) == ("merged", "alice", sha)
    assert branch_sha(bare, "main") == sha
    assert await gitlab.find_pull_request(HEAD) == merged


async def test_closed_reads_back_with_who_closed_it(
    http: httpx.AsyncClient, forge: FakeForge
) -> None:
    gitlab = lab(http, forge)
    opened = await gitlab.open_pull_request(HEAD, "main", "t", "b")
    await forge.close(opened.number, by="bob")

    closed = await gitlab.pull_request(opened.number)

    assert (closed.state, closed.actor, closed.merge_sha) == ("closed", "bob", None)


async def test_find_returns_the_newest_merge_request_of_the_head_or_none(
    http: httpx.AsyncClient, forge: FakeForge, bare: Path
) -> None:
    gitlab = lab(http, forge)
    assert await gitlab.find_pull_request(HEAD) is None
    first = await gitlab.open_pull_request(HEAD, "main", "t", "b")
    await forge.close(first.number, by="bob")
    new_branch(bare, "alertgraph/incident-20261124033900-0002", memory="2Gi")
    await gitlab.open_pull_request("alertgraph/incident-20261124033900-0002", "main", "t", "b")
    second = await gitlab.open_pull_request(HEAD, "main", "t", "b")

    found = await gitlab.find_pull_request(HEAD)

    assert found is not None
    assert (found.number, found.state) == (second.number, "open")


def test_reviewers_that_are_not_user_ids_are_refused_at_construction(
    http: httpx.AsyncClient,
) -> None:
    with pytest.raises(ValueError, match="numeric user ids, not alice"):
        GitLabForge(http, "https://gitlab.example/api/v4", "t", "g/p", reviewers=("alice",))


@pytest.mark.parametrize(
    ("setup", "status", "names"),
    [
        ("token", 401, "FORGE_TOKEN"),
        ("project", 404, "FORGE_REPOSITORY"),
        ("branch", 422, "source branch"),
    ],
)
async def test_refusals_are_not_retryable_and_say_what_to_fix_without_the_token(
    http: httpx.AsyncClient, forge: FakeForge, setup: str, status: int, names: str
) -> None:
    token, project, head = forge.token, forge.repository, HEAD
    if setup == "token":
        token = "glpat-" + "W" * 20  # a wrong token, shaped like a real one
    elif setup == "project":
        project = "acme/elsewhere"
    else:
        head = "alertgraph/incident-20261124033900-00ff"  # never pushed
    gitlab = GitLabForge(http, forge.gitlab_url, token, project)

    with pytest.raises(ForgeError) as refused:
        await gitlab.open_pull_request(head, "main", "t", "b")

    assert refused.value.retryable is False
    assert refused.value.status == status
    assert names in str(refused.value)
    assert token not in str(refused.value)


@pytest.mark.parametrize(("kind", "status"), [("502", 502), ("429", 429), ("down", None)])
async def test_an_unavailable_forge_is_retryable(
    http: httpx.AsyncClient, forge: FakeForge, kind: str, status: int | None
) -> None:
    gitlab = lab(http, forge)
    forge.fail(kind)  # type: ignore[arg-type]

    with pytest.raises(ForgeError) as failed:
        await gitlab.pull_request(1)

    assert failed.value.retryable is True
    assert failed.value.status == status
    assert failed.value.retry_after == (7 if kind == "429" else None)
    assert forge.token not in str(failed.value)
