"""The policy routes: `GET /api/policies` (the rules in force) and `POST
/api/policies/reload` (read POLICY_FILE again; an invalid file is refused with a 422 naming
its line, and the rules in force stay). Answers are masked like every other
(receiver.api.views). The reload route is marked `opt={"role": "admin"}` for the API-key
roles; reading needs no role."""

from __future__ import annotations

import asyncio

import msgspec
from litestar import get, post
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec

from receiver.api.problems import PROBLEM_JSON, Problem, ProblemError, problem_responses
from receiver.api.views import masked
from receiver.policies.model import Action
from receiver.policies.store import PolicyStore


class PolicyRuleView(msgspec.Struct, frozen=True):
    """One rule in force, in file order: where it is (`line`), what it matches (field → globs;
    a field left out matches anything), its size limits (null: none) and its action."""

    name: str
    line: int
    match: dict[str, list[str]]
    max_factor: float | None
    max_memory: str | None
    max_cpu: str | None
    max_replicas: int | None
    action: Action
    approvals: int
    veto_seconds: float
    silence_while_verifying: bool


class DefaultPolicyView(msgspec.Struct, frozen=True):
    """What a proposal no rule matches gets: one human approval."""

    action: Action
    approvals: int


class PoliciesView(msgspec.Struct, frozen=True):
    """The policies in force: the file (null without POLICY_FILE), its sha256, when it was
    loaded (ISO 8601), the default and the rules — the first that matches decides."""

    file: str | None
    sha256: str | None
    loaded_at: str
    default: DefaultPolicyView
    rules: list[PolicyRuleView]


_INVALID_FILE = ResponseSpec(
    data_container=Problem,
    media_type=PROBLEM_JSON,
    description="The policy file is invalid (the detail names its line); the rules in force stay",
    generate_examples=False,
)


def policies_view(store: PolicyStore) -> PoliciesView:
    """What the API shows of the policies in force, masked."""
    return masked(msgspec.convert(store.describe(), PoliciesView))


def policy_routes(store: PolicyStore) -> list[HTTPRouteHandler]:
    """The policy handlers, bound to `store`."""

    @get(
        "/api/policies",
        tags=["policies"],
        summary="The approval policies in force",
        responses=problem_responses(401, 429),
    )
    async def policies() -> PoliciesView:
        """The rules of POLICY_FILE as loaded (the first that matches a proposal decides;
        none: one human approval), the file's sha256 and when it was loaded."""
        return policies_view(store)

    @post(
        "/api/policies/reload",
        status_code=200,
        tags=["policies"],
        summary="Read the policy file again",
        responses={**problem_responses(401, 429), 422: _INVALID_FILE},
        opt={"role": "admin"},
    )
    async def reload() -> PoliciesView:
        """Reads POLICY_FILE again and answers the rules now in force; 422 naming the line
        when the file is invalid, and the rules in force stay (also on SIGHUP)."""
        # The 422 is logged once, as a refused request; the store does not log it again.
        result = await asyncio.to_thread(store.reload, report_refusal=False)
        if result.error is not None:
            raise ProblemError(422, "Invalid policy file", result.error)
        return policies_view(store)

    return [policies, reload]
