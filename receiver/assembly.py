"""The service's objects built from the settings: the workflow's context and runner, and
what acts around it (Slack, the approval policy's gate, silences, pull requests, the Loki
poller, where the durable state lives). receiver.app wires them; nothing here reads the
environment."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import structlog
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from graph.context import DeliveryContext, EvidenceContext, WorkflowContext
from graph.delivery.forge import ForgeError
from graph.git.gitops import GitStore
from graph.git.history import HistoryIndex
from graph.masking import mask_secrets
from graph.patching.remediation import Guardrails
from receiver.backends import NOT_CONFIGURED, Backends
from receiver.config import Settings
from receiver.delivery.wiring import delivery_watcher
from receiver.incidents.registry import IncidentRegistry
from receiver.incidents.table import IncidentStore, IncidentTable
from receiver.incidents.watch import IncidentWatch
from receiver.ingest.intake import Intake
from receiver.ingest.poll_cursor import PollCursorStore
from receiver.ingest.poller import LokiPoller, poller_config
from receiver.lifespan import Background, Durable
from receiver.metrics import Metrics
from receiver.pg.database import Database
from receiver.pg.tables import PgIncidentTable, PgPollCursorStore
from receiver.policies.store import PolicyStore
from receiver.replicas.inbox import Inbox
from receiver.replicas.leader import Leadership
from receiver.replicas.roles import Replicas
from receiver.silences.client import SilenceClient
from receiver.silences.lifecycle import SilenceLifecycle
from receiver.silences.silencer import DRY_RUN, IncidentSilences
from receiver.slack.approvers import ApproverRule, Approvers
from receiver.slack.client import SlackClient
from receiver.slack.inbound import SlackInbound
from receiver.slack.notifier import SlackNotifier
from receiver.threads.gate import ApprovalGate
from receiver.threads.observed import NodeTimer, WorkflowMetrics
from receiver.threads.runner import WorkflowRunner

if TYPE_CHECKING:
    from graph.llm.client import ModelClient

log = structlog.get_logger("alertgraph.app")
Sleep = Callable[[float], Awaitable[None]]


def around_the_workflow(
    settings: Settings,
    metrics: Metrics,
    workflows: WorkflowRunner,
    parts: tuple[Intake, HistoryIndex, Backends, IncidentStore | None, IncidentWatch],
    now: Callable[[], datetime],
    timers: tuple[Sleep, Sleep, Sleep, Sleep],
) -> dict[str, Any]:
    """What listens to the workflow and acts around it: Slack, the approval policy's gate,
    the silences and their lifecycle, the delivery watcher (`parts`: what they use of the
    service)."""
    slack_sleep, reminder_timer, poller_sleep, _ = timers
    intake, history, backends, table, watch = parts
    registry, store = workflows.registry, workflows.context.store
    policies, gate = approval_gate(settings, workflows, now, reminder_timer)
    silences = incident_silences(settings, backends, (table, watch), now)
    slack = slack_inbound(
        settings,
        metrics,
        registry,
        workflows,
        intake,
        history,
        store,
        now,
        slack_sleep,
        reminder_timer,
        silences=silences,
    )
    return {
        "slack": slack,
        "silences": silences,
        "delivery": delivery_watcher(
            settings, workflows, registry, store, backends, now, poller_sleep
        ),
        "policies": policies,
        "gate": gate,
        "silence_lifecycle": silence_lifecycle(silences, workflows, settings.verify_timeout),
    }


def approval_gate(
    settings: Settings, workflows: WorkflowRunner, now: Callable[[], datetime], timer: Sleep
) -> tuple[PolicyStore, ApprovalGate]:
    """The approval policy (POLICY_FILE; PolicyError stops start-up) and the gate that
    applies it to `workflows`' approvals; `timer` times the veto windows."""
    policies = PolicyStore(settings.policy_file, now=now)
    gate = ApprovalGate(policies, workflows, now=now, sleep=timer)
    workflows.gate = gate
    workflows.subscribe(gate.changed)
    return policies, gate


