"""The web console at /ui in Chromium against the real service: sign-in, the live list,
one incident, the decisions (approve through the confirmation, reject, modify), a stale page,
Korean, roles and CSRF; and no request leaves loopback (checked after every test).

Written against the console's DOM contract: `#incidents` rows `tr[data-incident-id]` with a
`td.status`; on an incident `#status`, `#diff`, the forms `#approve` (its button opens
`dialog#confirm-approve`, `#confirm-approve-yes` submits), `#reject` and `#modify`
(`override:{path}` inputs), `#stale` when the proposal changed; `?lang=ko`, `#lang-en`.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import git
import httpx
from playwright.async_api import Page, expect

from receiver.web import texts
from tests.browser.conftest import (
    KEYS,
    Browser,
    awaiting_incident,
    newest_incident,
    post_alert,
    status_when,
)
from tests.integration.conftest import Service

MEMORY = "override:resources.limits.memory"
VALUES = "helm-values/grafana/values.yaml"


def en(key: str) -> str:
    """The English text the console shows for `key`."""
    text: str = texts.TEXTS[key]["en"]
    return text


def status_name(status: str, language: str = "en") -> str:
    """The name the console shows for `status`."""
    name: str = texts.status_text(status, language)
    return name


def gitops(tmp_path: Path) -> git.Repo:
    return git.Repo(tmp_path / "gitops")


async def sign_in(page: Page, service: Service, key: str) -> None:
    """Sign in at /ui/login with `key`, landing on the incident list."""
    await page.goto(f"{service.base_url}/ui")
    await expect(page).to_have_url(re.compile(r"/ui/login"))
    await page.get_by_label(en("login_key")).fill(key)
    await page.get_by_role("button", name=en("login_submit")).click()
    await expect(page.locator("#incidents")).to_be_visible()


async def open_incident(page: Page, service: Service, incident_id: str) -> None:
    await page.goto(f"{service.base_url}/ui/incidents/{incident_id}")
    await expect(page.locator("h1")).to_contain_text(incident_id)


async def approve_through_dialog(page: Page) -> None:
    """Press Approve, check the dialog names the change, confirm."""
    await page.locator("#approve").get_by_role("button", name=en("approve")).click()
    dialog = page.locator("dialog#confirm-approve")
    await expect(dialog).to_be_visible()
    await expect(dialog).to_contain_text("memory")
    await page.locator("#confirm-approve-yes").click()


async def test_sign_in_turns_a_key_into_an_httponly_strict_session(
    browser: Browser, keyed_service: Service
) -> None:
    page = await browser.page()
    await page.goto(f"{keyed_service.base_url}/ui/incidents")
    await expect(page).to_have_url(re.compile(r"/ui/login"))
    await page.get_by_label(en("login_key")).fill("not-a-key")
    await page.get_by_role("button", name=en("login_submit")).click()
    await expect(page.get_by_text(en("login_failed"))).to_be_visible()

    await sign_in(page, keyed_service, KEYS["oncall"])
    cookies = await page.context.cookies()
    session = [c for c in cookies if c["httpOnly"]]
    assert session, cookies
    assert all(c["sameSite"] == "Strict" and c["expires"] > time.time() for c in session)
    assert KEYS["oncall"] not in str(cookies)
    visible_to_scripts = await page.evaluate("document.cookie")
    assert all(c["name"] not in visible_to_scripts for c in session)
    await page.reload()
    await expect(page.locator("#incidents")).to_be_visible()


async def test_an_incident_appears_live_and_opens(
    browser: Browser, service: Service, api: httpx.AsyncClient
) -> None:
    page = await browser.page()
    await page.goto(f"{service.base_url}/ui/incidents")
    rows = page.locator("#incidents tr[data-incident-id]")
    await expect(rows).to_have_count(0)
    await page.evaluate("window.loadedOnce = true")

    await post_alert(api, service)
    incident_id = await newest_incident(api, service)
    row = page.locator(f'#incidents tr[data-incident-id="{incident_id}"]')
    await expect(row).to_be_visible()
    await expect(row.locator("td.status")).to_have_text(status_name("awaiting_approval"))
    assert await page.evaluate("window.loadedOnce === true"), "the list reloaded"

    await row.get_by_role("link", name=incident_id).click()
    await expect(page).to_have_url(re.compile(f"/ui/incidents/{incident_id}$"))
    await expect(page.locator("#status")).to_have_text(status_name("awaiting_approval"))
    await expect(page.locator("#diff")).to_contain_text("memory")
    browser.assert_loopback_only()


async def test_approve_asks_first_then_commits(
    browser: Browser, service: Service, api: httpx.AsyncClient, tmp_path: Path
) -> None:
    shown = await awaiting_incident(api, service)
    head = gitops(tmp_path).head.commit.hexsha
    page = await browser.page()
    await open_incident(page, service, shown["id"])

    await page.locator("#approve").get_by_role("button", name=en("approve")).click()
    await expect(page.locator("dialog#confirm-approve")).to_contain_text(shown["change_summary"])
    await page.keyboard.press("Escape")
    await expect(page.locator("dialog#confirm-approve")).to_be_hidden()
    assert gitops(tmp_path).head.commit.hexsha == head, "cancelling the dialog committed"

    await approve_through_dialog(page)
    shown_after = re.compile(f"{status_name('verifying')}|{status_name('committed')}")
    await expect(page.locator("#status")).to_have_text(shown_after)
    done = await status_when(api, service, shown["id"], lambda s: bool(s["commit_sha"]))
    fix = gitops(tmp_path).commit(done["commit_sha"])
    assert VALUES in fix.stats.files and f"Incident-Id: {shown['id']}" in str(fix.message)
    await expect(page.locator("#commits")).to_contain_text(done["commit_sha"][:7])


async def test_reject_with_a_reason_records_it_and_leaves_the_values(
    browser: Browser, service: Service, api: httpx.AsyncClient, tmp_path: Path
) -> None:
    shown = await awaiting_incident(api, service)
    values = (tmp_path / "gitops" / VALUES).read_text()
    page = await browser.page()
    await open_incident(page, service, shown["id"])

    await page.locator("#reject textarea[name=reason]").fill("a leak: fix the code, not the limit")
    await page.locator("#reject").get_by_role("button", name=en("reject")).click()
    await expect(page.locator("#status")).to_have_text(status_name("rejected"))
    done = await status_when(api, service, shown["id"], lambda s: bool(s["commit_sha"]))
    record = gitops(tmp_path).commit(done["commit_sha"])
    assert "Decision: reject" in str(record.message)
    summary = (tmp_path / "gitops" / "examples" / shown["id"] / "summary.md").read_text()
    assert "a leak: fix the code, not the limit" in summary
    assert (tmp_path / "gitops" / VALUES).read_text() == values


async def test_modify_memory_shows_a_new_diff_that_is_then_approved(
    browser: Browser, service: Service, api: httpx.AsyncClient, tmp_path: Path
) -> None:
    shown = await awaiting_incident(api, service)
    page = await browser.page()
    await open_incident(page, service, shown["id"])
    field = page.locator(f'#modify input[name="{MEMORY}"]')

    await field.fill("two gigs")
    await page.locator("#modify").get_by_role("button").click()
    await expect(page.locator("#modify")).to_contain_text(en("override_quantity"))
    unchanged = await status_when(api, service, shown["id"], lambda s: True)
    assert unchanged["diff_sha256"] == shown["diff_sha256"]

    await page.locator(f'#modify input[name="{MEMORY}"]').fill("2Gi")
    await page.locator("#modify").get_by_role("button").click()
    await expect(page.locator("#diff")).to_contain_text('memory: "2Gi"')
    await expect(page.locator("#status")).to_have_text(status_name("awaiting_approval"))
    await approve_through_dialog(page)
    await status_when(api, service, shown["id"], lambda s: bool(s["commit_sha"]))
    assert 'memory: "2Gi"' in (tmp_path / "gitops" / VALUES).read_text()


async def test_a_stale_page_cannot_approve_a_changed_proposal(
    browser: Browser, service: Service, api: httpx.AsyncClient, tmp_path: Path
) -> None:
    shown = await awaiting_incident(api, service)
    page = await browser.page()
    await open_incident(page, service, shown["id"])
    modify = {
        "decision": "modify",
        "user": "U-rest",
        "diff_sha256": shown["diff_sha256"],
        "overrides": {"resources.limits.memory": "3Gi"},
    }
    r = await api.post(f"{service.base_url}/api/incidents/{shown['id']}/feedback", json=modify)
    assert r.status_code == 202, r.text
    head = gitops(tmp_path).head.commit.hexsha

    await approve_through_dialog(page)
    await expect(page.locator("#stale[role=alert]")).to_contain_text(en("stale"))
    now = await status_when(api, service, shown["id"], lambda s: True)
    assert now["status"] == "awaiting_approval" and now["diff_sha256"] != shown["diff_sha256"]
    assert gitops(tmp_path).head.commit.hexsha == head


async def test_korean_ui(browser: Browser, service: Service, api: httpx.AsyncClient) -> None:
    shown = await awaiting_incident(api, service)
    page = await browser.page()
    await page.goto(f"{service.base_url}/ui/incidents?lang=ko")
    await expect(page.locator("html")).to_have_attribute("lang", "ko")
    await expect(page.locator("#incidents td.status")).to_have_text(
        status_name("awaiting_approval", "ko")
    )
    await page.locator("#incidents").get_by_role("link", name=shown["id"]).click()
    await expect(page.locator("#approve").get_by_role("button", name="승인")).to_be_visible()
    await expect(page.locator("#lang-en")).to_have_text("English")

    await page.locator("#lang-en").click()
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await expect(page.locator("#approve").get_by_role("button", name="Approve")).to_be_visible()


async def csrf_field(page: Page) -> tuple[str, str]:
    """The name and value of a CSRF token carried by a form of the page."""
    field = page.locator("form input[type=hidden][name*=csrf]").first
    name, value = await field.get_attribute("name"), await field.get_attribute("value")
    assert name and value, "no CSRF field on the page"
    return name, value


async def test_a_read_key_sees_no_decisions_and_its_forged_post_is_refused(
    browser: Browser, keyed_service: Service, api: httpx.AsyncClient, tmp_path: Path
) -> None:
    shown = await awaiting_incident(api, keyed_service, KEYS["viewer"])
    page = await browser.page()
    await sign_in(page, keyed_service, KEYS["viewer"])
    await open_incident(page, keyed_service, shown["id"])
    await expect(page.locator("#diff")).to_contain_text("memory")
    for form in ("#approve", "#reject", "#modify"):
        await expect(page.locator(form)).to_have_count(0)
    await expect(page.get_by_role("button", name=en("approve"))).to_have_count(0)

    name, token = await csrf_field(page)
    head = gitops(tmp_path).head.commit.hexsha
    forged = await page.request.post(
        f"{keyed_service.base_url}/ui/incidents/{shown['id']}/approve",
        form={name: token, "diff_sha256": shown["diff_sha256"]},
        max_redirects=0,
    )
    assert forged.status == 403, await forged.text()
    assert gitops(tmp_path).head.commit.hexsha == head
    now = await status_when(api, keyed_service, shown["id"], lambda s: True, KEYS["viewer"])
    assert now["status"] == "awaiting_approval"


async def test_a_post_without_the_csrf_token_is_refused(
    browser: Browser, service: Service, api: httpx.AsyncClient, tmp_path: Path
) -> None:
    shown = await awaiting_incident(api, service)
    page = await browser.page()
    await open_incident(page, service, shown["id"])
    await csrf_field(page)  # the page's own forms do carry one
    head = gitops(tmp_path).head.commit.hexsha
    without = await page.request.post(
        f"{service.base_url}/ui/incidents/{shown['id']}/approve",
        form={"diff_sha256": shown["diff_sha256"]},
        max_redirects=0,
    )
    assert without.status == 403, await without.text()
    assert gitops(tmp_path).head.commit.hexsha == head
    await expect(page.locator("#approve")).to_be_visible()
