"""The ingest routes' answers, sent without Litestar's response machinery: what a sender and
the API document still see."""

from __future__ import annotations

import json

from litestar import Litestar, post
from litestar.testing import AsyncTestClient, create_async_test_client
from litestar.types import Message, Scope

from receiver.api.answers import Answer, empty_answer, json_answer
from receiver.ingest.wire import WebhookAccepted
from tests.conftest import fixture_bytes
from tests.receiver.helpers import JSON, WEBHOOK


async def test_webhook_answer_is_json_with_its_length(client: AsyncTestClient[Litestar]) -> None:
    r = await client.post(
        WEBHOOK, content=fixture_bytes("am-webhook-firing-2-alerts.json"), headers=JSON
    )
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    assert int(r.headers["content-length"]) == len(r.content)
    assert json.loads(r.content) == {"status": "accepted", "alerts": 2, "truncated_alerts": 0}


async def test_ruler_answer_is_an_empty_200_as_alertmanager_gives(
    client: AsyncTestClient[Litestar],
) -> None:
    r = await client.post(
        "/api/v2/alerts",
        content=fixture_bytes("prometheus-v2-alerts-firing.json"),
        headers=JSON,
    )
    assert r.status_code == 200
    assert r.content == b""
    assert r.headers["content-length"] == "0"
    assert r.headers["content-type"].startswith("text/plain")


async def test_openapi_still_documents_both_success_answers(
    client: AsyncTestClient[Litestar],
) -> None:
    paths = (await client.get("/docs/openapi.json")).json()["paths"]
    webhook = paths[WEBHOOK]["post"]["responses"]["200"]["content"]
    assert webhook["application/json"]["schema"]["$ref"].endswith("/WebhookAccepted")
    ruler = paths["/api/v2/alerts"]["post"]["responses"]["200"]["content"]
    assert ruler["text/plain"]["schema"]["type"] == "string"


async def test_before_send_hooks_and_status_still_apply() -> None:
    seen: list[int] = []

    async def stamp(message: Message, scope: Scope) -> None:
        if message["type"] == "http.response.start":
            seen.append(message["status"])
            message["headers"] = [*message["headers"], (b"x-stamp", b"1")]

    @post("/json", status_code=200)
    async def as_json() -> Answer:
        return json_answer(WebhookAccepted("accepted", 3), status=202)

    @post("/empty", status_code=200)
    async def as_empty() -> Answer:
        return empty_answer()

    async with create_async_test_client([as_json, as_empty], before_send=[stamp]) as c:
        r = await c.post("/json")
        assert (r.status_code, r.headers["x-stamp"]) == (202, "1")
        assert r.json() == {"status": "accepted", "alerts": 3, "truncated_alerts": 0}
        r = await c.post("/empty")
        assert (r.status_code, r.content, r.headers["x-stamp"]) == (200, b"", "1")
    assert seen == [202, 200]
