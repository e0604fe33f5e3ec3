"""The modals (pure): reject with a reason, modify the proposed values, trigger an analysis, and
reading what was typed into them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from receiver.slack.card import IncidentCard
from receiver.slack.mrkdwn import (
    BLOCK_ID_MAX,
    FIELD_MAX,
    INPUT_MAX,
    MODAL_BLOCKS_MAX,
    fit,
    mrkdwn,
    plain,
)
from receiver.slack.texts import (
    Language,
    text,
)


def _input(
    block_id: str,
    label: str,
    *,
    multiline: bool = False,
    optional: bool = False,
    initial: str | None = None,
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": "value",
        "multiline": multiline,
        "max_length": INPUT_MAX,
    }
    if initial is not None:
        element["initial_value"] = initial
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, FIELD_MAX),
        "optional": optional,
        "element": element,
    }


def _modal(
    callback_id: str,
    title: str,
    blocks: list[dict[str, Any]],
    language: Language,
    *,
    submit: str | None,
    metadata: str | None = None,
) -> dict[str, Any]:
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, 24),
        "close": plain(text("cancel" if submit else "close", language), 24),
        "blocks": blocks[:MODAL_BLOCKS_MAX],
    }
    if submit:
        view["submit"] = plain(submit, 24)
    if metadata is not None:
        view["private_metadata"] = metadata
    return view


def _editable(changes: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The changes a modal can show: unique paths that are valid block ids, not "notes",
    values that fit an input; at most what fits beside the intro and notes blocks."""
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for path, value in changes:
        if not path or len(path) > BLOCK_ID_MAX or path == "notes" or path in seen:
            continue
        if len(value) > INPUT_MAX:
            continue
        seen.add(path)
        out.append((path, value))
    return out[: MODAL_BLOCKS_MAX - 2]


def modify_modal(card: IncidentCard, language: Language, metadata: str) -> dict[str, Any]:
    """The Modify modal (callback_id "modify"): one text input per proposed change (block_id =
    values path, action_id "value", prefilled with the proposed value) plus optional "notes".
    Without editable changes it only explains that and has no submit button."""
    incident = fit(card.incident_id, 200)
    title = text("modify_title", language)
    editable = _editable(card.changes)
    if not editable:
        intro = text("modify_nothing", language, incident_id=incident)
        blocks = [{"type": "section", "text": mrkdwn(intro)}]
        return _modal("modify", title, blocks, language, submit=None, metadata=metadata)
    intro = text("modify_intro", language, incident_id=incident)
    blocks = [{"type": "section", "text": mrkdwn(intro)}]
    blocks += [_input(path, path, initial=value) for path, value in editable]
    blocks.append(_input("notes", text("modify_notes", language), multiline=True, optional=True))
    submit = text("modify_submit", language)
    return _modal("modify", title, blocks, language, submit=submit, metadata=metadata)


def reject_modal(card: IncidentCard, language: Language, metadata: str) -> dict[str, Any]:
    """The Reject modal (callback_id "reject"): a required multiline "reason" input."""
    intro = text("reject_intro", language, incident_id=fit(card.incident_id, 200))
    blocks = [
        {"type": "section", "text": mrkdwn(intro)},
        _input("reason", text("reject_reason", language), multiline=True),
    ]
    title, submit = text("reject_title", language), text("reject", language)
    return _modal("reject", title, blocks, language, submit=submit, metadata=metadata)


def trigger_modal(language: Language) -> dict[str, Any]:
    """The manual-trigger modal (callback_id "trigger"): required multiline "log_text",
    optional "app" and "namespace"."""
    blocks = [
        {"type": "section", "text": mrkdwn(text("trigger_intro", language))},
        _input("log_text", text("trigger_log", language), multiline=True),
        _input("app", text("trigger_app", language), optional=True),
        _input("namespace", text("trigger_namespace", language), optional=True),
    ]
    title, submit = text("trigger_title", language), text("trigger_submit", language)
    return _modal("trigger", title, blocks, language, submit=submit)


def _is_action(node: Any) -> bool:
    return isinstance(node, Mapping) and "type" in node


def modal_values(view_state: Mapping[str, Any]) -> dict[str, str]:
    """{block_id: entered text} from a view_submission's `view.state.values` (the `view.state`
    mapping is accepted too). Reads action "value" (else the block's first action): a text
    input's `value`, a select's `selected_option.value`; missing or None reads ""."""
    values = view_state
    inner = view_state.get("values")
    if isinstance(inner, Mapping) and not _is_action(inner.get("value")):
        values = inner
    out: dict[str, str] = {}
    for block_id, actions in values.items():
        if not isinstance(actions, Mapping) or not actions:
            continue
        action = actions.get("value", next(iter(actions.values())))
        if not isinstance(action, Mapping):
            out[str(block_id)] = ""
            continue
        value = action.get("value")
        if value is None and isinstance(action.get("selected_option"), Mapping):
            value = action["selected_option"].get("value")
        out[str(block_id)] = value if isinstance(value, str) else ""
    return out
