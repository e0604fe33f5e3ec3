"""Wire bodies: the exact JSON senders post to us, the answers we give, and their decoding.

Decoded by msgspec (C speed), in one pass straight into the declared type (Litestar's `data:`
decodes into Python objects, then converts those: two passes; for a 100-alert Alertmanager
notification the one pass is about 40 % cheaper, and this is the hottest path of the service).
Unknown keys are ignored on purpose so that older and newer Alertmanagers (`notification_reason`
since 0.32, `routeLabels` since 0.34) both decode. Timestamps must carry a UTC offset; Go's
RFC 3339 output always does. Alerts hold only strings, dicts of strings and datetimes (no
reference cycles), so they skip GC tracking.

The bounds on one alert (README, "Sending alerts to it") are applied by `normalize.admit` to
every alert of every route. The `Bounded*` types state the same bounds as msgspec constraints,
but for names (constrained dict keys would make msgspec decode every key the slow way, 0.4 us
an alert; `decode_webhook`/`decode_postable` check the few distinct names of a whole body
instead): a body that decodes into them, with its names in bounds, has no alert `admit` would
refuse or change, so the common case is checked at C speed and needs no normalisation check.
When that pass fails, the body is decoded again alert by alert, so that one bad alert (a
malformed time, no labels, a huge value) costs only itself: Prometheus and the Loki ruler drop
a batch answered 400 and Alertmanager sends the whole group again, so refusing the whole body
would lose the good alerts with it. What is wrong with the body itself is `BodyRefused`, with
the JSON path of the bad field (the API answers it 400, like Litestar would).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

import msgspec

AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]
LabelSet = dict[str, str]

# Per alert. Over MAX_LABELS labels (or annotations), or a name over MAX_NAME_LENGTH, refuses
# the alert; a longer value is cut to its limit with a marker (normalize.truncated).
MAX_LABELS = 128
MAX_NAME_LENGTH = 512
MAX_LABEL_VALUE_LENGTH = 1024
MAX_ANNOTATION_VALUE_LENGTH = 16_384
# The text of a manual trigger; longer is refused (the analyzer reads 64 KiB of a text).
MAX_LOG_TEXT_LENGTH = 65_536

# Non-empty: `admit` drops empty-valued labels, as Alertmanager does.
_LabelValue = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_LABEL_VALUE_LENGTH)]
_AnnotationValue = Annotated[str, msgspec.Meta(max_length=MAX_ANNOTATION_VALUE_LENGTH)]
BoundedLabels = Annotated[dict[str, _LabelValue], msgspec.Meta(min_length=1, max_length=MAX_LABELS)]
BoundedAnnotations = Annotated[dict[str, _AnnotationValue], msgspec.Meta(max_length=MAX_LABELS)]


class WebhookAlert(msgspec.Struct, frozen=True, rename="camel", gc=False):
    """One alert inside an Alertmanager webhook v4 notification."""

    status: Literal["firing", "resolved"]
    labels: LabelSet
    starts_at: AwareDatetime
    annotations: LabelSet = {}
    ends_at: AwareDatetime | None = None
    generator_url: str = msgspec.field(default="", name="generatorURL")
    fingerprint: str = ""


class BoundedWebhookAlert(WebhookAlert, frozen=True, rename="camel", gc=False):
    """A `WebhookAlert` within every bound of one alert (names: once the decoder has
    checked them): `admit` would not change it."""

    labels: BoundedLabels
    annotations: BoundedAnnotations = {}


class WebhookEnvelope(msgspec.Struct, frozen=True, rename="camel"):
    """Everything of an Alertmanager webhook v4 body but its alerts."""

    version: str = "4"
    group_key: str = ""
    truncated_alerts: Annotated[int, msgspec.Meta(ge=0)] = 0  # alerts Alertmanager left out
    status: Literal["firing", "resolved"] = "firing"
    receiver: str = ""
    group_labels: LabelSet = {}
    common_labels: LabelSet = {}
    common_annotations: LabelSet = {}
    external_url: str = msgspec.field(default="", name="externalURL")
    notification_reason: str = msgspec.field(default="", name="notification_reason")


class WebhookMessage(WebhookEnvelope, frozen=True, rename="camel", kw_only=True):
    """Alertmanager webhook v4 body (`webhook.Message`): a full snapshot of one alert group."""

    alerts: Annotated[Sequence[WebhookAlert], msgspec.Meta(min_length=1)]


class BoundedWebhookMessage(WebhookMessage, frozen=True, rename="camel", kw_only=True):
    """A webhook body whose every alert is a `BoundedWebhookAlert`."""

    alerts: Annotated[Sequence[BoundedWebhookAlert], msgspec.Meta(min_length=1)]


class PostableAlert(msgspec.Struct, frozen=True, rename="camel", gc=False):
    """One element of the Alertmanager v2 `POST /api/v2/alerts` array (Prometheus, Loki ruler)."""

    labels: LabelSet
    annotations: LabelSet = {}
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    generator_url: str = msgspec.field(default="", name="generatorURL")


class BoundedPostableAlert(PostableAlert, frozen=True, rename="camel", gc=False):
    """A `PostableAlert` within every bound of one alert (names: once the decoder has
    checked them): `admit` would not change it."""

    labels: BoundedLabels
    annotations: BoundedAnnotations = {}


class TriggerRequest(msgspec.Struct, frozen=True):
    """Body of `POST /api/incidents/trigger`: a log excerpt somebody wants analysed."""

    log_text: str
    log_source: str = "manual"
    labels: LabelSet = {}


class WebhookAccepted(msgspec.Struct, frozen=True):
    """Answer to an accepted webhook: how many alerts were queued."""

    status: Literal["accepted"]
    alerts: int
    truncated_alerts: int = 0


class TriggerAccepted(msgspec.Struct, frozen=True):
    """Answer to `POST /api/incidents/trigger`."""

    incident_id: str
    status: str
    deduplicated: bool


class InvalidAlert(msgspec.Struct, frozen=True):
    """Why one element of a batch was refused: `index` is its position in the batch, `field`
    the path below it (`labels`, `startsAt`; empty for the element itself)."""

    index: int
    field: str
    message: str


class BodyRefused(ValueError):
    """The body itself (not one of its alerts) is not what the route takes: `field` is the
    JSON path of what is wrong (`$` for the whole body), `message` says why."""

    def __init__(self, message: str, field: str = "$") -> None:
        """Refuse the body at `field` because of `message`."""
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# --- decoding -------------------------------------------------------------------------------

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


def _explained(error: msgspec.ValidationError) -> tuple[str, str]:
    """Msgspec's message as (JSON path, message); a missing field is named in the path."""
    message, _, path = str(error).partition(_PATH_MARKER)
    path = path.rstrip("`") or "$"
    if message.startswith(_MISSING):
        name = message.removeprefix(_MISSING).rstrip("`")
        return f"{path}.{name}", f"`{name}` is required"
    return path, message


