"""The API reference at /docs works without the internet: every page under /docs loads only
what the service itself serves, without credentials."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.testing import AsyncTestClient

from tests.receiver.conftest import make_app

BASE_URL = "http://alertgraph.test:8000"
# What a browser accepts for each kind of reference.
CONTENT_TYPES = {
    "script": ("text/javascript", "application/javascript"),
    "stylesheet": ("text/css",),
    "icon": ("image/png", "image/x-icon", "image/svg+xml"),
    "img": ("image/",),
}
ANY_URL = re.compile(r"""(?:https?:)?//([^/\s"'<>)\\]+)""")


class References(HTMLParser):
    """The URLs a browser fetches to show a page: scripts, stylesheets, icons, images."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []  # (kind, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {name: value or "" for name, value in attrs}
        if tag == "script" and attr.get("src"):
            self.found.append(("script", attr["src"]))
        elif tag == "img" and attr.get("src"):
            self.found.append(("img", attr["src"]))
        elif tag == "link" and attr.get("href"):
            rel = attr.get("rel", "").lower().split()
            kind = "stylesheet" if "stylesheet" in rel else "icon" if "icon" in rel else "link"
            self.found.append((kind, attr["href"]))


def docs_pages(app: Litestar) -> list[str]:
    """Every page under /docs without path parameters (the UI at /docs and each render
    plugin's own path), found from the app's routes rather than listed by hand."""
    return sorted(
        route.path
        for route in app.routes
        if isinstance(route, HTTPRoute)
        and "GET" in route.methods
        and "{" not in route.path
        and (route.path == "/docs" or route.path.startswith("/docs/"))
    )


async def test_every_docs_page_loads_only_assets_the_service_serves(tmp_path: Path) -> None:
    # With API keys set: the pages and their assets are open like /docs (README Access).
    app = make_app(tmp_path, API_KEYS="a-key-the-browser-does-not-send")
    async with AsyncTestClient(app=app, base_url=BASE_URL) as client:
        pages = docs_pages(app)
        assert "/docs" in pages
        html_pages = 0
        for page in pages:
            r = await client.get(page)
            assert r.status_code == 200, (page, r.status_code)
            if not r.headers["content-type"].startswith("text/html"):
                continue  # /docs/openapi.json and friends
            html_pages += 1
            other_hosts = {h for h in ANY_URL.findall(r.text) if h != urlsplit(BASE_URL).netloc}
            assert not other_hosts, f"{page} names other hosts: {sorted(other_hosts)}"
            parser = References()
            parser.feed(r.text)
            if page == "/docs":  # the UI itself: its script and stylesheet
                assert {"script", "stylesheet"} <= {k for k, _ in parser.found}, parser.found
            for kind, ref in parser.found:
                url = urljoin(f"{BASE_URL}{page}", ref)
                assert urlsplit(url).netloc == urlsplit(BASE_URL).netloc, (page, ref)
                asset = await client.get(url)
                assert asset.status_code == 200, (page, ref, asset.status_code)
                assert asset.content, (page, ref)
                media_type = asset.headers["content-type"].split(";")[0].strip()
                assert media_type.startswith(CONTENT_TYPES.get(kind, ("",))), (ref, media_type)
        assert html_pages >= 2  # /docs and /docs/swagger at least


async def test_the_swagger_ui_script_is_the_real_bundle(tmp_path: Path) -> None:
    async with AsyncTestClient(app=make_app(tmp_path), base_url=BASE_URL) as client:
        page = await client.get("/docs")
        assert "SwaggerUIBundle(" in page.text
        parser = References()
        parser.feed(page.text)
        scripts = [ref for kind, ref in parser.found if kind == "script"]
        bodies = [(await client.get(urljoin(f"{BASE_URL}/docs", s))).text for s in scripts]
        assert any("SwaggerUIBundle" in body and len(body) > 100_000 for body in bodies)


@pytest.mark.parametrize("name", ["index.html", "..%2Fopenapi.json", "swagger-editor.js"])
async def test_only_the_listed_assets_are_served(tmp_path: Path, name: str) -> None:
    async with AsyncTestClient(app=make_app(tmp_path), base_url=BASE_URL) as client:
        page = await client.get("/docs")
        parser = References()
        parser.feed(page.text)
        script = next(ref for kind, ref in parser.found if kind == "script")
        folder = urljoin(f"{BASE_URL}/docs", script).rsplit("/", 1)[0]
        assert (await client.get(f"{folder}/{name}")).status_code == 404
