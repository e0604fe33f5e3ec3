"""Commit messages (pure): the subject, body and trailers of every commit the service makes.

A message is a subject of at most 72 characters, body paragraphs folded onto one line each, and
git trailers, one per line, that `git interpret-trailers --parse` and
`git log --format=%(trailers)` read: the seed commit, an incident's decision and outcome
commits, negative feedback and the learning loop's commits.

Text is masked once, where it is built, before anything folds it onto one line (folded first,
a secret could end up beside text that hides it from the rules, or be cut too short to be
recognised): an IncidentRecord's text was masked when `graph.records.builder` built it, a
feedback document's when `graph.records.negative_feedback` made it. What a message adds of its
own (the user who gave feedback, the names of the learned groups) is masked here. Nothing
below the records masks again: the checkout commits messages as given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from graph.masking import mask_secrets
from graph.records.incident import Feedback, IncidentRecord

CommitKind = Literal["fix", "record", "outcome"]

SUBJECT_MAX = 72
SEED_MESSAGE = "chore: seed GitOps repository"
_LEARNED_FROM_MAX = 50
_ADVICE_VERDICTS = {"resolved": "advice, alerts resolved", "acknowledged": "advice acknowledged"}


def commit_message(record: IncidentRecord, kind: CommitKind) -> str:
    """The commit message for `record`.

    A subject of at most 72 characters, a body, and the trailers Incident-Id, Category,
    Severity, App, Cluster (when the incident names one), Decision, Approved-By (Rejected-By
    for a rejection), Acknowledged-By (advice), Feedback, and Outcome (only on "outcome"
    commits, which is how they are told apart from the one "fix"/"record" commit). Empty
    trailers are left out; every value is folded onto one line (the record's text is masked
    already: graph.records.builder).

    kind "fix": `fix(<app>): <change_summary>`; "record" (no values change):
    `record(<app>): <category> proposal rejected|advice acknowledged|…`; "outcome":
    `record(<app>): <id> recovered|not recovered` (ValueError when the outcome is unknown).
    """
    app, category = one_line(record.app), one_line(record.category) or "unknown"
    scope = f"({app})" if app else ""
    body = [f"Root cause: {one_line(record.root_cause)}"] if record.root_cause.strip() else []
    if kind == "fix":
        subject = _subject(f"fix{scope}: ", one_line(record.change_summary) or category)
    elif kind == "record":
        verdict = {
            "reject": "proposal rejected",
            None: _ADVICE_VERDICTS.get(record.outcome or "", "incident recorded"),
        }.get(record.decision, "approved without a values change")
        subject = _subject(f"record{scope}: ", f"{category} {verdict}")
        if record.reason.strip():
            body.append(f"Reason given: {one_line(record.reason)}")
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
        "Cluster": record.cluster,
        "Decision": record.decision or "",
        decider: record.approver or "",
        "Policy": record.policy,
        "Acknowledged-By": record.acknowledged_by,
        "Feedback": "; ".join(line for n in notes if (line := one_line(n))),
        "Outcome": record.outcome if kind == "outcome" and record.outcome else "",
        "Learned-From": ", ".join(record.learned_from) if kind != "outcome" else "",
    }
    return commit_message_trailers(subject=subject, body=body, trailers=trailers)


def commit_message_trailers(*, subject: str, body: list[str], trailers: dict[str, str]) -> str:
    """A commit message.

    The subject (cut to 72 characters), each body paragraph folded onto one line, and the
    non-empty trailers, one per line, that `git log --format=%(trailers)` reads.

    The pieces must be masked already (see the module docstring): they are only folded here.
    """
    subject = _subject("", one_line(subject))
    paragraphs = [line for p in body if (line := one_line(p))]
    lines = [f"{key}: {line}" for key, value in trailers.items() if (line := one_line(value))]
    return "\n\n".join([subject, *paragraphs, "\n".join(lines)]) + "\n"


def feedback_commit_message(document: Mapping[str, Any], user: str) -> str:
    """The commit message of a negative feedback written through the API.

    The document's text is masked (graph.records.negative_feedback), `user` is masked here.
    """
    return commit_message_trailers(
        subject=f"feedback({document.get('app_name') or 'incident'}): "
        f"{document['incident_id']} did not work",
        body=[f"Reason: {document['reason']}"]
        + ([f"Expected: {document['expected_result']}"] if document["expected_result"] else []),
        trailers={
            "Incident-Id": document["incident_id"],
            "Category": str(document.get("error_category", "")),
            "App": str(document.get("app_name", "")),
            "Feedback-Type": "negative",
            "Feedback-By": mask_secrets(user),
        },
    )


def learning_commit_message(paths: list[str], learned_from: list[str]) -> str:
    """The commit message of one run of the feedback loop.

    It wrote the patterns files `paths` (`examples/learning/<category>_<app>_patterns.json`),
    learned from the incidents `learned_from`: the groups named in the subject (three, then how many
    more), the number of incidents in the body and their ids in a Learned-From trailer (at most 50).
    """
    names = [
        mask_secrets(path.rsplit("/", 1)[1].removesuffix("_patterns.json"))
        for path in sorted(paths)
    ]
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    incidents = sorted(set(learned_from))
    return commit_message_trailers(
        subject=f"learn: update patterns for {shown}",
        body=[f"From negative feedback and outcomes of {len(incidents)} incidents."],
        trailers={"Learned-From": mask_secrets(", ".join(incidents[:_LEARNED_FROM_MAX]))},
    )


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


def one_line(text: str) -> str:
    """Whitespace and control characters folded to single spaces (trailers, subjects)."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())
