"""Access: API keys on /api/*, the webhook token on the ingest routes, Slack signatures, and
the rate limit, all through the real app."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import structlog.testing
from litestar import Litestar
from litestar.routes import ASGIRoute, HTTPRoute
from litestar.testing import AsyncTestClient
from prometheus_client import CollectorRegistry
from slack_sdk.signature import SignatureVerifier

from receiver.api.access import UNAUTHORIZED_DETAIL, Access, Zone, zone_of
from receiver.api.credentials import Secrets, basic_passwords
from receiver.api.ratelimit import RateLimiter
from receiver.app import create_app
from receiver.config import ApiKey, ConfigError, load_settings
from tests.conftest import CAPTURE_NOW, fixture_bytes
from tests.receiver.conftest import make_app, metric, ticking_clock
from tests.receiver.helpers import FIRING, JSON, WEBHOOK, awaiting, firing, problem
from tests.receiver.slack.conftest import (  # no_proxy: the fake Slack is called without a proxy
    CHANNEL,
    SECRET,
    no_proxy,  # noqa: F401
    running_fake_slack,
    slack_env,
)

KEY, OTHER_KEY, TOKEN = "key-one-0123456789", "key-two-abcdef", "webhook-token-xyz"
V2 = "/api/v2/alerts"
POSTABLE = "prometheus-v2-alerts-firing.json"
# Routes anyone may call; every other route except the ingest and Slack ones needs a key.
OPEN = {"/health", "/health/ready", "/metrics"}
INGEST = {("POST", WEBHOOK), ("POST", V2)}
REJECTED = "alertgraph_alerts_rejected_total"


def bearer(secret: str) -> dict[str, str]:
    return {"authorization": f"Bearer {secret}"}


def basic(user: str, password: str) -> dict[str, str]:
    encoded = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"authorization": f"Basic {encoded}"}


def is_open(path: str) -> bool:
    return path in OPEN or path == "/docs" or path.startswith("/docs/")


def requests_of(app: Litestar, incident_id: str) -> list[tuple[str, str]]:
    """(method, concrete path) for every route of `app`, path parameters filled in."""

    def concrete(template: str) -> str:
        return re.sub(
            r"\{(\w+):\w+\}", lambda m: incident_id if m[1] == "incident_id" else "x", template
        )

    found = []
    for route in app.routes:
        if isinstance(route, ASGIRoute):  # the /metrics mount
            found.append(("GET", concrete(route.path)))
        else:
            assert isinstance(route, HTTPRoute), route
            found += [(m, concrete(route.path)) for m in sorted(route.methods)]
    return found


async def send(
    client: AsyncTestClient[Litestar], method: str, path: str, headers: dict[str, str]
) -> Any:
    if (method, path) == ("POST", WEBHOOK):
        content = fixture_bytes(FIRING)
    elif (method, path) == ("POST", V2):
        content = fixture_bytes(POSTABLE)
    else:
        content = json.dumps({"log_text": "OOMKilled"}).encode() if method == "POST" else b""
    return await client.request(method, path, content=content, headers={**JSON, **headers})


# The keys of the matrix, by role; the bare key is an admin named key-4.
READ_KEY, APPROVE_KEY, ADMIN_KEY, BARE_KEY = "rk-0123456789", "ak-abcdef", "dk-987654", KEY
ROLE_KEYS = f"viewer:{READ_KEY}:read,oncall:{APPROVE_KEY}:approve,ops:{ADMIN_KEY}:admin,{KEY}"
CALLERS = {
    "viewer": (READ_KEY, "read"),
    "oncall": (APPROVE_KEY, "approve"),
    "ops": (ADMIN_KEY, "admin"),
    "key-4": (BARE_KEY, "admin"),
}
ID = "{incident_id:str}"
# What every route of the app needs: a role, or "open", "ingest" (the webhook token),
# "forge" (the forge's signature), "slack" (Slack's signature) or "ui" (the web console's
# session: API keys are no credentials there). A route added without a decision here fails
# the matrix.
NEEDS = {
    ("POST", WEBHOOK): "ingest",
    ("POST", V2): "ingest",
    ("POST", "/api/incidents/trigger"): "approve",
    ("GET", "/api/incidents"): "read",
    ("GET", f"/api/incidents/{ID}"): "read",
    ("GET", f"/api/incidents/{ID}/status"): "read",
    ("POST", f"/api/incidents/{ID}/feedback"): "approve",
    ("POST", f"/api/incidents/{ID}/acknowledge"): "approve",
    ("POST", f"/api/incidents/{ID}/feedback/negative"): "approve",
    ("POST", "/api/feedback-loop/process"): "admin",
    ("GET", "/api/learning/patterns"): "read",
    ("POST", f"/api/incidents/{ID}/silence"): "approve",
    ("GET", "/api/policies"): "read",
    ("POST", "/api/policies/reload"): "admin",
    ("POST", "/webhooks/github"): "forge",
    ("POST", "/webhooks/gitlab"): "forge",
    ("POST", "/slack/events"): "slack",
    ("POST", "/slack/commands"): "slack",
    ("GET", "/health"): "open",
    ("GET", "/health/ready"): "open",
    ("GET", "/metrics"): "open",
    ("GET", "/docs"): "open",
    ("GET", "/docs/swagger"): "open",
    ("GET", "/docs/openapi.json"): "open",
    ("GET", "/docs/oauth2-redirect.html"): "open",
    ("GET", "/docs/{path:str}"): "open",
    ("GET", "/docs/assets/{name:str}"): "open",
    ("GET", "/ui"): "ui",
    ("GET", "/ui/incidents"): "ui",
    ("GET", f"/ui/incidents/{ID}"): "ui",
    ("GET", "/ui/learning"): "ui",
    ("GET", "/ui/health"): "ui",
    ("POST", f"/ui/incidents/{ID}/{{action:str}}"): "ui",
    ("GET", "/ui/events"): "ui",
    ("GET", "/ui/login"): "ui",
    ("POST", "/ui/login"): "ui",
    ("POST", "/ui/logout"): "ui",
    ("GET", "/ui/static/{file_path:path}"): "ui",
    ("HEAD", "/ui/static/{file_path:path}"): "ui",
}
ROLE_ORDER = ("read", "approve", "admin")


def routes_of(app: Litestar) -> list[tuple[str, str]]:
    """(method, path template) of every route of `app`."""
    found = []
    for route in app.routes:
        if isinstance(route, ASGIRoute):  # the /metrics mount
            found.append(("GET", route.path))
        else:
            assert isinstance(route, HTTPRoute), route
            found += [(m, route.path) for m in sorted(route.methods)]
    return found


def needs(method: str, template: str) -> str:
    """What the matrix expects of a route. OPTIONS (Litestar's own answer) is open on the
    open and Slack paths and needs `read` elsewhere (the ingest paths included: only their
    POST takes the webhook token)."""
    if method == "OPTIONS":
        other = NEEDS.get(("GET", template)) or NEEDS.get(("POST", template)) or "read"
        return "open" if other in ("open", "slack", "ui") else "read"
    return NEEDS[(method, template)]


def concrete(template: str, incident_id: str) -> str:
    return re.sub(
        r"\{(\w+):\w+\}", lambda m: incident_id if m[1] == "incident_id" else "x", template
    )


async def test_every_route_answers_each_role_as_its_mark_says(tmp_path: Path) -> None:
    with running_fake_slack() as fake:
        env = slack_env(fake, API_KEYS=ROLE_KEYS, WEBHOOK_TOKEN=TOKEN)
        app = make_app(tmp_path, **env)
        routes = routes_of(app)
        undecided = [r for r in routes if r[0] != "OPTIONS" and r not in NEEDS]
        assert undecided == [], f"routes without a decision about who may call them: {undecided}"
        assert {("POST", "/slack/events"), ("GET", "/metrics")} <= set(routes)
        async with AsyncTestClient(app=app) as client:
            r = await client.post(
                "/api/incidents/trigger", json={"log_text": "OOMKilled"}, headers=bearer(KEY)
            )
            assert r.status_code == 202, r.text
            incident_id = r.json()["incident_id"]
            for method, template in routes:
                await check_route(client, method, template, concrete(template, incident_id))


async def check_route(
    client: AsyncTestClient[Litestar], method: str, template: str, path: str
) -> None:
    """One row of the matrix: no key, a wrong key and a key of each role."""
    needed = needs(method, template)
    answers = {"no key": await send(client, method, path, {})}
    answers["wrong key"] = await send(client, method, path, bearer("wrong"))
    for name, (key, _) in CALLERS.items():
        answers[name] = await send(client, method, path, bearer(key))
    answers["x-api-key"] = await send(client, method, path, {"x-api-key": READ_KEY})
    statuses = {name: r.status_code for name, r in answers.items()}
    where = f"{method} {path} needs {needed}: {statuses}"
    if needed == "open":
        assert not {401, 403} & set(statuses.values()), where
        return
    if needed in ("ingest", "forge", "slack"):  # a token or a signature, never an API key
        assert set(statuses.values()) == {401}, where
        return
    if needed == "ui":  # the console's session decides; a key changes nothing, asks nothing
        assert len(set(statuses.values())) == 1, where
        assert not any("www-authenticate" in r.headers for r in answers.values()), where
        return
    assert statuses["no key"] == statuses["wrong key"] == 401, where
    assert answers["no key"].headers["www-authenticate"] == "Bearer", where
    for name, (_, role) in CALLERS.items():
        allowed = ROLE_ORDER.index(role) >= ROLE_ORDER.index(needed)
        if allowed:
            assert statuses[name] not in (401, 403), where
            continue
        body = problem(answers[name], 403)
        assert body["detail"].startswith(f"the key '{name}' has role {role}; "), where
        assert f" needs {needed}" in body["detail"] and READ_KEY not in body["detail"], where
    assert statuses["x-api-key"] == statuses["viewer"], where


async def test_a_read_key_cannot_decide_and_the_refusal_says_why_once(tmp_path: Path) -> None:
    app = make_app(tmp_path, API_KEYS=ROLE_KEYS)
    async with AsyncTestClient(app=app) as client:
        client.headers.update(bearer(READ_KEY))  # every request reads with the read key
        shown = await awaiting(client, firing())
        path = f"/api/incidents/{shown['id']}/feedback"
        body = {"decision": "approve", "user": "U123", "diff_sha256": shown["diff_sha256"]}
        with structlog.testing.capture_logs() as logs:
            r = await client.post(path, json=body, headers=bearer(READ_KEY))
        refused = problem(r, 403)
        assert refused["detail"] == (
            "the key 'viewer' has role read; POST /api/incidents/{incident_id}/feedback needs "
            "approve or admin"
        )
        assert [e["status"] for e in logs if e["event"] == "request refused"] == [403]
        status = await client.get(f"{path.removesuffix('/feedback')}/status", headers=bearer(KEY))
        assert status.json()["status"] == "awaiting_approval"  # nothing was decided
        r = await client.post("/api/feedback-loop/process", headers=bearer(APPROVE_KEY))
        assert problem(r, 403)["detail"] == (
            "the key 'oncall' has role approve; POST /api/feedback-loop/process needs admin"
        )


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (
            "ci:s3cr3t-1:owner",
            "API_KEYS: Value error, entry 1: role must be one of read, approve, admin",
        ),
        ("a,ci:s3cr3t-1", "API_KEYS: Value error, entry 2 is neither a bare key nor name:key:role"),
        (":s3cr3t-1:read", "entry 1: the name and the key of name:key:role may not be empty"),
        ("ci::read", "entry 1: the name and the key of name:key:role may not be empty"),
        ("ci:s3cr3t-1:read,ci:s3cr3t-2:admin", "entries 1 and 2 have the same name 'ci'"),
        ("ci:s3cr3t-1:read,ops:s3cr3t-1:admin", "entries 1 and 2 have the same key"),
        ("s3cr3t-1,key-1:s3cr3t-2:read", "entries 1 and 2 have the same name 'key-1'"),
    ],
)
def test_bad_api_keys_stop_startup_naming_the_entry_not_the_key(entries: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings({"API_KEYS": entries})
    assert message in str(raised.value) and "s3cr3t" not in str(raised.value)


def test_api_keys_have_names_and_roles_and_bare_keys_stay_admins() -> None:
    settings = load_settings({"API_KEYS": "ci:k:1:read, old-key ,ops:k2:admin"})
    assert [(k.name, k.key, k.role) for k in settings.api_key_roles] == [
        ("ci", "k:1", "read"),  # a key may contain colons
        ("key-2", "old-key", "admin"),
        ("ops", "k2", "admin"),
    ]
    assert "k2" not in repr(settings.api_key_roles)


async def test_without_keys_the_api_is_open(tmp_path: Path) -> None:
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        await without_keys(client)


async def without_keys(client: AsyncTestClient[Litestar]) -> None:
    assert (await client.get("/api/incidents")).status_code == 200
    assert (await client.get("/api/incidents", headers=bearer("anything"))).status_code == 200
    assert (await send(client, "POST", WEBHOOK, {})).status_code == 200


async def test_with_keys_a_path_no_route_serves_is_401_before_404(tmp_path: Path) -> None:
    # Without a key a client learns nothing about which routes exist.
    async with AsyncTestClient(app=make_app(tmp_path, API_KEYS=KEY)) as client:
        for method, path in (
            ("GET", "/api/nope"),
            ("GET", "/api/incidents/x/y/z"),
            ("DELETE", "/api/incidents"),  # a route, but not for this method
            ("GET", V2),
            ("GET", "/nope"),
        ):
            refused = problem(await client.request(method, path), 401)
            assert refused["detail"] == UNAUTHORIZED_DETAIL, (method, path)
            with_key = await client.request(method, path, headers=bearer(KEY))
            assert with_key.status_code in (404, 405), (method, path)
        # No alert was refused: a request for no route is not counted as one.
        assert metric(client, REJECTED, reason="unauthorized") == 0
        # Open and Slack routes answer 404 as before, and so does everything without keys.
        assert (await client.get("/docs/nope")).status_code == 404
        assert (await client.get("/slack/nope")).status_code == 404
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        assert (await client.get("/api/nope")).status_code == 404


async def test_refusals_do_not_say_what_was_wrong(tmp_path: Path) -> None:
    async with AsyncTestClient(app=make_app(tmp_path, API_KEYS=KEY)) as client:
        attempts = [
            {},
            {"authorization": "Bearer"},
            {"authorization": "Bearer  "},
            {"authorization": f"Token {KEY}"},
            basic("user", KEY),
            {"authorization": "Basic !!!"},
            {"x-api-key": ""},
            bearer("wrong"),
            bearer(KEY + "x"),
            {"x-api-key": KEY[:-1]},
        ]
        answers = [await client.get("/api/incidents", headers=h) for h in attempts]
    bodies = {r.content for r in answers}
    assert len(bodies) == 1, bodies
    body = problem(answers[0], 401)
    assert body["title"] == "Unauthorized" and KEY not in body["detail"]
    assert {r.headers["www-authenticate"] for r in answers} == {"Bearer"}


@pytest.mark.parametrize(("path", "fixture"), [(WEBHOOK, FIRING), (V2, POSTABLE)])
async def test_ingest_routes_need_the_webhook_token(
    tmp_path: Path, path: str, fixture: str
) -> None:
    async with AsyncTestClient(app=make_app(tmp_path, WEBHOOK_TOKEN=TOKEN)) as client:
        refused = [{}, bearer("wrong"), basic("alertmanager", "wrong"), {"x-api-key": TOKEN}]
        refused += [basic(TOKEN, "x"), {"authorization": "Basic " + TOKEN}]
        for i, headers in enumerate(refused, start=1):
            r = await client.post(path, content=fixture_bytes(fixture), headers={**JSON, **headers})
            problem(r, 401)
            assert "Bearer" in r.headers["www-authenticate"]
            assert metric(client, REJECTED, reason="unauthorized") == i
        for headers in [bearer(TOKEN), basic("alertmanager", TOKEN), basic("", TOKEN)]:
            r = await client.post(path, content=fixture_bytes(fixture), headers={**JSON, **headers})
            assert r.status_code == 200, (headers, r.text)
        assert metric(client, REJECTED, reason="unauthorized") == len(refused)
        # an API key is not needed there, and the webhook token opens nothing else
        r = await client.get("/api/incidents", headers=bearer(TOKEN))
        assert r.status_code == 200  # no API_KEYS: open


async def test_slack_routes_need_signatures_not_keys(tmp_path: Path) -> None:
    with running_fake_slack() as fake:
        env = {"GIT_REPO_PATH": str(tmp_path / "gitops"), **slack_env(fake, API_KEYS=KEY)}
        now = ticking_clock(CAPTURE_NOW)
        app = create_app(load_settings(env), now=now, metrics_registry=CollectorRegistry())
        slack_paths = [
            p for m, p in requests_of(app, "x") if p.startswith("/slack/") and m == "POST"
        ]
        assert sorted(slack_paths) == ["/slack/commands", "/slack/events"]
        async with AsyncTestClient(app=app) as client:
            form = {"command": "/incidents", "text": "help", "user_id": "U0ALICE1"}
            body = "&".join(f"{k}={v}" for k, v in {**form, "channel_id": CHANNEL}.items())
            for path in slack_paths:
                r = await client.post(
                    path,
                    content=body.encode(),
                    headers={"content-type": "application/x-www-form-urlencoded", **bearer(KEY)},
                )
                assert r.status_code == 401, (path, r.text)
            stamp = str(int(now().timestamp()))
            signature = SignatureVerifier(SECRET).generate_signature(
                timestamp=stamp, body=body.encode()
            )
            r = await client.post(
                "/slack/commands",
                content=body.encode(),
                headers={
                    "content-type": "application/x-www-form-urlencoded",
                    "x-slack-request-timestamp": stamp,
                    "x-slack-signature": str(signature),
                },
            )
            assert r.status_code == 200, r.text


def rate_limited_app(tmp_path: Path, clock: Callable[[], float], **env: str) -> Litestar:
    settings = load_settings(
        {
            "GIT_REPO_PATH": str(tmp_path / "gitops"),
            "RATE_LIMIT_PER_SECOND": "1",
            "RATE_LIMIT_BURST": "2",
            **env,
        }
    )
    return create_app(
        settings,
        now=lambda: CAPTURE_NOW,
        metrics_registry=CollectorRegistry(),
        monotonic=clock,
    )


async def test_the_third_quick_request_is_told_to_retry_later(tmp_path: Path) -> None:
    t = [100.0]
    async with AsyncTestClient(app=rate_limited_app(tmp_path, lambda: t[0])) as client:
        assert (await client.get("/api/incidents")).status_code == 200
        assert (await client.get("/api/learning/patterns")).status_code == 200  # one bucket
        r = await client.get("/api/incidents")
        problem(r, 429)
        assert r.headers["retry-after"] == "1"
        t[0] += 0.5
        assert (await client.get("/api/incidents")).headers["retry-after"] == "1"
        t[0] += 0.5
        assert (await client.get("/api/incidents")).status_code == 200
        # open routes are never limited
        for _ in range(5):
            assert (await client.get("/health")).status_code == 200
            assert (await client.get("/metrics")).status_code == 200


async def test_ingest_routes_are_never_rate_limited(tmp_path: Path) -> None:
    t = [0.0]
    app = rate_limited_app(tmp_path, lambda: t[0], WEBHOOK_TOKEN=TOKEN)
    async with AsyncTestClient(app=app) as client:
        for _ in range(30):
            assert (await send(client, "POST", WEBHOOK, bearer(TOKEN))).status_code == 200
            assert (await send(client, "POST", V2, bearer(TOKEN))).status_code == 200
            assert (await send(client, "POST", V2, {})).status_code == 401  # never 429 either


async def test_each_key_has_its_own_bucket_and_guessing_is_limited(tmp_path: Path) -> None:
    t = [0.0]
    app = rate_limited_app(tmp_path, lambda: t[0], API_KEYS=f"{KEY},{OTHER_KEY}")
    async with AsyncTestClient(app=app) as client:
        statuses = [(await client.get("/api/incidents", headers=bearer(KEY))).status_code]
        statuses += [(await client.get("/api/incidents", headers=bearer(KEY))).status_code]
        statuses += [(await client.get("/api/incidents", headers=bearer(KEY))).status_code]
        assert statuses == [200, 200, 429]
        assert (await client.get("/api/incidents", headers=bearer(OTHER_KEY))).status_code == 200
        # wrong keys count against the caller's address, whatever key they try
        guesses = [
            (await client.get("/api/incidents", headers=bearer(f"guess-{i}"))).status_code
            for i in range(4)
        ]
        assert guesses == [401, 401, 429, 429]


async def test_slack_routes_are_rate_limited(tmp_path: Path) -> None:
    t = [0.0]
    with running_fake_slack() as fake:
        env = slack_env(fake)
        async with AsyncTestClient(app=rate_limited_app(tmp_path, lambda: t[0], **env)) as client:
            statuses = [(await client.post("/slack/commands")).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]


def test_secrets_compare_against_every_key() -> None:
    secrets = Secrets(["one", "two"])
    assert secrets.match([b"two"]) == 1 and secrets.match([b"one", b"two"]) == 0
    assert secrets.match([b"three", b""]) is None and not Secrets([])
    assert basic_passwords([(b"authorization", b"Basic " + base64.b64encode(b"u:p:q"))]) == [b"p:q"]


def test_zones() -> None:
    assert zone_of("GET", "/docs/{path:str}") is Zone.OPEN
    assert zone_of("POST", V2) is Zone.INGEST and zone_of("GET", V2) is Zone.API
    assert zone_of("POST", "/slack/events") is Zone.SLACK
    assert zone_of("POST", "/webhooks/gitlab") is Zone.FORGE
    assert zone_of("GET", "/webhooks/github") is Zone.API
    assert zone_of("GET", "/something-new") is Zone.API  # closed until someone opens it
    access = Access([ApiKey("ci", KEY, "read")], None, RateLimiter(0, 0))
    assert access.decide("GET", "/health", [], None) is None
    refusal = access.decide("GET", "/api/incidents", [(b"x-api-key", b"no")], "10.0.0.1")
    assert refusal is not None and refusal.status == 401


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "no API_KEYS set: /api/* needs no key; bound to 127.0.0.1 only"),
        (
            {"API_HOST": "0.0.0.0", "ALLOW_UNAUTHENTICATED": "true"},
            "no API_KEYS set and ALLOW_UNAUTHENTICATED=true: /api/* is open to anyone who can "
            "reach 0.0.0.0",
        ),
        ({"API_KEYS": KEY}, None),
    ],
)
def test_serve_says_when_the_api_needs_no_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, env: dict[str, str], expected: str | None
) -> None:
    from receiver import cli

    ran: list[dict[str, Any]] = []
    monkeypatch.setattr(cli, "configure_logging", lambda *_: None)
    monkeypatch.setattr(cli.signal, "signal", lambda *_: None)
    monkeypatch.setattr(cli.uvicorn, "run", lambda app, **kw: ran.append(kw))
    settings = load_settings({"GIT_REPO_PATH": str(tmp_path / "gitops"), **env})
    with structlog.testing.capture_logs() as logs:
        cli.serve(settings)
    warnings = [e["event"] for e in logs if e["log_level"] == "warning"]
    assert warnings == ([expected] if expected else [])
    assert ran[0]["host"] == settings.api_host
