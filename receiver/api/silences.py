"""`POST /api/incidents/{id}/silence`: a person silences an incident's alerts in Alertmanager
for a while (receiver.silences.silencer, the same call as Slack's button).

The route only translates: 400 for a bad id or body (a duration outside 1m..24h), 404 for an
unknown incident, 409 when the incident has ended, silences are off (no `ALERTMANAGER_URL`,
or `DRY_RUN`) or none of its alerts can be silenced, 502 when Alertmanager refused or did not
answer (its reason in the detail)."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import post
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, JSONBody

from receiver.api.problems import FieldError, ProblemError, problem_responses, require_incident_id
from receiver.incidents.registry import IncidentRegistry
from receiver.silences.client import SilenceError
from receiver.silences.matchers import DEFAULT_DURATION, duration_text, silence_duration
from receiver.silences.silencer import IncidentEnded, IncidentSilences, SilenceOutcome, SilencesOff


class SilenceRequest(msgspec.Struct, frozen=True):
    """Who silences the incident's alerts, for how long ("2h", "90m", "1h30m"; 1m to 24h),
    and why."""

    user: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    duration: Annotated[str, msgspec.Meta(max_length=32)] = duration_text(DEFAULT_DURATION)
    comment: Annotated[str, msgspec.Meta(max_length=1_000)] = ""


def silence_route(registry: IncidentRegistry, silences: IncidentSilences) -> HTTPRouteHandler:
    """The silence handler, bound to the registry and the incidents' silences."""

    @post(
        "/api/incidents/{incident_id:str}/silence",
        status_code=201,
        tags=["incidents"],
        summary="Silence an incident's alerts in Alertmanager for a while",
        responses=problem_responses(400, 401, 404, 409, 413, 429, 502),
        opt={"role": "approve"},
    )
    async def silence(incident_id: FromPath[str], data: JSONBody[SilenceRequest]) -> SilenceOutcome:
        """One silence per alert of the incident (its exact labels), ending after `duration`
        (default 2h). 400 bad id or body, 404 unknown incident, 409 incident ended, silences
        off or nothing to silence, 502 Alertmanager refused or did not answer."""
        require_incident_id(incident_id)
        try:
            duration = silence_duration(data.duration)
        except ValueError as exc:
            raise ProblemError(
                400, "Invalid request body", str(exc), [FieldError("$.duration", str(exc))]
            ) from None
        incident = registry.get(incident_id)
        if incident is None:
            raise ProblemError(404, "Incident not found", f"no incident {incident_id}")
        try:
            outcome = await silences.silence_for_person(
                incident, data.user, duration, "the API", data.comment
            )
        except (SilencesOff, IncidentEnded) as exc:
            raise ProblemError(409, "Cannot silence", str(exc)) from None
        except SilenceError as exc:
            raise ProblemError(502, "Alertmanager did not silence", str(exc)) from None
        if not outcome.silences:
            reasons = "; ".join(
                f"{n.alertname or n.fingerprint}: {n.reason}" for n in outcome.not_silenced
            )
            raise ProblemError(409, "Nothing to silence", reasons or f"{incident_id} has no alerts")
        return outcome

    return silence
