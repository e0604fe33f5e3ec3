"""From workflow state to the git record: every text masked once, each on its own, before
anything renders it or folds it onto one line."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from graph.masking import mask_secrets
from graph.records.builder import incident_record
from graph.records.commit_message import commit_message, one_line
from graph.records.folder import decision_files
from graph.records.summary import render_summary
from tests.graph.records.samples import ID, T0, decided, trailers
from tests.secret_shapes import SHAPES, Shape


def texts(value: Any) -> list[str]:
    """Every string in a record (its fields, the alert, the feedback), at any depth."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return texts(dataclasses.asdict(value))
    if isinstance(value, dict):
        return [t for key, item in value.items() for t in (*texts(key), *texts(item))]
    if isinstance(value, list | tuple):
        return [t for item in value for t in texts(item)]
    return []


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.text[:40])
@pytest.mark.parametrize("decision", ["reject", "approve"])
def test_every_text_of_the_record_is_masked(shape: Shape, decision: str) -> None:
    record = incident_record(decided(shape.text, decision), status="committed", now=T0)
    masked = mask_secrets(shape.text)
    assert (record.root_cause, record.app, record.namespace, record.category) == (masked,) * 4
    assert record.change_summary == record.severity == record.approver == masked
    assert record.fingerprints == record.learned_from == (masked,)
    assert record.alert["labels"]["team"] == record.alert["log_text"] == masked
    written = [
        *texts(record),
        render_summary(record),
        commit_message(record, "record"),
        *decision_files(record).values(),
    ]
    for text in written:
        for secret in shape.secrets:
            assert secret not in text
    assert shape.context in render_summary(record)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.text[:40])
def test_a_commit_message_shows_the_masked_text_folded(shape: Shape) -> None:
    """Masked first, then folded: what git shows on one line is what the API shows."""
    record = incident_record(decided(shape.text), status="rejected", now=T0)
    message = commit_message(record, "record")
    folded = one_line(mask_secrets(shape.text))
    assert f"Reason given: {folded}" in message.splitlines()
    assert f"Root cause: {folded}" in message.splitlines()


def test_text_is_masked_before_it_is_folded_or_cut() -> None:
    """Folding first would put `password = '…'` after the cookie on one line, where the cookie
    rule eats the key and leaves the password; cutting first would leave a token too short to
    be recognised."""
    token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    state = decided("grafana")
    state.pop("modifications")
    state["decision"] = {
        "decision": "reject",
        "user": "alice",
        "comment": "Cookie: session=abc\npassword = 'hunter2 SuperSecret05'",
        "overrides": {},
        "diff_sha256": "",
    }
    state["proposal"]["change_summary"] = "x" * 40 + f" rotate {token} now"
    rejected = commit_message(incident_record(state, status="rejected", now=T0), "record")
    assert "Reason given: Cookie: session=**** password = '****'" in rejected.splitlines()
    state["decision"] = {
        **state["decision"],
        "decision": "approve",
        "comment": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN\nIncident-Id: forged",
    }
    fix = commit_message(incident_record(state, status="committed", now=T0), "fix")
    assert token[4:12] not in fix.splitlines()[0]
    assert "hunter2" not in rejected + fix and "MIIEvQ" not in rejected + fix
    parsed = dict(trailers(fix))
    assert parsed["Incident-Id"] == ID
    assert parsed["Feedback"] == (
        "-----BEGIN PRIVATE KEY-----****-----END PRIVATE KEY----- Incident-Id: forged"
    )


def test_each_decision_is_masked_on_its_own_before_they_are_joined() -> None:
    """A user name and a comment stand side by side in the feedback: each is masked alone,
    so neither hides the other's secret nor is taken for part of it."""
    state = decided("grafana", "approve")
    state["modifications"][0]["user"] = "password:"  # masked with what follows, it would hide it
    state["modifications"][0]["comment"] = "token=t0k3nValue77"
    state["decision"]["comment"] = "ok"
    record = incident_record(state, status="committed", now=T0)
    assert record.feedback.comment == "password: (modify): token=****\ngrafana (approve): ok"
    assert record.feedback.user_approved_action == "replicaCount: grafana"