def silence_lifecycle(
    silences: IncidentSilences, workflows: WorkflowRunner, verify_timeout: float
) -> SilenceLifecycle:
    """Silences made while verifying when the policy asks, expired when incidents end."""
    lifecycle = SilenceLifecycle(silences, verify_timeout=verify_timeout)
    workflows.subscribe(lifecycle.changed)
    return lifecycle


def incident_silences(
    settings: Settings,
    backends: Backends,
    listeners: tuple[IncidentStore | None, IncidentWatch],
    now: Callable[[], datetime],
) -> IncidentSilences:
    """The incidents' Alertmanager silences (off without ALERTMANAGER_URL or in a dry run),
    saved to the incident table and waking status requests when they change."""
    client = None
    if settings.alertmanager_url and not settings.dry_run:
        http = httpx.AsyncClient(trust_env=False)
        backends.http.append(http)  # closed with the backends at stop
        client = SilenceClient(http, settings.alertmanager_url)
    silences = IncidentSilences(client, now, off_reason=DRY_RUN if settings.dry_run else None)
    table, watch = listeners
    if table is not None:
        silences.subscribe(table.save)
    silences.subscribe(watch.changed)
    return silences


def workflow_runner(
    settings: Settings, registry: IncidentRegistry, context: WorkflowContext
) -> WorkflowRunner:
    """The runner of the incidents' graph threads, bounded as the settings say."""
    return WorkflowRunner(
        registry,
        context,
        verify_timeout=settings.verify_timeout,
        max_concurrent_runs=settings.workflow_concurrency,
    )


def observe_workflow(
    metrics: Metrics,
    workflows: WorkflowRunner,
    now: Callable[[], datetime],
    clock: Callable[[], float] = time.monotonic,
) -> WorkflowMetrics:
    """The workflow's metrics: a listener of `workflows`, its decision hook and a timer of
    each node run (`clock`: monotonic seconds)."""
    observed = WorkflowMetrics(metrics, now)
    workflows.subscribe(observed.changed)
    workflows.on_decision = observed.decided
    workflows.run_callbacks.append(NodeTimer(metrics, clock))
    return observed


def evidence_counter(metrics: Metrics) -> Callable[[str, int], None]:
    """What counts each answered evidence query by backend and HTTP status class."""

    def count(backend: str, status: int) -> None:
        result = "ok" if status < 400 else "client_error" if status < 500 else "server_error"
        metrics.evidence_queries.labels(backend=backend, result=result).inc()

    return count


def durable_state(settings: Settings) -> Durable | None:
    """Where state outlives the process, by CHECKPOINT_URL's scheme: SQLite files, a
    PostgreSQL database (receiver.pg), or None (in memory)."""
    path = settings.checkpoint_path
    if path is not None:
        return sqlite_state(path)
    conninfo = settings.postgres_conninfo
    if conninfo is None:
        return None
    database = Database(conninfo, settings.checkpoint_shown)
    return Durable(
        table=PgIncidentTable(database.link),
        cursors=lambda: PgPollCursorStore(database.link),
        checkpointer=database.running,
        problem=database.problem,
        connect=database.connect,
    )


def sqlite_state(checkpoint_path: Path) -> Durable:
    """The checkpoints in the SQLite file at `checkpoint_path`; the incident table and the
    poller's cursor each in a file of its own beside it (two writers on one SQLite file would
    wait on each other's locks from the event loop)."""
    stem, suffix = checkpoint_path.stem, checkpoint_path.suffix or ".db"
    return Durable(
        table=IncidentTable(checkpoint_path.with_name(f"{stem}-incidents{suffix}")),
        cursors=lambda: PollCursorStore(checkpoint_path.with_name(f"{stem}-poller.db")),
        checkpointer=lambda: AsyncSqliteSaver.from_conn_string(str(checkpoint_path)),
    )


