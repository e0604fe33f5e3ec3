"""A fake OpenAI-compatible chat completions endpoint on loopback (docs/contracts/openai.md).

`POST /v1/chat/completions` answers as the OpenAI API and the servers that copy it (vLLM,
Ollama, llama.cpp, LiteLLM) do: a `chat.completion` object with `model`, `choices[0].message
.content` and `usage`. Every request is recorded (`requests`: the JSON body and headers) before
anything is answered, so a test can check what left the service. What the "model" says comes
from `answer` (a function of the request, or a fixed answer). `refuses` names the
response_format types the server does not take (400, as servers without grammar support
answer a json_schema request); `script` queues what the next requests get instead: "429"
(with Retry-After), "500", "slow" (the answer after `delay` s), "malformed" (content that is
not JSON), "html" (a 200 whose body is a proxy's HTML page, not a completion). Not modelled:
streaming, tools, logprobs, n > 1.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Self

from aiohttp import web

Behaviour = Literal["429", "500", "slow", "malformed", "html"]
Answerer = Callable[[dict[str, Any]], dict[str, Any] | str]
SERVED_MODEL = "qwen2.5-7b-instruct-q4"


@dataclass
class Recorded:
    """One request as it arrived."""

    body: dict[str, Any]
    headers: dict[str, str]

    @property
    def mode(self) -> str:
        """json_schema, json_object or prompt: how the answer was asked for."""
        return str((self.body.get("response_format") or {}).get("type", "prompt"))

    def text(self) -> str:
        """Every message's content, joined: what the model would read."""
        return "\n".join(str(m.get("content", "")) for m in self.body.get("messages", []))


def good_answer(category: str = "oom", **extra: Any) -> dict[str, Any]:
    """An answer the schema allows."""
    return {
        "category": category,
        "root_cause": "The container needs more memory than its 512Mi limit at peak load.",
        "actions": ["Check the memory growth over the last week.", "Look for a leak."],
        "remediation": None,
        **extra,
    }


@dataclass
class FakeOpenAI:
    """The fake endpoint: an async context manager serving on 127.0.0.1 (module docstring)."""

    answer: Answerer | dict[str, Any] | str = field(default_factory=good_answer)
    served_model: str = SERVED_MODEL
    delay: float = 2.0
    retry_after: str = "1"
    refuses: set[str] = field(default_factory=set)
    requests: list[Recorded] = field(default_factory=list)
    _script: deque[Behaviour] = field(default_factory=deque)
    _runner: web.AppRunner | None = None
    _port: int = 0
    _ids: itertools.count[int] = field(default_factory=itertools.count)

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._serve)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self._port = int(self._runner.addresses[0][1])
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """LLM_BASE_URL for this endpoint."""
        return f"http://127.0.0.1:{self._port}/v1"

    def script(self, *behaviours: Behaviour) -> None:
        """What the next requests get, in order (then `answer` again)."""
        self._script.extend(behaviours)

    async def _serve(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append(Recorded(body, dict(request.headers)))
        mode = str((body.get("response_format") or {}).get("type", ""))
        if mode in self.refuses:
            return _error(400, f"response_format type {mode} is not supported", "invalid_request")
        behaviour = self._script.popleft() if self._script else None
        if behaviour == "429":
            return _error(
                429, "Rate limit reached", "rate_limit", {"Retry-After": self.retry_after}
            )
        if behaviour == "500":
            return _error(500, "The server had an error", "server_error")
        if behaviour == "html":
            return web.Response(
                text="<html><body>Sign in to the proxy</body></html>", content_type="text/html"
            )
        if behaviour == "slow":
            await asyncio.sleep(self.delay)
        content = "{'category': oom" if behaviour == "malformed" else self._content(body)
        return web.json_response(self._completion(body, content))

    def _content(self, body: dict[str, Any]) -> str:
        said = self.answer(body) if callable(self.answer) else self.answer
        return said if isinstance(said, str) else json.dumps(said, ensure_ascii=False)

    def _completion(self, body: dict[str, Any], content: str) -> dict[str, Any]:
        prompt_tokens = sum(len(str(m.get("content", ""))) // 4 for m in body["messages"])
        return {
            "id": f"chatcmpl-{next(self._ids)}",
            "object": "chat.completion",
            "created": 1764000000,
            "model": self.served_model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                    "logprobs": None,
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": len(content) // 4,
                "total_tokens": prompt_tokens + len(content) // 4,
            },
        }


def _error(
    status: int, message: str, kind: str, headers: dict[str, str] | None = None
) -> web.Response:
    """An error as the OpenAI API words it: `{"error": {"message", "type", "code"}}`."""
    body = {"error": {"message": message, "type": kind, "param": None, "code": None}}
    return web.json_response(body, status=status, headers=headers)
