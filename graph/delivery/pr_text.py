"""The title and body of the pull request an incident's change is delivered in (pure).

The body is Markdown for reviewers: the root cause, why the category (category, deciding
signal, confidence, the explanation), the evidence and log lines as summary.md shows them
(graph.records.evidence_section), the change summary and the diff, a link back to the incident
and `Incident-Id: <id>` as the last line (how a merged pull request is traced back). The forge
is an outlet: every text is masked (graph.masking) on its way in. A body longer than the
forge takes is cut, the diff first, with a line saying so; the link and the Incident-Id line
always stay.
"""

from __future__ import annotations

import re

from graph.masking import mask_secrets
from graph.records.commit_message import one_line
from graph.records.evidence_section import render_evidence
from graph.records.incident import IncidentRecord

TITLE_MAX = 255  # GitHub takes 256 characters, GitLab 255
GITHUB_BODY_LIMIT = 65_536
CUT_MARKER = "… (cut here: the body is longer than the forge takes; the incident has it all)"
_BACKTICKS = re.compile(r"`{3,}")


def pull_request_text(
    record: IncidentRecord, incident_url: str, limit: int = GITHUB_BODY_LIMIT
) -> tuple[str, str]:
    """The title and Markdown body of the pull request for `record`'s change, linking to
    `incident_url`, the body at most `limit` characters (module docstring)."""
    return _title(record), _body(record, _line(incident_url), limit)


def _title(record: IncidentRecord) -> str:
    app, namespace = _line(record.app), _line(record.namespace)
    what = _line(record.change_summary) or f"{_line(record.category) or 'incident'} fix"
    title = f"fix({app}): {what}" if app else f"fix: {what}"
    title += f" [{namespace}/{app}]" if namespace and app else ""
    return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1].rstrip() + "…"


def _body(record: IncidentRecord, link: str, limit: int) -> str:
    """The body, the diff cut first when it does not fit in `limit`."""
    head = _head(record)
    tail = _tail(record, link)
    diff = mask_secrets(record.diff.strip("\n"))
    if not diff:
        return _fit(head, tail, limit)
    fence = _fence(diff)
    room = limit - len(head) - len(tail) - 2 * len(fence) - len("diff\n\n\n\n")
    if len(diff) > room:
        diff = _cut_lines(diff, room - len(CUT_MARKER) - 1)
        diff = f"{diff}\n{CUT_MARKER}" if diff else CUT_MARKER
    return _fit(f"{head}{fence}diff\n{diff}\n{fence}\n\n", tail, limit)


def _head(record: IncidentRecord) -> str:
    """Everything before the diff: root cause, classification, evidence, change summary."""
    lines = ["## Root cause", "", _masked(record.root_cause) or "_Not known._", ""]
    # Each text masked on its own before any is joined to another (joined first, one text
    # could hide the next one's secret from the rules).
    signal = ": ".join(_line(p) for p in (record.signal_kind, record.signal) if _line(p))
    workload = "/".join(_line(p) for p in (record.namespace, record.app) if _line(p))
    facts = [
        ("Category", _line(record.category)),
        ("Severity", _line(record.severity)),
        ("Signal", signal),
        ("Confidence", _line(record.confidence)),
        ("Cluster", _line(record.cluster)),
        ("Workload", workload),
    ]
    shown = [f"**{label}:** {value}" for label, value in facts if value]
    if shown:
        lines += [" · ".join(shown), ""]
    if record.explanation.strip():
        lines += [_masked(record.explanation), ""]
    lines += render_evidence(
        [(mask_secrets(a), mask_secrets(b), mask_secrets(c)) for a, b, c in record.evidence],
        [mask_secrets(m) for m in record.missing_evidence],
        [mask_secrets(line) for line in record.log_excerpt],
    )
    lines += ["## Change", ""]
    if record.change_summary.strip():
        lines += [_line(record.change_summary), ""]
    if record.approver and _line(record.approver):
        lines += [f"Approved by {_line(record.approver)}.", ""]
    return "\n".join(lines) + "\n"


def _tail(record: IncidentRecord, link: str) -> str:
    shown = f"[{record.id}]({link})" if link else record.id
    return f"Incident: {shown}\n\nIncident-Id: {record.id}\n"


def _line(text: str) -> str:
    """Text masked, then folded onto one line (folded first, a secret could be cut off from
    the key that makes it recognisable)."""
    return one_line(mask_secrets(text))


def _masked(text: str) -> str:
    """Free text, masked, its lines kept (trimmed), no line read as a heading."""
    lines = mask_secrets(text.strip().replace("\r\n", "\n")).split("\n")
    return "\n".join("\\" + line if line.startswith("#") else line for line in lines)


def _fence(diff: str) -> str:
    """A code fence longer than any run of backticks in `diff` (so it cannot close it)."""
    longest = max((len(run) for run in _BACKTICKS.findall(diff)), default=2)
    return "`" * (longest + 1)


def _cut_lines(text: str, room: int) -> str:
    """`text` cut to whole lines fitting in `room` characters ("" when none fits)."""
    if room <= 0:
        return ""
    if len(text) <= room:
        return text
    cut = text[: room + 1]  # a line ending right at `room` still fits
    return cut[: cut.rfind("\n")] if "\n" in cut else ""


def _fit(head: str, tail: str, limit: int) -> str:
    """`head` + `tail`, `head` cut (marked) when both do not fit in `limit`; the tail (the link
    and the Incident-Id line) always stays whole."""
    if len(head) + len(tail) <= limit:
        return head + tail
    room = max(0, limit - len(tail) - len(CUT_MARKER) - len("\n\n\n"))
    return f"{head[:room].rstrip()}\n{CUT_MARKER}\n\n{tail}" if room else tail
