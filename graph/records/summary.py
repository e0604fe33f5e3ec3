"""summary.md (pure): an incident record as Markdown with front matter, and read back.

Git is the incident database, so the format is made to be read back: `summary.md` starts with
YAML front matter whose values are all double-quoted strings, `null` or flow lists (no YAML 1.1
vs 1.2 surprises, one key per line), and its body has fixed `## ` sections that
`parse_summary` turns back into values.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from graph.records.commit_message import one_line
from graph.records.evidence_section import parse_evidence, render_evidence, verification_line
from graph.records.incident import IncidentRecord

_FEEDBACK_HEADINGS = {
    "Comment": "comment",
    "User recognition": "user_recognition",
    "User approved action": "user_approved_action",
}
_LATER_KEYS = ("cluster", "acknowledged_by", "signal_kind", "signal", "confidence", "explanation")
_ACTION = re.compile(r"(\d+)\. (.*)")
_FRONT_LINE = re.compile(r'([A-Za-z_][A-Za-z0-9_-]*): (null|"(?:[^"\\\n]|\\.)*"|\[.*\])')


def render_summary(record: IncidentRecord) -> str:
    """summary.md.

    Front matter (id … outcome, change_summary, reason, learned_from, cluster,
    acknowledged_by, and why the
    category: signal_kind, signal, confidence, explanation) and the sections Classification
    ("Classified as oom because …", when the record says why), Root cause, Actions
    (numbered, one line each), Model (which model was asked, what was taken from it and what
    was not, when one was), Evidence and Logs (graph.records.evidence_section, when
    evidence was gathered), Feedback and Outcome (with how recovery was verified). Free text
    keeps its lines (surrounding whitespace trimmed); `parse_summary` reads all of it back.
    """
    front: dict[str, Any] = {
        "id": record.id,
        "status": record.status,
        "category": record.category,
        "severity": record.severity,
        "app": record.app,
        "namespace": record.namespace,
        "fingerprints": list(record.fingerprints),
        "created": record.created.isoformat(),
        "updated": record.updated.isoformat(),
        "decision": record.decision,
        "approver": record.approver,
        "outcome": record.outcome,
        "change_summary": record.change_summary,
        "reason": record.reason,
        "learned_from": list(record.learned_from),
        "cluster": record.cluster,
        "acknowledged_by": record.acknowledged_by,
        "signal_kind": record.signal_kind,
        "signal": record.signal,
        "confidence": record.confidence,
        "explanation": record.explanation,
    }
    if record.delivery:  # absent from records of changes committed straight onto the branch
        front["delivery"] = record.delivery
    if record.policy:  # absent when the default (one human approval) applied
        front["policy"] = record.policy
    if record.model:  # absent when no model was asked
        front["model"] = record.model
    lines = ["---", *(f"{key}: {_yaml_value(value)}" for key, value in front.items()), "---", ""]
    where = "/".join(part for part in (record.namespace, record.app) if part)
    title = one_line(record.change_summary or f"{record.category} incident")
    lines += [f"# {title}" + (f" ({one_line(where)})" if where else ""), ""]
    if record.explanation.strip():
        lines += ["## Classification", "", _escape(_sentence(record.explanation)), ""]
    lines += ["## Root cause", "", _escape(record.root_cause), ""]
    actions = [f"{n}. {one_line(a)}" for n, a in enumerate(record.actions, 1) if one_line(a)]
    lines += ["## Actions", "", *(actions or ["_None._"]), ""]
    if record.model:
        said = [f"- {one_line(line)}" for line in record.model_lines if one_line(line)]
        lines += ["## Model", "", f"Asked `{one_line(record.model)}`.", "", *said, ""]
    lines += render_evidence(record.evidence, record.missing_evidence, record.log_excerpt)
    lines += ["## Feedback", ""]
    given = False
    for heading, attribute in _FEEDBACK_HEADINGS.items():
        text = getattr(record.feedback, attribute).strip()
        if text:
            lines += [f"### {heading}", "", _escape(text), ""]
            given = True
    if not given:
        lines += ["_None given._", ""]
    lines += _outcome_section(record)
    return "\n".join(lines)


def _outcome_section(record: IncidentRecord) -> list[str]:
    """The Outcome section: how it ended, how the change travelled, how recovery was
    verified, and the reason."""
    lines = ["## Outcome", "", _outcome_prose(record), ""]
    if record.delivery:
        lines += [f"Delivered by {_escape(record.delivery)}.", ""]
    if record.silences:
        lines += ["Silences:", "", *(f"- {one_line(s)}" for s in record.silences), ""]
    if verification_line(record.verification):
        lines += [verification_line(record.verification), ""]
    if record.reason.strip():
        lines += ["Reason:", "", _escape(record.reason), ""]
    return lines


def parse_summary(text: str) -> dict[str, Any]:
    """The values of a summary.md.

    The front matter keys (see `parse_front_matter`), `root_cause`, `actions` (list), `feedback`
    (comment, user_recognition, user_approved_action; "" when absent), `evidence`,
    `missing_evidence`, `log_excerpt` and `verification` (empty when absent:
    graph.records.evidence_section) and `sections` (heading → raw Markdown, hand-added
    sections included). ValueError when there is no front matter.
    """
    text = text.replace("\r\n", "\n")
    parsed, body = _front_and_body(text)
    sections = _split(body, "## ")
    feedback = dict.fromkeys(_FEEDBACK_HEADINGS.values(), "")
    for heading, block in _split(sections.get("Feedback", ""), "### ").items():
        if heading in _FEEDBACK_HEADINGS:
            feedback[_FEEDBACK_HEADINGS[heading]] = _unescape(block)
    actions = []
    for line in sections.get("Actions", "").split("\n"):
        match = _ACTION.fullmatch(line)
        if match:
            actions.append(match.group(2))
    parsed["root_cause"] = _unescape(sections.get("Root cause", ""))
    parsed["actions"] = actions
    parsed["feedback"] = feedback
    parsed.update(parse_evidence(sections))
    parsed["sections"] = sections
    return parsed


def parse_front_matter(text: str) -> dict[str, Any]:
    """The front matter of a summary.md alone: what a listing needs, without the body.

    created/updated as aware datetimes or None, fingerprints and learned_from as lists.
    ValueError when there is none or it is not a YAML mapping.
    """
    return _front_and_body(text.replace("\r\n", "\n"))[0]


def _front_and_body(text: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---\n"):
        raise ValueError("summary.md does not start with front matter (---)")
    end = text.find("\n---\n", 3)
    if end < 0:
        raise ValueError("summary.md front matter is not closed (---)")
    front = _written_front_matter(text[4 : end + 1])
    if front is None:  # edited by hand: read it as the YAML it is
        try:
            front = YAML(typ="safe", pure=True).load(text[4 : end + 1])
        except YAMLError as error:
            raise ValueError(f"summary.md front matter is not valid YAML: {error}") from None
    if not isinstance(front, dict):
        raise ValueError("summary.md front matter is not a mapping")
    parsed: dict[str, Any] = {str(k): v for k, v in front.items()}
    for key in ("created", "updated"):
        parsed[key] = _datetime(parsed.get(key))
    fingerprints = parsed.get("fingerprints")
    parsed["fingerprints"] = [str(f) for f in fingerprints] if fingerprints else []
    learned = parsed.get("learned_from")
    parsed["learned_from"] = [str(i) for i in learned] if isinstance(learned, list) else []
    for key in _LATER_KEYS:  # absent from records written before these existed
        value = parsed.get(key)
        parsed[key] = "" if value is None else str(value)
    return parsed, text[end + 5 :]


def _sentence(explanation: str) -> str:
    """The explanation as a sentence: "Classified as oom because …"."""
    text = explanation.strip()
    return text[:1].upper() + text[1:]


def _yaml_value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_value(v) for v in value) + "]"
    return _yaml_string(str(value))


def _yaml_string(text: str) -> str:
    """A YAML double-quoted scalar; anything not printable is escaped (so it stays one line)."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def _datetime(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    stamp = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return stamp if stamp.utcoffset() is not None else stamp.replace(tzinfo=UTC)


