"""`AlertEvent`: the one shape every alert source is normalised into."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import msgspec


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


class AlertEvent(msgspec.Struct, frozen=True, gc=False):
    """One alert from any source, as the queue, the incidents and the workflow see it.

    `fingerprint` identifies the label set exactly as Alertmanager does; `(fingerprint,
    starts_at)` identifies one firing episode. `ends_at` is None while firing with no known end.
    `timestamp` is when the service received it.
    """

    log_text: str
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

    @property
    def alertname(self) -> str:
        """The `alertname` label, or empty."""
        return self.labels.get("alertname", "")
