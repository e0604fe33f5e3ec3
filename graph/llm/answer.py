"""The model's answer: the one schema it is asked for, and its strict reading (pure).

The model chooses only from closed lists and bounded text: a category (graph.analysis
CATEGORIES), a root cause in plain language, a few actions, and optionally a remediation
kind (graph.patching RemediationKind) with its size — a factor, or a target quantity. There
is no field for YAML, a path or a values key, and `read_answer` refuses any field it does
not know, so a model cannot smuggle one in. Whether the remediation fits the rules and the
guardrails is graph.llm.fence's question, not this module's.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any, Final

from graph.analysis.taxonomy import CATEGORIES
from graph.patching.remediation import RemediationKind

MAX_ROOT_CAUSE: Final = 600  # characters of root cause kept
MAX_ACTIONS: Final = 5
MAX_ACTION: Final = 240  # characters of one action kept
KINDS: Final = tuple(kind.value for kind in RemediationKind)
_ANSWER_KEYS: Final = frozenset({"category", "root_cause", "actions", "remediation"})
_REMEDIATION_KEYS: Final = frozenset({"kind", "factor", "target"})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_FENCED = re.compile(r"\A\s*```(?:json)?\s*(?P<body>.*?)\s*```\s*\Z", re.DOTALL)


class AnswerError(ValueError):
    """The answer is not one the schema allows; the message says why, in one line."""


@dataclass(frozen=True, slots=True)
class ModelRemediation:
    """The values change the model suggests: a known kind and, at most, one size."""

    kind: str
    factor: float | None = None
    target: str | None = None


@dataclass(frozen=True, slots=True)
class ModelAnswer:
    """One answer that passed `read_answer`: every field from a closed list or bounded."""

    category: str
    root_cause: str
    actions: tuple[str, ...]
    remediation: ModelRemediation | None = None


# The JSON schema of the answer (response_format json_schema, strict; also quoted in the
# prompt for servers that take only JSON-object mode or a plain prompt).
ANSWER_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["category", "root_cause", "actions", "remediation"],
    "properties": {
        "category": {"type": "string", "enum": list(CATEGORIES)},
        "root_cause": {"type": "string", "maxLength": MAX_ROOT_CAUSE},
        "actions": {
            "type": "array",
            "maxItems": MAX_ACTIONS,
            "items": {"type": "string", "maxLength": MAX_ACTION},
        },
        "remediation": {
            "anyOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["kind", "factor", "target"],
                    "properties": {
                        "kind": {"type": "string", "enum": list(KINDS)},
                        "factor": {"type": ["number", "null"]},
                        "target": {"type": ["string", "null"]},
                    },
                },
            ]
        },
    },
}


def read_answer(content: str | None) -> ModelAnswer:
    """The answer in `content` (a JSON object, optionally in one ```json fence), checked.

    Raises AnswerError naming the first problem: not JSON, not an object, an unknown or
    missing field, a category outside the closed list, empty root cause, a remediation
    kind that is not a known one, a size that is not a positive number or a short string.
    Text fields are stripped of control and bidi characters and cut to their bounds.
    """
    if not content or not content.strip():
        raise AnswerError("the answer was empty")
    fenced = _FENCED.match(content)
    try:
        data = json.loads(fenced["body"] if fenced else content)
    except ValueError:
        raise AnswerError("the answer was not valid JSON") from None
    if not isinstance(data, dict):
        raise AnswerError("the answer was not a JSON object")
    unknown = sorted(set(data) - _ANSWER_KEYS)
    if unknown:
        raise AnswerError(f"the answer had fields outside the schema: {', '.join(unknown[:3])}")
    category = data.get("category")
    if not isinstance(category, str) or category not in CATEGORIES:
        raise AnswerError(f"the category {_shown(category)} is not one of the known categories")
    root_cause = _text(data.get("root_cause"), MAX_ROOT_CAUSE)
    if not root_cause:
        raise AnswerError("the answer had no root cause")
    actions = data.get("actions", [])
    if not isinstance(actions, list) or not all(isinstance(a, str) for a in actions):
        raise AnswerError("the actions were not a list of strings")
    kept = tuple(t for t in (_text(a, MAX_ACTION) for a in actions[:MAX_ACTIONS]) if t)
    return ModelAnswer(category, root_cause, kept, _remediation(data.get("remediation")))


def _remediation(value: object) -> ModelRemediation | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - _REMEDIATION_KEYS:
        raise AnswerError("the remediation was not an object of kind, factor and target")
    kind = value.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        raise AnswerError(f"the remediation kind {_shown(kind)} is not a known kind")
    factor, target = value.get("factor"), value.get("target")
    if factor is not None and (
        isinstance(factor, bool)
        or not isinstance(factor, int | float)
        or not math.isfinite(factor)
        or factor <= 0
    ):
        raise AnswerError(f"the remediation factor {_shown(factor)} is not a positive number")
    if target is not None and (not isinstance(target, str) or not 0 < len(target.strip()) <= 32):
        raise AnswerError(f"the remediation target {_shown(target)} is not a short quantity")
    return ModelRemediation(
        kind, float(factor) if factor is not None else None, target.strip() if target else None
    )


def _text(value: object, limit: int) -> str:
    """`value` as one clean line of at most `limit` characters ('' for a non-string)."""
    if not isinstance(value, str):
        return ""
    text = " ".join(_CONTROL.sub(" ", value).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _shown(value: object) -> str:
    """A value quoted for a note, short (a model's text may be long or hostile)."""
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"
