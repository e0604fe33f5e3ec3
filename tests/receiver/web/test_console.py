"""The web console at /ui through the real app: pages, sign-in, CSRF, roles, decisions."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.conftest import CAPTURE_NOW
from tests.fakes.openai_server import SERVED_MODEL, FakeOpenAI, good_answer
from tests.receiver.conftest import make_app, status_when
from tests.receiver.helpers import awaiting, commit_count, firing, problem, repo

READ_KEY, APPROVE_KEY = "rk-0123456789", "ak-abcdef0123"
KEYS = f"viewer:{READ_KEY}:read,oncall:{APPROVE_KEY}:approve"
CSP = "default-src 'self'; script-src 'self'; style-src 'self'"


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html
    return found[1]


def form_sha(html: str) -> str:
    found = re.search(r'name="diff_sha256" value="([0-9a-f]+)"', html)
    assert found, html
    return found[1]


async def sign_in(client: AsyncTestClient[Litestar], key: str) -> Any:
    return await client.post("/ui/login", data={"key": key}, follow_redirects=False)


async def test_loopback_console_lists_and_shows_an_incident_in_english_and_korean(
    tmp_path: Path,
) -> None:
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        shown = await awaiting(client, firing())
        r = await client.get("/ui", follow_redirects=False)
        assert (r.status_code, r.headers["location"]) == (302, "/ui/incidents")
        r = await client.get("/ui/incidents")
        assert r.status_code == 200
        assert r.headers["content-security-policy"].startswith(CSP)
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert '<table id="incidents"' in r.text and '<html lang="en">' in r.text
        assert f'<tr data-incident-id="{shown["id"]}">' in r.text
        assert f'<a href="/ui/incidents/{shown["id"]}">{shown["id"]}</a>' in r.text
        assert '<td class="status" data-status="awaiting_approval">awaiting approval</td>' in r.text
        page = (await client.get(f"/ui/incidents/{shown['id']}")).text
        assert f"<h1>{shown['id']}</h1>" in page
        for section in ("timeline", "analysis", "evidence", "diff", "commits", "learning"):
            assert f'<section id="{section}"' in page, section
        assert '<span class="add">' in page and '<span class="del">' in page
        assert 'id="approve"' in page and 'id="confirm-approve"' in page
        assert shown["change_summary"] in page
        ko = await client.get(f"/ui/incidents/{shown['id']}?lang=ko")
        assert '<html lang="ko">' in ko.text and "승인 대기 중" in ko.text and "승인" in ko.text
        assert "ui_lang=ko" in ko.headers["set-cookie"]
        # the choice is kept
        assert '<html lang="ko">' in (await client.get("/ui/incidents")).text
        split = await client.get(f"/ui/incidents/{shown['id']}?view=split")
        assert '<table class="diff split">' in split.text
        static = await client.get("/ui/static/app.js")
        assert static.status_code == 200 and "EventSource" in static.text


async def test_sign_in_sets_a_strict_httponly_expiring_cookie_and_forgery_is_refused(
    tmp_path: Path,
) -> None:
    async with AsyncTestClient(app=make_app(tmp_path, API_KEYS=KEYS)) as client:
        r = await client.get("/ui/incidents", follow_redirects=False)
        assert (r.status_code, r.headers["location"]) == (303, "/ui/login")
        login = await client.get("/ui/login")
        assert 'id="login"' in login.text and 'name="key"' in login.text
        bad = await sign_in(client, "not-a-key")
        assert bad.status_code == 401 and 'role="alert"' in bad.text
        r = await sign_in(client, APPROVE_KEY)
        assert (r.status_code, r.headers["location"]) == (303, "/ui/incidents")
        cookie = r.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie and "max-age=43200" in cookie
        assert APPROVE_KEY not in r.headers["set-cookie"]
        value = client.cookies["ag_session"]
        page = await client.get("/ui/incidents")
        assert page.status_code == 200 and "oncall" in page.text
        # a tampered cookie (another role) is no session
        payload, _, signature = value.partition(".")
        client.cookies.clear()
        client.cookies.set("ag_session", f"{payload[:-2]}xx.{signature}", path="/ui")
        r = await client.get("/ui/incidents", follow_redirects=False)
        assert (r.status_code, r.headers["location"]) == (303, "/ui/login")


async def test_an_expired_session_goes_back_to_sign_in(tmp_path: Path) -> None:
    clock = [CAPTURE_NOW]
    app = make_app(tmp_path, lambda: clock[0], API_KEYS=KEYS, UI_SESSION_HOURS="1")
    async with AsyncTestClient(app=app) as client:
        await sign_in(client, READ_KEY)
        assert (await client.get("/ui/incidents")).status_code == 200
        clock[0] = CAPTURE_NOW + timedelta(hours=1, seconds=1)
        r = await client.get("/ui/incidents", follow_redirects=False)
        assert (r.status_code, r.headers["location"]) == (303, "/ui/login")


async def test_approve_through_the_form_commits_as_rest_does(tmp_path: Path) -> None:
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        shown = await awaiting(client, firing())
        before = commit_count(tmp_path)
        page = (await client.get(f"/ui/incidents/{shown['id']}")).text
        assert form_sha(page) == shown["diff_sha256"]
        r = await client.post(
            f"/ui/incidents/{shown['id']}/approve",
            data={"csrf_token": csrf_of(page), "diff_sha256": form_sha(page)},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        assert r.headers["location"] == f"/ui/incidents/{shown['id']}?done=approve"
        done = await status_when(client, shown["id"], lambda s: s["commit_sha"])
        assert commit_count(tmp_path) > before
        head = repo(tmp_path).commit(done["commit_sha"])
        assert shown["id"] in head.message and "web" in head.message
        after = await client.get(r.headers["location"])
        assert 'id="flash"' in after.text and done["commit_sha"] in after.text


async def test_a_stale_page_is_told_to_reload_and_nothing_is_decided(tmp_path: Path) -> None:
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        shown = await awaiting(client, firing())
        before = commit_count(tmp_path)
        page = (await client.get(f"/ui/incidents/{shown['id']}?lang=ko")).text
        r = await client.post(
            f"/ui/incidents/{shown['id']}/approve",
            data={"csrf_token": csrf_of(page), "diff_sha256": "0" * 64},
        )
        assert r.status_code == 409
        assert '<div role="alert" id="stale"' in r.text and "새로고침" in r.text
        status = (await client.get(f"/api/incidents/{shown['id']}/status")).json()
        assert status["status"] == "awaiting_approval" and commit_count(tmp_path) == before


async def test_a_modify_with_a_bad_quantity_shows_the_error_beside_the_field(
    tmp_path: Path,
) -> None:
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        shown = await awaiting(client, firing())
        page = (await client.get(f"/ui/incidents/{shown['id']}")).text
        field = re.search(r'name="(override:[^"]*memory)" value="([^"]*)"', page)
        assert field, page
        r = await client.post(
            f"/ui/incidents/{shown['id']}/modify",
            data={"csrf_token": csrf_of(page), "diff_sha256": form_sha(page), field[1]: "2 GB"},
        )
        assert r.status_code == 400 and 'class="field-error"' in r.text
        assert "Kubernetes quantity" in r.text
        status = (await client.get(f"/api/incidents/{shown['id']}/status")).json()
        assert status["status"] == "awaiting_approval"


async def test_read_role_sees_no_forms_and_its_posts_and_csrfless_posts_get_403(
    tmp_path: Path,
) -> None:
    async with AsyncTestClient(app=make_app(tmp_path, API_KEYS=KEYS)) as client:
        client.headers["authorization"] = f"Bearer {APPROVE_KEY}"
        shown = await awaiting(client, firing())
        del client.headers["authorization"]
        await sign_in(client, READ_KEY)
        path = f"/ui/incidents/{shown['id']}"
        page = (await client.get(path)).text
        assert 'id="approve"' not in page and 'id="reject"' not in page
        assert 'id="modify"' not in page and 'id="read-only"' in page
        data = {"csrf_token": csrf_of(page), "diff_sha256": shown["diff_sha256"]}
        problem(await client.post(f"{path}/approve", data=data), 403)
        await sign_in(client, APPROVE_KEY)
        page = (await client.get(path)).text
        assert 'id="approve"' in page
        no_csrf = await client.post(f"{path}/approve", data={"diff_sha256": form_sha(page)})
        assert "CSRF" in problem(no_csrf, 403)["detail"]
        wrong = {"csrf_token": "forged", "diff_sha256": form_sha(page)}
        problem(await client.post(f"{path}/approve", data=wrong), 403)
        client.cookies.clear()
        problem(await client.post(f"{path}/approve", data=data), 403)
        status = await client.get(
            f"/api/incidents/{shown['id']}/status", headers={"authorization": f"Bearer {READ_KEY}"}
        )
        assert status.json()["status"] == "awaiting_approval"


async def test_a_fix_that_did_not_work_is_recorded_from_its_page(tmp_path: Path) -> None:
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        shown = await awaiting(client, firing())
        page = (await client.get(f"/ui/incidents/{shown['id']}")).text
        assert 'id="negative-feedback"' not in page  # nothing committed yet to say it of
        await client.post(
            f"/ui/incidents/{shown['id']}/approve",
            data={"csrf_token": csrf_of(page), "diff_sha256": form_sha(page)},
        )
        await status_when(client, shown["id"], lambda s: s["commit_sha"])
        page = (await client.get(f"/ui/incidents/{shown['id']}?lang=ko")).text
        assert 'id="negative-feedback"' in page and "수정이 효과가 없었습니다" in page
        r = await client.post(
            f"/ui/incidents/{shown['id']}/feedback",
            data={"csrf_token": csrf_of(page), "reason": "still OOM", "expected_result": "2Gi"},
            follow_redirects=False,
        )
        assert r.status_code == 303 and r.headers["location"].endswith("?done=feedback")
        path = tmp_path / "gitops" / "examples" / shown["id"] / "feedback_negative.json"
        recorded = path.read_text()
        assert '"still OOM"' in recorded and '"web"' in recorded and '"2Gi"' in recorded
        blank = await client.post(
            f"/ui/incidents/{shown['id']}/feedback",
            data={"csrf_token": csrf_of(page), "reason": "  "},
        )
        assert blank.status_code == 400 and 'role="alert"' in blank.text


async def test_the_page_shows_which_parts_came_from_which_model_in_both_languages(
    tmp_path: Path,
) -> None:
    remediation = {"kind": "raise_memory", "factor": 1.5, "target": None}
    async with FakeOpenAI(answer=good_answer(remediation=remediation)) as fake:
        app = make_app(tmp_path, LLM_BASE_URL=fake.base_url, LLM_MODEL="local-model")
        async with AsyncTestClient(app=app) as client:
            shown = await awaiting(client, firing())
            page = (await client.get(f"/ui/incidents/{shown['id']}")).text
            assert '<section id="model"' in page and f"Model: {SERVED_MODEL}" in page
            assert '<span class="part">root cause</span>' in page
            assert '<span class="part">values change</span>' in page
            assert "no policy approves it on its own" in page
            assert good_answer()["root_cause"] in page
            ko = (await client.get(f"/ui/incidents/{shown['id']}?lang=ko")).text
            assert "모델의 판단" in ko and '<span class="part">근본 원인</span>' in ko
    async with AsyncTestClient(app=make_app(tmp_path / "plain")) as client:
        shown = await awaiting(client, firing())
        assert '<section id="model"' not in (await client.get(f"/ui/incidents/{shown['id']}")).text
