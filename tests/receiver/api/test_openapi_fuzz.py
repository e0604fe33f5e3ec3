"""Fuzzing: schemathesis generates requests for every operation of the app's own OpenAPI
schema (`/docs/openapi.json`) and sends them in-process, over ASGI, to the real app (lifespan
included: the GitOps repository is created at start-up), with a valid API key.

No answer may be a 5xx, and every answer must be one the schema documents: its status code,
its content type and its body. Slack is on (talking to the loopback fake Slack) so the
`/slack/*` routes are fuzzed too; unsigned, they must refuse with their documented 401.

The run is bounded and deterministic: Hypothesis is derandomized (no example database), each
operation gets a fixed budget of positive (schema-valid) and negative (schema-violating) cases,
and the test counts the requests actually sent and requires at least `MIN_CASES`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import APIOperation, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err, Ok
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.schemas import OpenApiSchema

from tests.conftest import CAPTURE_NOW
from tests.receiver.conftest import make_app
from tests.receiver.slack.conftest import (  # no_proxy: the fake Slack is called without a proxy
    no_proxy,  # noqa: F401
    running_fake_slack,
    slack_env,
)

API_KEY = "fuzz-key"
AUTH = {"Authorization": f"Bearer {API_KEY}"}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Cases per operation and generation mode (Hypothesis stops earlier when an operation has
# fewer distinct inputs, e.g. none at all), and per incident id on the incident routes.
POSITIVE_EXAMPLES = 120
NEGATIVE_EXAMPLES = 40
ID_EXAMPLES = 30
UNKNOWN_INCIDENT = "incident-20261124033900-0000"
MIN_CASES = 1_000
Operation = APIOperation[Any, Any, Any, Any]
# Any string is a valid value for these parameter schemas: there is no input that violates them.
FREE_TEXT: list[dict[str, Any]] = [
    {"type": "string"},
    {"oneOf": [{"type": "string"}, {"type": "null"}]},
]


@pytest.fixture
def schema(tmp_path: Path) -> Iterator[OpenApiSchema]:
    """The schema served by the real app, bound to that app (requests go over ASGI). Loading it
    starts the app's lifespan; it is ended here, before the fake Slack stops."""
    with running_fake_slack() as fake:
        env = slack_env(fake, API_KEYS=API_KEY, RATE_LIMIT_PER_SECOND="0")
        app = make_app(tmp_path, lambda: CAPTURE_NOW, **env)
        try:
            yield schemathesis.openapi.from_asgi("/docs/openapi.json", app)
        finally:
            asgi.shutdown_lifespans()


def negatable(operation: Operation) -> bool:
    """Whether schema-violating input exists for `operation`: it takes a body or a parameter
    that is more than free text (schemathesis cannot generate negative cases otherwise)."""
    raw = operation.definition.raw
    parameters = raw.get("parameters", [])
    return "requestBody" in raw or any(p.get("schema") not in FREE_TEXT for p in parameters)


@dataclass
class Fuzzer:
    """Sends generated cases and keeps what the answers showed: statuses per operation, and
    the incident ids the app named (to fuzz the incident routes with ids that exist)."""

    statuses: dict[str, Counter[int]] = field(default_factory=dict)
    incident_ids: set[str] = field(default_factory=set)

    def fuzz(
        self,
        operation: Operation,
        mode: GenerationMode,
        budget: int,
        path_parameters: dict[str, str] | None = None,
    ) -> None:
        """Send up to `budget` generated requests to `operation` (Hypothesis stops earlier when
        there are fewer distinct inputs), validating every answer."""
        seen = self.statuses.setdefault(operation.label, Counter())
        strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

        @settings(
            max_examples=budget,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def run(case: schemathesis.Case[Operation]) -> None:
            response = case.call_and_validate(headers=AUTH, checks=CHECKS)
            seen[response.status_code] += 1
            if response.status_code < 300 and response.content:
                body = response.json()
                if isinstance(body, dict) and isinstance(body.get("incident_id"), str):
                    self.incident_ids.add(body["incident_id"])

        run()

    @property
    def total(self) -> int:
        return sum(sum(seen.values()) for seen in self.statuses.values())

    def report(self) -> str:
        return "\n".join(
            f"{sum(seen.values()):5} {label}  {dict(sorted(seen.items()))}"
            for label, seen in self.statuses.items()
        )


# The app's workflows run LangGraph in the ASGI event-loop thread, and LangGraph draws from the
# global `random` module (checkpoint ids, channel versions). Hypothesis takes that change of the
# shared state during a draw in this thread for a strategy using `random`; schemathesis's
# strategies use `st.randoms()`, so only this warning is ignored.
@pytest.mark.filterwarnings(
    "ignore:Do not use the `random` module inside strategies"
    ":hypothesis.errors.HypothesisDeprecationWarning"
)
def test_every_operation_answers_as_documented(schema: OpenApiSchema) -> None:
    results = list(schema.get_all_operations())
    assert not [r.err() for r in results if isinstance(r, Err)]  # every operation is usable
    operations = [r.ok() for r in results if isinstance(r, Ok)]
    fuzzer = Fuzzer()
    for operation in operations:
        fuzzer.fuzz(operation, GenerationMode.POSITIVE, POSITIVE_EXAMPLES)
        if negatable(operation):
            fuzzer.fuzz(operation, GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES)
    # Generated ids are never well-formed, so the incident routes only answered 400 so far:
    # again with incidents the app opened and a well-formed id it does not know (200/404/409).
    assert fuzzer.incident_ids, fuzzer.report()
    ids = [*sorted(fuzzer.incident_ids)[:2], UNKNOWN_INCIDENT]
    for operation in operations:
        if "{incident_id}" in operation.path:
            for incident_id in ids:
                path_parameters = {"incident_id": incident_id}
                fuzzer.fuzz(operation, GenerationMode.POSITIVE, ID_EXAMPLES, path_parameters)

    report = fuzzer.report()
    print(f"\n{fuzzer.total} cases\n{report}")
    assert set(fuzzer.statuses) == {op.label for op in operations}, report
    assert all(fuzzer.statuses.values()), report  # every operation was called
    assert fuzzer.total >= MIN_CASES, report
