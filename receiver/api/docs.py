"""The API reference: the page at /docs (Swagger UI served by the service itself) and the
request bodies the ingest routes decode themselves, documented as if Litestar did.

Litestar's render plugins load their scripts from a CDN, so behind a strict proxy or offline
the page stays blank. Here the Swagger UI files come from the installed `swagger-ui-py`
package (its copy of swagger-ui-dist, pinned in pyproject.toml) and are served under
`/docs/assets/`, which is open like `/docs` itself (receiver/access.py: `/docs/*`).
Only the files the page uses are served.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from litestar import get
from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.openapi.plugins import OpenAPIRenderPlugin, SwaggerRenderPlugin
from litestar.params import FromPath, JSONBody
from litestar.response import File
from litestar.router import Router

ASSETS_PATH = "/assets"  # below the OpenAPI path (/docs)
# The files the page references, with their media types.
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-standalone-preset.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon-32x32.png": "image/png",
}


def swagger_ui_folder() -> Path:
    """The folder of the installed swagger-ui-dist files (found without importing the
    package, which would pull in its web-framework adapters)."""
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("swagger-ui-py is not installed; reinstall alertgraph")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


class LocalSwaggerRenderPlugin(SwaggerRenderPlugin):
    """Swagger UI whose scripts, stylesheet and icon are served by this app."""

    def __init__(self, docs_path: str = "/docs", folder: Path | None = None, **kwargs: Any) -> None:
        """Serve the UI under `docs_path`, its assets from `folder` (the bundled one by default)."""
        base = f"{docs_path.rstrip('/')}{ASSETS_PATH}"
        self.folder = folder or swagger_ui_folder()
        super().__init__(
            js_url=f"{base}/swagger-ui-bundle.js",
            css_url=f"{base}/swagger-ui.css",
            standalone_preset_js_url=f"{base}/swagger-ui-standalone-preset.js",
            favicon=f"<link rel='icon' type='image/png' href='{base}/favicon-32x32.png'>",
            **kwargs,
        )

    def receive_router(self, router: Router) -> None:
        """Add the asset route beside the page (and Swagger UI's OAuth2 redirect page)."""
        super().receive_router(router)
        folder = self.folder

        @get(f"{ASSETS_PATH}/{{name:str}}", sync_to_thread=False, include_in_schema=False)
        def swagger_ui_asset(name: FromPath[str]) -> File:
            media_type = ASSETS.get(name)
            if media_type is None:
                raise NotFoundException()
            return File(
                folder / name,
                filename=name,
                media_type=media_type,
                content_disposition_type="inline",
            )

        router.register(swagger_ui_asset)


def render_plugins(docs_path: str = "/docs") -> Sequence[OpenAPIRenderPlugin]:
    """The UIs under `docs_path`: Swagger UI only, at `docs_path` and `docs_path/swagger`.

    Litestar's Scalar plugin, which loads from a CDN too, is not offered.
    """
    return [LocalSwaggerRenderPlugin(docs_path, path=["/", "/swagger"])]


def documented_body(body_type: Any) -> dict[str, Provide]:
    """Handler `dependencies` that make OpenAPI show `body_type` as the JSON request body.

    Litestar reads a `data` parameter of a handler's dependencies for the schema; the handler
    never asks for this one, so it is never called and the body is decoded only once.
    """

    def request_body_schema(data: Any) -> None:
        raise AssertionError("documentation only")  # pragma: no cover

    # Set at run time: a string annotation could not name the local `body_type`.
    data_type = JSONBody[body_type]  # a type built at run time
    request_body_schema.__annotations__ = {"data": data_type, "return": None}
    return {"_request_body_schema": Provide(request_body_schema, sync_to_thread=False)}
