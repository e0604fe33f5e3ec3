"""Decoding the ingest bodies in one msgspec pass, falling back to one alert at a time.

Litestar's `data:` parameter decodes JSON into Python objects and then converts those into the
declared type: two passes. For a 100-alert Alertmanager notification the one-pass decoder below
is about 40 % cheaper, and this is the hottest path of the service.

The one pass decodes into the `Bounded*` types of `receiver.ingest.wire`: when it succeeds (and the
names of the body are in bounds) every alert is within every bound and normalisation has
nothing to check. When it fails, the body is
decoded again alert by alert, so that one bad alert (a malformed time, no labels, a huge value)
costs only itself: Prometheus and the Loki ruler drop a batch answered 400 and Alertmanager
sends the whole group again, so refusing the whole body would lose the good alerts with it.
Errors about the body itself become the same 400 problems Litestar would give, with the JSON
path of the bad field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import msgspec
from litestar.di import Provide
from litestar.params import JSONBody

from receiver.ingest.normalize import InvalidAlert
from receiver.ingest.wire import (
    MAX_NAME_LENGTH,
    BoundedPostableAlert,
    BoundedWebhookMessage,
    PostableAlert,
    TriggerRequest,
    WebhookAlert,
    WebhookEnvelope,
    WebhookMessage,
)
from receiver.problems import FieldError, ProblemError, Reason

T = TypeVar("T")


class _WebhookAlerts(msgspec.Struct, frozen=True):
    alerts: list[msgspec.Raw]


_WEBHOOK = msgspec.json.Decoder(BoundedWebhookMessage)
_POSTABLE = msgspec.json.Decoder(list[BoundedPostableAlert])
_TRIGGER = msgspec.json.Decoder(TriggerRequest)
# The slow path: a body's parts, then each alert on its own.
_ENVELOPE = msgspec.json.Decoder(WebhookEnvelope)
_WEBHOOK_ALERTS = msgspec.json.Decoder(_WebhookAlerts)
_ARRAY = msgspec.json.Decoder(list[msgspec.Raw])
_WEBHOOK_ALERT = msgspec.json.Decoder(WebhookAlert)
_POSTABLE_ALERT = msgspec.json.Decoder(PostableAlert)

_PATH_MARKER = " - at `"
_MISSING = "Object missing required field `"


@dataclass(frozen=True, slots=True)
class Decoded(Generic[T]):
    """The decodable alerts of a body (`value`), the index in the body of each of them
    (`positions`), and the alerts that could not be decoded, by their index in the body."""

    value: T
    positions: Sequence[int]
    undecodable: list[InvalidAlert]


def _refused(message: str, field: str = "$") -> ProblemError:
    return ProblemError(
        400,
        "Invalid request body",
        f"{field}: {message}",
        [FieldError(field, message)],
        reason=Reason.INVALID_BODY,
    )


def _explained(error: msgspec.ValidationError) -> tuple[str, str]:
    """msgspec's message as (JSON path, message); a missing field is named in the path."""
    message, _, path = str(error).partition(_PATH_MARKER)
    path = path.rstrip("`") or "$"
    if message.startswith(_MISSING):
        name = message.removeprefix(_MISSING).rstrip("`")
        return f"{path}.{name}", f"`{name}` is required"
    return path, message


def _body_problem(decoder: msgspec.json.Decoder[Any], raw: bytes, error: Exception) -> ProblemError:
    """The 400 for a body that is not what `decoder` expects."""
    if not raw.strip():  # name the first field an empty object lacks, if it is an object
        try:
            decoder.decode(b"{}")
        except msgspec.ValidationError as missing:
            path, message = _explained(missing)
            if message.endswith(" is required"):
                return _refused(f"the body is empty; {message}", path)
        return _refused("the body is empty")
    if isinstance(error, msgspec.ValidationError):
        path, message = _explained(error)
        return _refused(message, path)
    return _refused(f"malformed JSON: {error}")


def _decode(decoder: msgspec.json.Decoder[T], raw: bytes) -> T:
    try:
        return decoder.decode(raw)
    except msgspec.DecodeError as exc:  # ValidationError included
        raise _body_problem(decoder, raw, exc) from None
    # RecursionError and UnicodeDecodeError are left to the app's exception handlers
    # (receiver/problems.py), which answer them with the same 400 on every route.


