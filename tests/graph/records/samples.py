"""Samples for the record tests: a well-filled record, a negative feedback document, the state
of a decided incident with one text in every field, and git's own reading of trailers."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from graph.records.incident import Feedback, IncidentRecord
from graph.records.negative_feedback import negative_feedback
from graph.state import Decision, IncidentState

T0 = datetime(2026, 11, 24, 3, 39, 0, tzinfo=UTC)
ID = "incident-20261124033900-ab12"


def make_record(**changes: Any) -> IncidentRecord:
    base = IncidentRecord(
        id=ID,
        status="verifying",
        category="oom",
        severity="critical",
        app="grafana",
        namespace="monitoring",
        fingerprints=("4c6f2a0e9d1b7a35", "91aa0c2d77e4f001"),
        created=T0,
        updated=T0 + timedelta(minutes=3),
        decision="approve",
        approver="alice",
        root_cause="The grafana container was OOMKilled: it needs more than its 512Mi limit.",
        actions=("Raise the memory limit to 1Gi", "Watch container_memory_working_set_bytes"),
        feedback=Feedback("Looks right", user_recognition="memory leak in a plugin"),
        change_summary="raise memory limit 512Mi→1Gi, request 256Mi→512Mi",
        diff="--- a/x\n+++ b/x\n",
        alert={"labels": {"alertname": "KubePodOOMKilled", "namespace": "monitoring"}},
    )
    return replace(base, **changes)


def trailers(message: str) -> list[tuple[str, str]]:
    """The trailers as git itself reads them."""
    parsed = subprocess.run(
        ["git", "interpret-trailers", "--parse"],
        input=message,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [(k, v) for k, _, v in (line.partition(": ") for line in parsed.splitlines())]


def feedback_document(**changes: Any) -> dict[str, Any]:
    """A negative feedback document on incident ID: bob says the 1Gi fix was not enough."""
    arguments: dict[str, Any] = {
        "incident_id": ID,
        "reason": "still OOMKilled an hour later",
        "original": "raise memory limit 512Mi→1Gi",
        "expected_result": "needed 2Gi",
        "timestamp": T0 + timedelta(hours=1),
        "user": "bob",
        "category": "oom",
        "app": "grafana",
    }
    arguments.update(changes)
    return negative_feedback(**arguments)


def decided(text: str, decision: str = "reject") -> IncidentState:
    """An incident decided after one modification, with `text` in every text of its state."""
    said: Decision = {
        "decision": decision,  # type: ignore[typeddict-item]
        "user": text,
        "comment": text,
        "overrides": {},
        "diff_sha256": "",
    }
    modified: Decision = {**said, "decision": "modify", "overrides": {"replicaCount": text}}
    return {
        "incident_id": ID,
        "created": T0.isoformat(),
        "alert": {
            "source": "alertmanager",
            "log_text": text,
            "labels": {"alertname": "KubePodOOMKilled", "team": text},
            "annotations": {"description": text},
            "fingerprints": [text],
            "starts_at": T0.isoformat(),
        },
        "status": "awaiting_approval",
        "category": text,
        "severity": text,
        "app": text,
        "namespace": text,
        "root_cause": text,
        "actions": [text, f"then {text}"],
        "learned_from": [text],
        "proposal": {
            "values_path": None,
            "diff": "",
            "diff_sha256": "",
            "change_summary": text,
            "notes": [],
            "refusal": None,
            "new_values": None,
        },
        "decision": said,
        "modifications": [modified],
        "reason": text,
    }
