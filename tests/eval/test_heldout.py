"""Composition checks for the frozen held-out evaluation set (issue 12).

The set in heldout.json is independent of the analyzer's rules and is never edited to make the
analyzer pass (see README.md here). These tests guard its shape, not the analyzer's accuracy:
category, language and shape counts, Korean cases without English failure words, long logs,
grouped alerts, sources, no near-copy of the development samples, and the frozen checksum.
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

HERE = Path(__file__).resolve().parent
HELDOUT = HERE / "heldout.json"
README = HERE / "README.md"
DEV_SAMPLES = HERE.parent / "graph" / "analyzer_samples.py"

CATEGORIES = frozenset(
    {
        "oom",
        "crashloop",
        "image_pull",
        "cpu_throttling",
        "disk_full",
        "probe_failure",
        "high_error_rate",
        "high_latency",
        "connection_error",
        "cert_expiry",
        "tls_error",
        "too_many_open_files",
        "evicted",
        "config_error",
        "scheduling",
        "node_health",
        "volume",
        "rollout_failure",
        "dependency_limit",
        "unknown",
    }
)
SHAPES = frozenset({"alert", "log", "event", "multi", "long_log"})
MIN_TOTAL = 150
MIN_PER_CATEGORY = 8
MIN_UNKNOWN = 8
MIN_KOREAN = 10
MIN_KOREAN_CATEGORIES = 6
MIN_LONG_LOGS = 10
LONG_LOG_BYTES = 3 * 1024
MIN_MULTI = 15
MIN_TRAPS = 10
NEAR_DUPLICATE_JACCARD = 0.8
MIN_WORDS_COMPARED = 8

# English words that name a failure. A Korean case must not contain any of them (case-insensitive
# substring) in its alertname, annotations or log, so only the Korean wording can decide it.
ENGLISH_FAILURE_WORDS = (
    "oom",
    "memory",
    "kill",
    "crash",
    "backoff",
    "restart",
    "image",
    "pull",
    "throttl",
    "cpu",
    "disk",
    "space",
    "inode",
    "full",
    "probe",
    "liveness",
    "readiness",
    "health",
    "error",
    "fail",
    "latency",
    "slow",
    "timeout",
    "timed out",
    "refused",
    "connect",
    "dns",
    "cert",
    "x509",
    "tls",
    "ssl",
    "expir",
    "open files",
    "descriptor",
    "evict",
    "secret",
    "configmap",
    "config",
    "schedul",
    "pending",
    "insufficient",
    "quota",
    "not ready",
    "notready",
    "unreachable",
    "down",
    "mount",
    "volume",
    "pvc",
    "attach",
    "rollout",
    "too many",
    "limit",
    "exceeded",
    "exit",
    "panic",
    "exception",
    "5xx",
    "unavailable",
    "overflow",
    "reject",
)
HANGUL = re.compile(r"[\uac00-\ud7a3]")
WORD = re.compile(r"\w+", re.UNICODE)
SHA256_LINE = re.compile(r"`heldout\.json` sha256[^0-9a-f]*([0-9a-f]{64})")


@pytest.fixture(scope="module")
def cases() -> list[dict[str, Any]]:
    """The held-out cases, parsed once."""
    data = json.loads(HELDOUT.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def _human_text(case: dict[str, Any]) -> list[str]:
    """The parts of a case the analyzer reads: each alert's name and texts, and the log."""
    parts = [case["log"]]
    for alert in case["alerts"]:
        annotations = alert["annotations"]
        texts = [annotations.get(key, "") for key in ("summary", "description", "message")]
        parts.append(" ".join([alert["labels"]["alertname"], *texts]))
    return parts


def _words(text: str) -> frozenset[str]:
    return frozenset(WORD.findall(text.lower()))


def _jaccard(left: frozenset[str], right: frozenset[str]) -> float:
    union = left | right
    return len(left & right) / len(union) if union else 0.0


def _dev_sample_word_sets() -> list[frozenset[str]]:
    """Word sets of every string literal in the development samples (read as source, not run)."""
    tree = ast.parse(DEV_SAMPLES.read_text(encoding="utf-8"))
    literals = (
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    )
    return [words for words in map(_words, literals) if len(words) >= MIN_WORDS_COMPARED]


def test_the_file_is_the_frozen_one() -> None:
    recorded = SHA256_LINE.findall(README.read_text(encoding="utf-8"))
    actual = hashlib.sha256(HELDOUT.read_bytes()).hexdigest()
    assert recorded, "README.md must record the sha256 of heldout.json"
    assert actual == recorded[-1], (
        "heldout.json changed: a fix to a mislabelled case must update README.md's checksum "
        "in the same commit and say why"
    )


def assert_well_formed(cases: list[dict[str, Any]], id_prefix: str = "") -> None:
    """Every case has the format's fields and values; ids start with `id_prefix`."""
    keys = {"id", "category", "lang", "shape", "alerts", "log", "source", "why"}
    for case in cases:
        assert set(case) == keys, case.get("id")
        assert case["id"].startswith(id_prefix), case["id"]
        assert case["category"] in CATEGORIES, case["id"]
        assert case["shape"] in SHAPES, case["id"]
        assert case["lang"] in {"en", "ko"}, case["id"]
        assert isinstance(case["log"], str), case["id"]
        assert case["why"].strip(), case["id"]
        assert case["source"].startswith("https://"), case["id"]
        assert case["alerts"], case["id"]
        for alert in case["alerts"]:
            assert set(alert) == {"labels", "annotations"}, case["id"]
            assert alert["labels"].get("alertname"), case["id"]
            assert alert["labels"].get("severity"), case["id"]
            values = [*alert["labels"].values(), *alert["annotations"].values()]
            assert all(isinstance(value, str) for value in values), case["id"]


def test_every_case_is_well_formed(cases: list[dict[str, Any]]) -> None:
    assert_well_formed(cases)


def test_ids_are_unique(cases: list[dict[str, Any]]) -> None:
    repeated = [key for key, count in Counter(c["id"] for c in cases).items() if count > 1]
    assert not repeated


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
    assert sum("Trap" in case["why"] for case in cases) >= MIN_TRAPS


def test_no_case_copies_a_development_sample(cases: list[dict[str, Any]]) -> None:
    samples = _dev_sample_word_sets()
    assert samples, "the development samples could not be read"
    copies = []
    for case in cases:
        parts = _human_text(case)
        compared = [_words(" ".join(parts))]
        compared += [words for words in map(_words, parts) if len(words) >= MIN_WORDS_COMPARED]
        best = max(_jaccard(mine, theirs) for mine in compared for theirs in samples)
        if best >= NEAR_DUPLICATE_JACCARD:
            copies.append((case["id"], round(best, 2)))
    assert not copies
