"""Fixtures for tests that drive the web console in a real browser.

The service is the real one in a process of its own (`receiver.cli.main`, forked from a warm
interpreter as in tests/integration, so a fresh service per test costs a fraction of a second),
on a free loopback port with its GitOps repository in the test's temp dir. The browser is
Debian's Chromium (`apt-get install chromium`) driven by Playwright's async API, never a
browser Playwright downloads: missing Chromium skips locally and fails in CI (`CI=true`).

Every request a page makes is recorded; `Browser.assert_loopback_only()` (also checked when
the test ends) fails on any request that would leave 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.async_api import BrowserContext, Page, async_playwright, expect

from tests.integration.conftest import (  # fixtures reused from there
    Launcher,
    Service,
    fork_server,
    fork_service,
    http,
    launch,
    pytest_runtest_makereport,
)
from tests.receiver.helpers import firing

__all__ = ["fork_server", "http", "launch", "pytest_runtest_makereport"]

INSTALL_HINT = "Debian's Chromium is needed: apt-get install chromium"
# Flags that keep Chromium from talking to anything but the page's own origin, and from
# needing a sandbox (CI runs as root) or a GPU.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
LOOPBACK_HOSTS = frozenset({"127.0.0.1"})
LOCAL_SCHEMES = frozenset({"data", "blob", "about"})
KEYS = {"viewer": "viewer-key-5d1f0c", "oncall": "oncall-key-9b27e4"}
API_KEYS = f"viewer:{KEYS['viewer']}:read,oncall:{KEYS['oncall']}:approve"
WAIT_SECONDS = 20.0
# Assertions wait for their condition this long (the machine is shared; 5 s by default).
expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of Debian's `chromium`; skipped locally, failed in CI (`CI=true`) if absent."""
    path = shutil.which("chromium")
    if path is not None:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"chromium not found on PATH in CI; {INSTALL_HINT}", pytrace=False)
    pytest.skip(INSTALL_HINT)


def off_loopback(urls: list[str]) -> list[str]:
    """The URLs among `urls` that would leave the machine's loopback address."""
    parts = [(url, urlsplit(url)) for url in urls]
    return [
        url
        for url, part in parts
        if part.scheme not in LOCAL_SCHEMES and part.hostname not in LOOPBACK_HOSTS
    ]


@dataclass
class Browser:
    """Chromium with fresh profiles; opens pages and records every request they make."""

    new_context: Callable[[str], Any]
    requests: list[str] = field(default_factory=list)
    _count: int = 0

    async def page(self) -> Page:
        """A page in a new browser profile (its own cookies, like another person)."""
        self._count += 1
        context: BrowserContext = await self.new_context(f"profile-{self._count}")
        context.on("request", lambda request: self.requests.append(request.url))
        return context.pages[0] if context.pages else await context.new_page()

    def assert_loopback_only(self) -> None:
        """Fail when any page requested anything off 127.0.0.1."""
        assert self.requests, "no request was recorded: the page never loaded"
        assert off_loopback(self.requests) == [], off_loopback(self.requests)


@pytest.fixture
async def browser(chromium_path: str, tmp_path: Path) -> AsyncIterator[Browser]:
    """Debian's Chromium under Playwright; every profile a fresh user-data-dir in tmp_path.
    At the end, no page may have requested anything off loopback."""
    contexts: list[BrowserContext] = []
    async with async_playwright() as playwright:

        async def new_context(name: str) -> BrowserContext:
            context = await playwright.chromium.launch_persistent_context(
                tmp_path / name,
                executable_path=chromium_path,
                headless=True,
                args=list(CHROMIUM_FLAGS),
                viewport={"width": 1280, "height": 900},
            )
            context.set_default_timeout(WAIT_SECONDS * 1000)
            contexts.append(context)
            return context

        chromium = Browser(new_context)
        try:
            yield chromium
        finally:
            for context in contexts:
                await context.close()
    if chromium.requests:
        assert off_loopback(chromium.requests) == [], off_loopback(chromium.requests)


@pytest.fixture
def service_factory(
    launch: Launcher, fork_server: Any, http: httpx.Client, tmp_path: Path
) -> Callable[..., Service]:
    """`service_factory(**settings)`: the real service on a free loopback port with its GitOps
    repository under tmp_path/gitops (stopped when the test ends)."""

    def start(**settings: str) -> Service:
        return fork_service(launch, fork_server, http, tmp_path, **settings)

    return start


@pytest.fixture
def service(service_factory: Callable[..., Service]) -> Service:
    """The service in loopback mode: no API keys, the console open like the API."""
    return service_factory()


@pytest.fixture
def keyed_service(service_factory: Callable[..., Service]) -> Service:
    """The service with API keys: `viewer` (read) and `oncall` (approve), see `KEYS`."""
    return service_factory(API_KEYS=API_KEYS)


@pytest.fixture
async def api() -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for the loopback service that ignores the environment's proxies."""
    async with httpx.AsyncClient(timeout=5.0, trust_env=False) as client:
        yield client


def _auth(key: str | None) -> dict[str, str]:
    return {} if key is None else {"authorization": f"Bearer {key}"}


async def post_alert(
    api: httpx.AsyncClient, service: Service, body: dict[str, Any] | None = None
) -> None:
    """Post `body` (default: the captured firing OOM notification) to the Alertmanager
    webhook; it must be accepted."""
    r = await api.post(
        f"{service.base_url}/webhooks/alertmanager",
        content=json.dumps(body if body is not None else firing()).encode(),
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 200, r.text


async def poll(what: str, check: Callable[[], Any], within: float = WAIT_SECONDS) -> Any:
    """The first truthy result of the coroutine function `check` within `within` s."""
    deadline = time.monotonic() + within
    last: Any = None
    while True:
        last = await check()
        if last:
            return last
        if time.monotonic() >= deadline:
            pytest.fail(f"timed out after {within:.0f} s waiting for {what}; last: {last!r}")
        await asyncio.sleep(0.05)


async def newest_incident(api: httpx.AsyncClient, service: Service, key: str | None = None) -> str:
    """The id of the newest incident, once there is one."""

    async def first() -> str | None:
        r = await api.get(f"{service.base_url}/api/incidents", headers=_auth(key))
        items = r.json()["items"]
        return str(items[0]["id"]) if items else None

    result: str = await poll("an incident in /api/incidents", first)
    return result


async def status_when(
    api: httpx.AsyncClient,
    service: Service,
    incident_id: str,
    predicate: Callable[[dict[str, Any]], bool],
    key: str | None = None,
) -> dict[str, Any]:
    """The incident's status body (GET /api/incidents/{id}/status) once `predicate` holds."""

    async def check() -> dict[str, Any] | None:
        r = await api.get(
            f"{service.base_url}/api/incidents/{incident_id}/status", headers=_auth(key)
        )
        body: dict[str, Any] = r.json()
        return body if predicate(body) else None

    result: dict[str, Any] = await poll(f"{incident_id}'s status", check)
    return result


async def awaiting_incident(
    api: httpx.AsyncClient, service: Service, key: str | None = None
) -> dict[str, Any]:
    """Post the firing alert; the status body of its incident once it awaits approval."""
    await post_alert(api, service)
    incident_id = await newest_incident(api, service, key)
    return await status_when(
        api, service, incident_id, lambda s: s["status"] == "awaiting_approval", key
    )
