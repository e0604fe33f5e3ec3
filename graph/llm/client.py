"""Asking an OpenAI-compatible endpoint for the answer (I/O): modes, retries, budget, cache.

`ModelClient.consult` sends one prompt through the `openai` SDK's chat completions (the SDK's
own retries off: this module's budget decides) and returns a `Consultation` — an answer that
passed graph.llm.answer's strict reading, or the reason there is none. It never raises for
anything the endpoint does.

- Structured output, best first: `json_schema` (strict), then `json_object` with the schema
  in the prompt, then a plain prompt, each read strictly. A server that refuses a mode
  (HTTP 400, 404, 422 or 501 to that request: llama.cpp, older vLLM, some proxies) is asked
  the next way at once, and the client remembers the mode that worked.
- Budget: `timeout` seconds for the whole consultation, retries included. A 429 is tried
  again after its Retry-After when that fits in the time left, a 5xx or a dropped connection
  after a second, three tries at most; otherwise the reason is kept ("rate limited
  (Retry-After 30 s) …").
- Cache: answers by sha256 of model + prompt (graph.llm.prompt.Prompt.key), the newest
  `cache_size` kept; failures are not cached.
- `observer` (receiver side: Prometheus metrics) hears every request, fallback and failure;
  `clock` (monotonic seconds) and `sleep` are injected so tests never wait.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Final, Literal, Protocol

import httpx2
import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletion

from graph.llm.answer import ANSWER_SCHEMA, AnswerError, ModelAnswer, read_answer
from graph.llm.prompt import Prompt

Mode = Literal["json_schema", "json_object", "prompt"]
MODES: Final[tuple[Mode, ...]] = ("json_schema", "json_object", "prompt")
REFUSED_MODE: Final = frozenset({400, 404, 422, 501})  # the server does not take this request
# Why there is no answer: the `reason` label of the failures metric (bounded).
FAILURES: Final = (
    "timeout",
    "rate_limited",
    "server_error",
    "unreachable",
    "refused",
    "invalid_answer",
)
Failure = Literal[
    "timeout", "rate_limited", "server_error", "unreachable", "refused", "invalid_answer"
]


class Observer(Protocol):
    """What hears the client's work (receiver.llm_metrics counts it)."""

    def requested(self, mode: str, outcome: str, seconds: float, tokens: tuple[int, int]) -> None:
        """One HTTP request: its mode, `ok` or a FAILURES reason, its seconds and
        (prompt, completion) tokens."""

    def fell_back(self, mode: str) -> None:
        """The server refused `mode`; the next one is tried."""

    def answered(self, outcome: str) -> None:
        """One consultation ended: `ok`, `cached` or a FAILURES reason."""

    def disagreed(self) -> None:
        """The model's category lost to a confident rule signal."""


class _Quiet:
    def requested(self, mode: str, outcome: str, seconds: float, tokens: tuple[int, int]) -> None:
        """Nothing."""

    def fell_back(self, mode: str) -> None:
        """Nothing."""

    def answered(self, outcome: str) -> None:
        """Nothing."""

    def disagreed(self) -> None:
        """Nothing."""


@dataclass(frozen=True, slots=True)
class Consultation:
    """What one consultation gave: an answer (with the model that wrote it and how), or the
    `failure` reason and a one-line `note` saying why there is none."""

    model: str
    answer: ModelAnswer | None = None
    mode: Mode | None = None
    failure: Failure | None = None
    note: str = ""
    seconds: float = 0.0
    tokens: tuple[int, int] = (0, 0)
    cached: bool = False


@dataclass(frozen=True, slots=True)
class ModelSettings:
    """How to reach the model (receiver.config's LLM_* settings)."""

    base_url: str
    model: str
    api_key: str = ""
    timeout: float = 20.0
    max_tokens: int = 800
    temperature: float = 0.0
    language: str = "en"


# The SDK sends OpenAI-Organization / OpenAI-Project when they are set; omitted here.
_NO_ORGANIZATION: Final[dict[str, Any]] = {
    "OpenAI-Organization": openai.omit,
    "OpenAI-Project": openai.omit,
}


class _Refused(Exception):
    """The server would not take this mode."""


