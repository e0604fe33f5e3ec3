"""`GET /api/policies` shows the rules in force; `POST /api/policies/reload` reads the file
again — an invalid file is refused naming its line, and the old rules stay."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from structlog.testing import capture_logs

from receiver.policies.model import PolicyError
from tests.receiver.conftest import make_app

PROD = 'rules:\n  - name: prod\n    match: {namespace: "prod-*"}\n    require: 2\n'
SMALL = (
    "rules:\n  - name: small-memory\n    match: {kind: raise_memory}\n"
    "    max_factor: 1.5\n    max_memory: 4Gi\n    auto_approve: {veto: 10m}\n"
)
BROKEN = "rules:\n  - name: small-memory\n    max_memory: 2Gx\n    never: true\n"


@pytest.fixture
def policy_file(tmp_path: Path) -> Path:
    path = tmp_path / "policies.yaml"
    path.write_text(PROD)
    return path


@pytest.fixture
async def client(tmp_path: Path, policy_file: Path) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=make_app(tmp_path, POLICY_FILE=str(policy_file))) as c:
        yield c


def rewrite(path: Path, text: str) -> None:
    """Edit the policy file, as a person would while the service runs."""
    path.write_text(text)


def names(body: dict[str, Any]) -> list[str]:
    return [rule["name"] for rule in body["rules"]]


async def test_the_rules_in_force_are_shown(
    client: AsyncTestClient[Litestar], policy_file: Path
) -> None:
    answer = await client.get("/api/policies")
    assert answer.status_code == 200
    body = answer.json()
    assert body["file"] == str(policy_file) and len(body["sha256"]) == 64
    assert body["default"] == {"action": "require", "approvals": 1}
    (rule,) = body["rules"]
    assert (rule["name"], rule["line"], rule["match"]) == ("prod", 2, {"namespace": ["prod-*"]})
    assert (rule["action"], rule["approvals"]) == ("require", 2)


async def test_a_reload_answers_the_new_rules(
    client: AsyncTestClient[Litestar], policy_file: Path
) -> None:
    before = (await client.get("/api/policies")).json()
    rewrite(policy_file, SMALL)
    answer = await client.post("/api/policies/reload")
    assert answer.status_code == 200
    body = answer.json()
    assert names(body) == ["small-memory"] and body["sha256"] != before["sha256"]
    (rule,) = body["rules"]
    assert (rule["max_factor"], rule["max_memory"], rule["veto_seconds"]) == (1.5, "4Gi", 600)
    assert (await client.get("/api/policies")).json() == body


async def test_an_invalid_file_is_refused_with_its_line_and_the_old_rules_stay(
    client: AsyncTestClient[Litestar], policy_file: Path
) -> None:
    before = (await client.get("/api/policies")).json()
    rewrite(policy_file, BROKEN)
    with capture_logs() as logs:
        answer = await client.post("/api/policies/reload")
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["detail"] == (
        "policies.yaml line 3: rule 'small-memory': max_memory '2Gx' is not a quantity "
        "(e.g. 4Gi, 500m, 2)"
    )
    assert (await client.get("/api/policies")).json() == before
    warnings = [e for e in logs if e["log_level"] in ("warning", "error")]
    assert len(warnings) == 1, warnings  # logged once, as the refused request


async def test_without_a_policy_file_the_default_is_shown_and_reload_changes_nothing(
    tmp_path: Path,
) -> None:
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        shown = (await client.get("/api/policies")).json()
        assert (shown["file"], shown["sha256"], shown["rules"]) == (None, None, [])
        reloaded = await client.post("/api/policies/reload")
        assert reloaded.status_code == 200 and reloaded.json()["rules"] == []


async def test_rules_are_masked_like_every_answer(tmp_path: Path) -> None:
    path = tmp_path / "policies.yaml"
    path.write_text("rules:\n  - name: odd\n    match: {app: password=hunter2}\n    require: 1\n")
    async with AsyncTestClient(app=make_app(tmp_path, POLICY_FILE=str(path))) as client:
        answer = await client.get("/api/policies")
    assert "hunter2" not in answer.text
    assert answer.json()["rules"][0]["match"] == {"app": ["password=****"]}


def test_only_the_reload_is_marked_for_admin_keys(tmp_path: Path, policy_file: Path) -> None:
    app = make_app(tmp_path, POLICY_FILE=str(policy_file))
    roles = {
        (method, route.path): handler.opt.get("role")
        for route in app.routes
        if route.path.startswith("/api/policies")
        for handler in route.route_handlers
        for method in handler.http_methods  # type: ignore[attr-defined]
        if method != "OPTIONS"
    }
    assert roles == {("GET", "/api/policies"): None, ("POST", "/api/policies/reload"): "admin"}


def test_an_invalid_file_stops_start_up_naming_its_line(tmp_path: Path) -> None:
    path = tmp_path / "policies.yaml"
    path.write_text(BROKEN)
    with pytest.raises(PolicyError, match=r"^policies.yaml line 3: rule 'small-memory': "):
        make_app(tmp_path, POLICY_FILE=str(path))
