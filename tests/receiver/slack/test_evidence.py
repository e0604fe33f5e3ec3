"""The evidence lines of the Slack message: one compact line per signal, what is missing and
why, in English and Korean — built from the view the workflow keeps (graph.evidence.view)."""

from __future__ import annotations

import dataclasses

import pytest

from graph.evidence.backend import Reason
from graph.evidence.model import ContainerEvidence, Evidence, Measurement, Missing
from graph.evidence.view import evidence_view
from receiver.slack.blocks import incident_message
from receiver.slack.evidence import MAX_ROWS, evidence_lines
from receiver.slack.texts import Language
from tests.receiver.slack.test_blocks import by_id, card, texts_of, valid_message

GIB = 1024**3


def _evidence(containers: int = 1) -> Evidence:
    def m(value: float, window: str = "now") -> Measurement:
        return Measurement(value, "q", window)

    evidence = Evidence(namespace="shop", workload="checkout", at=0.0)
    for n in range(containers):
        evidence.containers[f"app{n}" if n else "checkout"] = ContainerEvidence(
            memory_peak={"7d": m(1.71 * GIB, "7d")},
            memory_limit=m(1 * GIB),
            restarts={"24h": m(4, "24h")},
            termination_reasons={"OOMKilled": 2},
        )
    evidence.missing.append(Missing("logs", "loki", Reason.UNREACHABLE, "ConnectError"))
    return evidence


@pytest.mark.parametrize(
    ("language", "memory", "missing"),
    [("en", "memory", "Evidence missing"), ("ko", "메모리", "가져오지 못한 근거")],
)
def test_the_message_shows_a_line_per_signal_and_what_is_missing(
    language: Language, memory: str, missing: str
) -> None:
    shown = card(evidence=evidence_view(_evidence()))
    _, blocks = incident_message(shown, language)
    text = "\n".join(texts_of(by_id(valid_message(blocks))["evidence"]))
    assert f"*{memory}* `checkout`: peak 7d 1.71 GiB · limit 1 GiB" in text
    assert "last termination OOMKilled" in text
    assert f"{missing}: loki unreachable (logs)" in text


def test_no_evidence_no_evidence_block() -> None:
    _, blocks = incident_message(card(), "en")
    assert "evidence" not in by_id(valid_message(blocks))
    assert evidence_lines(None, "en") == []


def test_many_containers_are_cut_to_a_few_lines_and_counted() -> None:
    view = evidence_view(_evidence(containers=MAX_ROWS + 3))
    lines = evidence_lines(view, "en")
    assert sum(line.startswith("• *") for line in lines) == MAX_ROWS
    rows = len(view["rows"])
    assert f"{rows - MAX_ROWS} more" in "\n".join(lines)
    _, blocks = incident_message(dataclasses.replace(card(), evidence=view), "en")
    valid_message(blocks)
