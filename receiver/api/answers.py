"""Answers the ingest routes send as they are: the status line, two headers and the body.

Litestar turns a handler's return value into a `Response`, then into an `ASGIResponse` whose
headers live in a mutable header map; for a webhook that Alertmanager posts thousands of times a
second that machinery costs more than the service's own work on the alerts (some 20 µs of
~100 µs per 2-alert request, measured in process). A handler whose return annotation is an
async callable gets it back untouched (Litestar's generic ASGI response handler), so these
answers skip it; `before_send` hooks and middleware still see both messages. The route declares
the 200's schema itself (`documented_answer`), so the OpenAPI document is unchanged.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar.openapi.datastructures import ResponseSpec
from litestar.types import Receive, Scope, Send

_JSON = msgspec.json.Encoder()
_JSON_TYPE = (b"content-type", b"application/json")
_TEXT_TYPE = (b"content-type", b"text/plain; charset=utf-8")


class Answer:
    """A finished HTTP answer: `status`, the content type and `body` (content-length added)."""

    __slots__ = ("body", "content_type", "status")

    def __init__(self, status: int, body: bytes, content_type: tuple[bytes, bytes]) -> None:
        """An answer with this status, body and `(b"content-type", value)` header."""
        self.status = status
        self.body = body
        self.content_type = content_type

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Send the answer as two ASGI messages (start, then the whole body)."""
        headers = [self.content_type, (b"content-length", str(len(self.body)).encode())]
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": self.body, "more_body": False})


def json_answer(value: Any, status: int = 200) -> Answer:
    """`value` (a msgspec Struct, dict, list …) encoded as JSON with this status."""
    return Answer(status, _JSON.encode(value), _JSON_TYPE)


def empty_answer(status: int = 200) -> Answer:
    """An empty `text/plain` answer with this status (what Alertmanager's API answers)."""
    return Answer(status, b"", _TEXT_TYPE)


def documented_answer(
    status: int, data: type[Any] | None, description: str
) -> dict[int, ResponseSpec]:
    """The OpenAPI entry of an `Answer` route's success status: `data`'s schema (None: no
    body), since the return annotation no longer tells Litestar what the body holds."""
    if data is None:  # documented as before: an (empty) text/plain string
        return {
            status: ResponseSpec(
                str, description=description, media_type="text/plain", generate_examples=False
            )
        }
    return {status: ResponseSpec(data, description=description, generate_examples=False)}
