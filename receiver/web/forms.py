"""The console's state-changing forms: approve, reject and modify an incident's proposal, and
say that a committed fix did not work (negative feedback, as the API records it).

Each goes through `WorkflowRunner.decide`, the path REST and Slack take, bound to the
`diff_sha256` the page was rendered with; the decider is the session's key name (`web` in
loopback mode). A POST needs a session (else 403), its CSRF token (else 403) and a role that
decides (`approve` or `admin`; else 403). A success answers 303 back to the incident page
with a flash; a refusal renders the page again with a role=alert message and decides nothing.
"""

from __future__ import annotations

from typing import Any

from litestar import post
from litestar.datastructures import Cookie
from litestar.enums import MediaType
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath
from litestar.response import Redirect, Response

from graph.git.gitops import StoreError
from receiver.api.problems import ProblemError
from receiver.incidents.negative_feedback import (
    BlankReason,
    FeedbackRefused,
    FixDidNotWork,
    record_negative_feedback,
)
from receiver.threads.decisions import (
    InvalidDecision,
    NotAwaitingDecision,
    PolicyRefusal,
    StaleProposal,
)
from receiver.web.auth import COOKIE, CSRF_FIELD, Session, csrf_ok
from receiver.web.pages import override_errors
from receiver.web.routes import Console, Req, cookie, incident_template, language
from receiver.web.texts import translator

ACTIONS = ("approve", "reject", "modify", "feedback")


async def checked_form(console: Console, request: Req) -> tuple[Session, dict[str, str]]:
    """The session and the fields of a state-changing form; 403 without a session, with a
    wrong or missing CSRF token, or (for a decision) for a role that may not decide."""
    session = console.sessions.session_of(request.cookies)
    if session is None:
        raise ProblemError(403, "Forbidden", "sign in first: this form needs a session")
    form = {k: str(v) for k, v in (await request.form()).items()}
    if not csrf_ok(session, form.get(CSRF_FIELD)):
        raise ProblemError(403, "Forbidden", "the form's CSRF token is missing or wrong; reload")
    return session, form


def decision_of(action: str, form: dict[str, str], session: Session) -> dict[str, Any]:
    """The decision a form asks for, as the workflow takes it."""
    decision: dict[str, Any] = {
        "decision": action,
        "user": session.name,
        "diff_sha256": form.get("diff_sha256", ""),
        "comment": form.get("reason", "").strip(),
    }
    return decision


def decision_routes(console: Console) -> list[HTTPRouteHandler]:
    """`POST /ui/incidents/{id}/approve|reject|modify` and `POST /ui/logout`."""

    @post(
        "/ui/incidents/{incident_id:str}/{action:str}",
        include_in_schema=False,
        status_code=303,
        media_type=MediaType.HTML,  # a refusal re-renders the page: the browser must see HTML
    )
    async def decide(incident_id: FromPath[str], action: FromPath[str], request: Req) -> Any:
        session, form = await checked_form(console, request)
        if action not in ACTIONS:
            raise ProblemError(404, "Not found", f"no form {action}")
        if not session.may_decide:
            raise ProblemError(
                403,
                "Forbidden",
                f"'{session.name}' has role {session.role}; deciding needs approve",
            )
        incident = console.registry.get(incident_id)
        if incident is None:
            raise ProblemError(404, "Incident not found", f"no incident {incident_id} in flight")
        lang, _ = language(console, request)
        t = translator(lang)
        if action == "feedback":
            return await _feedback(console, request, incident_id, session, form)
        decision = decision_of(action, form, session)
        if action == "reject" and not decision["comment"]:
            return await _again(console, request, incident_id, session, 400, t("reason"))
        if action == "modify":
            overrides, errors = override_errors(form, t)
            if errors:
                return await _again(console, request, incident_id, session, 400, "", errors)
            decision["overrides"] = overrides
        try:
            await console.workflows.decide(incident, decision, channel="web")
        except StaleProposal:
            return await _again(console, request, incident_id, session, 409, "stale")
        except NotAwaitingDecision as exc:
            alert = t("not_awaiting", detail=str(exc))
            return await _again(console, request, incident_id, session, 409, alert)
        except PolicyRefusal as exc:
            alert = t("policy_refused", detail=str(exc))
            return await _again(console, request, incident_id, session, 409, alert)
        except InvalidDecision as exc:
            return await _again(console, request, incident_id, session, 400, str(exc))
        return Redirect(f"/ui/incidents/{incident_id}?done={action}", status_code=303)

    @post("/ui/logout", include_in_schema=False, status_code=303)
    async def logout(request: Req) -> Response[Any]:
        await checked_form(console, request)
        return Redirect("/ui/login", status_code=303, cookies=[_expired(request)])

    return [decide, logout]


async def _feedback(
    console: Console, request: Req, incident_id: str, session: Session, form: dict[str, str]
) -> Any:
    """Negative feedback ("the fix did not work"), recorded as the API records it."""
    if console.store is None:
        raise ProblemError(404, "Not found", "this console records no feedback")
    said = FixDidNotWork(
        form.get("reason", "").strip(),
        form.get("expected_result", "").strip(),
        session.name,
        source="web",
    )
    try:
        await record_negative_feedback(
            console.registry, console.history, console.store, incident_id, said, console.now()
        )
    except FeedbackRefused as exc:
        status = 400 if isinstance(exc, BlankReason) else 409
        return await _again(console, request, incident_id, session, status, str(exc))
    except StoreError as exc:
        return await _again(console, request, incident_id, session, 503, str(exc))
    return Redirect(f"/ui/incidents/{incident_id}?done=feedback", status_code=303)


def _expired(request: Req) -> Cookie:
    return cookie(request, COOKIE, "", 0)


async def _again(
    console: Console,
    request: Req,
    incident_id: str,
    session: Session,
    status: int,
    alert: str,
    errors: dict[str, str] | None = None,
) -> Any:
    """The incident page again, with what was refused."""
    return await incident_template(
        console, request, incident_id, session, status=status, alert=alert, errors=errors
    )
