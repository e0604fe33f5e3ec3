"""Prometheus metrics of the service, registered into an injected registry."""

from __future__ import annotations

from enum import StrEnum

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from graph.analysis.taxonomy import CATEGORIES
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
    DATABASE_UNAVAILABLE = "database_unavailable"  # PostgreSQL mode: the inbox refused them


QUEUE_WAIT_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
STEP_BUCKETS = (0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
# Waits on people: minutes to days.
HUMAN_BUCKETS = (1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 43200, 86400, 259200)
DECISION_CHANNELS = ("api", "slack", "web", "policy")


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
        self.queue_capacity = Gauge(
            "alertgraph_queue_capacity",
            "Alerts the ingest queue holds at most (QUEUE_MAXSIZE).",
            registry=registry,
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
        self._register_workflow(registry)
        self._register_delivery(registry)
        self._register_model(registry)

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

    def _register_workflow(self, registry: CollectorRegistry) -> None:
        """The workflow's metrics (receiver.threads.observed): incidents, steps, decisions.
        Labels are closed lists: categories, sources, node names, statuses, channels."""
        self.incidents_opened = Counter(
            "alertgraph_incidents_opened_total",
            "Incidents whose analysis named a category, by category and first alert's source.",
            ["category", "source"],
            registry=registry,
        )
        for category in CATEGORIES:
            for source in AlertSource:
                self.incidents_opened.labels(category=category, source=source.value)
        self.incidents_finished = Counter(
            "alertgraph_incidents_finished_total",
            "Incidents that ended, by final status (failed: the workflow broke).",
            ["status"],
            registry=registry,
        )
        self.incidents_finished.labels(status="failed")
        self.workflow_step = Histogram(
            "alertgraph_workflow_step_seconds",
            "Time one workflow node ran (until it finished, failed or paused), by node.",
            ["node"],
            buckets=STEP_BUCKETS,
            registry=registry,
        )
        self.proposal = Histogram(
            "alertgraph_proposal_seconds",
            "Time from an incident's first alert received to its proposal shown.",
            buckets=STEP_BUCKETS,
            registry=registry,
        )
        self.decision_wait = Histogram(
            "alertgraph_decision_wait_seconds",
            "Time a proposal waited for its decision.",
            buckets=HUMAN_BUCKETS,
            registry=registry,
        )
        self.decisions = Counter(
            "alertgraph_decisions_total",
            "Decisions applied to proposals, by decision and channel (api, slack, web, policy).",
            ["decision", "channel"],
            registry=registry,
        )
        for channel in DECISION_CHANNELS:
            for decision in ("approve", "reject", "modify"):
                self.decisions.labels(decision=decision, channel=channel)

    def _register_delivery(self, registry: CollectorRegistry) -> None:
        """What happens after a decision: commits, pull requests, verification, evidence."""
        self.commits = Counter(
            "alertgraph_commits_total",
            "Decision commits to the GitOps repository, by result (ok, failed).",
            ["result"],
            registry=registry,
        )
        self.pull_requests = Counter(
            "alertgraph_pull_requests_total",
            "Pull requests opened for changes, by result (ok, failed attempt).",
            ["result"],
            registry=registry,
        )
        for result in ("ok", "failed"):
            self.commits.labels(result=result)
            self.pull_requests.labels(result=result)
        self.verifications = Counter(
            "alertgraph_verifications_total",
            "Verifications of committed changes, by outcome (recovered, not_recovered).",
            ["outcome"],
            registry=registry,
        )
        for outcome in ("recovered", "not_recovered"):
            self.verifications.labels(outcome=outcome)
        self.forge_errors = Counter(
            "alertgraph_forge_errors_total",
            "Failed forge (GitHub / GitLab) calls while opening a pull request.",
            registry=registry,
        )
        self.evidence_queries = Counter(
            "alertgraph_evidence_queries_total",
            "HTTP queries to the evidence backends, by backend (prometheus, loki) and result "
            "(ok, client_error, server_error, unreachable).",
            ["backend", "result"],
            registry=registry,
        )

    def _register_model(self, registry: CollectorRegistry) -> None:
        """The optional model's requests and what came of them (graph.llm; LLM_BASE_URL).
        Labels are closed lists: mode (json_schema, json_object, prompt), outcome (ok,
        cached, or a failure reason of graph.llm.client.FAILURES), kind (prompt, completion)."""
        self.llm_requests = Counter(
            "alertgraph_llm_requests_total",
            "HTTP requests to the model's endpoint, by mode and outcome.",
            ["mode", "outcome"],
            registry=registry,
        )
        self.llm_request_seconds = Histogram(
            "alertgraph_llm_request_seconds",
            "Time one request to the model's endpoint took, by mode.",
            ["mode"],
            buckets=STEP_BUCKETS,
            registry=registry,
        )
        self.llm_tokens = Counter(
            "alertgraph_llm_tokens_total",
            "Tokens the endpoint reported, by kind (prompt, completion).",
            ["kind"],
            registry=registry,
        )
        self.llm_answers = Counter(
            "alertgraph_llm_consultations_total",
            "Consultations of the model, by outcome: ok, cached, or why there was no answer "
            "(timeout, rate_limited, server_error, unreachable, refused, invalid_answer).",
            ["outcome"],
            registry=registry,
        )
        self.llm_fallbacks = Counter(
            "alertgraph_llm_fallbacks_total",
            "Structured-output modes the endpoint refused (the next one was tried), by mode.",
            ["mode"],
            registry=registry,
        )
        self.llm_disagreements = Counter(
            "alertgraph_llm_disagreements_total",
            "Answers whose category lost to a confident rule signal.",
            registry=registry,
        )
