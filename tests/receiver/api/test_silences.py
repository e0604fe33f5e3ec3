"""`POST /api/incidents/{id}/silence` refusals that need no Alertmanager: a bad body or id,
an unknown incident, an ended one, silences off (no ALERTMANAGER_URL, DRY_RUN). The silences
themselves are tested against the real Alertmanager (tests/integration/test_silences.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from tests.receiver.conftest import make_app, status_when
from tests.receiver.helpers import awaiting, decide, firing, problem

NOWHERE = "http://127.0.0.1:9"  # never asked: every case here is refused before


async def silence(client: AsyncTestClient[Any], incident_id: str, **body: Any) -> Any:
    return await client.post(
        f"/api/incidents/{incident_id}/silence", json={"user": "alice", **body}
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"duration": "25h"}, "$.duration"),
        ({"duration": "0m"}, "$.duration"),
        ({"duration": "two hours"}, "$.duration"),
        ({"user": ""}, "$.user"),
    ],
)
async def test_a_bad_body_is_a_400_naming_the_field(
    tmp_path: Path, body: dict[str, str], field: str
) -> None:
    async with AsyncTestClient(app=make_app(tmp_path, ALERTMANAGER_URL=NOWHERE)) as client:
        shown = await awaiting(client, firing())
        answer = problem(await silence(client, shown["id"], **body), 400)
        assert [e["field"] for e in answer["errors"]] == [field]
        after = (await client.get(f"/api/incidents/{shown['id']}/status")).json()
        assert after["silences"] == []


async def test_unknown_or_malformed_incident(tmp_path: Path) -> None:
    async with AsyncTestClient(app=make_app(tmp_path, ALERTMANAGER_URL=NOWHERE)) as client:
        missing = problem(await silence(client, "incident-20261124033900-ffff"), 404)
        assert "incident-20261124033900-ffff" in missing["detail"]
        problem(await silence(client, "not-an-id"), 400)


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({}, "ALERTMANAGER_URL is not set"),
        ({"DRY_RUN": "true", "ALERTMANAGER_URL": NOWHERE}, "DRY_RUN"),
    ],
)
async def test_silences_off_is_a_409_saying_why(
    tmp_path: Path, env: dict[str, str], says: str
) -> None:
    async with AsyncTestClient(app=make_app(tmp_path, **env)) as client:
        shown = await awaiting(client, firing())
        answer = problem(await silence(client, shown["id"]), 409)
        assert says in answer["detail"]


async def test_an_ended_incident_is_not_silenced(tmp_path: Path) -> None:
    async with AsyncTestClient(app=make_app(tmp_path, ALERTMANAGER_URL=NOWHERE)) as client:
        shown = await awaiting(client, firing())
        r = await decide(client, shown["id"], "reject", shown["diff_sha256"])
        assert r.status_code == 202, r.text
        await status_when(client, shown["id"], lambda s: s["status"] == "rejected")
        answer = problem(await silence(client, shown["id"]), 409)
        assert "has ended (rejected)" in answer["detail"]
