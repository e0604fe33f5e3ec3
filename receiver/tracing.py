"""Optional OpenTelemetry traces (`OTEL_EXPORTER_OTLP_ENDPOINT`; off by default).

With an endpoint, start-up sets up a tracer provider whose batch processor posts spans to
`<endpoint>/v1/traces` (OTLP/HTTP, protobuf) from a thread of its own, and the stop flushes
it. Two kinds of spans: one per HTTP request (`RequestSpans`, an ASGI middleware: method,
route template, status code) and one per workflow node run (`NodeSpans`, a LangChain callback
handler in the runs' config, as receiver.threads.observed times them) carrying the incident's
id as `alertgraph.incident_id`. Attributes hold ids, names and numbers only; an error's text
is masked. Without an endpoint nothing is built: no provider, no thread, no middleware.

The provider is the service's own (never OpenTelemetry's global one); its endpoint, resource,
sampler and timeout are given here from receiver.config's settings. (The OTLP exporter itself
still honours its own OTEL_EXPORTER_OTLP_HEADERS / _CERTIFICATE variables, e.g. a
collector's credentials; this code reads none.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler
from langgraph.errors import GraphBubbleUp
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import ALWAYS_ON, ParentBased
from opentelemetry.trace import NoOpTracer, Span, SpanKind, Status, StatusCode, Tracer

from graph.masking import mask_secrets

INCIDENT_ID = "alertgraph.incident_id"
NODE = "alertgraph.node"
EXPORT_TIMEOUT = 5.0  # seconds an export may take, retries included (also bounds the stop)


def traces_url(endpoint: str) -> str:
    """The traces signal's URL under an OTLP base URL, as the OTLP exporter spec joins them."""
    return endpoint.rstrip("/") + "/v1/traces"


class Tracing:
    """The service's traces: its tracer provider from start-up to stop (receiver.lifespan)."""

    def __init__(self, endpoint: str, service_name: str) -> None:
        """Traces sent to the OTLP/HTTP base URL `endpoint` as service `service_name`; nothing
        runs before `start`."""
        self.endpoint = endpoint
        self.service_name = service_name
        self._provider: TracerProvider | None = None
        self._tracer: Tracer = NoOpTracer()

    @property
    def tracer(self) -> Tracer:
        """The tracer spans are started with: a no-op one before `start` and after `stop`."""
        return self._tracer

    def start(self) -> None:
        """Set up the provider: a batch processor (its export thread) and the OTLP exporter."""
        exporter = OTLPSpanExporter(endpoint=traces_url(self.endpoint), timeout=EXPORT_TIMEOUT)
        provider = TracerProvider(
            resource=Resource({SERVICE_NAME: self.service_name}),
            sampler=ParentBased(ALWAYS_ON),
        )
        provider.add_span_processor(BatchSpanProcessor(exporter))
        self._provider = provider
        self._tracer = provider.get_tracer("alertgraph")

    def stop(self) -> None:
        """Export what is queued and end the export thread (blocks: call it in a thread)."""
        provider, self._provider = self._provider, None
        self._tracer = NoOpTracer()
        if provider is not None:
            provider.shutdown()


def tracing_from(endpoint: str | None, service_name: str) -> Tracing | None:
    """The service's traces when an OTLP endpoint is configured, else None."""
    return Tracing(endpoint, service_name) if endpoint else None


def request_spans(tracing: Tracing) -> Callable[[ASGIApp], ASGIApp]:
    """The ASGI middleware factory of `RequestSpans` for Litestar's `middleware=`."""

    def wrap(app: ASGIApp) -> ASGIApp:
        return RequestSpans(app, tracing)

    return wrap


class RequestSpans:
    """A server span per HTTP request: `<METHOD> <route template>`, its method, route and
    response status code (5xx: an error). The path's values (incident ids) stay out of the
    name: the route template names the route."""

    def __init__(self, app: ASGIApp, tracing: Tracing) -> None:
        """Around `app`, spans started with `tracing`'s tracer."""
        self.app = app
        self.tracing = tracing

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request inside its span."""
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        method = str(scope.get("method", ""))
        route = str(scope.get("path_template") or scope.get("path", ""))
        attributes = {"http.request.method": method, "http.route": route}
        name = f"{method} {route}"
        span = self.tracing.tracer.start_span(name, kind=SpanKind.SERVER, attributes=attributes)

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status = int(message["status"])
                span.set_attribute("http.response.status_code", status)
                if status >= 500:
                    span.set_status(Status(StatusCode.ERROR))
            await send(message)

        with trace.use_span(
            span, end_on_exit=True, record_exception=False, set_status_on_exception=False
        ):
            try:
                await self.app(scope, receive, sending)
            except Exception as exc:
                _failed(span, exc)
                raise


class NodeSpans(BaseCallbackHandler):
    """A span per LangGraph node run (the chain run named after its node), named after the
    node, with `alertgraph.node` and the incident's id (the run's thread id) as
    `alertgraph.incident_id`. A node that pauses (an interrupt: the approval waiting) ends
    its span with `alertgraph.paused`; one that fails, with an error status."""

    run_inline = True  # called in the event loop: a span started within a request is its child

    def __init__(self, tracing: Tracing) -> None:
        """Spans started with `tracing`'s tracer."""
        self.tracing = tracing
        self._spans: dict[UUID, Span] = {}

    def on_chain_start(
        self,
        serialized: dict[str, Any] | None,
        inputs: Any,
        *,
        run_id: UUID,
        metadata: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """Start a node's span when its own run starts (not the runnables inside it)."""
        node = (metadata or {}).get("langgraph_node")
        if node and kwargs.get("name") == node:
            attributes = {NODE: str(node)}
            incident_id = (metadata or {}).get("thread_id")
            if incident_id:
                attributes[INCIDENT_ID] = str(incident_id)
            self._spans[run_id] = self.tracing.tracer.start_span(str(node), attributes=attributes)

    def on_chain_end(self, outputs: Any, *, run_id: UUID, **kwargs: Any) -> None:
        """End a node's span that finished."""
        span = self._spans.pop(run_id, None)
        if span is not None:
            span.end()

    def on_chain_error(self, error: BaseException, *, run_id: UUID, **kwargs: Any) -> None:
        """End a node's span that paused (an interrupt) or failed."""
        span = self._spans.pop(run_id, None)
        if span is None:
            return
        if isinstance(error, GraphBubbleUp):
            span.set_attribute("alertgraph.paused", True)
        else:
            _failed(span, error)
        span.end()


def _failed(span: Span, error: BaseException) -> None:
    """Mark `span` failed with the error's type and masked text (never a secret)."""
    span.set_attribute("error.type", type(error).__name__)
    span.set_status(Status(StatusCode.ERROR, mask_secrets(f"{type(error).__name__}: {error}")))
