"""Category accuracy of the analyzer on the development set and the frozen held-out set.

Run with `make eval` (or `.venv/bin/python tests/eval/run.py [--set dev|heldout|both]`). Prints,
per set, the accuracy per category, the total, and a confusion list (case id, expected, got,
the signal that decided). Not a pytest module; `tests/eval/test_accuracy.py` runs the same
scoring as a test.

A single-alert case is analysed the way the workflow does it today: its log, or else the
alert's own text (alertname, summary, description), with the alert's labels and annotations.
A case with several alerts is analysed as one incident (`analyze_incident`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

from graph.analysis import AlertInput, Analysis, analyze, analyze_incident  # noqa: E402
from receiver.ingest.events import build_log_text  # noqa: E402

HELDOUT = HERE / "heldout.json"


@dataclass(frozen=True, slots=True)
class Outcome:
    """One case's result."""

    id: str
    expected: str
    got: str
    signal: str

    @property
    def correct(self) -> bool:
        """Whether the analyzer gave the expected category."""
        return self.expected == self.got


@dataclass(frozen=True, slots=True)
class Report:
    """The outcomes of one set."""

    name: str
    outcomes: tuple[Outcome, ...]

    @property
    def accuracy(self) -> float:
        """The share of cases given their expected category."""
        return sum(o.correct for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0.0

    def per_category(self) -> dict[str, tuple[int, int]]:
        """category → (correct, total)."""
        totals: Counter[str] = Counter(o.expected for o in self.outcomes)
        right: Counter[str] = Counter(o.expected for o in self.outcomes if o.correct)
        return {c: (right[c], totals[c]) for c in sorted(totals)}

    def misses(self) -> list[Outcome]:
        """The cases given another category."""
        return [o for o in self.outcomes if not o.correct]


def analyse_case(case: dict[str, Any]) -> Analysis:
    """The analysis of one case (see the module docstring)."""
    alerts = [
        AlertInput(a["labels"], a.get("annotations", {}), a.get("status", "firing"))
        for a in case["alerts"]
    ]
    if len(alerts) == 1:
        alert = alerts[0]
        text = case["log"] or build_log_text(alert.labels, alert.annotations)
        return analyze(text, alert.labels, alert.annotations)
    return analyze_incident(alerts, case["log"])


def score(name: str, cases: Iterable[dict[str, Any]]) -> Report:
    """Analyse every case of a set."""
    outcomes = []
    for case in cases:
        analysis = analyse_case(case)
        signal = f"{analysis.signal.kind}: {analysis.signal.detail}"
        outcomes.append(Outcome(case["id"], case["category"], analysis.category, signal))
    return Report(name, tuple(outcomes))


def load_heldout() -> list[dict[str, Any]]:
    """The frozen held-out cases."""
    data: list[dict[str, Any]] = json.loads(HELDOUT.read_text(encoding="utf-8"))
    return data


def load_dev() -> list[dict[str, Any]]:
    """The development cases."""
    from tests.eval.dev_corpus import CASES

    return list(CASES)


def render(report: Report, *, confusion: bool = True) -> str:
    """The report as text: per category, the total, then the confusion list."""
    lines = [f"== {report.name}: {len(report.outcomes)} cases"]
    for category, (right, total) in report.per_category().items():
        lines.append(f"  {category:<20} {right:>3}/{total:<3} {100 * right / total:6.1f} %")
    correct = sum(o.correct for o in report.outcomes)
    lines.append(
        f"  {'TOTAL':<20} {correct:>3}/{len(report.outcomes):<3} {100 * report.accuracy:6.1f} %"
    )
    if confusion and report.misses():
        lines.append(f"  confusion ({len(report.misses())}): id | expected | got | deciding signal")
        for miss in report.misses():
            lines.append(f"    {miss.id} | {miss.expected} | {miss.got} | {miss.signal[:160]}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Score the chosen sets and print the reports."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=("dev", "heldout", "both"), default="both")
    parser.add_argument("--no-confusion", action="store_true", help="totals only")
    parser.add_argument(
        "--only", default="", metavar="PREFIX", help="score only the cases whose id starts so"
    )
    args = parser.parse_args(argv)
    sets = {"dev": ("dev",), "heldout": ("heldout",), "both": ("dev", "heldout")}[args.set]
    for name in sets:
        cases = load_dev() if name == "dev" else load_heldout()
        cases = [c for c in cases if c["id"].startswith(args.only)]
        if not cases:
            continue
        print(render(score(name, cases), confusion=not args.no_confusion))
    return 0


if __name__ == "__main__":
    sys.exit(main())