def _one_by_one(decoder: msgspec.json.Decoder[T], items: list[msgspec.Raw]) -> Decoded[list[T]]:
    decoded: list[T] = []
    positions: list[int] = []
    undecodable: list[InvalidAlert] = []
    for index, item in enumerate(items):
        try:
            decoded.append(decoder.decode(item))
        except msgspec.ValidationError as exc:
            path, message = _explained(exc)
            undecodable.append(InvalidAlert(index, path.removeprefix("$").lstrip("."), message))
        else:
            positions.append(index)
    return Decoded(decoded, positions, undecodable)


def _names_in_bounds(alerts: Sequence[WebhookAlert] | Sequence[PostableAlert]) -> bool:
    """Whether every label and annotation name of `alerts` is 1 to MAX_NAME_LENGTH characters:
    checked once over the few distinct names of the body, not alert by alert."""
    entries: list[Mapping[str, str]] = [a.labels for a in alerts]
    entries += [a.annotations for a in alerts]
    names: set[str] = set().union(*entries)
    return "" not in names and max(map(len, names), default=0) <= MAX_NAME_LENGTH


def decode_webhook(raw: bytes) -> Decoded[WebhookMessage]:
    """An Alertmanager webhook v4 body: its decodable alerts and the others; a 400 problem
    naming the bad field when the body itself (not one of its alerts) is wrong."""
    try:
        message: WebhookMessage = _WEBHOOK.decode(raw)
    except msgspec.ValidationError:
        pass  # below: what is wrong, and what is not
    except msgspec.DecodeError as exc:
        raise _body_problem(_WEBHOOK, raw, exc) from None
    else:
        if _names_in_bounds(message.alerts):
            return Decoded(message, range(len(message.alerts)), [])
    envelope = _decode(_ENVELOPE, raw)
    items = _decode(_WEBHOOK_ALERTS, raw).alerts
    if not items:
        raise _refused("Expected `array` of length >= 1", "$.alerts")
    alerts = _one_by_one(_WEBHOOK_ALERT, items)
    message = WebhookMessage(alerts=alerts.value, **msgspec.structs.asdict(envelope))
    return Decoded(message, alerts.positions, alerts.undecodable)


def decode_postable(raw: bytes) -> Decoded[Sequence[PostableAlert]]:
    """An Alertmanager v2 `POST /api/v2/alerts` body: its decodable alerts and the others; a
    400 problem naming the bad field when the body itself (not one of its alerts) is wrong."""
    try:
        alerts: Sequence[PostableAlert] = _POSTABLE.decode(raw)
    except msgspec.ValidationError:
        pass  # below: what is wrong, and what is not
    except msgspec.DecodeError as exc:
        raise _body_problem(_POSTABLE, raw, exc) from None
    else:
        if not alerts:
            raise _refused("Expected `array` of length >= 1")
        if _names_in_bounds(alerts):
            return Decoded(alerts, range(len(alerts)), [])
    each = _one_by_one(_POSTABLE_ALERT, _decode(_ARRAY, raw))
    return Decoded(each.value, each.positions, each.undecodable)


def decode_trigger(raw: bytes) -> TriggerRequest:
    """A `POST /api/incidents/trigger` body, or a 400 problem naming the bad or missing field."""
    return _decode(_TRIGGER, raw)


def documented_body(body_type: Any) -> dict[str, Provide]:
    """Handler `dependencies` that make OpenAPI show `body_type` as the JSON request body.

    Litestar reads a `data` parameter of a handler's dependencies for the schema; the handler
    never asks for this one, so it is never called and the body is decoded only once.
    """

    def request_body_schema(data: Any) -> None:
        raise AssertionError("documentation only")  # pragma: no cover

    # Set at run time: a string annotation could not name the local `body_type`.
    data_type = JSONBody[body_type]  # a type built at run time
    request_body_schema.__annotations__ = {"data": data_type, "return": None}
    return {"_request_body_schema": Provide(request_body_schema, sync_to_thread=False)}
