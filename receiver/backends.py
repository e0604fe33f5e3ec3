"""The evidence backends (Prometheus, Loki) from the settings, and whether each answers.

One `httpx.AsyncClient` per configured backend, created with the service's objects (creating
one does no I/O), handed to the query clients of graph.evidence and closed at stop. A backend
that does not answer never stops anything: `reachability` says so, for the start-up log line
and `alertgraph check-config`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from graph.context import EvidenceContext
from graph.evidence.backend import TENANT_HEADER, BackendAuth, Reason, Unavailable, http_client
from graph.evidence.loki import LokiClient, LokiLabels
from graph.evidence.prometheus import PrometheusClient
from graph.evidence.queries import LabelNames, MetricNames
from receiver.config import Settings

PROBE_SECONDS = 3.0  # a reachability probe waits at most this long (or the backend's timeout)
NOT_CONFIGURED = "not configured"
Answered = Callable[[str, int], None]  # (backend, HTTP status) of one answered query
REACHABLE = "reachable"


@dataclass(slots=True)
class Backends:
    """The query clients of the configured backends (None: not configured) and the HTTP
    clients under them, which `aclose` closes."""

    prometheus: PrometheusClient | None = None
    loki: LokiClient | None = None
    prometheus_tenant: str | None = None
    loki_tenant: str | None = None
    http: list[httpx.AsyncClient] = field(default_factory=list)

    async def aclose(self) -> None:
        """Close every HTTP client (idempotent)."""
        for client in self.http:
            await client.aclose()

    async def reachability(self, seconds: float = PROBE_SECONDS) -> dict[str, str]:
        """`{"prometheus": …, "loki": …}`, each `reachable`, `unreachable: <why>` (the
        reason and a masked detail) or `not configured`; probed concurrently, each for at
        most `seconds`."""
        probes: dict[str, Awaitable[Unavailable | None]] = {}
        if self.prometheus is not None:
            probes["prometheus"] = _probe(self.prometheus, self.prometheus_tenant, seconds)
        if self.loki is not None:
            probes["loki"] = _probe(self.loki, self.loki_tenant, seconds)
        results = dict(zip(probes, await asyncio.gather(*probes.values()), strict=True))
        return {
            name: NOT_CONFIGURED if name not in results else describe(results[name])
            for name in ("prometheus", "loki")
        }


def describe(problem: Unavailable | None) -> str:
    """`reachable`, or `unreachable (<reason>, HTTP n): <detail>` (the reason left out when
    it is only `unreachable`)."""
    if problem is None:
        return REACHABLE
    why = [] if problem.reason is Reason.UNREACHABLE else [problem.reason.value]
    if problem.status:
        why.append(f"HTTP {problem.status}")
    reason = f" ({', '.join(why)})" if why else ""
    detail = f": {problem.detail}" if problem.detail else ""
    return f"unreachable{reason}{detail}"


async def _probe(
    client: PrometheusClient | LokiClient, tenant: str | None, seconds: float
) -> Unavailable | None:
    """The client's own probe, given at most `seconds` (its answer, or why it gave none)."""
    try:
        async with asyncio.timeout(seconds):
            return await client.probe(tenant=tenant)
    except TimeoutError:
        return Unavailable(client.BACKEND, Reason.TIMEOUT, f"no answer within {seconds:g} s")


def _auth(token: str | None, username: str | None, password: str | None) -> BackendAuth | None:
    if token is None and username is None:
        return None
    return BackendAuth(token=token, username=username, password=password)


def _fixed_tenant(http: httpx.AsyncClient, tenant: str | None) -> None:
    """Send `tenant` as X-Scope-OrgID on every request of `http` (PROMETHEUS_TENANT /
    LOKI_TENANT win over the incident's tenant)."""
    if tenant is None:
        return

    async def set_tenant(request: httpx.Request) -> None:
        request.headers[TENANT_HEADER] = tenant

    http.event_hooks["request"].append(set_tenant)


def evidence_context(
    settings: Settings,
    backends: Backends,
    clock: Callable[[], float],
    sleep: Callable[[float], Awaitable[None]],
) -> EvidenceContext | None:
    """What the workflow gathers evidence with, from the settings; None when neither
    Prometheus nor Loki is configured (the workflow then runs as without evidence)."""
    if backends.prometheus is None and backends.loki is None:
        return None
    return EvidenceContext(
        clock=clock,
        sleep=sleep,
        prometheus=backends.prometheus,
        loki=backends.loki,
        names=MetricNames(**settings.prometheus_metric_names),
        labels=LabelNames(**settings.prometheus_label_names),
        loki_labels=LokiLabels(**settings.loki_label_names),
        budget=settings.enrich_budget,
        headroom=settings.memory_headroom,
        throttled_ratio=settings.cpu_throttled_ratio,
        verify_hold=settings.verify_hold,
        verify_interval=settings.verify_check_interval,
        verify_timeout=settings.verify_timeout,
    )


def _counted(http: httpx.AsyncClient, backend: str, count: Answered | None) -> None:
    """Tell `count(backend, status)` of every answer `http` receives."""
    if count is None:
        return

    async def answered(response: httpx.Response) -> None:
        count(backend, response.status_code)

    http.event_hooks["response"].append(answered)


def backends_from(settings: Settings, count: Answered | None = None) -> Backends:
    """The clients of the backends `settings` configure (none for an unset URL); `count` is
    told of each answer (backend, HTTP status: the evidence query metric)."""
    found = Backends(prometheus_tenant=settings.prometheus_tenant, loki_tenant=settings.loki_tenant)
    if settings.prometheus_url is not None:
        http = http_client(
            ca_file=settings.prometheus_ca_file,
            tls_skip_verify=settings.prometheus_tls_skip_verify,
            timeout=settings.prometheus_timeout,
        )
        _fixed_tenant(http, settings.prometheus_tenant)
        _counted(http, "prometheus", count)
        found.http.append(http)
        found.prometheus = PrometheusClient(
            http,
            settings.prometheus_url,
            auth=_auth(
                settings.prometheus_token,
                settings.prometheus_username,
                settings.prometheus_password,
            ),
            timeout=settings.prometheus_timeout,
        )
    if settings.loki_url is not None:
        http = http_client(
            ca_file=settings.loki_ca_file,
            tls_skip_verify=settings.loki_tls_skip_verify,
            timeout=settings.loki_timeout,
        )
        _fixed_tenant(http, settings.loki_tenant)
        _counted(http, "loki", count)
        found.http.append(http)
        found.loki = LokiClient(
            http,
            settings.loki_url,
            auth=_auth(settings.loki_token, settings.loki_username, settings.loki_password),
            timeout=settings.loki_timeout,
        )
    return found
