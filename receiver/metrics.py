"""Prometheus metrics of the service, registered into an injected registry."""

from __future__ import annotations

from enum import StrEnum

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from receiver.ingest.events import AlertSource


class Reason(StrEnum):
    """Why a request or alert was refused: the `reason` of `alertgraph_alerts_rejected_total`
    (README, Operating it). Refusals with a reason are counted on the ingest routes."""

    INVALID_BODY = "invalid_body"
    INVALID_ALERT = "invalid_alert"
    INVALID_TENANT = "invalid_tenant"
    TOO_LARGE = "too_large"
    UNAUTHORIZED = "unauthorized"
    RATE_LIMITED = "rate_limited"
    QUEUE_FULL = "queue_full"
    SHUTTING_DOWN = "shutting_down"


QUEUE_WAIT_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)


class Metrics:
    """The business metrics; gauges that mirror live state are read at scrape time."""

    def __init__(self, registry: CollectorRegistry) -> None:
        """The metrics, registered in `registry`."""
        self.registry = registry
        self.alerts_received = Counter(
            "alertgraph_alerts_received_total",
            "Alerts accepted into the ingest queue, by source.",
            ["source"],
            registry=registry,
        )
        # Children per source, resolved once: `.labels()` on every request costs a lock and a
        # dict lookup, and every source then shows up as 0 from the start.
        self.received_from = {s: self.alerts_received.labels(source=s.value) for s in AlertSource}
        self.alerts_deduplicated = Counter(
            "alertgraph_alerts_deduplicated_total",
            "Alerts that only repeated what an open incident already knew.",
            registry=registry,
        )
        self.alerts_rejected = Counter(
            "alertgraph_alerts_rejected_total",
            "Requests or alerts refused on the ingest routes, by reason.",
            ["reason"],
            registry=registry,
        )
        for reason in Reason:  # every reason shows from the start, as 0
            self.alerts_rejected.labels(reason=reason.value)
        self.slack_errors = Counter(
            "alertgraph_slack_errors_total",
            "Failed Slack Web API attempts (errors, rate limits, timeouts), by method.",
            ["method"],
            registry=registry,
        )
        self.queue_depth = Gauge(
            "alertgraph_queue_depth", "Alerts waiting in the ingest queue.", registry=registry
        )
        self.queue_wait = Histogram(
            "alertgraph_queue_wait_seconds",
            "Time a batch of alerts waited in the queue before a worker took it.",
            buckets=QUEUE_WAIT_BUCKETS,
            registry=registry,
        )
        self.incidents_open = Gauge(
            "alertgraph_incidents_open", "Incidents currently open.", registry=registry
        )
        self._register_loki_poller(registry)

    def _register_loki_poller(self, registry: CollectorRegistry) -> None:
        """The fallback Loki poller's metrics (receiver.ingest.poller)."""
        self.loki_polls = Counter(
            "alertgraph_loki_polls_total", "Polls of the fallback Loki poller.", registry=registry
        )
        self.loki_lines_read = Counter(
            "alertgraph_loki_lines_read_total",
            "Log lines the Loki poller read (each once).",
            registry=registry,
        )
        self.loki_events_queued = Counter(
            "alertgraph_loki_events_queued_total",
            "Alerts the Loki poller queued (one per noisy stream and poll at most).",
            registry=registry,
        )
        self.loki_poll_errors = Counter(
            "alertgraph_loki_poll_errors_total",
            "Failed Loki polls, by reason (timeout, unreachable, rate_limited, …, internal).",
            ["reason"],
            registry=registry,
        )
        self.loki_poll_lag = Gauge(
            "alertgraph_loki_poll_lag_seconds",
            "How far behind now the Loki poller has read everything.",
            registry=registry,
        )
