"""The console's pages: sign-in, the incident list, one incident, the live event stream.

Every page needs a session (receiver.web.auth); without one a page redirects to
`/ui/login` (loopback mode hands one out). The language is `?lang=` (kept in the `ui_lang`
cookie), else the cookie, else UI_LANGUAGE. The decision forms are receiver.web.forms'.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response, Router, get, post
from litestar.datastructures import Cookie
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath
from litestar.response import Redirect, Stream, Template
from litestar.static_files import create_static_files_router
from litestar.types import Message, Scope

from graph.git.gitops import GitStore
from graph.git.history import HistoryIndex
from receiver.api.problems import ProblemError
from receiver.api.views import incident_detail, incident_status_view, list_item
from receiver.incidents.history import catch_up
from receiver.incidents.listing import Filters, entry_of, page
from receiver.incidents.registry import IncidentRegistry
from receiver.threads.runner import WorkflowRunner
from receiver.web.auth import COOKIE, Session, Sessions
from receiver.web.live import LiveFeed
from receiver.web.pages import incident_page, list_row
from receiver.web.texts import Language, language_of, translator

HERE = Path(__file__).resolve().parent
TEMPLATES, STATIC = HERE / "templates", HERE / "static"
LANG_COOKIE = "ui_lang"
PAGE_SIZE = 50
FILTERS = ("status", "category", "app", "namespace", "since", "until")
Req = Request[Any, Any, Any]


class NotSignedIn(Exception):
    """A page was asked for without a valid session."""


@dataclass(slots=True)
class Console:
    """What the pages read and act through, and how they answer."""

    registry: IncidentRegistry
    history: HistoryIndex
    workflows: WorkflowRunner
    sessions: Sessions
    feed: LiveFeed
    language: Language
    stream_seconds: float = 300.0
    store: GitStore | None = None  # the learned patterns; negative feedback's commits
    now: Callable[[], datetime] = lambda: datetime.now(UTC)


def cookie(request: Req, key: str, value: str, max_age: int) -> Cookie:
    """A console cookie: HttpOnly, SameSite=Strict, for /ui, Secure over https."""
    return Cookie(
        key=key,
        value=value,
        max_age=max_age,
        path="/ui",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def session_of(console: Console, request: Req) -> tuple[Session, list[Cookie]]:
    """The request's session and the cookies to set with the answer (a new loopback session);
    NotSignedIn when there is none."""
    session = console.sessions.session_of(request.cookies)
    if session is not None:
        return session, []
    if not console.sessions.open:
        raise NotSignedIn
    session = console.sessions.loopback()
    value = console.sessions.cookie_value(session)
    return session, [cookie(request, COOKIE, value, console.sessions.max_age())]


def language(console: Console, request: Req) -> tuple[Language, list[Cookie]]:
    """The page's language, and the cookie that keeps a `?lang=` choice."""
    asked = request.query_params.get("lang")
    if asked is not None:
        chosen = language_of(asked, console.language)
        return chosen, [cookie(request, LANG_COOKIE, chosen, 365 * 24 * 3600)]
    return language_of(request.cookies.get(LANG_COOKIE), console.language), []


def render(
    console: Console,
    request: Req,
    name: str,
    context: dict[str, Any],
    session: Session | None,
    status: int = 200,
    cookies: list[Cookie] | None = None,
) -> Template:
    """The page `name` in the request's language, with the context every page has."""
    lang, lang_cookies = language(console, request)
    full = {
        "lang": lang,
        "t": translator(lang),
        "session": session,
        "open": console.sessions.open,
        "csrf": session.csrf if session else "",
        **context,
    }
    return Template(
        name, context=full, status_code=status, cookies=[*(cookies or []), *lang_cookies]
    )


def to_login(_: Req, __: NotSignedIn) -> Response[Any]:
    """A page asked for without a session: to the sign-in form."""
    return Redirect("/ui/login", status_code=303)


