"""`make eval-llm` (tests/eval/llm_run.py) against the loopback fake endpoint: the report's
columns, the disagreement table, and answers recorded as fixtures that replay the same run."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from graph.llm.client import ModelClient, ModelSettings
from graph.llm.prompt import build_prompt
from graph.patching.remediation import Guardrails
from tests.eval.llm_run import case_state, evaluate, main, render
from tests.eval.run import load_heldout
from tests.fakes.openai_server import FakeOpenAI

CASES = load_heldout()[:12]
GUARDRAILS = Guardrails()


def answer(category: str) -> str:
    return json.dumps(
        {"category": category, "root_cause": "why", "actions": ["look"], "remediation": None}
    )


def oracle() -> dict[str, str]:
    """Recorded answers by prompt key: the expected category, but `unknown` for every third."""
    record = {}
    for n, case in enumerate(CASES):
        prompt = build_prompt(case_state(case), GUARDRAILS)
        record[prompt.key("m")] = answer("unknown" if n % 3 == 0 else case["category"])
    return record


def replaying(record: dict[str, str]) -> Any:
    """The fake's answerer: the recorded answer to the request's prompt."""

    def said(body: dict[str, Any]) -> str:
        from graph.llm.prompt import Prompt

        system, user = (m["content"] for m in body["messages"])
        return record[Prompt(system.split("\n\nThe JSON schema")[0], user).key("m")]

    return said


@pytest.fixture
async def client() -> AsyncIterator[tuple[FakeOpenAI, ModelClient]]:
    async with FakeOpenAI(answer=replaying(oracle())) as fake:
        model = ModelClient(ModelSettings(base_url=fake.base_url, model="m"))
        yield fake, model
        await model.close()


async def test_the_report_puts_the_model_beside_the_rules_and_lists_disagreements(
    client: tuple[FakeOpenAI, ModelClient],
) -> None:
    fake, model = client
    scored = await evaluate(CASES, model, GUARDRAILS)
    assert len(fake.requests) == len(CASES)
    report = render("heldout", scored)
    assert "category" in report and "rules" in report and "model" in report and "final" in report
    model_right = sum(s.model == s.expected for s in scored)
    assert model_right == len(CASES) - len(range(0, len(CASES), 3))
    total = next(line for line in report.splitlines() if line.strip().startswith("TOTAL"))
    assert f"{model_right}/{len(CASES)}" in total
    differ = [s for s in scored if s.model != s.rules]
    assert f"disagreements ({len(differ)})" in report
    for s in differ:
        assert f"{s.id} | {s.expected} | {s.rules} | {s.model} | {s.final}" in report
    # A confident rule keeps its category; "unknown" from the model never replaces one.
    assert all(s.final == s.rules for s in scored if s.model == "unknown")
    assert "latency: median" in report and "tokens: prompt" in report


async def test_recorded_answers_replay_the_same_run(
    client: tuple[FakeOpenAI, ModelClient],
) -> None:
    _, model = client
    record: dict[str, str] = {}
    first = await evaluate(CASES, model, GUARDRAILS, record)
    assert len(record) == len(CASES)
    async with FakeOpenAI(answer=replaying(record)) as replay:
        again_client = ModelClient(ModelSettings(base_url=replay.base_url, model="m"))
        try:
            again = await evaluate(CASES, again_client, GUARDRAILS)
        finally:
            await again_client.close()
    assert [(s.id, s.model, s.final) for s in again] == [(s.id, s.model, s.final) for s in first]


def test_without_an_endpoint_it_says_what_to_set(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("LLM_BASE_URL", raising=False)
    monkeypatch.delenv("LLM_MODEL", raising=False)
    assert main([]) == 2
    assert "set LLM_BASE_URL and LLM_MODEL" in capsys.readouterr().err
