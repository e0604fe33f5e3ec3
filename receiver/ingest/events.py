"""`AlertEvent`: the one shape every alert source is normalised into."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum

import msgspec

_TEXT_ANNOTATIONS = ("summary", "description", "message")


class AlertSource(StrEnum):
    """Where an alert came from."""

    ALERTMANAGER = "alertmanager"  # Alertmanager webhook v4
    RULER = "ruler"  # POST /api/v2/alerts: Loki ruler, Prometheus, vmalert, Thanos ruler
    MANUAL = "manual"  # POST /api/incidents/trigger
    LOKI_POLLER = "loki_poller"  # fallback poller


class AlertStatus(StrEnum):
    """Whether the alert is still firing."""

    FIRING = "firing"
    RESOLVED = "resolved"


def build_log_text(labels: Mapping[str, str], annotations: Mapping[str, str]) -> str:
    """The text the analyzer reads: alertname, then summary, description and message.

    Repeated sentences are kept once, so an annotation that copies another adds nothing.
    """
    parts: list[str] = []
    alertname = labels.get("alertname")
    if alertname:
        parts.append(alertname)
    for key in _TEXT_ANNOTATIONS:
        text = annotations.get(key, "").strip()
        if text and text not in parts:
            parts.append(text)
    return "\n".join(parts)


class AlertEvent(msgspec.Struct, frozen=True, gc=False):
    """One alert from any source, as the queue, the incidents and the workflow see it.

    `fingerprint` identifies the label set exactly as Alertmanager does; `(fingerprint,
    starts_at)` identifies one firing episode. `ends_at` is None while firing with no known end.
    `timestamp` is when the service received it. `text` is set for sources that bring their
    own text (manual trigger, Loki lines); `log_text` reads it or builds it from the alert.
    """

    timestamp: datetime
    source: AlertSource
    status: AlertStatus
    labels: dict[str, str]
    annotations: dict[str, str]
    fingerprint: str
    starts_at: datetime
    ends_at: datetime | None
    generator_url: str
    group_key: str
    tenant: str
    text: str = ""

    @property
    def log_text(self) -> str:
        """What the analyzer reads: the source's own text, or the alert's name, summary,
        description and message. Built on demand: most alerts are repeats nobody reads."""
        return self.text or build_log_text(self.labels, self.annotations)

    @property
    def alertname(self) -> str:
        """The `alertname` label, or empty."""
        return self.labels.get("alertname", "")
