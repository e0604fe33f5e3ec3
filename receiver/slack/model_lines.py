"""What the Slack message says about the model's part in an incident (pure), en and ko.

One context line when a model was asked (LLM_BASE_URL): which parts came from it and which
model, or that it disagreed and the rules decided (its category and view shown), or that it
gave no usable answer; then the notes saying what of its answer was dropped and why. A fix
the model chose also says that a person must approve it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from receiver.incidents.status_names import Language
from receiver.slack.mrkdwn import fit

_PARTS: Mapping[str, Mapping[Language, str]] = {
    "category": {"en": "category", "ko": "분류"},
    "root_cause": {"en": "root cause", "ko": "근본 원인"},
    "actions": {"en": "actions", "ko": "조치"},
    "remediation": {"en": "values change", "ko": "values 변경"},
}
_TEXTS: Mapping[str, Mapping[Language, str]] = {
    "used": {
        "en": "🤖 *From the model* `{model}`: {parts}.",
        "ko": "🤖 *모델* `{model}` *이 작성*: {parts}.",
    },
    "fix": {
        "en": " The values change is the model's: a person must approve it.",
        "ko": " values 변경은 모델이 정했습니다: 사람이 승인해야 합니다.",
    },
    "disagreed": {
        "en": "🤖 The model `{model}` says *{category}*: {view} The rules' signal decides.",
        "ko": "🤖 모델 `{model}`의 판단은 *{category}*: {view} 규칙의 신호로 결정합니다.",
    },
    "failed": {
        "en": "🤖 The model `{model}` gave no usable answer; the rules' analysis stands.",
        "ko": "🤖 모델 `{model}`에게서 쓸 수 있는 답을 받지 못해 규칙 분석을 유지합니다.",
    },
    "agreed": {
        "en": "🤖 The model `{model}` was asked; nothing of its answer was taken.",
        "ko": "🤖 모델 `{model}`에게 물었지만 답에서 가져온 것은 없습니다.",
    },
}


def model_lines(
    llm: Mapping[str, Any] | None, language: Language, *, has_change: bool = True
) -> list[str]:
    """The lines about the model (none when no model was asked), escaped for mrkdwn;
    `has_change`: the proposal has a values change (only then can the model have chosen it)."""
    if not llm:
        return []
    model = fit(str(llm.get("model") or "?"), 80)
    used = [str(part) for part in llm.get("used") or []]
    if used:
        parts = ", ".join(_PARTS[p][language] if p in _PARTS else p for p in used)
        line = _TEXTS["used"][language].format(model=model, parts=parts)
        if has_change and ("remediation" in used or "category" in used):
            line += _TEXTS["fix"][language]
    elif llm.get("agreed") is False:
        view = fit(str(llm.get("root_cause") or ""), 400)
        category = fit(str(llm.get("category") or "?"), 40)
        line = _TEXTS["disagreed"][language].format(model=model, category=category, view=view)
    elif llm.get("failure"):
        line = _TEXTS["failed"][language].format(model=model)
    else:
        line = _TEXTS["agreed"][language].format(model=model)
    notes = [f"• {fit(str(note), 400)}" for note in llm.get("notes") or []]
    return [line, *notes]
