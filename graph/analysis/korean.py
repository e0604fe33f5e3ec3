"""Reading Korean text (pure), as Korean teams write alert summaries and as people describe
an incident when they paste it. The phrasing lives in `graph.analysis.korean_rules`.

A text is read sentence by sentence and clause by clause ("메모리는 정상이고 디스크 공간이
부족합니다" names the disk). A clause that says its subject is fine names nothing; otherwise
it gets the first rule that matches it (an eviction names the memory the node ran short of; a
limit on the number of connections is not a failure to connect; a disk that cannot be
attached is a volume problem). Across clauses a cause outranks a symptom, as in English.
"""

from __future__ import annotations

import re

from graph.analysis.korean_rules import KOREAN_RULES
from graph.analysis.taxonomy import RANK, is_cause

_EVICTION_RESOURCES = frozenset({"evicted", "disk_full", "oom", "node_health"})
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_SENTENCE_END = re.compile(r"(?<=[다요죠음됨함임])[.!?]\s+|[.!?]\s+(?=[\uac00-\ud7a3])|\n|[;。]")
_CLAUSE_END = re.compile(
    r"[,，;:]|(?:"
    + "|".join(
        f"(?<={ending})"
        for ending in (
            *(stem + "고" for stem in "이하되있없않했됐였았었졌나오가지"),
            "지만",
            "는데",
            "으나",
        )
    )
    + r")\s"
)
_FINE = re.compile(r"(?<!비)정상|문제 ?없|이상 ?없|여유가? 있|안정적|양호")
_LOW_USAGE = re.compile(r"(?:사용률|사용량|사용 비율)\D{0,10}?(\d+(?:\.\d+)?) ?%")
_HIGH_USAGE_PERCENT = 70.0


def has_hangul(text: str) -> bool:
    """Whether the text holds Korean syllables."""
    return _HANGUL.search(text) is not None


def _clause_category(clause: str) -> str:
    """The first category a clause names, unless it says the thing is fine ("메모리는 정상",
    "사용률 35%")."""
    if not has_hangul(clause) or _FINE.search(clause):
        return ""
    low = _LOW_USAGE.search(clause)
    if low and float(low.group(1)) < _HIGH_USAGE_PERCENT:
        return ""
    for category, pattern in KOREAN_RULES:
        if pattern.search(clause):
            return category
    return ""


def korean_category(text: str) -> tuple[str, str] | None:
    """The category a Korean text names and the sentence that names it, or None: each
    sentence gets the first rule that matches it; a cause outranks a symptom, then the
    taxonomy's ranking decides."""
    if not has_hangul(text):
        return None
    named: list[tuple[str, str]] = []
    for sentence in _SENTENCE_END.split(text):
        sentence = sentence.strip()
        if not sentence or not has_hangul(sentence):
            continue
        for clause in _CLAUSE_END.split(sentence):
            category = _clause_category(clause)
            if category:
                named.append((category, sentence))
    if not named:
        return None
    # An eviction stated explains the memory or disk the report also says ran short (as the
    # kubelet's own eviction message names the resource).
    evicted = [pair for pair in named if pair[0] == "evicted"]
    if evicted and all(c in _EVICTION_RESOURCES for c, _ in named):
        return evicted[0]
    causes = [pair for pair in named if is_cause(pair[0])]
    return min(causes or named, key=lambda pair: RANK[pair[0]])
