"""What a silence of an incident's alerts says (pure): one silence per distinct alert, its
full label set as equality matchers, who asked and why.

A silence must never hide another workload's alerts, so each one matches exactly one alert's
label set: every label as `name="value"` (isEqual true, isRegex false: a value with a regex
metacharacter stays literal). Labels with an empty value are left out, as Alertmanager treats
an empty value as an absent label (its own alerts never carry one). An alert whose labels this
process no longer holds, or holds shortened, or that did not come from Alertmanager's side
(the Loki poller, a manual trigger) is reported as not silenced, with the reason; so are the
alerts past `MAX_SILENCES`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import NamedTuple

import msgspec

from graph.masking import mask_secrets
from receiver.incidents.model import Incident
from receiver.ingest.events import AlertSource, AlertStatus
from receiver.ingest.normalize import am_fingerprint

MAX_SILENCES = 20  # silences per incident; the other alerts are reported as not silenced
MAX_DURATION = timedelta(hours=24)
MIN_DURATION = timedelta(minutes=1)
DEFAULT_DURATION = timedelta(hours=2)
CREATED_BY = "alertgraph"
_DURATION = re.compile(r"(?:(\d{1,4})h)?(?:(\d{1,5})m)?(?:(\d{1,6})s)?")
_NOT_ALERTMANAGER = {
    AlertSource.LOKI_POLLER: "found by the Loki poller: not an alert Alertmanager holds",
    AlertSource.MANUAL: "raised by hand (POST /api/incidents/trigger): not an alert "
    "Alertmanager holds",
}
_SHORTENED = "its labels were shortened when received, so a silence on them would match nothing"
_UNKNOWN_LABELS = "its labels are not held by this process any more (received before a restart)"


class Matcher(msgspec.Struct, frozen=True, rename="camel"):
    """One matcher of Alertmanager's `postableSilence` (API v2)."""

    name: str
    value: str
    is_regex: bool = False
    is_equal: bool = True


class PostableSilence(msgspec.Struct, frozen=True, rename="camel", omit_defaults=True):
    """The body of `POST /api/v2/silences`; `id` set replaces that silence (an extension)."""

    matchers: list[Matcher]
    starts_at: datetime
    ends_at: datetime
    created_by: str
    comment: str
    id: str | None = None


class SilenceAsk(NamedTuple):
    """Who asked for a silence (a person, or `policy:<rule>`), why (the comment, naming the
    incident) and for how long."""

    asker: str
    comment: str
    duration: timedelta


class NotSilenced(msgspec.Struct, frozen=True):
    """An alert of the incident no silence was made for, and why."""

    fingerprint: str
    alertname: str
    reason: str


class PlannedSilence(NamedTuple):
    """The silence to create for one alert."""

    fingerprint: str
    alertname: str
    silence: PostableSilence


class SilencePlan(NamedTuple):
    """What silencing an incident's alerts creates, and which alerts it leaves alone."""

    silences: list[PlannedSilence]
    not_silenced: list[NotSilenced]


def alert_matchers(labels: Mapping[str, str]) -> list[Matcher]:
    """Equality matchers of every non-empty label of one alert, sorted by name."""
    return [Matcher(name, value) for name, value in sorted(labels.items()) if value]


def created_by(asker: str) -> str:
    """`createdBy` of a silence: "alertgraph (alice)", "alertgraph (policy:small-oom)"."""
    return f"{CREATED_BY} ({mask_secrets(asker)})"


def person_ask(
    incident_id: str, user: str, duration: timedelta, via: str, comment: str = ""
) -> SilenceAsk:
    """A person's request, `via` "Slack" or "the API": the comment reads "incident-…:
    silenced for 2h by alice from Slack" and then theirs, if any."""
    text = f"{incident_id}: silenced for {duration_text(duration)} by {user} from {via}"
    if comment.strip():
        text = f"{text}: {comment.strip()}"
    return SilenceAsk(user, mask_secrets(text), duration)


def verification_ask(incident_id: str, asker: str, duration: timedelta) -> SilenceAsk:
    """A silence while the fix of `incident_id` is verified, asked by `asker` (a policy,
    `policy:<rule>`, or the person who approved)."""
    return SilenceAsk(asker, f"{incident_id}: verifying the fix of {incident_id}", duration)


def plan_silences(
    incident: Incident,
    ask: SilenceAsk,
    now: datetime,
    extending: Mapping[str, str],
    limit: int = MAX_SILENCES,
) -> SilencePlan:
    """One silence per alert of `incident` (firing ones first) from `now` for
    `ask.duration`; an alert in `extending` (fingerprint → silence id) replaces that
    silence. At most `limit` silences; every other alert is in `not_silenced`."""
    planned: list[PlannedSilence] = []
    skipped: list[NotSilenced] = []
    alerts = sorted(
        incident.alerts.items(), key=lambda item: item[1].status is not AlertStatus.FIRING
    )
    for fingerprint, state in alerts:
        event = state.event
        if event is None and fingerprint == incident.first_event.fingerprint:
            event = incident.first_event
        labels = {} if event is None else event.labels
        reason = _why_not(event is None, event.source if event else None, labels, fingerprint)
        if reason is None and len(planned) >= limit:
            reason = f"an incident gets at most {limit} silences"
        if reason is not None:
            skipped.append(NotSilenced(fingerprint, state.name, reason))
            continue
        body = PostableSilence(
            matchers=alert_matchers(labels),
            starts_at=now,
            ends_at=now + ask.duration,
            created_by=created_by(ask.asker),
            comment=ask.comment,
            id=extending.get(fingerprint),
        )
        planned.append(PlannedSilence(fingerprint, state.name, body))
    return SilencePlan(planned, skipped)


def _why_not(
    unknown: bool, source: AlertSource | None, labels: Mapping[str, str], fingerprint: str
) -> str | None:
    if unknown:
        return _UNKNOWN_LABELS
    if source in _NOT_ALERTMANAGER:
        return _NOT_ALERTMANAGER[source]
    if am_fingerprint({k: v for k, v in labels.items() if v}) != fingerprint:
        return _SHORTENED
    return None


def silence_duration(text: str) -> timedelta:
    """A duration such as "2h", "90m" or "1h30m", between `MIN_DURATION` and
    `MAX_DURATION`. ValueError saying what is accepted otherwise."""
    match = _DURATION.fullmatch(text.strip())
    if not text.strip() or match is None:
        raise ValueError(f"{text!r} is not a duration: write it like 2h, 90m or 1h30m")
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    duration = timedelta(hours=hours, minutes=minutes, seconds=seconds)
    if not MIN_DURATION <= duration <= MAX_DURATION:
        raise ValueError(
            f"{text!r} is out of range: a silence lasts from {duration_text(MIN_DURATION)} "
            f"to {duration_text(MAX_DURATION)}"
        )
    return duration


def duration_text(duration: timedelta) -> str:
    """How a duration is written back to people: "2h", "1h30m", "45m", "90s"."""
    total = int(duration.total_seconds())
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [(hours, "h"), (minutes, "m"), (seconds, "s")]
    return "".join(f"{n}{unit}" for n, unit in parts if n) or "0s"