def _body_refusal(decoder: msgspec.json.Decoder[Any], raw: bytes, error: Exception) -> BodyRefused:
    """Why a body that is not what `decoder` expects is refused."""
    if not raw.strip():  # name the first field an empty object lacks, if it is an object
        try:
            decoder.decode(b"{}")
        except msgspec.ValidationError as missing:
            path, message = _explained(missing)
            if message.endswith(" is required"):
                return BodyRefused(f"the body is empty; {message}", path)
        return BodyRefused("the body is empty")
    if isinstance(error, msgspec.ValidationError):
        path, message = _explained(error)
        return BodyRefused(message, path)
    return BodyRefused(f"malformed JSON: {error}")


def _decode(decoder: msgspec.json.Decoder[T], raw: bytes) -> T:
    try:
        return decoder.decode(raw)
    except msgspec.DecodeError as exc:  # ValidationError included
        raise _body_refusal(decoder, raw, exc) from None
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
        raise _body_refusal(_WEBHOOK, raw, exc) from None
    else:
        if _names_in_bounds(message.alerts):
            return Decoded(message, range(len(message.alerts)), [])
    envelope = _decode(_ENVELOPE, raw)
    items = _decode(_WEBHOOK_ALERTS, raw).alerts
    if not items:
        raise BodyRefused("Expected `array` of length >= 1", "$.alerts")
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
        raise _body_refusal(_POSTABLE, raw, exc) from None
    else:
        if not alerts:
            raise BodyRefused("Expected `array` of length >= 1")
        if _names_in_bounds(alerts):
            return Decoded(alerts, range(len(alerts)), [])
    each = _one_by_one(_POSTABLE_ALERT, _decode(_ARRAY, raw))
    return Decoded(each.value, each.positions, each.undecodable)


def decode_trigger(raw: bytes) -> TriggerRequest:
    """A `POST /api/incidents/trigger` body, or a 400 problem naming the bad or missing field."""
    return _decode(_TRIGGER, raw)
