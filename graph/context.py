"""The workflow's collaborators, handed to every run as LangGraph runtime context.

They are not state: nothing here is checkpointed, so a restarted service passes fresh ones.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from graph.evidence.capping import HEADROOM, THROTTLED_RATIO
from graph.evidence.enrichment import DEFAULT_BUDGET
from graph.evidence.loki import LineBounds, LokiClient, LokiLabels
from graph.evidence.prometheus import PrometheusClient
from graph.evidence.queries import LabelNames, MetricNames
from graph.git.gitops import GitStore
from graph.git.paths import DEFAULT_VALUES_PATH_TEMPLATE
from graph.patching.remediation import Guardrails
from graph.state import DeliveryMode

if TYPE_CHECKING:  # the client imports the openai SDK: only a service with LLM_* loads it
    from graph.llm.client import ModelClient


@dataclass(frozen=True, slots=True)
class EvidenceContext:
    """Where evidence comes from and how it is used (the enrich, propose and verify nodes).

    `prometheus` / `loki`: the clients (created once at start-up on a shared httpx client,
    closed at shutdown); None = that backend is not configured and its evidence is missing
    as `not_configured`. `names` / `labels` / `loki_labels`: metric and label names for
    non-standard setups (`labels.cluster` scopes every query to the incident's cluster).
    `tenant`: the `X-Scope-OrgID` when the incident names none. `budget`: seconds enrichment
    may take in all. `headroom` and `throttled_ratio`: sizing (graph.evidence.sizing).
    `verify_hold` / `verify_interval` / `verify_timeout`: seconds the alert's expression must
    stay clear, between two checks, and at most in all after the alerts resolved. `clock`
    (unix seconds) and `sleep` are injected so tests never wait.
    """

    clock: Callable[[], float]
    sleep: Callable[[float], Awaitable[None]]
    prometheus: PrometheusClient | None = None
    loki: LokiClient | None = None
    names: MetricNames = field(default_factory=MetricNames)
    labels: LabelNames = field(default_factory=LabelNames)
    loki_labels: LokiLabels = field(default_factory=LokiLabels)
    line_bounds: LineBounds = field(default_factory=LineBounds)
    tenant: str | None = None
    budget: float = DEFAULT_BUDGET
    headroom: float = HEADROOM
    throttled_ratio: float = THROTTLED_RATIO
    verify_hold: float = 300.0
    verify_interval: float = 30.0
    verify_timeout: float = 900.0


@dataclass(frozen=True, slots=True)
class DeliveryContext:
    """How an approved change is delivered (GIT_DELIVERY) and whether anything is (DRY_RUN).

    `mode` commit writes to the store's branch; branch and pull_request write the change on
    `alertgraph/<incident-id>` (graph.nodes.merge waits for it to reach the branch). `dry_run`:
    no node writes to git at all; an approval ends `dry_run`.
    """

    mode: DeliveryMode = "commit"
    dry_run: bool = False


@dataclass(frozen=True, slots=True)
class WorkflowContext:
    """What the nodes need from outside: the git store, the clock and the limits.

    `evidence` None: no enrichment, sizing by the step rules only, and an alert that
    resolved counts as recovered — the workflow as it was before evidence existed.
    """

    store: GitStore
    now: Callable[[], datetime]
    guardrails: Guardrails = field(default_factory=Guardrails)
    values_path_template: str = DEFAULT_VALUES_PATH_TEMPLATE
    # An image.tag change younger than this is a candidate for a revert.
    image_tag_window: timedelta = timedelta(hours=24)
    # A category no values change remedies gets an advice-only proposal that waits for its
    # alerts to resolve or an acknowledgement (the advise node) instead of an approval. Off
    # until the runner answers the advise interrupt (graph.state describes the contract).
    advise_without_approval: bool = False
    evidence: EvidenceContext | None = None
    delivery: DeliveryContext = field(default_factory=DeliveryContext)
    # The model asked for a second opinion after the rule analysis (graph.nodes.consult);
    # None (LLM_BASE_URL unset): the node passes and nothing else changes.
    llm: ModelClient | None = None