@dataclass
class _Attempt:
    """The state of one consultation: when it must end and what it learned."""

    deadline: float
    tokens: tuple[int, int] = (0, 0)
    served_by: str = ""
    fallbacks: list[str] = field(default_factory=list)


class ModelClient:
    """One OpenAI-compatible endpoint and model (see the module docstring)."""

    def __init__(
        self,
        settings: ModelSettings,
        *,
        observer: Observer | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        cache_size: int = 256,
    ) -> None:
        """A client of `settings.base_url`; nothing is sent until `consult`."""
        self.settings = settings
        self._observer: Observer = observer or _Quiet()
        self._clock, self._sleep = clock, sleep
        self._cache: OrderedDict[str, Consultation] = OrderedDict()
        self._cache_size = cache_size
        self._first_mode = 0  # index into MODES: the modes the server refused are skipped
        # Everything explicit, so the SDK reads no OPENAI_* variable of the environment;
        # no proxies from the environment either (as every other client of the service).
        # No idle connection is kept: a consultation takes seconds, a new TCP connection
        # milliseconds, and nothing is left open for a shutdown to close.
        self._sdk = AsyncOpenAI(
            api_key=settings.api_key or "unused",
            admin_api_key="",
            organization="",
            project="",
            webhook_secret="",
            base_url=settings.base_url,
            max_retries=0,
            timeout=settings.timeout,
            default_headers=_NO_ORGANIZATION,
            http_client=openai.DefaultAsyncHttpxClient(
                trust_env=False, limits=httpx2.Limits(max_keepalive_connections=0)
            ),
        )

    @property
    def model(self) -> str:
        """The model asked (LLM_MODEL)."""
        return self.settings.model

    def disagreed(self) -> None:
        """Count a disagreement the rules won (graph.nodes.consult tells it)."""
        self._observer.disagreed()

    async def close(self) -> None:
        """Close the HTTP connections."""
        await self._sdk.close()

    async def consult(self, prompt: Prompt) -> Consultation:
        """The model's checked answer to `prompt`, from the cache when it was asked before."""
        key = prompt.key(self.model)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            self._observer.answered("cached")
            return Consultation(**{**_fields(cached), "cached": True, "seconds": 0.0})
        began = self._clock()
        try:
            result = await self._ask(prompt, _Attempt(began + self.settings.timeout))
        except Exception as error:  # anything unforeseen: the rules' result stands, never a crash
            note = f"the endpoint's response could not be read ({type(error).__name__})"
            result = Consultation(self.model, failure="invalid_answer", note=note)
        result = Consultation(**{**_fields(result), "seconds": self._clock() - began})
        self._observer.answered("ok" if result.answer else str(result.failure))
        if result.answer is not None:
            self._cache[key] = result
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return result

    async def _ask(self, prompt: Prompt, attempt: _Attempt) -> Consultation:
        """Each mode in turn until one is taken; its answer read strictly."""
        for index in range(self._first_mode, len(MODES)):
            mode = MODES[index]
            try:
                content = await self._with_retries(prompt, mode, attempt)
            except _Refused as refused:
                self._observer.fell_back(mode)
                attempt.fallbacks.append(f"{mode} refused ({refused})")
                continue
            except _Failed as failed:
                return self._failed(failed.reason, failed.note, attempt)
            self._first_mode = index
            try:
                answer = read_answer(content)
            except AnswerError as error:
                return self._failed("invalid_answer", str(error), attempt, mode)
            model = attempt.served_by or self.model
            return Consultation(model, answer, mode, tokens=attempt.tokens)
        note = "the endpoint refused every way of asking: " + "; ".join(attempt.fallbacks)
        return self._failed("refused", note, attempt)

    def _failed(
        self, reason: Failure, note: str, attempt: _Attempt, mode: Mode | None = None
    ) -> Consultation:
        return Consultation(
            attempt.served_by or self.model, None, mode, reason, note, tokens=attempt.tokens
        )

    async def _with_retries(self, prompt: Prompt, mode: Mode, attempt: _Attempt) -> str | None:
        """One mode's request, tried again while a retry fits the budget."""
        tries = 0
        while True:
            tries += 1
            try:
                return await self._request(prompt, mode, attempt)
            except _Failed as failed:
                left = attempt.deadline - self._clock()
                wait = failed.retry_after
                if tries >= 3 or wait is None or wait >= left:
                    if wait is not None and wait >= left and failed.reason == "rate_limited":
                        failed.note += f"; Retry-After {wait:g} s exceeds the {left:.0f} s left"
                    raise
                await self._sleep(wait)

    async def _request(self, prompt: Prompt, mode: Mode, attempt: _Attempt) -> str | None:
        left = attempt.deadline - self._clock()
        if left <= 0:
            raise _Failed("timeout", f"no answer within {self.settings.timeout:g} s")
        began = time.perf_counter()
        try:
            response = await self._sdk.chat.completions.create(
                model=self.model,
                messages=prompt.messages(schema_in_prompt=mode != "json_schema"),  # type: ignore[arg-type]
                max_tokens=self.settings.max_tokens,
                temperature=self.settings.temperature,
                timeout=left,
                **_response_format(mode),
            )
        except openai.APIError as error:
            failed = _failure(error, self.settings.timeout)
            if isinstance(failed, _Refused) and mode == "prompt":  # nothing left to fall to
                failed = _Failed("refused", f"the endpoint refused the request ({failed})")
            outcome = "refused" if isinstance(failed, _Refused) else failed.reason
            self._observer.requested(mode, outcome, time.perf_counter() - began, (0, 0))
            raise failed from None
        if not isinstance(response, ChatCompletion):  # a 200 that is no completion (a proxy's page)
            self._observer.requested(mode, "invalid_answer", time.perf_counter() - began, (0, 0))
            raise _Failed("invalid_answer", "the endpoint's response could not be read")
        usage = response.usage
        used = (usage.prompt_tokens, usage.completion_tokens) if usage is not None else (0, 0)
        self._observer.requested(mode, "ok", time.perf_counter() - began, used)
        attempt.tokens = (attempt.tokens[0] + used[0], attempt.tokens[1] + used[1])
        attempt.served_by = response.model or self.model
        choice = response.choices[0] if response.choices else None
        return choice.message.content if choice is not None else None


