"""The console's live list (server-sent events through the real app) and what its pages
never show: credentials from alerts, and the API keys."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
from litestar.testing import AsyncTestClient
from prometheus_client import CollectorRegistry

from receiver.app import create_app
from receiver.config import load_settings
from tests.conftest import CAPTURE_NOW
from tests.receiver.conftest import incidents_when, make_app, status_when, ticking_clock
from tests.receiver.helpers import JSON, WEBHOOK, firing
from tests.secret_shapes import ISSUE_SHAPES
from tests.test_secrets_stay_masked import alert_with

APPROVE_KEY = "ak-abcdef0123"


async def test_the_event_stream_announces_a_new_incident_and_its_moves(tmp_path: Path) -> None:
    settings = load_settings({"GIT_REPO_PATH": str(tmp_path / "gitops")})
    app = create_app(
        settings, now=lambda: CAPTURE_NOW, metrics_registry=CollectorRegistry(), ui_stream_seconds=3
    )
    # The app started in this loop, and httpx's ASGI transport running each request as a
    # task of it, as a server does: the alert is posted while the stream is open.
    async with app.lifespan():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as raw:

            async def alert_later() -> None:
                await asyncio.sleep(0.3)
                await raw.post(WEBHOOK, json=firing())

            stream, _ = await asyncio.gather(raw.get("/ui/events?lang=ko"), alert_later())
            items = (await raw.get("/api/incidents")).json()["items"]
        assert stream.headers["content-type"].startswith("text/event-stream")
        assert "default-src 'self'" in stream.headers["content-security-policy"]
        events = [
            json.loads(block.split("data: ", 1)[1])
            for block in stream.text.split("\n\n")
            if block.startswith("event: incident\n")
        ]
        assert len(items) == 1, items
        mine = [e for e in events if e["id"] == items[0]["id"]]
        assert mine, stream.text
        assert {e["status"] for e in mine} >= {"analyzing", "awaiting_approval"}
        last = mine[-1]
        assert last["status_text"] == "승인 대기 중"
        assert (last["app"], last["namespace"]) == (items[0]["app"], items[0]["namespace"])


async def test_pages_show_no_credentials_from_alerts_nor_keys(tmp_path: Path) -> None:
    app = make_app(tmp_path, ticking_clock(CAPTURE_NOW), API_KEYS=f"oncall:{APPROVE_KEY}:approve")
    async with AsyncTestClient(app=app) as client:
        client.headers["authorization"] = f"Bearer {APPROVE_KEY}"
        shapes = ISSUE_SHAPES[:4]
        for n, (shape, _) in enumerate(shapes):
            body = json.dumps(alert_with(shape, n)).encode()
            assert (await client.post(WEBHOOK, content=body, headers=JSON)).status_code == 200
        items = await incidents_when(client, lambda items: len(items) == len(shapes))
        for item in items:
            await status_when(client, item["id"], lambda s: s["status"] == "awaiting_approval")
        del client.headers["authorization"]
        await client.post("/ui/login", data={"key": APPROVE_KEY})
        pages = [(await client.get("/ui/incidents")).text]
        pages += [(await client.get(f"/ui/incidents/{i['id']}")).text for i in items]
        pages += [(await client.get(f"/ui/incidents/{i['id']}?view=split")).text for i in items]
        text = "\n".join(pages)
        assert all(f'data-incident-id="{i["id"]}"' in pages[0] for i in items)
        for _, secrets in shapes:
            for secret in secrets:
                assert secret not in text, secret
        assert APPROVE_KEY not in text
