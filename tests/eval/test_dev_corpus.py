"""The development corpus (dev_corpus.py): composition, and no case that near-copies a held-out
case (the held-out set must stay independent of what the analyzer is tuned on)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from tests.eval.dev_corpus import CASES
from tests.eval.test_heldout import (
    CATEGORIES,
    HELDOUT,
    LONG_LOG_BYTES,
    MIN_WORDS_COMPARED,
    NEAR_DUPLICATE_JACCARD,
    SHAPES,
    _human_text,
    _jaccard,
    _words,
)

MIN_DEV_CASES = 250
MIN_DEV_PER_CATEGORY = 10
MIN_DEV_KOREAN = 20
MIN_DEV_LONG_LOGS = 15
MIN_DEV_MULTI = 20
# The deciding block of a long log sits in its last lines.
TAIL_LINES = 12


def test_every_case_is_well_formed_and_unique() -> None:
    keys = {"id", "category", "lang", "shape", "alerts", "log", "source", "why"}
    for case in CASES:
        assert set(case) == keys, case["id"]
        assert case["category"] in CATEGORIES, case["id"]
        assert case["shape"] in SHAPES, case["id"]
        assert case["source"].startswith("https://"), case["id"]
        for alert in case["alerts"]:
            assert set(alert) <= {"labels", "annotations", "status"}, case["id"]
            assert alert["labels"].get("alertname") and alert["labels"].get("severity")
    assert len({case["id"] for case in CASES}) == len(CASES)


def test_the_corpus_covers_every_category_shape_and_language() -> None:
    per_category = Counter(case["category"] for case in CASES)
    assert len(CASES) >= MIN_DEV_CASES
    assert set(per_category) == CATEGORIES
    assert min(per_category.values()) >= MIN_DEV_PER_CATEGORY, per_category
    assert sum(case["lang"] == "ko" for case in CASES) >= MIN_DEV_KOREAN
    multi = [case for case in CASES if case["shape"] == "multi"]
    assert len(multi) >= MIN_DEV_MULTI
    assert all(len(case["alerts"]) >= 2 or case["log"] for case in multi)


def test_long_logs_are_long_with_the_signal_at_the_end() -> None:
    long_logs = [case for case in CASES if case["shape"] == "long_log"]
    assert len(long_logs) >= MIN_DEV_LONG_LOGS
    for case in long_logs:
        assert len(case["log"].encode("utf-8")) >= LONG_LOG_BYTES, case["id"]
        head = "\n".join(case["log"].splitlines()[:-TAIL_LINES])
        assert "ERROR" not in head and "level=error" not in head, case["id"]


@pytest.fixture(scope="module")
def heldout() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(HELDOUT.read_text(encoding="utf-8"))
    return data


def test_no_development_case_copies_a_held_out_case(heldout: list[dict[str, Any]]) -> None:
    theirs = []
    for case in heldout:
        parts = _human_text(case)
        theirs.append(_words(" ".join(parts)))
        theirs += [words for words in map(_words, parts) if len(words) >= MIN_WORDS_COMPARED]
    copies = []
    for case in CASES:
        parts = _human_text(case)
        mine = [_words(" ".join(parts))]
        mine += [words for words in map(_words, parts) if len(words) >= MIN_WORDS_COMPARED]
        best = max(_jaccard(a, b) for a in mine for b in theirs)
        if best >= NEAR_DUPLICATE_JACCARD:
            copies.append((case["id"], round(best, 2)))
    assert not copies
