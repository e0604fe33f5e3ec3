"""An incident's folder in the GitOps repository (pure): which files, and their text.

`examples/<id>/` holds summary.md (graph.records.summary), changes.diff (the approved diff),
alert.json (the opening alert) and, beside them, the feedback files. This is where those texts
are made for git, so the one text here that is not masked yet — the diff, which the record
keeps as approved so the store can check it against the values file — is masked here; the
rest of the record was masked when it was built (graph.records.builder).
"""

from __future__ import annotations

import json

from graph.masking import mask_secrets
from graph.records.ids import check_incident_id
from graph.records.incident import IncidentRecord
from graph.records.summary import render_summary

SUMMARY = "summary.md"
DIFF = "changes.diff"
ALERT = "alert.json"


def incident_folder(incident_id: str) -> str:
    """`examples/<id>`, the folder of one incident; ValueError for a malformed id."""
    return f"examples/{check_incident_id(incident_id)}"


def decision_files(record: IncidentRecord) -> dict[str, str]:
    """Path → text of the files of the incident's decision commit.

    Summary.md, changes.diff (when there is a diff) and alert.json. ValueError when the alert is
    not JSON-able.
    """
    folder = incident_folder(record.id)
    files = {f"{folder}/{SUMMARY}": render_summary(record)}
    if record.diff:
        files[f"{folder}/{DIFF}"] = mask_secrets(record.diff)
    try:
        alert = json.dumps(record.alert, indent=2, ensure_ascii=False) + "\n"
    except (TypeError, ValueError) as error:
        raise ValueError(f"the alert cannot be written as JSON: {error}") from error
    files[f"{folder}/{ALERT}"] = alert
    return files


def outcome_files(record: IncidentRecord) -> dict[str, str]:
    """Path → text of the files of the incident's outcome commit: summary.md, rewritten, and
    changes.diff when there is a diff (unchanged, unless a reviewer edited the pull request
    before merging it: then the record's diff is the one that was merged)."""
    folder = incident_folder(record.id)
    files = {f"{folder}/{SUMMARY}": render_summary(record)}
    if record.diff:
        files[f"{folder}/{DIFF}"] = mask_secrets(record.diff)
    return files