def replicas_of(settings: Settings, durable: Durable | None) -> Replicas | None:
    """PostgreSQL mode: this replica's election and inbox (receiver.replicas); else None."""
    if durable is None or durable.connect is None:
        return None
    name, url = settings.replica
    leadership = Leadership(
        durable.connect, name=name, url=url, lease_seconds=settings.leader_lease_seconds
    )
    return Replicas(leadership, Inbox(durable.connect), durable.connect)


def loki_poller(
    settings: Settings,
    backends: Backends,
    intake: Intake,
    metrics: Metrics,
    sleep: Sleep,
    durable: Durable | None = None,
) -> LokiPoller | None:
    """The fallback Loki poller when LOKI_URL and LOKI_POLL_QUERY are set (its cursor kept
    with the durable state, when there is one), else None."""
    config = poller_config(settings)
    if config is None or backends.loki is None:
        return None
    return LokiPoller(
        backends.loki,
        config,
        intake,
        settings.loki_tenant or settings.default_tenant,
        metrics,
        None if durable is None else durable.cursors(),
        clock=lambda: intake.now().timestamp(),
        sleep=sleep,
    )


def slack_inbound(
    settings: Settings,
    metrics: Metrics,
    registry: IncidentRegistry,
    workflows: WorkflowRunner,
    intake: Intake,
    history: HistoryIndex,
    store: GitStore,
    now: Callable[[], datetime],
    sleep: Sleep = asyncio.sleep,
    timer: Sleep = asyncio.sleep,
    silences: IncidentSilences | None = None,
) -> SlackInbound | None:
    """Slack, when configured: the outbound notifier subscribed to the workflow, and what
    the inbound routes need (`silences`: the "Silence 2 h" button's, when silences are on).
    None when Slack is off."""
    if not settings.slack_enabled:
        return None
    assert settings.slack_bot_token and settings.slack_signing_secret and settings.slack_channel
    client = SlackClient(
        settings.slack_bot_token, settings.slack_api_url, metrics.slack_errors, sleep=sleep
    )
    notifier = SlackNotifier(
        client,
        settings.slack_channel,
        settings.ui_language,
        link_base=settings.base_url,
        verify_timeout=settings.verify_timeout,
        reminder_after=settings.approval_reminder_after,
        now=now,
        sleep=sleep,
        timer=timer,
        dry_run=settings.dry_run,
        silenceable=silences is not None and silences.off_reason is None,
    )
    workflows.subscribe(notifier.incident_changed)
    rule = ApproverRule.parse(settings.slack_approvers)
    log.info(f"slack approvers: {rule.describe(settings.slack_channel)}")
    return SlackInbound(
        signing_secret=settings.slack_signing_secret,
        approvers=Approvers(rule, client.usergroup_members, lambda: now().timestamp()),
        language=settings.ui_language,
        registry=registry,
        workflows=workflows,
        notifier=notifier,
        intake=intake,
        history=history,
        store=store,
        now=now,
        silences=silences,
    )


def workflow_context(
    settings: Settings,
    store: GitStore,
    now: Callable[[], datetime],
    evidence: EvidenceContext | None = None,
    metrics: Metrics | None = None,
) -> WorkflowContext:
    """The workflow's collaborators from the settings (`evidence`: receiver.backends; the
    model's client with LLM_BASE_URL and LLM_MODEL, counted in `metrics`)."""
    return WorkflowContext(
        store=store,
        now=now,
        guardrails=Guardrails(
            max_memory=settings.max_memory,
            max_cpu=settings.max_cpu,
            max_replicas=settings.max_replicas,
            max_factor=settings.max_scale_factor,
        ),
        values_path_template=settings.values_path_template,
        evidence=evidence,
        advise_without_approval=True,  # the runner answers the advise interrupt
        delivery=DeliveryContext(settings.git_delivery, settings.dry_run),
        llm=model_client(settings, metrics),
    )


