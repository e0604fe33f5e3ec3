"""The rules and the guardrails fence the model's answer (pure).

`fenced` decides which parts of a model's answer the incident takes, beside the rule
analysis the analyze node made:

- category: the same as the rules' → the model's root cause and actions are shown (the
  rules' first action, the values change or why there is none, stays first). A different one
  where the rules are confident (a named signal: confidence high or medium) → nothing of the
  answer is taken, both are shown and the proposal follows the rules. Where the rules do not
  know (`unknown`), the model's category is taken, with its root cause and actions.
- remediation: only the kind the rules allow for the category (their own choice, or for a
  category taken from the model the category's usual kind), and only a size within the
  guardrails: 1 < factor ≤ MAX_SCALE_FACTOR, a memory / CPU target ≤ MAX_MEMORY / MAX_CPU, a
  replica count ≤ MAX_REPLICAS. Anything else is dropped, and a note says so; where the rules
  propose no values change, the model cannot add one.

The state's `llm` (graph.state.ModelState) records the model, what it said, which parts were
taken (`used`) and the notes; its text is masked like every other outlet's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graph.analysis.guidance import REMEDIATIONS
from graph.analysis.remedies import remediation_action
from graph.llm.answer import ModelRemediation
from graph.masking import mask_secrets
from graph.patching.quantity import parse_quantity
from graph.patching.remediation import Guardrails, Remediation, RemediationKind
from graph.state import IncidentState, ModelState, RemediationState

if TYPE_CHECKING:  # the client imports the SDK: only a configured service loads it
    from graph.llm.client import Consultation

CONFIDENT = ("high", "medium")


def fenced(state: IncidentState, consulted: Consultation, guardrails: Guardrails) -> dict[str, Any]:
    """The state update for the model's answer in `consulted` (see the module docstring)."""
    record = _record(consulted)
    answer = consulted.answer
    if answer is None:
        record["notes"] = [
            f"The model's answer was not used ({consulted.note}); the rules' analysis stands."
        ]
        return {"llm": record}
    record["category"] = answer.category
    record["root_cause"] = mask_secrets(answer.root_cause)
    record["actions"] = [mask_secrets(a) for a in answer.actions]
    record["remediation"] = _suggested(answer.remediation)
    analysis = state.get("analysis")
    rules = state.get("category") or (analysis.get("category") if analysis else None) or "unknown"
    if answer.category != rules and rules != "unknown" and _confident(state):
        record["agreed"] = False
        record["notes"] = [
            f"The model says {answer.category}, the rules say {rules} "
            f"({_signal(state)}); the rules' signal is confident, so the proposal follows them."
        ]
        return {"llm": record}
    record["agreed"] = answer.category == rules
    update: dict[str, Any] = {}
    taken = ["root_cause", "actions"]
    remediation = state.get("remediation")
    if answer.category != rules:
        taken.insert(0, "category")
        update["category"] = answer.category
        usual = REMEDIATIONS.get(answer.category)
        remediation = _as_state(usual) if usual is not None else None
    chosen, note = _sized(answer.remediation, remediation, guardrails)
    notes = [note] if note else []
    if chosen is not None and chosen != remediation:
        taken.append("remediation")
    remediation = chosen if chosen is not None else remediation
    lead = _lead(state, remediation, answer.category != rules)
    update |= {
        "root_cause": record["root_cause"],
        "actions": [lead, *record["actions"]] if lead else list(record["actions"]),
        "remediation": remediation,
    }
    record["used"], record["notes"] = taken, notes
    return {**update, "llm": record}


def _record(consulted: Consultation) -> ModelState:
    return {
        "model": mask_secrets(consulted.model),
        "mode": consulted.mode,
        "used": [],
        "category": None,
        "root_cause": "",
        "actions": [],
        "remediation": None,
        "agreed": None,
        "notes": [],
        "failure": consulted.failure,
        "seconds": round(consulted.seconds, 3),
        "tokens": list(consulted.tokens),
        "cached": consulted.cached,
    }


def _confident(state: IncidentState) -> bool:
    analysis = state.get("analysis")
    return analysis is None or analysis.get("confidence", "medium") in CONFIDENT


