"""The held-out set through the model: accuracy per category beside the rules', the
disagreements, latency and tokens (`make eval-llm`; needs LLM_BASE_URL and LLM_MODEL).

Each case is analysed as the workflow does it: the rules first (`run.analyse_case`), then the
same prompt the consult node sends (graph.llm.prompt), the same client (graph.llm.client) and
the same fence (graph.llm.fence). Three columns per category: the rules, the model's own
category, and the incident's category after the fence (what the workflow would propose
from). `--record FILE` keeps each answer by its prompt's cache key, so a test can replay the
run against the loopback fake without a model (tests/eval/test_llm_eval.py). The settings are
read by receiver.config, as the service reads them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

from graph.llm.client import ModelClient, ModelSettings  # noqa: E402
from graph.llm.fence import fenced  # noqa: E402
from graph.llm.prompt import build_prompt  # noqa: E402
from graph.nodes.triage import kept  # noqa: E402
from graph.patching.remediation import Guardrails  # noqa: E402
from graph.state import AlertSnapshot, IncidentState  # noqa: E402
from receiver.config import ConfigError, load_settings  # noqa: E402
from receiver.ingest.events import build_log_text  # noqa: E402
from tests.eval.run import analyse_case  # noqa: E402

SETS = {"heldout": "heldout.json", "heldout2": "heldout2.json", "heldout3": "heldout3.json"}


@dataclass(frozen=True, slots=True)
class Scored:
    """One case: the expected category, the rules', the model's (None: no answer), the final
    one, and how the answer was got."""

    id: str
    expected: str
    rules: str
    model: str | None
    final: str
    seconds: float
    tokens: tuple[int, int]
    failure: str | None


def case_state(case: dict[str, Any]) -> IncidentState:
    """The workflow state of `case` after the rule analysis (as the analyze node leaves it)."""
    alerts: list[AlertSnapshot] = []
    for n, raw in enumerate(case["alerts"]):
        labels, annotations = raw["labels"], raw.get("annotations", {})
        text = build_log_text(labels, annotations)
        if n == 0 and case.get("log"):
            text = case["log"] if len(case["alerts"]) == 1 else f"{text}\n{case['log']}"
        alerts.append(
            {
                "source": "alertmanager",
                "log_text": text,
                "labels": labels,
                "annotations": annotations,
                "fingerprints": [f"{n:016x}"],
                "starts_at": "2026-11-24T15:30:12+00:00",
                "status": raw.get("status", "firing"),
            }
        )
    result = analyse_case(case)
    return {
        "incident_id": f"eval-{case['id']}",
        "created": "2026-11-24T15:30:12+00:00",
        "alert": alerts[0],
        "alerts": alerts,
        "category": result.category,
        "app": result.app,
        "namespace": result.namespace,
        "analysis": kept(result),
        "root_cause": result.root_cause,
        "actions": list(result.actions),
        "remediation": kept(result)["remediation"],
    }


async def evaluate(
    cases: Sequence[dict[str, Any]],
    client: ModelClient,
    guardrails: Guardrails,
    record: dict[str, str] | None = None,
) -> list[Scored]:
    """Every case through the rules, the model and the fence (one at a time)."""
    scored = []
    for case in cases:
        state = case_state(case)
        prompt = build_prompt(state, guardrails, client.settings.language)
        consulted = await client.consult(prompt)
        update = fenced(state, consulted, guardrails)
        answer = consulted.answer
        if record is not None and answer is not None:
            record[prompt.key(client.model)] = json.dumps(
                {
                    "category": answer.category,
                    "root_cause": answer.root_cause,
                    "actions": list(answer.actions),
                    "remediation": update["llm"]["remediation"],
                },
                ensure_ascii=False,
            )
        scored.append(
            Scored(
                case["id"],
                case["category"],
                state.get("category", "unknown"),
                answer.category if answer else None,
                update.get("category", state.get("category", "unknown")),
                consulted.seconds,
                consulted.tokens,
                consulted.failure,
            )
        )
    return scored


def render(name: str, scored: Sequence[Scored]) -> str:
    """Per category: rules, model and final accuracy; the disagreements; latency, tokens."""
    lines = [
        f"== {name}: {len(scored)} cases",
        f"  {'category':<20} {'rules':>9} {'model':>9} {'final':>9}",
    ]
    totals: Counter[str] = Counter(s.expected for s in scored)
    for category in sorted(totals):
        mine = [s for s in scored if s.expected == category]
        cells = [
            _share(sum(getattr(s, k) == category for s in mine), len(mine))
            for k in ("rules", "model", "final")
        ]
        lines.append(f"  {category:<20} {cells[0]:>9} {cells[1]:>9} {cells[2]:>9}")
    cells = [
        _share(sum(getattr(s, k) == s.expected for s in scored), len(scored))
        for k in ("rules", "model", "final")
    ]
    lines.append(f"  {'TOTAL':<20} {cells[0]:>9} {cells[1]:>9} {cells[2]:>9}")
    differ = [s for s in scored if s.model is not None and s.model != s.rules]
    lines.append(f"  disagreements ({len(differ)}): id | expected | rules | model | final")
    lines += [f"    {s.id} | {s.expected} | {s.rules} | {s.model} | {s.final}" for s in differ]
    failures = Counter(s.failure for s in scored if s.failure)
    if failures:
        lines.append("  no answer: " + ", ".join(f"{k} {v}" for k, v in sorted(failures.items())))
    seconds = sorted(s.seconds for s in scored if s.model is not None)
    if seconds:
        p95 = seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))]
        lines.append(f"  latency: median {statistics.median(seconds):.2f} s, p95 {p95:.2f} s")
    prompt, completion = (sum(s.tokens[i] for s in scored) for i in (0, 1))
    lines.append(f"  tokens: prompt {prompt}, completion {completion}")
    return "\n".join(lines)


def _share(right: int, total: int) -> str:
    return f"{right}/{total}" if total else "-"


async def _run(
    cases: Sequence[dict[str, Any]], model: ModelSettings, guardrails: Guardrails, keep: bool
) -> tuple[list[Scored], dict[str, str] | None]:
    client = ModelClient(model)
    record: dict[str, str] | None = {} if keep else None
    try:
        return await evaluate(cases, client, guardrails, record), record
    finally:
        await client.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen held-out set through the model and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=tuple(SETS), default="heldout")
    parser.add_argument(
        "--only", default="", metavar="PREFIX", help="only the cases whose id starts so"
    )
    parser.add_argument("--limit", type=int, default=0, help="at most this many cases")
    parser.add_argument("--record", default="", metavar="FILE", help="keep the answers as fixtures")
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"eval-llm: {error}", file=sys.stderr)
        return 2
    if not settings.llm_base_url or not settings.llm_model:
        print("eval-llm: set LLM_BASE_URL and LLM_MODEL (README, Model analysis)", file=sys.stderr)
        return 2
    cases = json.loads((HERE / SETS[args.set]).read_text(encoding="utf-8"))
    cases = [c for c in cases if c["id"].startswith(args.only)][: args.limit or None]
    model = ModelSettings(
        settings.llm_base_url,
        settings.llm_model,
        settings.llm_api_key or "",
        settings.llm_timeout,
        settings.llm_max_tokens,
        settings.llm_temperature,
        settings.ui_language,
    )
    guardrails = Guardrails(
        settings.max_memory, settings.max_cpu, settings.max_replicas, settings.max_scale_factor
    )
    scored, record = asyncio.run(_run(cases, model, guardrails, bool(args.record)))
    print(render(args.set, scored))
    if args.record and record is not None:
        text = json.dumps(record, indent=1, ensure_ascii=False) + "\n"
        Path(args.record).write_text(text, encoding="utf-8")
        print(f"  recorded {len(record)} answers in {args.record}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
