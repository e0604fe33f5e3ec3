"""The model's settings (LLM_*), the client built into the workflow's context, and its metrics.

Unset, nothing is built and the workflow's context carries no model; set, the client asks the
endpoint (a loopback fake speaking the chat completions protocol) and every request, fallback,
token count and disagreement shows in the service's metrics.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry

from graph.git.gitops import GitStore
from graph.llm.prompt import Prompt
from receiver.assembly import workflow_context
from receiver.config import ConfigError, effective_settings, load_settings
from receiver.metrics import Metrics
from tests.fakes.openai_server import FakeOpenAI, good_answer

NOW = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)


@pytest.fixture
async def fake() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI() as served:
        yield served


def test_unset_builds_no_model_into_the_context(tmp_path: Path) -> None:
    settings = load_settings({})
    assert not settings.llm_enabled
    assert (settings.llm_timeout, settings.llm_temperature) == (20.0, 0.0)
    context = workflow_context(settings, GitStore(tmp_path / "g"), lambda: NOW)
    assert context.llm is None


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"LLM_BASE_URL": "http://127.0.0.1:8080/v1"}, "LLM_BASE_URL is set but LLM_MODEL"),
        ({"LLM_MODEL": "llama3"}, "LLM_MODEL is set but LLM_BASE_URL is not"),
        (
            {"LLM_BASE_URL": "127.0.0.1:8080", "LLM_MODEL": "m"},
            "must be an http:// or https:// URL",
        ),
        ({"LLM_TIMEOUT": "0"}, "LLM_TIMEOUT"),
    ],
)
def test_half_a_model_setting_stops_start_up_with_one_line(env: dict[str, str], says: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(env)
    assert says in str(raised.value)


def test_the_key_may_come_from_a_file_and_is_never_shown(tmp_path: Path) -> None:
    key = tmp_path / "llm-key"
    key.write_text("sk-proj-0123456789abcdefghij\n")
    env = {"LLM_BASE_URL": "http://127.0.0.1:1/v1", "LLM_MODEL": "m", "LLM_API_KEY_FILE": str(key)}
    settings = load_settings(env)
    assert settings.llm_api_key == "sk-proj-0123456789abcdefghij"
    shown = {s.name: s for s in effective_settings(settings, env)}["LLM_API_KEY"]
    assert (shown.value, shown.source) == ("****", "LLM_API_KEY_FILE")
    assert "0123456789" not in repr(settings)


async def test_requests_fallbacks_tokens_and_failures_are_counted(
    tmp_path: Path, fake: FakeOpenAI
) -> None:
    env = {"LLM_BASE_URL": fake.base_url, "LLM_MODEL": "m", "LLM_API_KEY": "sk-test-key-42"}
    metrics = Metrics(CollectorRegistry())
    context = workflow_context(
        load_settings(env), GitStore(tmp_path / "g"), lambda: NOW, None, metrics
    )
    assert context.llm is not None
    fake.refuses = {"json_schema"}
    fake.answer = good_answer()
    try:
        first = await context.llm.consult(Prompt("system", "incident one"))
        await context.llm.consult(Prompt("system", "incident one"))  # cached
        fake.script("malformed")
        await context.llm.consult(Prompt("system", "incident two"))
        context.llm.disagreed()
    finally:
        await context.llm.close()
    assert first.answer is not None and first.tokens[0] > 0
    assert fake.requests[0].headers["Authorization"] == "Bearer sk-test-key-42"

    def value(name: str, **labels: str) -> float:
        found = metrics.registry.get_sample_value(name, labels)
        return found or 0.0

    assert value("alertgraph_llm_fallbacks_total", mode="json_schema") == 1
    assert value("alertgraph_llm_requests_total", mode="json_schema", outcome="refused") == 1
    assert value("alertgraph_llm_requests_total", mode="json_object", outcome="ok") == 2
    assert value("alertgraph_llm_consultations_total", outcome="ok") == 1
    assert value("alertgraph_llm_consultations_total", outcome="cached") == 1
    assert value("alertgraph_llm_consultations_total", outcome="invalid_answer") == 1
    assert value("alertgraph_llm_tokens_total", kind="prompt") == first.tokens[0] * 2
    assert value("alertgraph_llm_disagreements_total") == 1
    assert value("alertgraph_llm_request_seconds_count", mode="json_object") == 2
