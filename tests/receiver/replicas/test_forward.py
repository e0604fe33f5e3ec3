"""A follower forwards what only the leader answers, unchanged, and answers alerts itself."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from litestar import Litestar, Request, get, post
from litestar.params import FromPath
from litestar.response import ServerSentEvent

from receiver.replicas.forward import CLIENT, FORWARDED, LeaderForwarding, signature
from receiver.replicas.leader import Leader

SECRET = b"cluster secret"


def leader_app() -> Litestar:
    """What the leader answers: echoes of what reached it."""

    @post("/api/incidents/{incident_id:str}/feedback")
    async def feedback(
        incident_id: FromPath[str], request: Request[Any, Any, Any]
    ) -> dict[str, Any]:
        return {
            "incident": incident_id,
            "body": (await request.body()).decode(),
            "query": dict(request.query_params),
            "signature": request.headers.get("x-slack-signature"),
            "client": request.client.host if request.client else None,
            "replica": "leader",
        }

    @get("/ui/events")
    async def events() -> ServerSentEvent:
        async def stream() -> Any:
            for n in range(3):
                yield f"tick {n}"

        return ServerSentEvent(stream())

    return Litestar([feedback, events])


def follower_app(leading: bool, leader: Leader | None, to_leader: httpx.AsyncClient) -> Any:
    @post("/webhooks/alertmanager")
    async def webhook() -> dict[str, str]:
        return {"replica": "follower"}

    @post("/api/incidents/{incident_id:str}/feedback")
    async def feedback(
        incident_id: FromPath[str], request: Request[Any, Any, Any]
    ) -> dict[str, Any]:
        return {"replica": "self", "client": request.client.host if request.client else None}

    async def look_up() -> Leader | None:
        return leader

    return LeaderForwarding(
        Litestar([webhook, feedback]),
        leading=lambda: leading,
        look_up=look_up,
        secret=SECRET,
        client=to_leader,
        max_body=1024,
    )


@pytest.fixture
def to_leader() -> httpx.AsyncClient:
    transport = httpx.ASGITransport(
        app=LeaderForwarding(
            leader_app(),
            leading=lambda: True,
            look_up=_none,
            secret=SECRET,
            client=httpx.AsyncClient(),
            max_body=1024,
        ),
        client=("10.0.0.2", 5000),  # the follower's address, as the leader sees it
    )
    return httpx.AsyncClient(transport=transport)


async def _none() -> Leader | None:
    return None


def client_of(app: Any) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=("192.0.2.7", 4000))
    return httpx.AsyncClient(transport=transport, base_url="http://follower")


async def test_follower_forwards_an_api_call_byte_for_byte(to_leader: httpx.AsyncClient) -> None:
    app = follower_app(False, Leader("b", "http://leader:8000"), to_leader)
    async with client_of(app) as client:
        r = await client.post(
            "/api/incidents/incident-1/feedback?wait=3",
            content=b'{"decision":"approve"}',
            headers={"x-slack-signature": "v0=abc", "content-type": "application/json"},
        )
    assert r.status_code == 201
    assert r.json() == {
        "incident": "incident-1",
        "body": '{"decision":"approve"}',
        "query": {"wait": "3"},
        "signature": "v0=abc",
        "client": "192.0.2.7",  # the caller, not the follower: rate limits count per caller
        "replica": "leader",
    }


async def test_alerts_are_answered_by_the_replica_they_reach(to_leader: httpx.AsyncClient) -> None:
    app = follower_app(False, Leader("b", "http://leader:8000"), to_leader)
    async with client_of(app) as client:
        r = await client.post("/webhooks/alertmanager", content=b"{}")
    assert r.json() == {"replica": "follower"}


async def test_leader_answers_itself(to_leader: httpx.AsyncClient) -> None:
    app = follower_app(True, Leader("a", "http://elsewhere"), to_leader)
    async with client_of(app) as client:
        r = await client.post("/api/incidents/incident-1/feedback", content=b"{}")
    assert r.json() == {"replica": "self", "client": "192.0.2.7"}


async def test_server_sent_events_are_streamed_through(to_leader: httpx.AsyncClient) -> None:
    app = follower_app(False, Leader("b", "http://leader:8000"), to_leader)
    async with client_of(app) as client:
        r = await client.get("/ui/events")
    assert r.headers["content-type"].startswith("text/event-stream")
    assert [line for line in r.text.splitlines() if line.startswith("data:")] == [
        "data: tick 0",
        "data: tick 1",
        "data: tick 2",
    ]


async def test_no_leader_is_a_503_to_retry(to_leader: httpx.AsyncClient) -> None:
    app = follower_app(False, None, to_leader)
    async with client_of(app) as client:
        r = await client.post("/api/incidents/incident-1/feedback", content=b"{}")
    assert r.status_code == 503
    assert r.headers["retry-after"] == "2"
    assert r.headers["content-type"] == "application/problem+json"


async def test_unreachable_leader_is_a_503_to_retry() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    down = httpx.AsyncClient(transport=httpx.MockTransport(refuse))
    app = follower_app(False, Leader("b", "http://leader:8000"), down)
    async with client_of(app) as client:
        r = await client.post("/api/incidents/incident-1/feedback", content=b"{}")
    assert (r.status_code, r.json()["title"]) == (503, "Leader unreachable")


async def test_a_forged_forwarded_caller_is_refused(to_leader: httpx.AsyncClient) -> None:
    app = follower_app(True, None, to_leader)
    async with client_of(app) as client:
        r = await client.post(
            "/api/incidents/incident-1/feedback",
            content=b"{}",
            headers={CLIENT: "203.0.113.9", FORWARDED: signature(b"guess", "203.0.113.9")},
        )
    assert r.status_code == 403


async def test_a_forwarded_request_to_a_replica_that_stopped_leading_is_not_sent_on(
    to_leader: httpx.AsyncClient,
) -> None:
    app = follower_app(False, Leader("b", "http://leader:8000"), to_leader)
    async with client_of(app) as client:
        r = await client.post(
            "/api/incidents/incident-1/feedback",
            content=b"{}",
            headers={CLIENT: "192.0.2.7", FORWARDED: signature(SECRET, "192.0.2.7")},
        )
    assert (r.status_code, r.headers["retry-after"]) == (503, "1")


async def test_a_body_over_the_limit_is_refused_before_forwarding(
    to_leader: httpx.AsyncClient,
) -> None:
    app = follower_app(False, Leader("b", "http://leader:8000"), to_leader)
    async with client_of(app) as client:
        r = await client.post("/api/incidents/incident-1/feedback", content=b"x" * 2000)
    assert r.status_code == 413
