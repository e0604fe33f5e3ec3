"""Why the analyzer chose a category, in words (pure): the signal's public kind, the confidence
it earns, and the sentence that names the deciding signal and the symptoms its cause explains.
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.analysis.signals import HIGHEST_TRUST, Candidate
from graph.analysis.taxonomy import RANK, is_cause


def confidence_of(chosen: Candidate, supporters: Sequence[Candidate]) -> str:
    """How sure the choice is: high for a catalogued name or a label at the highest trust,
    or for two kinds of signal agreeing; medium otherwise."""
    if chosen.kind in ("catalogue", "label") and chosen.trust >= HIGHEST_TRUST:
        return "high"
    kinds = {c.kind for c in supporters}
    if len(kinds) >= 2 or (chosen.kind in ("log_line", "text") and chosen.trust >= 4):
        return "high" if len(kinds) >= 2 else "medium"
    return "medium"


def public_kind(kind: str) -> str:
    """The signal kind as the result names it (an alert name read as words is `text`)."""
    return "text" if kind == "name" else kind


def explanation_of(chosen: Candidate, candidates: Sequence[Candidate]) -> str:
    """The sentence saying why: "classified as <category> because <the deciding signal>
    names it", with the symptoms a cause explains."""
    reason = _reason(chosen)
    symptoms = [
        c
        for c in candidates
        if not c.weak
        and c.category not in (chosen.category, "unknown")
        and not is_cause(c.category)
    ]
    if symptoms and is_cause(chosen.category):
        shown = sorted({c.category for c in symptoms}, key=lambda c: RANK[c])
        reason += f", the cause of the {' and '.join(shown)} also seen"
    return f"classified as {chosen.category} because {reason}"


def _reason(chosen: Candidate) -> str:
    if chosen.kind == "catalogue":
        return f"{chosen.detail} names it"
    if chosen.kind == "label":
        return f"the {chosen.detail} names it"
    if chosen.kind == "name":
        return f"{chosen.detail} names it"
    if chosen.kind == "korean":
        return f"the Korean text {chosen.detail} names it"
    where = "log line" if chosen.kind == "log_line" else "alert text"
    return f"the {where} {chosen.detail} names it"
