"""Composition checks for the second frozen held-out set, heldout2.json.

The first held-out set was looked at during tuning, so this one exists to be scored once. Like
the first it is never edited to make the analyzer pass (see "Second held-out set" in README.md).
These tests guard its shape, not the analyzer's accuracy: category, language and shape counts,
Korean cases without English failure words, long logs, grouped alerts, traps, sources, ids that
are unique across both held-out sets, no near-copy of any other corpus, and the frozen checksum.
Nothing here runs the analyzer, and no other corpus's text is ever printed: a failure names only
this set's case ids.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.eval.test_heldout import (
    CATEGORIES,
    DEV_SAMPLES,
    ENGLISH_FAILURE_WORDS,
    HANGUL,
    HELDOUT,
    LONG_LOG_BYTES,
    MIN_WORDS_COMPARED,
    NEAR_DUPLICATE_JACCARD,
    README,
    _human_text,
    _jaccard,
    _words,
    assert_well_formed,
)

HERE = Path(__file__).resolve().parent
HELDOUT2 = HERE / "heldout2.json"
SHA256_LINE = re.compile(r"`heldout2\.json` sha256[^0-9a-f]*([0-9a-f]{64})")

MIN_TOTAL = 200
MIN_PER_CATEGORY = 8
MIN_UNKNOWN = 10
MIN_KOREAN = 15
MIN_KOREAN_CATEGORIES = 8
MIN_LONG_LOGS = 15
MIN_MULTI = 20
MIN_TRAPS = 15

WordSets = list[tuple[str, frozenset[str]]]


@pytest.fixture(scope="module")
def cases() -> list[dict[str, Any]]:
    """The second held-out set, parsed once."""
    data = json.loads(HELDOUT2.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def _case_word_sets(corpus: str, cases: list[dict[str, Any]]) -> WordSets:
    """A case's whole text, and each alert text or log of at least MIN_WORDS_COMPARED words."""
    sets: WordSets = []
    for case in cases:
        parts = _human_text(case)
        sets.append((corpus, _words(" ".join(parts))))
        sets += [
            (corpus, words) for words in map(_words, parts) if len(words) >= MIN_WORDS_COMPARED
        ]
    return sets


def _literal_word_sets(corpus: str, path: Path) -> WordSets:
    """Word sets of every string literal of a Python file, read as source and not run."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    literals = (
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    )
    return [(corpus, words) for words in map(_words, literals) if len(words) >= MIN_WORDS_COMPARED]


def other_corpora(held_out: tuple[Path, ...] = (HELDOUT,)) -> WordSets:
    """Everything a held-out set must not copy: the `held_out` sets before it and every
    development corpus."""
    from tests.eval.dev_corpus import CASES as DEV_CASES

    sets: WordSets = []
    for path in held_out:
        sets += _case_word_sets(path.name, json.loads(path.read_text(encoding="utf-8")))
    sets += _case_word_sets("dev_corpus", list(DEV_CASES))
    sets += _literal_word_sets("analyzer_samples.py", DEV_SAMPLES)
    for path in sorted(HERE.glob("dev*.py")):
        sets += _literal_word_sets(path.name, path)
    for path in sorted(HERE.glob("dev*.json")):
        sets += _case_word_sets(path.name, json.loads(path.read_text(encoding="utf-8")))
    return [(corpus, words) for corpus, words in sets if words]


def assert_frozen(path: Path, line: re.Pattern[str]) -> None:
    """`path` is the file whose sha256 README.md records last in a `line`."""
    recorded = line.findall(README.read_text(encoding="utf-8"))
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    assert recorded, f"README.md must record the sha256 of {path.name}"
    assert actual == recorded[-1], (
        f"{path.name} changed: a fix to a mislabelled case must update README.md's checksum "
        "in the same commit and say why"
    )


def test_the_file_is_the_frozen_one() -> None:
    assert_frozen(HELDOUT2, SHA256_LINE)


def test_every_case_is_well_formed(cases: list[dict[str, Any]]) -> None:
    assert_well_formed(cases, "h2-")


def test_ids_are_unique_across_both_held_out_sets(cases: list[dict[str, Any]]) -> None:
    first: list[dict[str, Any]] = json.loads(HELDOUT.read_text(encoding="utf-8"))
    ids = Counter(case["id"] for case in cases)
    repeated = [key for key, count in ids.items() if count > 1]
    assert not repeated
    assert not set(ids) & {case["id"] for case in first}


def test_every_category_has_enough_cases(cases: list[dict[str, Any]]) -> None:
    per_category = Counter(case["category"] for case in cases)
    assert len(cases) >= MIN_TOTAL
    assert set(per_category) == CATEGORIES
    assert min(per_category.values()) >= MIN_PER_CATEGORY, per_category
    assert per_category["unknown"] >= MIN_UNKNOWN


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
    long_logs = [case for case in cases if case["shape"] == "long_log"]
    assert len(long_logs) >= MIN_LONG_LOGS
    for case in long_logs:
        assert len(case["log"].encode("utf-8")) >= LONG_LOG_BYTES, case["id"]


def test_multi_cases_group_several_alerts(cases: list[dict[str, Any]]) -> None:
    multi = [case for case in cases if case["shape"] == "multi"]
    assert len(multi) >= MIN_MULTI
    for case in multi:
        assert len(case["alerts"]) >= 2, case["id"]


def test_traps_are_labelled(cases: list[dict[str, Any]]) -> None:
    assert sum("Trap:" in case["why"] for case in cases) >= MIN_TRAPS


def test_no_case_copies_another_corpus(cases: list[dict[str, Any]]) -> None:
    others = other_corpora()
    assert others, "the other corpora could not be read"
    copies = []
    for case in cases:
        mine = [words for _, words in _case_word_sets("heldout2.json", [case])]
        score, corpus = max(
            (_jaccard(words, theirs), name) for words in mine for name, theirs in others
        )
        if score >= NEAR_DUPLICATE_JACCARD:
            copies.append((case["id"], corpus, round(score, 2)))
    assert not copies
