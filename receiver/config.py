"""Configuration: the one place that reads the environment.

Every setting has a default so the service starts with zero configuration (the embedded
default: rule-based analysis, in-memory state, a local GitOps repo, Slack off). A bad value
stops start-up with one line naming the variable and what is allowed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import ipaddress
import os
import re
import socket
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Annotated, Any, Literal

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_core import ErrorDetails
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from graph.evidence.loki import LokiLabels
from graph.evidence.queries import LabelNames, MetricNames
from graph.git.paths import template_parts
from graph.masking import mask_secrets
from graph.patching.quantity import parse_quantity
from graph.workload import is_app_name


class ConfigError(Exception):
    """A setting has a value the service cannot run with; the message is one line."""


class Settings(BaseSettings):
    """All settings of the service, each read from the environment variable of the same name."""

    model_config = SettingsConfigDict(
        case_sensitive=False, extra="ignore", frozen=True, validate_default=True
    )

    # --- HTTP server ---------------------------------------------------------------------
    api_host: str = Field("127.0.0.1", description="Address uvicorn binds to.")
    api_port: int = Field(8000, ge=1, le=65535, description="TCP port uvicorn listens on.")
    max_body_bytes: int = Field(
        1_048_576, ge=1024, description="Largest request body accepted; larger → 413."
    )
    access_log: bool = Field(
        False, description="Log one line per HTTP request (noisy at Alertmanager rates)."
    )

    # --- Ingest queue ----------------------------------------------------------------------
    queue_maxsize: int = Field(
        10_000, ge=1, description="Alerts that may wait in the ingest queue; beyond it → 503."
    )
    queue_workers: int = Field(
        1, ge=1, le=64, description="Tasks grouping queued alerts (CPU-bound: 1 is enough)."
    )
    default_tenant: str = Field(
        "default", min_length=1, description="Tenant for requests without X-Scope-OrgID."
    )

    # --- GitOps repository -----------------------------------------------------------------
    git_repo_path: Path = Field(
        Path("./data/gitops"), description="Local GitOps checkout; created on first start."
    )
    git_branch: str = Field("main", min_length=1, description="Branch fixes are committed to.")
    git_remote: str | None = Field(
        None, description="Remote URL fixes are pushed to; unset = local repository only."
    )
    git_delivery: Literal["commit", "branch", "pull_request"] = Field(
        "commit",
        description="How an approved values change reaches GIT_BRANCH: commit (straight onto "
        "it), branch (committed on alertgraph/<incident-id> and pushed; your CI opens the pull "
        "request) or pull_request (as branch, then a pull/merge request opened through FORGE).",
    )
    dry_run: bool = Field(
        False,
        description="Run the whole workflow and show proposals, but commit, push, open and "
        "silence nothing: decisions are kept in the service's own state only.",
    )
    values_path_template: str = Field(
        "helm-values/{app}/values.yaml",
        min_length=1,
        description="Path of an app's Helm values file in the repository: {app} is the app "
        "and may be joined by {cluster} and {namespace} (e.g. "
        "clusters/{cluster}/{app}/values.yaml).",
    )
    cluster_labels: Annotated[tuple[str, ...], NoDecode] = Field(
        ("cluster", "cluster_name", "k8s_cluster"),
        min_length=1,
        description="Comma-separated alert labels naming the cluster an alert comes from, the "
        "first present wins; alerts of one workload in two clusters are two incidents.",
    )
    default_cluster: str = Field(
        "",
        description="Cluster of alerts that carry none of CLUSTER_LABELS; empty = "
        "single-cluster (no cluster shown; a {cluster} in VALUES_PATH_TEMPLATE then "
        "proposes no diff and says why).",
    )

    # --- Workflow ----------------------------------------------------------------------------
    verify_timeout: float = Field(
        900.0,
        gt=0,
        description="Seconds to wait for the alert to resolve after a fix; then not_recovered.",
    )
    alertmanager_url: str | None = Field(
        None,
        description="Alertmanager base URL; at start-up the alerts it shows as firing open "
        "incidents (those that fired while the service was down), and incidents' silences "
        "are created in it; unset = no reconciliation, no silences.",
    )
    checkpoint_url: str | None = Field(
        None,
        description="Where workflow checkpoints and the incident registry are kept, so pending "
        "approvals and verify timers survive a restart: sqlite:///<file> (sqlite:////abs/path "
        "for an absolute path) or postgresql://user[:password]@host[:port]/database (also "
        "postgres://; libpq parameters such as ?sslmode=require may follow); unset = in memory.",
    )
    checkpoint_password: str | None = Field(
        None,
        repr=False,
        description="Password of the PostgreSQL role in CHECKPOINT_URL, for a URL without one.",
    )
    replica_name: str | None = Field(
        None,
        description="PostgreSQL mode: this replica's name in logs and in the leader row; "
        "unset = the host name (the pod's name in Kubernetes).",
    )
    replica_url: str | None = Field(
        None,
        description="PostgreSQL mode: the base URL the other replicas reach this one at, to "
        "forward what only the leader answers (http://$(POD_IP):8000 in Kubernetes); unset = "
        "http://<this host's address>:API_PORT.",
    )
    leader_lease_seconds: float = Field(
        15.0,
        ge=0.3,
        le=300,
        description="PostgreSQL mode: a dead leader is replaced within this many seconds; the "
        "leader checks its hold every third of it and stops leading when it cannot.",
    )
    workflow_concurrency: int = Field(
        8, ge=1, le=256, description="Incident analyses that may run at once; others queue."
    )
    max_memory: str = Field("16Gi", description="Largest memory limit a proposal may set.")
    max_cpu: str = Field("8", description="Largest CPU limit a proposal may set.")
    max_replicas: int = Field(20, ge=1, description="Largest replicaCount a proposal may set.")
    max_scale_factor: float = Field(
        3.0, gt=1, description="Largest factor one proposal may multiply a value by."
    )
    feedback_loop_interval: float = Field(
        86_400.0,
        ge=0,
        description="Seconds between feedback loop runs (learning from feedback); 0 = only "
        "when POST /api/feedback-loop/process asks.",
    )

    # --- Forge (GIT_DELIVERY=pull_request) ---------------------------------------------------
    forge: Literal["github", "gitlab"] | None = Field(
        None, description="The git forge pull requests are opened on: github or gitlab."
    )
    forge_url: str | None = Field(
        None,
        description="The forge's REST API base URL; unset = https://api.github.com (github) or "
        "https://gitlab.com/api/v4 (gitlab). GitHub Enterprise: https://<host>/api/v3.",
    )
    forge_token: str | None = Field(
        None, repr=False, description="Token the forge's REST API is called with."
    )
    forge_repository: str | None = Field(
        None,
        description="The repository on the forge: owner/name (GitHub) or the project's path or "
        "numeric id (GitLab).",
    )
    forge_labels: Annotated[tuple[str, ...], NoDecode] = Field(
        (), description="Comma-separated labels put on every pull request."
    )
    forge_reviewers: Annotated[tuple[str, ...], NoDecode] = Field(
        (),
        description="Comma-separated reviewers asked on every pull request (GitHub logins; "
        "GitLab numeric user ids).",
    )
    forge_webhook_secret: str | None = Field(
        None,
        repr=False,
        description="Secret of the forge's webhook: GitHub's HMAC secret (X-Hub-Signature-256) "
        "or GitLab's X-Gitlab-Token; unset = POST /webhooks/github|gitlab refuse everything "
        "and merges are learned by polling only.",
    )
    forge_poll_interval: float = Field(
        300.0,
        ge=0,
        description="Seconds between polls of open pull requests (the fallback when a webhook "
        "is lost); 0 = webhooks only.",
    )

    # --- Policies ------------------------------------------------------------------------------
    policy_file: Path | None = Field(
        None,
        description="YAML file of approval policies (auto_approve, require N approvals, never), "
        "validated at start-up, reloaded on SIGHUP and POST /api/policies/reload; unset = every "
        "proposal needs one human approval.",
    )

    # --- Prometheus (evidence) -----------------------------------------------------------------
    prometheus_url: str | None = Field(
        None,
        description="Base URL of a Prometheus-compatible query API (Prometheus, Thanos Query, "
        "Mimir's /prometheus, VictoriaMetrics); unset = no Prometheus.",
    )
    prometheus_token: str | None = Field(
        None, repr=False, description="Bearer token sent to Prometheus; unset = none."
    )
    prometheus_username: str | None = Field(
        None, description="Basic-auth user for Prometheus (with PROMETHEUS_PASSWORD)."
    )
    prometheus_password: str | None = Field(
        None, repr=False, description="Basic-auth password for Prometheus."
    )
    prometheus_ca_file: str | None = Field(
        None,
        description="PEM file of the CAs Prometheus' certificate is checked against; "
        "unset = the system CAs.",
    )
    prometheus_tls_skip_verify: bool = Field(
        False, description="Do not check Prometheus' TLS certificate (never in production)."
    )
    prometheus_timeout: float = Field(
        5.0, gt=0, le=300, description="Seconds one Prometheus request may take in all."
    )
    prometheus_tenant: str | None = Field(
        None,
        description="X-Scope-OrgID sent to Prometheus instead of the incident's tenant "
        "(Mimir, Cortex, Thanos tenancy); unset = the incident's tenant.",
    )

    prometheus_metric_names: Annotated[dict[str, str], NoDecode] = Field(
        {},
        description="Metric names for a non-standard setup, as field=metric pairs, "
        "comma-separated (fields: " + ", ".join(f.name for f in fields(MetricNames)) + "); "
        "unset = kube-prometheus-stack's.",
    )
    prometheus_label_names: Annotated[dict[str, str], NoDecode] = Field(
        {},
        description="Label names for a non-standard setup, as field=label pairs (fields: "
        + ", ".join(f.name for f in fields(LabelNames))
        + "); `cluster` scopes every query to the incident's cluster.",
    )

    # --- Evidence: enrichment, sizing, verification ------------------------------------------
    enrich_budget: float = Field(
        3.0, gt=0, le=60, description="Seconds gathering a workload's evidence may take in all."
    )
    memory_headroom: float = Field(
        1.25, ge=1, le=4, description="A memory limit sized from evidence is the peak × this."
    )
    cpu_throttled_ratio: float = Field(
        0.25,
        gt=0,
        lt=1,
        description="Share of throttled CFS periods above which a CPU limit is raised.",
    )
    verify_hold: float = Field(
        300.0,
        ge=0,
        description="Seconds an alert's own expression must stay clear after its alerts "
        "resolved before the incident is recovered (with Prometheus or Loki configured).",
    )
    verify_check_interval: float = Field(
        30.0, gt=0, description="Seconds between two checks of an alert's expression."
    )

    # --- Loki --------------------------------------------------------------------------------
    loki_url: str | None = Field(None, description="Loki base URL; unset = no Loki.")
    loki_token: str | None = Field(
        None, repr=False, description="Bearer token sent to Loki; unset = none."
    )
    loki_username: str | None = Field(
        None,
        description="Basic-auth user for Loki (with LOKI_PASSWORD; Grafana Cloud: the tenant id).",
    )
    loki_password: str | None = Field(None, repr=False, description="Basic-auth password for Loki.")
    loki_ca_file: str | None = Field(
        None,
        description="PEM file of the CAs Loki's certificate is checked against; unset = "
        "the system CAs.",
    )
    loki_tls_skip_verify: bool = Field(
        False, description="Do not check Loki's TLS certificate (never in production)."
    )
    loki_timeout: float = Field(
        10.0, gt=0, le=300, description="Seconds one Loki request may take in all."
    )
    loki_tenant: str | None = Field(
        None,
        description="X-Scope-OrgID sent to Loki instead of the incident's tenant, and the "
        "tenant of the incidents the poller opens (set it to the tenant your Loki ruler posts "
        "as, `fake` for a single-tenant Loki, so its alerts and the poller's lines group); "
        "unset = the incident's tenant (the poller: no header, DEFAULT_TENANT).",
    )
    loki_label_names: Annotated[dict[str, str], NoDecode] = Field(
        {},
        description="Stream label names, as field=label pairs (fields: "
        + ", ".join(f.name for f in fields(LokiLabels))
        + "); unset = what Promtail / Alloy set.",
    )
    loki_poll_query: str | None = Field(
        None,
        description="LogQL the fallback poller reads: a stream selector with a line filter, "
        'e.g. {namespace=~".+"} |~ "(?i)(error|panic|oomkilled)"; unset = no poller (it also '
        "needs LOKI_URL).",
    )
    log_monitor_interval: float = Field(
        60.0, ge=1, description="Seconds between fallback poller runs."
    )
    loki_query_interval: float = Field(
        300.0,
        ge=1,
        description="Seconds of logs a poll looks back at most (after a restart or an outage "
        "longer than this, the gap is logged, not read).",
    )
    loki_poll_limit: int = Field(
        1000,
        ge=1,
        le=5000,
        description="Lines per Loki request of the poller; a window with more is read in pages.",
    )
    loki_poll_lines_per_stream: int = Field(
        20, ge=1, le=200, description="Lines of one stream one poll puts into its alert."
    )
    # --- Slack -------------------------------------------------------------------------------
    slack_bot_token: str | None = Field(
        None, repr=False, description="Bot token (xoxb-…); unset = Slack off."
    )
    slack_signing_secret: str | None = Field(
        None, repr=False, description="Signing secret of the Slack app."
    )
    slack_channel: str | None = Field(None, description="Channel id incidents are posted to.")
    slack_api_url: str = Field(
        "https://slack.com/api/",
        min_length=1,
        description="Slack Web API base URL (an enterprise proxy, or a test double).",
    )
    slack_approvers: Annotated[tuple[str, ...], NoDecode] = Field(
        (),
        description="Who may approve, reject, modify or acknowledge in Slack, comma-separated: "
        "user ids (U…, W…), user-group ids (S…, members read with usergroups.users.list), or "
        "* for anyone in the channel. Required when Slack is on.",
    )
    approval_reminder_after: float = Field(
        1800.0,
        ge=0,
        description="Seconds an incident may wait for approval before a reminder is posted in "
        "its thread; 0 = no reminders.",
    )
    public_url: str | None = Field(
        None,
        description="Base URL people reach the service at, for links in Slack (e.g. "
        "https://alertgraph.example.com); unset = http://API_HOST:API_PORT.",
    )

    # --- Access --------------------------------------------------------------------------------
    api_keys: Annotated[tuple[str, ...], NoDecode] = Field(
        (),
        repr=False,
        description="Comma-separated API keys for /api/*, each name:key:role (role read, "
        "approve or admin) or a bare key (an admin named key-<position>); empty = no key "
        "required (then API_HOST must be loopback unless ALLOW_UNAUTHENTICATED=true).",
    )
    webhook_token: str | None = Field(
        None,
        repr=False,
        description="Bearer token / basic-auth password required on the ingest routes "
        "(POST /webhooks/alertmanager, POST /api/v2/alerts); unset = open.",
    )
    allow_unauthenticated: bool = Field(
        False,
        description="Allow binding API_HOST to a non-loopback address without API_KEYS.",
    )
    rate_limit_per_second: float = Field(
        20.0,
        ge=0,
        description="Requests per second each client may make to /api/* and /slack/* (the "
        "alert ingest routes are never limited); 0 = no limit.",
    )
    rate_limit_burst: int = Field(
        40, ge=0, description="Requests a client may make in one quick burst; 0 = no limit."
    )

    # --- Traces --------------------------------------------------------------------------------
    otel_exporter_otlp_endpoint: str | None = Field(
        None,
        description="OTLP/HTTP base URL the service's traces are sent to (spans posted to "
        "<url>/v1/traces, protobuf); unset = no traces.",
    )
    otel_service_name: str = Field(
        "alertgraph", min_length=1, description="service.name of the traces' resource."
    )

    # --- Model analysis (optional) -------------------------------------------------------------
    llm_base_url: str | None = Field(
        None,
        description="Base URL of an OpenAI-compatible API (…/v1: OpenAI, vLLM, Ollama, "
        "llama.cpp, a LiteLLM proxy) asked for a second opinion after the rule analysis; "
        "off unless LLM_MODEL is set too.",
    )
    llm_model: str | None = Field(None, description="The model the endpoint serves.")
    llm_api_key: str | None = Field(
        None, repr=False, description="Bearer key sent to the endpoint; unset = none."
    )
    llm_timeout: float = Field(
        20.0,
        gt=0,
        le=300,
        description="Seconds the model may take in all, retries included; then the rules' "
        "analysis stands with a note.",
    )
    llm_max_tokens: int = Field(
        800, ge=64, le=32_768, description="Most tokens the model may answer with."
    )
    llm_temperature: float = Field(
        0.0, ge=0, le=2, description="Sampling temperature (0: the same answer each time)."
    )

    # --- Presentation ----------------------------------------------------------------------
    log_format: Literal["json", "console"] = Field(
        "json", description="Log line format: json (one object per line) or console (for people)."
    )
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        "info", description="Lowest level logged: debug, info, warning or error."
    )
    ui_language: Literal["en", "ko"] = Field(
        "en", description="Language of the text people read in Slack and on the web: en or ko."
    )
    ui_session_hours: float = Field(
        12.0,
        gt=0,
        le=24 * 30,
        description="How long a web console sign-in lasts (hours) before the key is asked again.",
    )
    ui_session_secret: str | None = Field(
        None,
        repr=False,
        description="Secret that signs the web console's session cookies; unset = a random one "
        "per process, so sign-ins end when the service restarts.",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """The sources of the settings, in order of precedence (see the class doc)."""
        # load_settings() hands over the environment itself, so tests can pass their own.
        return (init_settings,)

    @property
    def checkpoint_path(self) -> Path | None:
        """The SQLite file of a sqlite:/// CHECKPOINT_URL, else None (in memory, PostgreSQL)."""
        if self.checkpoint_url is None or not self.checkpoint_url.startswith("sqlite:///"):
            return None
        return Path(self.checkpoint_url.removeprefix("sqlite:///"))

    @property
    def postgres_conninfo(self) -> str | None:
        """The libpq connection string of a postgresql:// CHECKPOINT_URL, the password of
        CHECKPOINT_PASSWORD added; None in the other modes. Secret: never log it."""
        if self.checkpoint_url is None or not _is_postgres_url(self.checkpoint_url):
            return None
        extra = {"password": self.checkpoint_password} if self.checkpoint_password else {}
        return make_conninfo(self.checkpoint_url, application_name="alertgraph", **extra)

    @property
    def replica(self) -> tuple[str, str]:
        """PostgreSQL mode: this replica's name and the URL other replicas reach it at."""
        name = self.replica_name or socket.gethostname()
        if self.replica_url:
            return name, self.replica_url.rstrip("/")
        host = self.api_host
        if host in ("0.0.0.0", "::", ""):  # noqa: S104 — asking which address we listen on
            try:
                host = socket.gethostbyname(socket.gethostname())
            except OSError:
                host = "127.0.0.1"
        return name, f"http://{host}:{self.api_port}"

    @property
    def cluster_secret(self) -> bytes:
        """The key replicas share: UI_SESSION_SECRET, else one derived from the database
        password every replica is given (PostgreSQL mode). Secret: never log it."""
        if self.ui_session_secret:
            return self.ui_session_secret.encode()
        password = conninfo_to_dict(self.postgres_conninfo or "").get("password") or ""
        return hmac.new(str(password).encode(), b"alertgraph cluster", hashlib.sha256).digest()

    @property
    def checkpoint_shown(self) -> str:
        """CHECKPOINT_URL as logs and answers may show it (a password masked), or `memory`."""
        return mask_secrets(self.checkpoint_url) if self.checkpoint_url else "memory"

    @field_validator("checkpoint_url")
    @classmethod
    def _checkpoint_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if _is_postgres_url(value):
            try:
                conninfo_to_dict(value)
            except psycopg.Error:
                raise ValueError(
                    "not a PostgreSQL URL libpq accepts; it must look like "
                    "postgresql://alertgraph@db:5432/alertgraph (percent-encode a password's "
                    "special characters)"
                ) from None
            return value
        if not value.startswith("sqlite:///") or not value.removeprefix("sqlite:///").strip():
            raise ValueError(
                "must look like sqlite:///data/alertgraph.db or "
                "postgresql://alertgraph@db:5432/alertgraph"
            )
        return value

    @model_validator(mode="after")
    def _checkpoint_password_with_postgres(self) -> Settings:
        if self.checkpoint_password is None:
            return self
        if self.checkpoint_url is None or not _is_postgres_url(self.checkpoint_url):
            raise ValueError(
                "CHECKPOINT_PASSWORD is set but CHECKPOINT_URL is not a postgresql:// URL"
            )
        if conninfo_to_dict(self.checkpoint_url).get("password"):
            raise ValueError(
                "CHECKPOINT_URL has a password and CHECKPOINT_PASSWORD is set; set only one"
            )
        return self

    @model_validator(mode="after")
    def _replicas_share_a_secret(self) -> Settings:
        conninfo = self.postgres_conninfo
        if conninfo is None or self.ui_session_secret:
            return self
        if not conninfo_to_dict(conninfo).get("password"):
            raise ValueError(
                "CHECKPOINT_URL is a PostgreSQL database without a password: set "
                "UI_SESSION_SECRET (the same on every replica) for the key replicas share"
            )
        return self

    @property
    def llm_enabled(self) -> bool:
        """Whether a model is asked after the rule analysis (LLM_BASE_URL and LLM_MODEL)."""
        return bool(self.llm_base_url and self.llm_model)

    @model_validator(mode="after")
    def _llm_needs_both(self) -> Settings:
        if bool(self.llm_base_url) != bool(self.llm_model):
            given, missing = (
                ("LLM_BASE_URL", "LLM_MODEL")
                if self.llm_base_url
                else ("LLM_MODEL", "LLM_BASE_URL")
            )
            raise ValueError(f"{given} is set but {missing} is not: set both, or neither")
        return self

    @property
    def slack_enabled(self) -> bool:
        """True when Slack is configured (all three of token, signing secret and channel)."""
        return self.slack_bot_token is not None

    @property
    def base_url(self) -> str:
        """Where people reach the service, without a trailing slash."""
        return (self.public_url or f"http://{self.api_host}:{self.api_port}").rstrip("/")

    @model_validator(mode="after")
    def _slack_all_or_nothing(self) -> Settings:
        names = {
            "SLACK_BOT_TOKEN": self.slack_bot_token,
            "SLACK_SIGNING_SECRET": self.slack_signing_secret,
            "SLACK_CHANNEL": self.slack_channel,
        }
        missing = [name for name, value in names.items() if value is None]
        if 0 < len(missing) < len(names):
            raise ValueError(
                "Slack needs SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_CHANNEL together; "
                f"missing: {', '.join(missing)}"
            )
        return self

    @model_validator(mode="after")
    def _pull_requests_need_a_forge(self) -> Settings:
        if self.git_delivery == "branch" and self.forge_poll_interval <= 0:
            raise ValueError(
                "GIT_DELIVERY=branch learns merges only by fetching GIT_BRANCH: "
                "FORGE_POLL_INTERVAL must be more than 0"
            )
        if self.git_delivery != "pull_request":
            return self
        missing = [
            name
            for name, value in (
                ("FORGE", self.forge),
                ("FORGE_TOKEN", self.forge_token),
                ("FORGE_REPOSITORY", self.forge_repository),
                ("GIT_REMOTE", self.git_remote),
            )
            if value is None
        ]
        if missing:
            raise ValueError(f"GIT_DELIVERY=pull_request needs {', '.join(missing)}")
        owner, _, name = (self.forge_repository or "").strip().partition("/")
        if self.forge == "github" and (not owner or not name or "/" in name):
            raise ValueError("FORGE_REPOSITORY must be owner/name for FORGE=github")
        return self

    @model_validator(mode="after")
    def _keys_or_loopback(self) -> Settings:
        if not self.api_keys and not self.allow_unauthenticated and not is_loopback(self.api_host):
            raise ValueError(
                f"API_HOST={self.api_host} is reachable from other hosts but no API_KEYS are set: "
                "set API_KEYS (or API_KEYS_FILE), or ALLOW_UNAUTHENTICATED=true to serve /api/* "
                "without keys"
            )
        return self

    @field_validator(
        "api_keys",
        "slack_approvers",
        "cluster_labels",
        "forge_labels",
        "forge_reviewers",
        mode="before",
    )
    @classmethod
    def _split_keys(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(k.strip() for k in value.split(",") if k.strip())
        return value

    @field_validator("api_keys")
    @classmethod
    def _api_key_entries(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        parse_api_keys(value)  # ValueError naming the entry by position, never its key
        return value

    @property
    def api_key_roles(self) -> tuple[ApiKey, ...]:
        """API_KEYS as named keys with their roles (validated at start-up)."""
        return parse_api_keys(self.api_keys)

    @field_validator("slack_approvers")
    @classmethod
    def _approver_entries(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for position, entry in enumerate(value, start=1):
            if entry != "*" and not SLACK_ID.fullmatch(entry):
                raise ValueError(
                    f"entry {position} ({entry!r}) is not a user id (U…, W…), a user-group id "
                    "(S…) or *"
                )
        if "*" in value and len(value) > 1:
            raise ValueError("* already allows anyone in the channel; list nobody beside it")
        return value

    @model_validator(mode="after")
    def _slack_needs_approvers(self) -> Settings:
        if self.slack_enabled and not self.slack_approvers:
            raise ValueError(
                "Slack is on but SLACK_APPROVERS is empty: set it to the Slack user ids "
                "(U…) and user-group ids (S…) who may approve, or to * to let anyone in "
                f"{self.slack_channel} approve"
            )
        return self

    @field_validator("log_format", "log_level", "ui_language", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator(
        "prometheus_url",
        "prometheus_token",
        "prometheus_username",
        "prometheus_password",
        "prometheus_ca_file",
        "prometheus_tenant",
        "loki_url",
        "loki_token",
        "loki_username",
        "loki_password",
        "loki_ca_file",
        "loki_tenant",
        "loki_poll_query",
        "slack_bot_token",
        "slack_signing_secret",
        "slack_channel",
        "public_url",
        "checkpoint_url",
        "checkpoint_password",
        "alertmanager_url",
        "webhook_token",
        "ui_session_secret",
        "git_remote",
        "forge",
        "forge_url",
        "forge_token",
        "forge_repository",
        "forge_webhook_secret",
        "policy_file",
        "otel_exporter_otlp_endpoint",
        "llm_base_url",
        "llm_model",
        "llm_api_key",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator(
        "prometheus_url", "loki_url", "forge_url", "otel_exporter_otlp_endpoint", "llm_base_url"
    )
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.strip().lower().startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value.strip() if value is not None else None

    @field_validator("prometheus_ca_file", "loki_ca_file")
    @classmethod
    def _ca_bundle(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ssl.create_default_context(cafile=value)
            except (OSError, ssl.SSLError) as exc:
                reason = getattr(exc, "strerror", None) or "not a PEM file of certificates"
                raise ValueError(f"cannot load CA certificates: {reason}") from None
        return value

    @model_validator(mode="after")
    def _one_kind_of_credentials(self) -> Settings:
        for backend in ("prometheus", "loki"):
            token = getattr(self, f"{backend}_token")
            user = getattr(self, f"{backend}_username")
            password = getattr(self, f"{backend}_password")
            name = backend.upper()
            if password is not None and user is None:
                raise ValueError(f"{name}_PASSWORD needs {name}_USERNAME")
            if token is not None and user is not None:
                raise ValueError(
                    f"{name}_TOKEN and {name}_USERNAME are both set; set a token or basic auth"
                )
        return self

    @field_validator(
        "prometheus_metric_names", "prometheus_label_names", "loki_label_names", mode="before"
    )
    @classmethod
    def _pairs(cls, value: object, info: ValidationInfo) -> object:
        if not isinstance(value, str):
            return value
        known = {f.name for f in fields(_NAMES[info.field_name or ""])}
        pairs: dict[str, str] = {}
        for item in (part.strip() for part in value.split(",")):
            name, _, renamed = item.partition("=")
            if not item:
                continue
            if name.strip() not in known or not renamed.strip():
                raise ValueError(f"{item!r} is not field=name with a field of {sorted(known)}")
            pairs[name.strip()] = renamed.strip()
        return pairs

    @model_validator(mode="after")
    def _poller_needs_loki(self) -> Settings:
        if self.loki_poll_query is None:
            return self
        if self.loki_url is None:
            raise ValueError("LOKI_POLL_QUERY needs LOKI_URL")
        if not self.loki_poll_query.lstrip().startswith("{"):
            raise ValueError('LOKI_POLL_QUERY must be a LogQL stream selector: {label="value"} …')
        if self.loki_query_interval < self.log_monitor_interval:
            raise ValueError(
                "LOKI_QUERY_INTERVAL must be at least LOG_MONITOR_INTERVAL: a poll looks back "
                "at most that far, so lines between two polls would never be read"
            )
        return self

    @field_validator("max_memory", "max_cpu")
    @classmethod
    def _quantity(cls, value: str) -> str:
        parse_quantity(value)  # ValueError names what is wrong with it
        return value

    @field_validator("values_path_template")
    @classmethod
    def _has_app(cls, value: str) -> str:
        if "{app}" not in value:
            raise ValueError("must contain {app}")
        template_parts(value)  # ValueError for a placeholder other than {app}, {cluster}, …
        return value

    @field_validator("default_cluster")
    @classmethod
    def _cluster_name(cls, value: str) -> str:
        value = value.strip()
        if value and not is_app_name(value):
            raise ValueError(
                "must be empty or a name that can name a folder (ASCII letters, digits, "
                "'_', '.', '-')"
            )
        return value


Role = Literal["read", "approve", "admin"]
ROLES: tuple[Role, ...] = ("read", "approve", "admin")  # each may do what the ones before may
SLACK_ID = re.compile(r"[UWS][A-Z0-9]{2,}")


@dataclass(frozen=True, slots=True)
class ApiKey:
    """One entry of API_KEYS: who the key is (`name`), the secret and what it may do."""

    name: str
    key: str = dataclasses.field(repr=False)
    role: Role


def _api_key(position: int, entry: str) -> ApiKey:
    """Entry `position` (from 1) of API_KEYS: `name:key:role`, or a bare key (no colon), an
    admin named `key-<position>`. The key may itself contain colons; the messages of the
    ValueError never contain it."""
    if ":" not in entry:
        return ApiKey(f"key-{position}", entry, "admin")
    name, _, rest = entry.partition(":")
    key, colon, role = rest.rpartition(":")
    where = f"entry {position}"
    if not colon:
        raise ValueError(f"{where} is neither a bare key nor name:key:role")
    if role not in ROLES:
        raise ValueError(f"{where}: role must be one of {', '.join(ROLES)}")
    if not name.strip() or not key.strip():
        raise ValueError(f"{where}: the name and the key of name:key:role may not be empty")
    return ApiKey(name.strip(), key.strip(), role)


def parse_api_keys(entries: tuple[str, ...]) -> tuple[ApiKey, ...]:
    """The keys of API_KEYS entries (see `_api_key`); ValueError for a bad entry or two
    entries with the same name or key, naming the entries by position, never a key."""
    keys = tuple(_api_key(position, entry) for position, entry in enumerate(entries, start=1))
    names: dict[str, int] = {}
    secrets: dict[str, int] = {}
    for position, key in enumerate(keys, start=1):
        if key.name in names:
            raise ValueError(
                f"entries {names[key.name]} and {position} have the same name {key.name!r}"
            )
        if key.key in secrets:
            raise ValueError(f"entries {secrets[key.key]} and {position} have the same key")
        names[key.name], secrets[key.key] = position, position
    return keys


_NAMES: dict[str, type[Any]] = {
    "prometheus_metric_names": MetricNames,
    "prometheus_label_names": LabelNames,
    "loki_label_names": LokiLabels,
}


def _is_postgres_url(url: str) -> bool:
    """True for a postgresql:// or postgres:// URL (the PostgreSQL mode of CHECKPOINT_URL)."""
    return url.lower().startswith(("postgresql://", "postgres://"))


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


# Secrets that may instead be read from a file (as Kubernetes mounts them): X_FILE names it.
FILE_SETTINGS = (
    "API_KEYS",
    "WEBHOOK_TOKEN",
    "UI_SESSION_SECRET",
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "PROMETHEUS_TOKEN",
    "PROMETHEUS_PASSWORD",
    "LOKI_TOKEN",
    "LOKI_PASSWORD",
    "FORGE_TOKEN",
    "FORGE_WEBHOOK_SECRET",
    "CHECKPOINT_PASSWORD",
    "LLM_API_KEY",
)


def _read_secret_files(env: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """`env` (upper-case names) with each set X_FILE replaced by X = the file's content,
    stripped; and one line per problem. The lines never contain a file's content."""
    values = dict(env)
    problems = []
    for name in FILE_SETTINGS:
        file_var = f"{name}_FILE"
        path = values.pop(file_var, "").strip()
        if not path:
            continue
        if values.get(name, "").strip():
            problems.append(f"{name} and {file_var} are both set; set only one")
            continue
        try:
            content = Path(path).read_text(encoding="utf-8").strip()
        except UnicodeDecodeError:
            problems.append(f"{file_var}: {path} is not UTF-8 text")
            continue
        except OSError as exc:
            problems.append(f"{file_var}: cannot read {path}: {exc.strerror or type(exc).__name__}")
            continue
        if not content:
            problems.append(f"{file_var}: {path} is empty")
            continue
        values[name] = content
    return values, problems


def _describe(error: ErrorDetails) -> str:
    """One line for one pydantic error: the variable, what was given, what is allowed.

    Values of secret settings are never echoed.
    """
    if not error["loc"]:  # a check across settings: its message names the variables
        return str(error["msg"]).removeprefix("Value error, ")
    field = str(error["loc"][0])
    ctx = error.get("ctx") or {}
    msg = f"allowed: {ctx['expected']}" if "expected" in ctx else error["msg"]
    info = Settings.model_fields.get(field)
    secret = info is not None and info.repr is False
    given = error.get("input")
    shown = "" if secret or isinstance(given, dict) else f" (got {mask_secrets(repr(given))})"
    return f"{field.upper()}{shown}: {msg}"


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build the settings from `environ` (default: the process environment).

    The secrets of FILE_SETTINGS (API keys, tokens, passwords) may instead be given as
    X_FILE, the path of a file holding the value (surrounding whitespace is stripped).
    Raises ConfigError with one line per bad variable (joined by '; ') instead of a traceback.
    """
    given = os.environ if environ is None else environ
    env, problems = _read_secret_files({k.upper(): v for k, v in given.items()})
    if problems:
        raise ConfigError("; ".join(problems))
    known = {name.upper() for name in Settings.model_fields}
    values = {k.lower(): v for k, v in env.items() if k in known}
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        raise ConfigError("; ".join(_describe(e) for e in exc.errors())) from None


# --- Describing the settings (CLI help, `alertgraph check-config`) ----------------------------

UNSET = "(unset)"
MASK = "****"


@dataclass(frozen=True, slots=True)
class SettingDoc:
    """One setting as the help shows it: its variable, its default and what it means."""

    name: str
    default: str
    description: str


@dataclass(frozen=True, slots=True)
class EffectiveSetting:
    """One setting as `check-config` shows it: the value in force (secrets as `****`) and
    where it came from: `environment`, `default`, or the X_FILE variable it was read from."""

    name: str
    value: str
    source: str


def _shown(value: Any) -> str:
    """A setting's value as text, `(unset)` for none; credentials in URLs are masked."""
    if value is None or value == {} or value in ((), ""):
        return UNSET
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        value = ",".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, tuple):
        value = ",".join(value)
    return mask_secrets(str(value))


def _is_secret(name: str) -> bool:
    return Settings.model_fields[name].repr is False


def documented_settings() -> list[SettingDoc]:
    """Every setting, in the order of the Settings model, with its default and description."""
    return [
        SettingDoc(
            name.upper(),
            UNSET if _is_secret(name) and not field.default else _shown(field.default),
            field.description or "",
        )
        for name, field in Settings.model_fields.items()
    ]


def effective_settings(
    settings: Settings, environ: Mapping[str, str] | None = None
) -> list[EffectiveSetting]:
    """Each setting of `settings` (built by load_settings from `environ`, default: the
    process environment) with its value and its source. Secret values are never shown."""
    given = os.environ if environ is None else environ
    present = {k.upper() for k, v in given.items()}
    files = {k.upper() for k, v in given.items() if v.strip()}
    found = []
    for name in Settings.model_fields:
        variable = name.upper()
        value = getattr(settings, name)
        if f"{variable}_FILE" in files and variable in FILE_SETTINGS:
            source = f"{variable}_FILE"
        elif variable in present:
            source = "environment"
        else:
            source = "default"
        shown = (MASK if value else UNSET) if _is_secret(name) else _shown(value)
        found.append(EffectiveSetting(variable, shown, source))
    return found
