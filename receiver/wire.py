"""Wire types: the exact JSON bodies senders post to us and the answers we give.

Decoded by msgspec (C speed). Unknown keys are ignored on purpose so that older and newer
Alertmanagers (`notification_reason` since 0.32, `routeLabels` since 0.34) both decode.
Timestamps must carry a UTC offset; Go's RFC 3339 output always does. Alerts hold only
strings, dicts of strings and datetimes (no reference cycles), so they skip GC tracking.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]
LabelSet = dict[str, str]


class WebhookAlert(msgspec.Struct, frozen=True, rename="camel", gc=False):
    """One alert inside an Alertmanager webhook v4 notification."""

    status: Literal["firing", "resolved"]
    labels: LabelSet
    starts_at: AwareDatetime
    annotations: LabelSet = {}
    ends_at: AwareDatetime | None = None
    generator_url: str = msgspec.field(default="", name="generatorURL")
    fingerprint: str = ""


class WebhookMessage(msgspec.Struct, frozen=True, rename="camel"):
    """Alertmanager webhook v4 body (`webhook.Message`): a full snapshot of one alert group."""

    alerts: Annotated[list[WebhookAlert], msgspec.Meta(min_length=1)]
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


class PostableAlert(msgspec.Struct, frozen=True, rename="camel", gc=False):
    """One element of the Alertmanager v2 `POST /api/v2/alerts` array (Prometheus, Loki ruler)."""

    labels: LabelSet
    annotations: LabelSet = {}
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    generator_url: str = msgspec.field(default="", name="generatorURL")


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