def _written_front_matter(block: str) -> dict[str, Any] | None:
    """The front matter when it is exactly as `render_summary` writes it, else None.

    That is one `key: value` per line, values `null`, double-quoted strings or flow lists of
    them.

    Reading that subset needs no YAML parser: with the escapes `_yaml_string` writes, a YAML
    double-quoted scalar is a JSON string. The full parser costs ~10 ms a file, which for
    thousands of incidents is the whole start-up.
    """
    pairs: list[str] = []
    keys: set[str] = set()
    for line in block.split("\n"):
        if not line:
            continue
        match = _FRONT_LINE.fullmatch(line)
        if match is None or match.group(1) in keys:
            return None
        keys.add(match.group(1))
        pairs.append(f'"{match.group(1)}":{match.group(2)}')
    try:  # one JSON object for the whole block: one decode instead of one per line
        values = json.loads("{" + ",".join(pairs) + "}")
    except ValueError:  # e.g. a YAML-only escape such as \U0001f600
        return None
    for value in values.values():
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            return None
    return dict(values)


def _escape(text: str) -> str:
    r"""Free text as Markdown lines no parser mistakes for a heading.

    Lines starting with `#` or `\` get a backslash (which Markdown shows as nothing).
    """
    lines = text.strip().replace("\r\n", "\n").split("\n")
    return "\n".join("\\" + line if line.startswith(("#", "\\")) else line for line in lines)


def _unescape(block: str) -> str:
    lines = block.split("\n")
    return "\n".join(line[1:] if line.startswith("\\") else line for line in lines).strip("\n")


def _split(body: str, marker: str) -> dict[str, str]:
    """Heading text → the lines under it (up to the next heading of this level)."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in body.split("\n"):
        if line.startswith(marker):
            current = sections.setdefault(line[len(marker) :].strip(), [])
        elif current is not None:
            current.append(line)
    return {heading: "\n".join(lines).strip("\n") for heading, lines in sections.items()}


def _outcome_prose(record: IncidentRecord) -> str:
    if record.verification.strip() and record.outcome in ("recovered", "not_recovered"):
        return "Recovered." if record.outcome == "recovered" else "Not recovered."
    if record.outcome == "recovered":
        return "Recovered: the alert resolved."
    if record.outcome == "not_recovered":
        return "Not recovered: the alert was still firing when verification ended."
    if record.outcome == "resolved":
        return "Closed: the alerts resolved; the advice needed no values change."
    if record.outcome == "acknowledged":
        who = one_line(record.acknowledged_by) or "someone"
        return f"Acknowledged by {who}: the advice needed no values change."
    if record.decision == "reject":
        return "Rejected: no values were changed."
    return f"Not known yet (status: {one_line(record.status) or 'unknown'})."