def page_routes(console: Console) -> list[HTTPRouteHandler]:
    """The reading pages: /ui, the list, one incident, the event stream."""

    @get("/ui", include_in_schema=False)
    async def home() -> Redirect:
        return Redirect("/ui/incidents", status_code=302)

    @get("/ui/incidents", include_in_schema=False)
    async def incidents(request: Req) -> Template:
        session, cookies = session_of(console, request)
        query = request.query_params
        await catch_up(console.history)
        lang, _ = language(console, request)
        try:
            filters = Filters(
                status=query.get("status") or None,
                category=query.get("category") or None,
                app=query.get("app") or None,
                since=_stamp(query.get("since")),
                until=_stamp(query.get("until")),
                namespace=query.get("namespace") or None,
            )
            entries, next_cursor = page(
                console.history.ordered(),
                console.registry.newest_first(),
                console.history.item,
                filters,
                PAGE_SIZE,
                query.get("cursor") or None,
            )
        except ValueError as exc:
            raise ProblemError(400, "Invalid query parameter", str(exc)) from None
        rows = [list_row(list_item(e), lang) for e in entries]
        shown = {k: v for k, v in query.items() if k in FILTERS and v}
        next_href = f"?{urlencode({**shown, 'cursor': next_cursor})}" if next_cursor else ""
        context = {"rows": rows, "next_href": next_href, "query": shown}
        return render(console, request, "incidents.html", context, session, cookies=cookies)

    @get("/ui/incidents/{incident_id:str}", include_in_schema=False)
    async def incident(incident_id: FromPath[str], request: Req) -> Template:
        session, cookies = session_of(console, request)
        return await incident_template(console, request, incident_id, session, cookies=cookies)

    @get("/ui/events", include_in_schema=False)
    async def events(request: Req) -> Stream:
        session_of(console, request)  # a loopback stream needs no cookie of its own
        lang, _ = language(console, request)
        return Stream(
            console.feed.stream(lang, console.stream_seconds),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    return [home, incidents, incident, events]


async def incident_template(
    console: Console,
    request: Req,
    incident_id: str,
    session: Session,
    *,
    status: int = 200,
    alert: str = "",
    errors: dict[str, str] | None = None,
    cookies: list[Cookie] | None = None,
) -> Template:
    """The incident page (`alert`: a refusal to show; `errors`: per override path)."""
    await catch_up(console.history)
    try:
        live_incident = console.registry.get(incident_id)
        entry = entry_of(live_incident, console.history.item(incident_id))
    except ValueError:
        entry = None
    if entry is None:
        raise ProblemError(404, "Incident not found", f"no incident {incident_id}")
    found = await asyncio.to_thread(console.history.detail, incident_id)
    detail = incident_detail(entry, found)
    live = incident_status_view(live_incident) if live_incident is not None else None
    lang, _ = language(console, request)
    context = incident_page(detail, live, live_incident, translator(lang), lang)
    done = request.query_params.get("done")
    context.update(
        alert=alert,
        errors=errors or {},
        flash=f"flash_{done}" if done in ("approve", "reject", "modify", "feedback") else "",
        view="split" if request.query_params.get("view") == "split" else "unified",
    )
    return render(console, request, "incident.html", context, session, status, cookies)


def _stamp(text: str | None) -> datetime | None:
    if not text:
        return None
    stamp = datetime.fromisoformat(text)
    return stamp if stamp.utcoffset() is not None else stamp.replace(tzinfo=UTC)


def login_routes(console: Console) -> list[HTTPRouteHandler]:
    """The sign-in form and its answer (signing out is a form: receiver.web.forms)."""

    @get("/ui/login", include_in_schema=False)
    async def login_form(request: Req) -> Response[Any]:
        if console.sessions.open:
            return Redirect("/ui/incidents", status_code=303)
        hours = console.sessions.max_age() / 3600
        return render(
            console, request, "login.html", {"failed": False, "hours": f"{hours:g}"}, None
        )

    @post("/ui/login", include_in_schema=False, status_code=303)
    async def login(request: Req) -> Response[Any]:
        form = await request.form()
        session = console.sessions.sign_in(str(form.get("key", "")))
        if session is None:
            hours = f"{console.sessions.max_age() / 3600:g}"
            context = {"failed": True, "hours": hours}
            return render(console, request, "login.html", context, None, status=401)
        value = console.sessions.cookie_value(session)
        jar = [cookie(request, COOKIE, value, console.sessions.max_age())]
        return Redirect("/ui/incidents", status_code=303, cookies=jar)

    return [login_form, login]


def console_router(console: Console, decision_handlers: list[HTTPRouteHandler]) -> Router:
    """Every route of the console under one router, with its static files."""
    static = create_static_files_router(path="/ui/static", directories=[STATIC])
    return Router(
        path="/",
        route_handlers=[
            *page_routes(console),
            *login_routes(console),
            *decision_handlers,
            static,
        ],
        exception_handlers={NotSignedIn: to_login},
    )


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)
_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)


async def security_headers(message: Message, scope: Scope) -> None:
    """A `before_send` hook: every answer under /ui (errors and redirects included) carries
    the console's CSP and its companions."""
    if message["type"] != "http.response.start":
        return
    path = scope.get("path", "")
    if path == "/ui" or path.startswith("/ui/"):
        headers = list(message.get("headers", []))
        if any(name.lower() == _HEADERS[0][0] for name, _ in headers):
            return  # the leader's answer, relayed by a follower, has them already
        message["headers"] = [*headers, *_HEADERS]
