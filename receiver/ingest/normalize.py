"""Normalisation (pure): every alert source becomes `AlertEvent`s.

Nothing here does I/O or reads a clock; the caller passes `now`. `admit` is the one rule every
alert of every route passes (the bounds are in `receiver.ingest.wire`, documented in the README).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import NamedTuple

from receiver.ingest.events import AlertEvent, AlertSource, AlertStatus
from receiver.ingest.wire import (
    MAX_ANNOTATION_VALUE_LENGTH,
    MAX_LABEL_VALUE_LENGTH,
    MAX_LABELS,
    MAX_LOG_TEXT_LENGTH,
    MAX_NAME_LENGTH,
    BoundedPostableAlert,
    BoundedWebhookAlert,
    InvalidAlert,
    PostableAlert,
    TriggerRequest,
    WebhookMessage,
)

_FNV_OFFSET = 0xCBF29CE484222325
_FNV_PRIME = 0x100000001B3
_MASK64 = 0xFFFFFFFFFFFFFFFF
_SEP = 0xFF
_fingerprint_cache: dict[tuple[tuple[str, str], ...], str] = {}
_FINGERPRINT_CACHE_MAX = 65_536

MANUAL_ALERTNAME = "ManualTrigger"
_STATUS = {"firing": AlertStatus.FIRING, "resolved": AlertStatus.RESOLVED}


class Refused(NamedTuple):
    """Why `admit` refused an alert: the field of the alert (`labels`, `annotations`), why."""

    field: str
    message: str


class Admitted(NamedTuple):
    """An alert's labels and annotations as the service keeps them (values cut to their
    limits), and its labels as sent (empty values dropped), which its fingerprint is of."""

    labels: dict[str, str]
    annotations: dict[str, str]
    sent_labels: dict[str, str]


def am_fingerprint(labels: Mapping[str, str]) -> str:
    """Alertmanager's fingerprint of a label set (prometheus/common `labelSetToFingerprint`).

    FNV-1a 64 over the pairs sorted by name, each name and value followed by 0xFF, as 16 hex
    digits. Prometheus and the Loki ruler resend the same label sets every minute, so results
    are memoised (bounded).
    """
    key = tuple(sorted(labels.items()))
    cached = _fingerprint_cache.get(key)
    if cached is not None:
        return cached
    h = _FNV_OFFSET
    for name, value in key:
        for part in (name.encode(), value.encode()):
            for byte in part:
                h = ((h ^ byte) * _FNV_PRIME) & _MASK64
            h = ((h ^ _SEP) * _FNV_PRIME) & _MASK64
    result = f"{h:016x}"
    if len(_fingerprint_cache) >= _FINGERPRINT_CACHE_MAX:
        _fingerprint_cache.clear()
    _fingerprint_cache[key] = result
    return result


def truncated(value: str, limit: int) -> str:
    """`value`, or its start followed by a marker saying how long it was: `limit` characters
    at most either way."""
    if len(value) <= limit:
        return value
    marker = f"…[truncated from {len(value)} characters]"
    return value[: max(limit - len(marker), 0)] + marker


def admit(labels: Mapping[str, str], annotations: Mapping[str, str]) -> Admitted | Refused:
    """The one rule for an alert of any route, as Alertmanager's own validation plus bounds.

    Empty-valued labels are dropped (Alertmanager does the same); what is left must be at
    least one label. More than `MAX_LABELS` labels or annotations, or an empty name or one over
    `MAX_NAME_LENGTH`, refuses the alert: names are identifiers, and a cut one could collide.
    Values over `MAX_LABEL_VALUE_LENGTH` / `MAX_ANNOTATION_VALUE_LENGTH` are cut with a marker,
    so a sender that does not retry refusals (Prometheus, Loki) loses no alert over one value.
    """
    sent = {name: value for name, value in labels.items() if value}
    if not sent:
        return Refused("labels", "at least one label with a non-empty value is required")
    problem = _entries_problem("labels", sent) or _entries_problem("annotations", annotations)
    if problem is not None:
        return problem
    return Admitted(
        labels=_cut(sent, MAX_LABEL_VALUE_LENGTH),
        annotations=_cut(annotations, MAX_ANNOTATION_VALUE_LENGTH),
        sent_labels=sent,
    )


def _entries_problem(kind: str, entries: Mapping[str, str]) -> Refused | None:
    noun = kind.removesuffix("s")
    if len(entries) > MAX_LABELS:
        return Refused(kind, f"{len(entries)} {kind}; at most {MAX_LABELS} are accepted")
    for name in entries:
        if not name:
            return Refused(kind, f"{noun} names must not be empty")
        if len(name) > MAX_NAME_LENGTH:
            return Refused(
                kind,
                f"a {noun} name of {len(name)} characters; at most {MAX_NAME_LENGTH} are accepted",
            )
    return None


def _cut(entries: Mapping[str, str], limit: int) -> dict[str, str]:
    return {name: truncated(value, limit) for name, value in entries.items()}


def from_webhook(
    message: WebhookMessage, tenant: str, now: datetime
) -> tuple[list[AlertEvent], list[InvalidAlert]]:
    """Every alert of an Alertmanager webhook v4 notification, in body order, and the ones
    `admit` refused.

    The Go zero time in `endsAt` (a firing alert) becomes None; a fingerprint that is not 16
    characters (absent: the sender is not Alertmanager) is computed from the labels as sent.
    """
    group_key = message.group_key
    events: list[AlertEvent] = []
    invalid: list[InvalidAlert] = []
    append = events.append  # this loop runs for every alert of every notification
    for index, alert in enumerate(message.alerts):
        labels, annotations, fingerprint = alert.labels, alert.annotations, alert.fingerprint
        if not isinstance(alert, BoundedWebhookAlert):  # not known to be within the bounds
            admitted = admit(labels, annotations)
            if isinstance(admitted, Refused):
                invalid.append(InvalidAlert(index, *admitted))
                continue
            labels, annotations, sent = admitted
            if len(fingerprint) != 16:
                fingerprint = am_fingerprint(sent)
        elif len(fingerprint) != 16:  # absent (not Alertmanager) or malformed
            fingerprint = am_fingerprint(labels)
        ends_at = alert.ends_at
        append(
            AlertEvent(
                timestamp=now,
                source=AlertSource.ALERTMANAGER,
                status=_STATUS[alert.status],
                labels=labels,
                annotations=annotations,
                fingerprint=fingerprint,
                starts_at=alert.starts_at,
                ends_at=None if ends_at is None or ends_at.year == 1 else ends_at,
                generator_url=alert.generator_url,
                group_key=group_key,
                tenant=tenant,
            )
        )
    return events, invalid


def from_postable(
    alerts: Sequence[PostableAlert], tenant: str, now: datetime
) -> tuple[list[AlertEvent], list[InvalidAlert]]:
    """Alerts posted to `/api/v2/alerts`, handled as Alertmanager does.

    Each alert passes `admit` (empty-valued labels dropped before fingerprinting); a missing
    `startsAt` is now (or `endsAt` if that is earlier); status is `resolved` once `endsAt` is
    not in the future. Invalid alerts are returned separately so the valid ones of a batch are
    never lost.
    """
    events: list[AlertEvent] = []
    invalid: list[InvalidAlert] = []
    for index, alert in enumerate(alerts):
        labels, annotations = alert.labels, alert.annotations
        sent = labels
        if not isinstance(alert, BoundedPostableAlert):  # not known to be within the bounds
            admitted = admit(labels, annotations)
            if isinstance(admitted, Refused):
                invalid.append(InvalidAlert(index, *admitted))
                continue
            labels, annotations, sent = admitted
        ends_at = alert.ends_at
        if alert.starts_at and ends_at and ends_at < alert.starts_at:
            invalid.append(InvalidAlert(index, "endsAt", "endsAt is before startsAt"))
            continue
        starts_at = alert.starts_at or (ends_at if ends_at and ends_at < now else now)
        resolved = ends_at is not None and ends_at <= now
        events.append(
            AlertEvent(
                timestamp=now,
                source=AlertSource.RULER,
                status=AlertStatus.RESOLVED if resolved else AlertStatus.FIRING,
                labels=labels,
                annotations=annotations,
                fingerprint=am_fingerprint(sent),
                starts_at=starts_at,
                ends_at=ends_at,
                generator_url=alert.generator_url,
                group_key="",
                tenant=tenant,
            )
        )
    return events, invalid


def _trigger_admitted(request: TriggerRequest) -> Admitted | Refused:
    labels = {k: v for k, v in request.labels.items() if v}
    labels.setdefault("alertname", MANUAL_ALERTNAME)
    return admit(labels, {"log_source": request.log_source})


def from_trigger(request: TriggerRequest, tenant: str, now: datetime) -> AlertEvent:
    """A manual trigger as a firing alert; ValueError for a request `trigger_problem` refuses.

    `alertname` defaults to `ManualTrigger`. The fingerprint covers the labels as sent and the
    log text, so the same text for the same labels is a repeat and a different text is a new
    alert. Labels and `log_source` are bounded as any alert's (`admit`).
    """
    problem = trigger_problem(request)
    admitted = _trigger_admitted(request)
    if problem is not None or isinstance(admitted, Refused):
        raise ValueError(f"refused trigger: {problem}")
    text = request.log_text.strip()
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return AlertEvent(
        text=text,
        timestamp=now,
        source=AlertSource.MANUAL,
        status=AlertStatus.FIRING,
        labels=admitted.labels,
        annotations=admitted.annotations,
        fingerprint=am_fingerprint({**admitted.sent_labels, "__log_text_sha256": digest}),
        starts_at=now,
        ends_at=None,
        generator_url="",
        group_key="",
        tenant=tenant,
    )


def trigger_problem(request: TriggerRequest) -> tuple[str, str] | None:
    """Why a trigger request cannot be accepted (its field's JSON path, message), or None.

    A log text over `MAX_LOG_TEXT_LENGTH` is refused rather than cut: the person or script
    that sent it reads the answer and can send the lines that matter.
    """
    text = request.log_text.strip()
    if not text:
        return "$.log_text", "log_text must not be empty"
    if len(text) > MAX_LOG_TEXT_LENGTH:
        return (
            "$.log_text",
            f"log_text is {len(text)} characters; at most {MAX_LOG_TEXT_LENGTH} are accepted "
            "(send the lines around the error)",
        )
    admitted = _trigger_admitted(request)
    if isinstance(admitted, Refused):
        return f"$.{admitted.field}", admitted.message
    return None
