"""The browser harness itself, proven on a page that exists on every branch: Swagger UI at
/docs is served by the service (no CDN) and renders in Chromium with every request on
loopback."""

from __future__ import annotations

from playwright.async_api import expect

from tests.browser.conftest import Browser, off_loopback
from tests.integration.conftest import Service


async def test_swagger_ui_renders_offline_with_every_request_on_loopback(
    browser: Browser, service: Service
) -> None:
    page = await browser.page()
    await page.goto(f"{service.base_url}/docs")
    await expect(page.locator(".swagger-ui .info .title")).to_contain_text("alertgraph")
    await expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert any(url.endswith(".js") for url in browser.requests), browser.requests
    browser.assert_loopback_only()


def test_off_loopback_names_every_request_that_leaves_the_machine() -> None:
    urls = [
        "http://127.0.0.1:8000/ui/incidents",
        "data:image/png;base64,AAAA",
        "https://cdn.jsdelivr.net/npm/swagger-ui-dist/swagger-ui.css",
        "http://localhost.example.com/x",
        "about:blank",
    ]
    assert off_loopback(urls) == [urls[2], urls[3]]