def model_client(settings: Settings, metrics: Metrics | None = None) -> ModelClient | None:
    """The model's client when LLM_BASE_URL and LLM_MODEL are set, else None (the SDK is
    imported only then)."""
    if not settings.llm_enabled:
        return None
    assert settings.llm_base_url and settings.llm_model
    from graph.llm.client import ModelClient, ModelSettings

    model = ModelSettings(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=settings.llm_api_key or "",
        timeout=settings.llm_timeout,
        max_tokens=settings.llm_max_tokens,
        temperature=settings.llm_temperature,
        language=settings.ui_language,
    )
    observer = ModelMetrics(metrics) if metrics is not None else None
    log.info(f"model analysis: {settings.llm_model} at {mask_secrets(settings.llm_base_url)}")
    return ModelClient(model, observer=observer)


class ModelMetrics:
    """The model client's observer (graph.llm.client.Observer): Prometheus counters."""

    def __init__(self, metrics: Metrics) -> None:
        """Counts into `metrics`' llm_* families."""
        self.metrics = metrics

    def requested(self, mode: str, outcome: str, seconds: float, tokens: tuple[int, int]) -> None:
        """One HTTP request to the endpoint."""
        self.metrics.llm_requests.labels(mode=mode, outcome=outcome).inc()
        self.metrics.llm_request_seconds.labels(mode=mode).observe(seconds)
        self.metrics.llm_tokens.labels(kind="prompt").inc(tokens[0])
        self.metrics.llm_tokens.labels(kind="completion").inc(tokens[1])

    def fell_back(self, mode: str) -> None:
        """The endpoint refused `mode`."""
        self.metrics.llm_fallbacks.labels(mode=mode).inc()

    def answered(self, outcome: str) -> None:
        """One consultation ended."""
        self.metrics.llm_answers.labels(outcome=outcome).inc()

    def disagreed(self) -> None:
        """The rules won a disagreement."""
        self.metrics.llm_disagreements.inc()


def service_health(settings: Settings, work: Background) -> Callable[[], Awaitable[dict[str, Any]]]:
    """What the console's health page shows, gathered when it is asked for: the queue, open
    incidents, alerts refused since start (by reason) and each backend's state."""

    async def health() -> dict[str, Any]:
        backends = await work.backends.reachability()
        backends["slack"] = await _slack_state(work)
        backends["forge"] = await _forge_state(work)
        backends["alertmanager"] = "configured" if settings.alertmanager_url else NOT_CONFIGURED
        backends["database"] = await _database_state(work.durable)
        refused = {
            sample.labels["reason"]: int(sample.value)
            for family in work.metrics.alerts_rejected.collect()
            for sample in family.samples
            if sample.name.endswith("_total") and sample.value
        }
        return {
            "queue_depth": work.queue.depth,
            "incidents_open": work.registry.open_count,
            "refused": refused,
            "backends": backends,
        }

    return health


async def _database_state(durable: Durable | None) -> str:
    """Whether the database answers (PostgreSQL), `local` (SQLite files) or not configured."""
    if durable is None:
        return NOT_CONFIGURED
    if durable.problem is None:
        return "local"
    problem = await durable.problem()
    return "reachable" if problem is None else f"unreachable: {problem}"


async def _slack_state(work: Background) -> str:
    """Whether Slack answers the bot token (auth.test, one attempt)."""
    if work.slack is None:
        return NOT_CONFIGURED
    return "reachable" if await work.slack.notifier.client.reachable() else "unreachable"


async def _forge_state(work: Background) -> str:
    """Whether the forge answers (a list of pull requests for a branch nobody has)."""
    forge = work.delivery.forge if work.delivery is not None else None
    if forge is None:
        return NOT_CONFIGURED
    try:
        await forge.find_pull_request("alertgraph/health-probe")
    except ForgeError as error:
        return f"unreachable: {error}"
    return "reachable"
