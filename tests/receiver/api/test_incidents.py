"""Incident read routes: list, pagination, status."""

from __future__ import annotations

from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from graph.records.ids import is_incident_id
from tests.receiver.conftest import make_app, ticking_clock
from tests.receiver.helpers import problem


async def open_incidents(client: AsyncTestClient[Litestar], n: int) -> list[str]:
    ids = []
    for i in range(n):
        r = await client.post(
            "/api/incidents/trigger", json={"log_text": f"error {i}", "labels": {"app": f"app-{i}"}}
        )
        ids.append(r.json()["incident_id"])
    return ids


async def test_list_pages_newest_first_until_next_cursor_is_null(tmp_path: Path) -> None:
    async with AsyncTestClient(app=make_app(tmp_path, now=ticking_clock())) as client:
        await _pages_newest_first(client)


async def _pages_newest_first(client: AsyncTestClient[Litestar]) -> None:
    ids = await open_incidents(client, 5)
    seen: list[str] = []
    cursor = None
    for _ in range(5):
        params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/api/incidents", params=params)).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(ids))
    whole = (await client.get("/api/incidents")).json()
    assert whole["next_cursor"] is None and len(whole["items"]) == 5


async def test_bad_paging_parameters_are_400(client: AsyncTestClient[Litestar]) -> None:
    for params in (
        {"limit": "0"},
        {"limit": "201"},
        {"limit": "ten"},
        {"cursor": "!!"},
        {"cursor": "aW5jaWRlbnQ"},
    ):
        r = await client.get("/api/incidents", params=params)
        assert r.status_code == 400, params
        assert r.headers["content-type"] == "application/problem+json"


async def test_status_of_one_incident_and_the_error_cases(
    client: AsyncTestClient[Litestar],
) -> None:
    (incident_id,) = await open_incidents(client, 1)
    assert is_incident_id(incident_id)
    r = await client.get(f"/api/incidents/{incident_id}/status")
    assert r.status_code == 200
    body = r.json()
    assert body["id"] == incident_id and body["app"] == "app-0"
    assert body["counters"]["alerts"] == 1
    missing = await client.get("/api/incidents/incident-20991231235959-beef/status")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "no incident incident-20991231235959-beef"
    for bad in (
        "nope",
        "incident-2026-1",
        "..%2f..%2fetc",
        "incident-20261124153012-XYZW",
        "incident-２０261124153012-7f3a",
        "incident-20261124153012-7f3a%0A",
    ):
        r = await client.get(f"/api/incidents/{bad}/status")
        assert r.status_code in (400, 404), bad
        assert r.headers["content-type"] == "application/problem+json"
    assert (await client.get("/api/incidents/nope/status")).status_code == 400


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"limit": "abc"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"since": "garbage"}, "since"),
        ({"until": "2026-13-01"}, "until"),
        ({"status": "bogus"}, "status"),
        ({"cursor": "!!"}, "cursor"),
    ],
)
async def test_a_bad_query_parameter_is_named_as_one(
    client: AsyncTestClient[Litestar], params: dict[str, str], name: str
) -> None:
    refused = problem(await client.get("/api/incidents", params=params), 400)
    assert refused["title"] == "Invalid query parameter"
    assert refused["errors"][0]["field"] == name
    assert refused["detail"].startswith(f"query parameter {name}: ")


async def test_an_unreadable_history_is_a_503_problem_and_the_status_route_still_answers(
    tmp_path: Path,
) -> None:
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        (incident_id,) = await open_incidents(client, 1)
        ref = tmp_path / "gitops" / ".git" / "refs" / "heads" / "main"
        ref.write_text("1" * 40 + "\n")  # a commit git does not have
        body = problem(await client.get("/api/incidents"), 503)
        assert body["title"] == "History unavailable"
        assert body["detail"] == "the GitOps repository cannot be read right now"
        assert (await client.get(f"/api/incidents/{incident_id}/status")).status_code == 200
