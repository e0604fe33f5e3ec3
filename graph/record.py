"""Incident records (pure): what git keeps about a finished incident, and how it is written.

Git is the incident database, so the format is made to be read back: `summary.md` starts with
YAML front matter whose values are all double-quoted strings, `null` or flow lists (no YAML 1.1
vs 1.2 surprises, one key per line), and its body has fixed `## ` sections that
`parse_summary` turns back into values. Commit messages end with git trailers, one per line,
that `git interpret-trailers --parse` and `git log --format=%(trailers)` read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from graph.masking import mask_secrets
from graph.state import DECISIONS, OUTCOMES, DecisionKind, Outcome

CommitKind = Literal["fix", "record", "outcome"]

INCIDENT_ID_PATTERN = r"^incident-\d{14}-[0-9a-f]{4,8}$"
# ASCII: `\d` would match any Unicode digit; use `fullmatch`: `$` also matches before "\n".
incident_id_pattern = re.compile(INCIDENT_ID_PATTERN, re.ASCII)

SUBJECT_MAX = 72
_FEEDBACK_HEADINGS = {
    "Comment": "comment",
    "User recognition": "user_recognition",
    "User approved action": "user_approved_action",
}
_ACTION = re.compile(r"(\d+)\. (.*)")
_FRONT_LINE = re.compile(r'([A-Za-z_][A-Za-z0-9_-]*): (null|"(?:[^"\\\n]|\\.)*"|\[.*\])')


def is_incident_id(value: str) -> bool:
    """Whether `value` is a well-formed incident id (safe to use as a directory name)."""
    return incident_id_pattern.fullmatch(value) is not None


def check_incident_id(value: str) -> str:
    """`value` unchanged when it is a well-formed incident id; ValueError otherwise."""
    if not is_incident_id(value):
        raise ValueError(f"not an incident id: {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class Feedback:
    """What the person deciding said: a comment and two optional notes ("" when not given)."""

    comment: str = ""
    user_recognition: str = ""  # what the person recognised the problem as
    user_approved_action: str = ""  # the action the person approved or asked for


@dataclass(frozen=True, slots=True)
class IncidentRecord:
    """One incident as it is recorded in git. Raises ValueError on a malformed id, a naive
    timestamp, or an unknown decision or outcome; lists are stored as tuples."""

    id: str
    status: str
    category: str
    severity: str
    app: str
    namespace: str
    fingerprints: tuple[str, ...]
    created: datetime
    updated: datetime
    decision: DecisionKind | None = None
    approver: str | None = None
    root_cause: str = ""
    actions: tuple[str, ...] = ()
    feedback: Feedback = Feedback()
    reason: str = ""  # why it was rejected or why committing failed
    outcome: Outcome | None = None
    diff: str = ""
    change_summary: str = ""  # e.g. "raise memory limit 512Mi→1Gi"
    alert: dict[str, Any] = field(default_factory=dict, hash=False)  # the opening alert, JSON-able
    learned_from: tuple[str, ...] = ()  # earlier incidents whose feedback shaped the proposal

    def __post_init__(self) -> None:
        check_incident_id(self.id)
        for name in ("created", "updated"):
            stamp = getattr(self, name)
            if not isinstance(stamp, datetime) or stamp.utcoffset() is None:
                raise ValueError(f"{name} must be a timezone-aware datetime, not {stamp!r}")
        if self.decision is not None and self.decision not in DECISIONS:
            raise ValueError(f"unknown decision {self.decision!r}")
        if self.outcome is not None and self.outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {self.outcome!r}")
        object.__setattr__(self, "fingerprints", tuple(self.fingerprints))
        object.__setattr__(self, "actions", tuple(self.actions))
        object.__setattr__(self, "learned_from", tuple(self.learned_from))


def render_summary(record: IncidentRecord) -> str:
    """summary.md: front matter (id … outcome, plus change_summary and reason) and the sections
    Root cause, Actions (numbered, one line each), Feedback and Outcome. Free text keeps its
    lines (surrounding whitespace trimmed); `parse_summary` reads all of it back."""
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
    }
    lines = ["---", *(f"{key}: {_yaml_value(value)}" for key, value in front.items()), "---", ""]
    where = "/".join(part for part in (record.namespace, record.app) if part)
    title = _one_line(record.change_summary or f"{record.category} incident")
    lines += [f"# {title}" + (f" ({_one_line(where)})" if where else ""), ""]
    lines += ["## Root cause", "", _escape(record.root_cause), ""]
    actions = [f"{n}. {_one_line(a)}" for n, a in enumerate(record.actions, 1) if _one_line(a)]
    lines += ["## Actions", "", *(actions or ["_None._"]), ""]
    lines += ["## Feedback", ""]
    given = False
    for heading, attribute in _FEEDBACK_HEADINGS.items():
        text = getattr(record.feedback, attribute).strip()
        if text:
            lines += [f"### {heading}", "", _escape(text), ""]
            given = True
    if not given:
        lines += ["_None given._", ""]
    lines += ["## Outcome", "", _outcome_prose(record), ""]
    if record.reason.strip():
        lines += ["Reason:", "", _escape(record.reason), ""]
    return "\n".join(lines)


def parse_summary(text: str) -> dict[str, Any]:
    """The values of a summary.md: the front matter keys (see `parse_front_matter`),
    `root_cause`, `actions` (list), `feedback` (comment, user_recognition,
    user_approved_action; "" when absent) and `sections` (heading → raw Markdown, hand-added
    sections included). ValueError when there is no front matter."""
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
    parsed["sections"] = sections
    return parsed


def parse_front_matter(text: str) -> dict[str, Any]:
    """The front matter of a summary.md alone (created/updated as aware datetimes or None,
    fingerprints and learned_from as lists) — what a listing needs, without the body.
    ValueError when there is none or it is not a YAML mapping."""
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
    return parsed, text[end + 5 :]


def commit_message(record: IncidentRecord, kind: CommitKind) -> str:
    """The commit message for `record`: a subject of at most 72 characters, a body, and the
    trailers Incident-Id, Category, Severity, App, Decision, Approved-By (Rejected-By for a
    rejection), Feedback, and Outcome (only on "outcome" commits, which is how they are told
    apart from the one "fix"/"record" commit). Empty trailers are left out; every value is
    masked (graph.masking), then folded onto one line.

    kind "fix": `fix(<app>): <change_summary>`; "record" (no values change):
    `record(<app>): <category> proposal rejected|…`; "outcome":
    `record(<app>): <id> recovered|not recovered` (ValueError when the outcome is unknown).
    """
    app, category = _masked_line(record.app), _masked_line(record.category) or "unknown"
    scope = f"({app})" if app else ""
    body = [f"Root cause: {_masked_line(record.root_cause)}"] if record.root_cause.strip() else []
    if kind == "fix":
        subject = _subject(f"fix{scope}: ", _masked_line(record.change_summary) or category)
    elif kind == "record":
        verdict = {
            "reject": "proposal rejected",
            None: "incident recorded",
        }.get(record.decision, "approved without a values change")
        subject = _subject(f"record{scope}: ", f"{category} {verdict}")
        if record.reason.strip():
            body.append(f"Reason given: {_masked_line(record.reason)}")
    elif kind == "outcome":
        if record.outcome is None:
            raise ValueError("an outcome commit needs the record's outcome")
        subject = _subject(f"record{scope}: ", record.id, f" {record.outcome.replace('_', ' ')}")
    else:
        raise ValueError(f"unknown commit kind {kind!r}")
    body.append(f"See examples/{record.id}/summary.md.")

    decider = "Rejected-By" if record.decision == "reject" else "Approved-By"
    fb = record.feedback
    notes = [fb.comment, *(f"{label}: {text}" for label, text in _notes(fb))]
    trailers = {
        "Incident-Id": record.id,
        "Category": record.category,
        "Severity": record.severity,
        "App": record.app,
        "Decision": record.decision or "",
        decider: record.approver or "",
        "Feedback": "; ".join(line for n in notes if (line := _masked_line(n))),
        "Outcome": record.outcome if kind == "outcome" and record.outcome else "",
        "Learned-From": ", ".join(record.learned_from) if kind != "outcome" else "",
    }
    return commit_message_trailers(subject=subject, body=body, trailers=trailers)


def commit_message_trailers(*, subject: str, body: list[str], trailers: dict[str, str]) -> str:
    """A commit message: the subject (cut to 72 characters), each body paragraph folded onto one
    line, and the non-empty trailers, one per line, that `git log --format=%(trailers)` reads.

    Each piece is masked before it is folded (and cut): folding first would join lines that
    masking reads one by one, so git would not show what the API shows."""
    subject = _subject("", _masked_line(subject))
    paragraphs = [line for p in body if (line := _masked_line(p))]
    lines = [f"{key}: {line}" for key, value in trailers.items() if (line := _masked_line(value))]
    return "\n\n".join([subject, *paragraphs, "\n".join(lines)]) + "\n"


def _notes(feedback: Feedback) -> list[tuple[str, str]]:
    pairs = [
        ("user_recognition", feedback.user_recognition),
        ("user_approved_action", feedback.user_approved_action),
    ]
    return [(label, text) for label, text in pairs if text.strip()]


def _subject(prefix: str, text: str, suffix: str = "") -> str:
    """`prefix + text + suffix`, the text cut (…) so the whole fits in SUBJECT_MAX."""
    subject = prefix + text + suffix
    if len(subject) <= SUBJECT_MAX:
        return subject
    room = SUBJECT_MAX - len(prefix) - len(suffix) - 1
    if room >= 8:
        return prefix + text[:room].rstrip() + "…" + suffix
    return subject[: SUBJECT_MAX - 1] + "…"  # an absurdly long app name: cut anywhere


def _one_line(text: str) -> str:
    """Whitespace and control characters folded to single spaces (trailers, subjects)."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _masked_line(text: str) -> str:
    """`text` masked as it is, line by line, then folded onto one line (commit messages)."""
    return _one_line(mask_secrets(text))


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
    """The front matter when it is exactly as `render_summary` writes it (one `key: value` per
    line, values `null`, double-quoted strings or flow lists of them), else None.

    Reading that subset needs no YAML parser: with the escapes `_yaml_string` writes, a YAML
    double-quoted scalar is a JSON string. The full parser costs ~10 ms a file, which for
    thousands of incidents is the whole start-up."""
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
    """Free text as Markdown lines no parser mistakes for a heading: lines starting with `#`
    or `\\` get a backslash (which Markdown shows as nothing)."""
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
    if record.outcome == "recovered":
        return "Recovered: the alert resolved."
    if record.outcome == "not_recovered":
        return "Not recovered: the alert was still firing when verification ended."
    if record.decision == "reject":
        return "Rejected: no values were changed."
    return f"Not known yet (status: {_one_line(record.status) or 'unknown'})."
