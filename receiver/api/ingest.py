"""Ingest routes: Alertmanager webhook, Alertmanager-compatible `/api/v2/alerts`, manual trigger.

Each handler decodes the body (receiver.ingest.wire), hands the alerts to the intake
(receiver.ingest.intake: normalise and queue) and answers at once; grouping into incidents
happens in the ingest workers. A full queue answers 503 (receiver/api/problems.py) because
Alertmanager retries only 5xx. The alerts of a body that pass are queued even when others are
refused; the 400 then names each refused one by its JSON path (as Alertmanager's own
`/api/v2/alerts` does).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from litestar import Request, post
from litestar.handlers import HTTPRouteHandler
from litestar.params import RawBody

from receiver.api.answers import Answer, documented_answer, empty_answer, json_answer
from receiver.api.docs import documented_body
from receiver.api.problems import FieldError, ProblemError, problem_responses
from receiver.ingest.intake import Intake, check_trigger, grouped
from receiver.ingest.wire import (
    Decoded,
    InvalidAlert,
    PostableAlert,
    TriggerAccepted,
    TriggerRequest,
    WebhookAccepted,
    WebhookMessage,
    decode_postable,
    decode_trigger,
    decode_webhook,
)
from receiver.metrics import Reason

TENANT_HEADER = "X-Scope-OrgID"
# Loki/Cortex tenant ids: at most 150 characters from this set.
_TENANT_RE = re.compile(r"^[A-Za-z0-9!._*'()\-]{1,150}$")
TRIGGER_TIMEOUT_SECONDS = 10.0
WEBHOOK_PATH = "/webhooks/alertmanager"
POSTABLE_PATH = "/api/v2/alerts"
TRIGGER_PATH = "/api/incidents/trigger"
# Refusals on these paths count in alertgraph_alerts_rejected_total.
INGEST_PATHS = frozenset({WEBHOOK_PATH, POSTABLE_PATH, TRIGGER_PATH})


def tenant_of(request: Request[Any, Any, Any], default: str) -> str:
    """The tenant from `X-Scope-OrgID`, or `default`; 400 when the header is malformed."""
    value = request.headers.get(TENANT_HEADER)
    if value is None:
        return default
    if not _TENANT_RE.match(value):
        raise ProblemError(
            400,
            "Invalid tenant",
            f"{TENANT_HEADER} must be 1-150 characters from A-Z a-z 0-9 ! - _ . * ' ( )",
            [FieldError(TENANT_HEADER, "malformed tenant id")],
            reason=Reason.INVALID_TENANT,
        )
    return value


def refused_alerts(
    decoded: Decoded[Any], invalid: Sequence[InvalidAlert], accepted: int, prefix: str
) -> ProblemError | None:
    """The 400 naming every alert of a body that was refused (undecodable, or refused by
    normalisation, whose indexes count only the decoded alerts), or None when none was."""
    refused = [
        *decoded.undecodable,
        *(InvalidAlert(decoded.positions[i.index], i.field, i.message) for i in invalid),
    ]
    if not refused:
        return None
    refused.sort(key=lambda alert: alert.index)
    errors = [FieldError(alert_path(prefix, r.index, r.field), r.message) for r in refused]
    return ProblemError(
        400,
        "Invalid alerts",
        f"{len(refused)} of {len(refused) + accepted} alerts refused, {accepted} accepted; "
        f"{errors[0].field}: {errors[0].message}",
        errors,
        reason=Reason.INVALID_ALERT,
        count=len(refused),
    )


def alert_path(prefix: str, index: int, field: str) -> str:
    """The JSON path of `field` of the alert at `index` of the array at `prefix`."""
    path = f"{prefix}[{index}]"
    if not field:
        return path
    return path + field if field.startswith("[") else f"{path}.{field}"


def ingest_routes(intake: Intake) -> list[HTTPRouteHandler]:
    """The three ingest handlers, bound to `intake`."""
    return [webhook_route(intake), postable_route(intake), trigger_route(intake)]


def webhook_route(intake: Intake) -> HTTPRouteHandler:
    """`POST /webhooks/alertmanager`, bound to `intake`."""

    @post(
        WEBHOOK_PATH,
        status_code=200,
        tags=["ingest"],
        summary="Alertmanager webhook (v4)",
        dependencies=documented_body(WebhookMessage),
        responses={
            **documented_answer(200, WebhookAccepted, "Queued"),
            **problem_responses(400, 401, 413, 503),
        },
    )
    async def alertmanager_webhook(body: RawBody, request: Request[Any, Any, Any]) -> Answer:
        """Point an Alertmanager `webhook_configs` url here. Answers 200 once queued; 400
        naming each refused alert when some are refused (the others are queued)."""
        decoded = decode_webhook(body)
        message = decoded.value
        events, invalid = await intake.webhook(message, tenant_of(request, intake.default_tenant))
        refused = refused_alerts(decoded, invalid, len(events), "$.alerts")
        if refused is not None:
            raise refused
        return json_answer(WebhookAccepted("accepted", len(events), message.truncated_alerts))

    return alertmanager_webhook


def postable_route(intake: Intake) -> HTTPRouteHandler:
    """`POST /api/v2/alerts`, bound to `intake`."""

    @post(
        POSTABLE_PATH,
        status_code=200,
        tags=["ingest"],
        summary="Alertmanager v2 API: post alerts (Loki ruler, Prometheus, vmalert)",
        dependencies=documented_body(list[PostableAlert]),
        responses={
            **documented_answer(200, None, "Queued (an empty body, as Alertmanager answers)"),
            **problem_responses(400, 401, 413, 503),
        },
    )
    async def post_alerts(body: RawBody, request: Request[Any, Any, Any]) -> Answer:
        """Alertmanager-compatible: point the Loki ruler's `alertmanager_url` here.

        Valid alerts of a batch are queued even when others are refused (400 names them).
        """
        decoded = decode_postable(body)
        events, invalid = await intake.postable(
            decoded.value, tenant_of(request, intake.default_tenant)
        )
        refused = refused_alerts(decoded, invalid, len(events), "$")
        if refused is not None:
            raise refused
        return empty_answer(200)

    return post_alerts


def trigger_route(intake: Intake) -> HTTPRouteHandler:
    """`POST /api/incidents/trigger`, bound to `intake`."""

    @post(
        TRIGGER_PATH,
        status_code=202,
        tags=["incidents"],
        summary="Open an incident from a log excerpt",
        dependencies=documented_body(TriggerRequest),
        responses=problem_responses(400, 401, 403, 413, 429, 503),
        opt={"role": "approve"},
    )
    async def trigger_incident(body: RawBody, request: Request[Any, Any, Any]) -> TriggerAccepted:
        """Queue a manual alert and answer with the incident it joined or opened."""
        data = decode_trigger(body)
        check_trigger(data)  # a bad body is named before a bad tenant header
        batch = intake.trigger(data, tenant_of(request, intake.default_tenant))
        try:
            observation = await grouped(batch, TRIGGER_TIMEOUT_SECONDS)
        except TimeoutError:
            raise ProblemError(
                503,
                "Busy",
                "the alert is queued but not grouped yet; retrying returns its "
                "incident with deduplicated=true",
                headers={"Retry-After": "1"},
            ) from None
        incident = observation.incident
        return TriggerAccepted(incident.id, incident.status.value, not observation.created)

    return trigger_incident