class _Failed(Exception):
    """A request failed: `reason` (FAILURES), a `note`, and the seconds after which trying
    again may work (None: do not)."""

    def __init__(self, reason: Failure, note: str, retry_after: float | None = None) -> None:
        super().__init__(note)
        self.reason, self.note, self.retry_after = reason, note, retry_after


def _failure(error: openai.APIError, timeout: float) -> _Failed | _Refused:
    """What an SDK error means here."""
    if isinstance(error, openai.APITimeoutError):
        return _Failed("timeout", f"no answer within {timeout:g} s")
    if isinstance(error, openai.APIConnectionError):
        return _Failed("unreachable", "the endpoint could not be reached", retry_after=1.0)
    if isinstance(error, openai.APIStatusError):
        status = error.status_code
        if status == 429:
            wait = _retry_after(error.response.headers.get("retry-after"))
            shown = f" (Retry-After {wait:g} s)" if wait is not None else ""
            return _Failed("rate_limited", f"rate limited by the endpoint{shown}", wait or 1.0)
        if status >= 500 and status != 501:
            return _Failed("server_error", f"the endpoint failed (HTTP {status})", 1.0)
        if status in REFUSED_MODE:
            return _Refused(f"HTTP {status}")
        return _Failed("refused", f"the endpoint refused the request (HTTP {status})")
    return _Failed("invalid_answer", "the endpoint's response could not be read")


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds (the delta form; a date is not trusted), or None."""
    try:
        seconds = float(value) if value is not None else None
    except ValueError:
        return None
    return seconds if seconds is not None and 0 <= seconds < 86400 else None


def _response_format(mode: Mode) -> dict[str, Any]:
    if mode == "json_schema":
        schema = {"name": "incident_analysis", "strict": True, "schema": ANSWER_SCHEMA}
        return {"response_format": {"type": "json_schema", "json_schema": schema}}
    if mode == "json_object":
        return {"response_format": {"type": "json_object"}}
    return {}


def _fields(result: Consultation) -> dict[str, Any]:
    return {name: getattr(result, name) for name in Consultation.__slots__}
