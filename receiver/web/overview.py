"""The console's overview pages: what the feedback loop learned (GET /ui/learning) and how the
service is doing (GET /ui/health): queue depth, open incidents, refused alerts, which
backends (Prometheus, Loki, Slack, Alertmanager, the forge) are configured and answer."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from litestar import get
from litestar.handlers import HTTPRouteHandler
from litestar.response import Template

from graph.learning.loop import read_patterns
from graph.masking import mask_value
from receiver.web.routes import Console, Req, render, session_of

Health = Callable[[], Awaitable[dict[str, Any]]]


def pattern_rows(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per learned pattern: category, app, the action, what it did and its counts,
    the incidents it comes from (masked: the page is an outlet)."""
    rows = []
    for document in documents:
        for pattern in document.get("patterns") or []:
            rows.append(
                {
                    "category": document.get("error_category", ""),
                    "app": document.get("app_name", ""),
                    "action": pattern.get("original_action", ""),
                    "result": pattern.get("result", ""),
                    "successes": int(pattern.get("success_count") or 0),
                    "failures": int(pattern.get("failure_count") or 0),
                    "improved": pattern.get("improved_action") or "",
                    "incidents": list(pattern.get("incidents") or [])[:5],
                }
            )
    rows.sort(key=lambda r: (r["category"], r["app"], r["action"]))
    return [mask_value(row) for row in rows]


def overview_routes(console: Console, health: Health) -> list[HTTPRouteHandler]:
    """GET /ui/learning and GET /ui/health, bound to the console and `health` (the service's
    figures, gathered when the page is asked for)."""

    @get("/ui/learning", include_in_schema=False)
    async def learning(request: Req) -> Template:
        session, cookies = session_of(console, request)
        documents: list[dict[str, Any]] = []
        if console.store is not None:
            documents = await asyncio.to_thread(read_patterns, console.store, None, None)
        context = {"rows": pattern_rows(documents)}
        return render(console, request, "learning.html", context, session, cookies=cookies)

    @get("/ui/health", include_in_schema=False)
    async def health_page(request: Req) -> Template:
        session, cookies = session_of(console, request)
        context = {"health": mask_value(await health())}
        return render(console, request, "health.html", context, session, cookies=cookies)

    return [learning, health_page]
