"""Normalisation (pure): every alert source becomes `AlertEvent`s.

Nothing here does I/O or reads a clock; the caller passes `now`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime

import msgspec

from receiver.events import AlertEvent, AlertSource, AlertStatus
from receiver.wire import PostableAlert, TriggerRequest, WebhookMessage

_FNV_OFFSET = 0xCBF29CE484222325
_FNV_PRIME = 0x100000001B3
_MASK64 = 0xFFFFFFFFFFFFFFFF
_SEP = 0xFF
_fingerprint_cache: dict[tuple[tuple[str, str], ...], str] = {}
_FINGERPRINT_CACHE_MAX = 65_536

MANUAL_ALERTNAME = "ManualTrigger"
_STATUS = {"firing": AlertStatus.FIRING, "resolved": AlertStatus.RESOLVED}


class InvalidAlert(msgspec.Struct, frozen=True):
    """Why one element of a batch was refused; `index` is its position in the body."""

    index: int
    field: str
    message: str


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


def from_webhook(message: WebhookMessage, tenant: str, now: datetime) -> list[AlertEvent]:
    """Every alert of an Alertmanager webhook v4 notification, in body order.

    The Go zero time in `endsAt` (a firing alert) becomes None; a fingerprint that is not 16
    characters (absent: the sender is not Alertmanager) is computed from the labels.
    """
    group_key = message.group_key
    events: list[AlertEvent] = []
    append = events.append  # this loop runs for every alert of every notification
    for alert in message.alerts:
        fingerprint = alert.fingerprint
        if len(fingerprint) != 16:  # absent (not Alertmanager) or malformed
            fingerprint = am_fingerprint(alert.labels)
        ends_at = alert.ends_at
        append(
            AlertEvent(
                timestamp=now,
                source=AlertSource.ALERTMANAGER,
                status=_STATUS[alert.status],
                labels=alert.labels,
                annotations=alert.annotations,
                fingerprint=fingerprint,
                starts_at=alert.starts_at,
                ends_at=None if ends_at is None or ends_at.year == 1 else ends_at,
                generator_url=alert.generator_url,
                group_key=group_key,
                tenant=tenant,
            )
        )
    return events


def from_postable(
    alerts: Sequence[PostableAlert], tenant: str, now: datetime
) -> tuple[list[AlertEvent], list[InvalidAlert]]:
    """Alerts posted to `/api/v2/alerts`, handled as Alertmanager does.

    Empty-valued labels are dropped before fingerprinting; a missing `startsAt` is now (or
    `endsAt` if that is earlier); status is `resolved` once `endsAt` is not in the future.
    Invalid alerts are returned separately so the valid ones of a batch are never lost.
    """
    events: list[AlertEvent] = []
    invalid: list[InvalidAlert] = []
    for index, alert in enumerate(alerts):
        labels = {k: v for k, v in alert.labels.items() if v}
        problem = _postable_problem(labels, alert)
        if problem is not None:
            invalid.append(InvalidAlert(index, *problem))
            continue
        ends_at = alert.ends_at
        starts_at = alert.starts_at or (ends_at if ends_at and ends_at < now else now)
        resolved = ends_at is not None and ends_at <= now
        events.append(
            AlertEvent(
                timestamp=now,
                source=AlertSource.RULER,
                status=AlertStatus.RESOLVED if resolved else AlertStatus.FIRING,
                labels=labels,
                annotations=alert.annotations,
                fingerprint=am_fingerprint(labels),
                starts_at=starts_at,
                ends_at=ends_at,
                generator_url=alert.generator_url,
                group_key="",
                tenant=tenant,
            )
        )
    return events, invalid


def _postable_problem(labels: Mapping[str, str], alert: PostableAlert) -> tuple[str, str] | None:
    if not labels:
        return "labels", "at least one label with a non-empty value is required"
    if any(not name for name in labels):
        return "labels", "label names must not be empty"
    if alert.starts_at and alert.ends_at and alert.ends_at < alert.starts_at:
        return "endsAt", "endsAt is before startsAt"
    return None


def from_trigger(request: TriggerRequest, tenant: str, now: datetime) -> AlertEvent:
    """A manual trigger as a firing alert.

    `alertname` defaults to `ManualTrigger`. The fingerprint covers the labels and the log text,
    so the same text for the same labels is a repeat and a different text is a new alert.
    """
    labels = {k: v for k, v in request.labels.items() if v}
    labels.setdefault("alertname", MANUAL_ALERTNAME)
    text = request.log_text.strip()
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return AlertEvent(
        text=text,
        timestamp=now,
        source=AlertSource.MANUAL,
        status=AlertStatus.FIRING,
        labels=labels,
        annotations={"log_source": request.log_source},
        fingerprint=am_fingerprint({**labels, "__log_text_sha256": digest}),
        starts_at=now,
        ends_at=None,
        generator_url="",
        group_key="",
        tenant=tenant,
    )


def trigger_problem(request: TriggerRequest) -> tuple[str, str] | None:
    """Why a trigger request cannot be accepted (field, message), or None."""
    if not request.log_text.strip():
        return "$.log_text", "log_text must not be empty"
    return None
