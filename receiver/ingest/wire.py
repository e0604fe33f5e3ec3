"""Wire types: the exact JSON bodies senders post to us and the answers we give.

Decoded by msgspec (C speed). Unknown keys are ignored on purpose so that older and newer
Alertmanagers (`notification_reason` since 0.32, `routeLabels` since 0.34) both decode.
Timestamps must carry a UTC offset; Go's RFC 3339 output always does. Alerts hold only
strings, dicts of strings and datetimes (no reference cycles), so they skip GC tracking.

The bounds on one alert (README, "Sending alerts to it") are applied by `normalize.admit` to
every alert of every route. The `Bounded*` types state the same bounds as msgspec constraints,
but for names (constrained dict keys would make msgspec decode every key the slow way, 0.4 us
an alert; `receiver.ingest.bodies` checks the few distinct names of a whole body instead): a body
that decodes into them, with its names in bounds, has no alert `admit` would refuse or change,
so the common case is checked at C speed and only other bodies are admitted alert by alert.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Literal

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
    """A `WebhookAlert` within every bound of one alert (names: once `receiver.ingest.bodies` has
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
    """A `PostableAlert` within every bound of one alert (names: once `receiver.ingest.bodies` has
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
