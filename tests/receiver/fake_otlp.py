"""A loopback fake of an OpenTelemetry collector's OTLP/HTTP traces receiver.

The contract relied on (OTLP 1.x specification, "OTLP/HTTP"; what the opentelemetry-exporter-
otlp-proto-http exporter sends):
- `POST <base URL>/v1/traces`, `Content-Type: application/x-protobuf`, the body a serialized
  `opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest` (gzip- or
  deflate-compressed when `Content-Encoding` says so; uncompressed by default).
- The request holds `resource_spans`, each with its `resource` (attributes: `service.name`)
  and `scope_spans`, each with its `spans`: `name`, `kind`, `attributes` (a list of
  `KeyValue` whose `value` is an `AnyValue`: `string_value`, `int_value`, `bool_value`, …),
  `status` (`code`: unset, ok or error).
- Success is `200 OK` with a serialized `ExportTraceServiceResponse` (may be empty) as
  `application/x-protobuf`; anything else is the collector refusing or failing, which the
  exporter retries (429, 502-504) or drops.
The fake decodes with the `opentelemetry-proto` classes the exporter itself depends on, so a
change of the wire format shows here as a decoding failure, not as silently missing spans.
"""

from __future__ import annotations

import gzip
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.common.v1.common_pb2 import AnyValue

TRACES_PATH = "/v1/traces"
PROTOBUF = "application/x-protobuf"


@dataclass(frozen=True)
class ReceivedSpan:
    """One span as the collector received it: its resource's service name, its name, kind
    (the protobuf enum's number), attributes and status code."""

    service: str
    name: str
    kind: int
    attributes: dict[str, Any]
    status_code: int


@dataclass
class FakeCollector:
    """What the fake received: the decoded spans and every request's path and content type."""

    url: str = ""
    spans: list[ReceivedSpan] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, path: str, content_type: str, body: bytes) -> int:
        """Record one export request; the HTTP status to answer."""
        with self.lock:
            self.requests.append((path, content_type))
        if path != TRACES_PATH:
            return 404
        if content_type != PROTOBUF:
            return 415
        request = ExportTraceServiceRequest()
        request.ParseFromString(body)
        spans = list(_spans(request))
        with self.lock:
            self.spans.extend(spans)
        return 200

    def named(self, name: str) -> list[ReceivedSpan]:
        """The received spans called `name`."""
        with self.lock:
            return [span for span in self.spans if span.name == name]


def _spans(request: ExportTraceServiceRequest) -> Iterator[ReceivedSpan]:
    for resource_spans in request.resource_spans:
        resource = {a.key: _value(a.value) for a in resource_spans.resource.attributes}
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                yield ReceivedSpan(
                    service=str(resource.get("service.name", "")),
                    name=span.name,
                    kind=span.kind,
                    attributes={a.key: _value(a.value) for a in span.attributes},
                    status_code=span.status.code,
                )


def _value(value: AnyValue) -> Any:
    kind = value.WhichOneof("value")
    return getattr(value, kind) if kind else None


def _decoded(encoding: str, body: bytes) -> bytes:
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "deflate":
        return zlib.decompress(body)
    return body


@contextmanager
def collecting() -> Iterator[FakeCollector]:
    """Serve a fake collector on a free loopback port (its `url`: the OTLP base URL)."""
    fake = FakeCollector()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = _decoded(self.headers.get("Content-Encoding", ""), self.rfile.read(length))
            content_type = self.headers.get("Content-Type", "").split(";")[0].strip()
            status = fake.take(self.path, content_type, body)
            answer = ExportTraceServiceResponse().SerializeToString() if status == 200 else b""
            self.send_response(status)
            self.send_header("Content-Type", PROTOBUF)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