def _signal(state: IncidentState) -> str:
    analysis = state.get("analysis")
    signal = analysis.get("signal") if analysis else None
    if not signal or not signal["detail"]:
        return "their signal"
    return signal["detail"]


def _suggested(remediation: ModelRemediation | None) -> dict[str, Any] | None:
    if remediation is None:
        return None
    return {"kind": remediation.kind, "factor": remediation.factor, "target": remediation.target}


def _as_state(remediation: Remediation) -> RemediationState:
    return {"kind": remediation.kind.value, "factor": remediation.factor}


def _sized(
    suggested: ModelRemediation | None,
    allowed: RemediationState | None,
    guardrails: Guardrails,
) -> tuple[RemediationState | None, str]:
    """The model's remediation when the rules allow its kind and the guardrails its size;
    else None and why it was dropped ('' when there was nothing to drop)."""
    if suggested is None:
        return None, ""
    dropped = f"The model's remediation {_described(suggested)} was dropped: "
    if allowed is None:
        return None, dropped + "the rules propose no values change for this incident."
    if suggested.kind != allowed["kind"]:
        return None, dropped + f"the rules allow only {allowed['kind']} here."
    if suggested.factor is None and suggested.target is None:
        return None, ""
    kind = RemediationKind(suggested.kind)
    problem = _size_problem(kind, suggested, guardrails)
    if problem:
        return None, dropped + problem + "."
    chosen: RemediationState = {"kind": kind.value, "factor": allowed["factor"]}
    if suggested.target is not None:
        chosen["target"] = suggested.target
    elif suggested.factor is not None and kind is not RemediationKind.REVERT_IMAGE_TAG:
        chosen["factor"] = suggested.factor
    return chosen, ""


def _size_problem(kind: RemediationKind, suggested: ModelRemediation, guard: Guardrails) -> str:
    """Why the size is outside the guardrails, or ''."""
    factor, target = suggested.factor, suggested.target
    if kind is RemediationKind.REVERT_IMAGE_TAG:
        return "" if factor is None and target is None else "a revert takes no size"
    if factor is not None and target is not None:
        return "it gave both a factor and a target"
    if factor is not None:
        if not 1 < factor <= guard.max_factor:
            return f"×{factor:g} is outside 1 < factor ≤ MAX_SCALE_FACTOR {guard.max_factor:g}"
        return ""
    assert target is not None
    return _target_problem(kind, target, guard)


def _target_problem(kind: RemediationKind, target: str, guard: Guardrails) -> str:
    if kind is RemediationKind.SCALE_OUT:
        if not target.isdigit() or not 1 <= int(target) <= guard.max_replicas:
            return f"{target} replicas is outside 1…MAX_REPLICAS {guard.max_replicas}"
        return ""
    limits = {RemediationKind.RAISE_MEMORY: ("MAX_MEMORY", guard.max_memory)}
    limits[RemediationKind.RAISE_CPU] = ("MAX_CPU", guard.max_cpu)
    if kind not in limits:
        return f"{kind.value} takes a factor, not a target"
    name, limit = limits[kind]
    try:
        wanted = parse_quantity(target)
    except ValueError:
        return f"{target!r} is not a Kubernetes quantity"
    if wanted.value <= 0 or wanted > parse_quantity(limit):
        return f"{target} is outside 0 < target ≤ {name} {limit}"
    return ""


def _described(suggested: ModelRemediation) -> str:
    size = (
        f" to {suggested.target}"
        if suggested.target
        else f" ×{suggested.factor:g}"
        if suggested.factor
        else ""
    )
    return mask_secrets(f"{suggested.kind}{size}"[:80])


def _lead(state: IncidentState, remediation: RemediationState | None, adopted: bool) -> str:
    """The first action: the rules' (a values change or why there is none), re-worded when
    the model re-sized the change or chose the category."""
    actions = state.get("actions") or []
    if not adopted and remediation == state.get("remediation"):
        return actions[0] if actions else ""
    if remediation is None:
        return ""
    kind = RemediationKind(remediation["kind"])
    app = state.get("app", "")
    if remediation.get("target"):
        return f"Set {kind.value} for {app or 'the workload'} to {remediation.get('target')}."
    return remediation_action(Remediation(kind, remediation["factor"]), app)
