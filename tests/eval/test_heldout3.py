"""Composition checks for the third frozen held-out set, heldout3.json.

The first two held-out sets have been looked at (the second was scored once and its misses fixed
by family), so this one is written blind and frozen before the next round of tuning, to report an
honest generalisation figure. Like the others it is never edited to make the analyzer pass (see
"Third held-out set" in README.md), and run.py / test_accuracy.py do not load it: the lead scores
it once. These tests guard its shape, not the analyzer's accuracy: category, language and shape
counts, Korean cases without English failure words, long logs, grouped alerts, traps, ids unique
across the three held-out sets, no near-copy of any other corpus, and the frozen checksum.
Nothing here runs the analyzer, and no other corpus's text is ever printed: a failure names only
this set's case ids.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.eval.test_heldout import (
    CATEGORIES,
    ENGLISH_FAILURE_WORDS,
    HANGUL,
    HELDOUT,
    LONG_LOG_BYTES,
    NEAR_DUPLICATE_JACCARD,
    _human_text,
    _jaccard,
    assert_well_formed,
)
from tests.eval.test_heldout2 import (
    HELDOUT2,
    _case_word_sets,
    assert_frozen,
    other_corpora,
)

HERE = Path(__file__).resolve().parent
HELDOUT3 = HERE / "heldout3.json"
SHA256_LINE = re.compile(r"`heldout3\.json` sha256[^0-9a-f]*([0-9a-f]{64})")

MIN_TOTAL = 250
MIN_PER_CATEGORY = 10
MIN_UNKNOWN = 12
MIN_KOREAN = 20
MIN_KOREAN_CATEGORIES = 10
MIN_PER_SHAPE = {"alert": 60, "log": 90, "event": 40, "multi": 20, "long_log": 15}
MIN_TRAPS = 40


@pytest.fixture(scope="module")
def cases() -> list[dict[str, Any]]:
    """The third held-out set, parsed once."""
    data = json.loads(HELDOUT3.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def test_the_file_is_the_frozen_one() -> None:
    assert_frozen(HELDOUT3, SHA256_LINE)


def test_every_case_is_well_formed(cases: list[dict[str, Any]]) -> None:
    assert_well_formed(cases, "h3-")


def test_alert_cases_carry_no_log(cases: list[dict[str, Any]]) -> None:
    for case in cases:
        if case["shape"] == "alert":
            assert len(case["alerts"]) == 1 and not case["log"], case["id"]


def test_ids_are_unique_across_the_three_held_out_sets(cases: list[dict[str, Any]]) -> None:
    ids = Counter(case["id"] for case in cases)
    assert not [key for key, count in ids.items() if count > 1]
    for path in (HELDOUT, HELDOUT2):
        earlier: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
        assert not set(ids) & {case["id"] for case in earlier}, path.name


def test_every_category_has_enough_cases(cases: list[dict[str, Any]]) -> None:
    per_category = Counter(case["category"] for case in cases)
    assert len(cases) >= MIN_TOTAL
    assert set(per_category) == CATEGORIES
    assert min(per_category.values()) >= MIN_PER_CATEGORY, per_category
    assert per_category["unknown"] >= MIN_UNKNOWN


def test_every_shape_has_enough_cases(cases: list[dict[str, Any]]) -> None:
    per_shape = Counter(case["shape"] for case in cases)
    for shape, minimum in MIN_PER_SHAPE.items():
        assert per_shape[shape] >= minimum, (shape, per_shape[shape])


def test_korean_cases_decide_without_english_failure_words(cases: list[dict[str, Any]]) -> None:
    korean = [case for case in cases if case["lang"] == "ko"]
    assert len(korean) >= MIN_KOREAN
    assert len({case["category"] for case in korean}) >= MIN_KOREAN_CATEGORIES
    for case in korean:
        text = " ".join(_human_text(case))
        assert HANGUL.search(text), case["id"]
        found = [word for word in ENGLISH_FAILURE_WORDS if word in text.lower()]
        assert not found, (case["id"], found)


def test_long_logs_are_long(cases: list[dict[str, Any]]) -> None:
    for case in cases:
        if case["shape"] == "long_log":
            assert len(case["log"].encode("utf-8")) >= LONG_LOG_BYTES, case["id"]


def test_multi_cases_group_several_alerts(cases: list[dict[str, Any]]) -> None:
    for case in cases:
        if case["shape"] == "multi":
            assert len(case["alerts"]) >= 2, case["id"]


def test_traps_are_labelled(cases: list[dict[str, Any]]) -> None:
    assert sum("Trap:" in case["why"] for case in cases) >= MIN_TRAPS


def test_no_case_copies_another_corpus(cases: list[dict[str, Any]]) -> None:
    others = other_corpora((HELDOUT, HELDOUT2))
    assert others, "the other corpora could not be read"
    copies = []
    for case in cases:
        mine = [words for _, words in _case_word_sets("heldout3.json", [case])]
        score, corpus = max(
            (_jaccard(words, theirs), name) for words in mine for name, theirs in others
        )
        if score >= NEAR_DUPLICATE_JACCARD:
            copies.append((case["id"], corpus, round(score, 2)))
    assert not copies
