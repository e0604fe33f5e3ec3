"""What a proposal is matched on, read from the real workflow's state: the names, the kind,
the values the change sets, and the factor it multiplies them by — unknown, never guessed,
when the values it replaces cannot be told."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from graph.context import WorkflowContext
from graph.git.gitops import GitStore
from graph.patching.patcher import unified_diff
from graph.patching.quantity import parse_quantity
from graph.state import IncidentInput
from graph.workflow import Workflow, build_workflow
from receiver.ingest.events import build_log_text
from receiver.policies.loader import parse_policies
from receiver.policies.matching import decide
from receiver.policies.subject import subject_of, undo_diff
from tests.conftest import fixture_json

SEED = Path(__file__).resolve().parents[3] / "examples" / "gitops"
T0 = datetime(2026, 11, 24, 15, 30, 12, tzinfo=UTC)
SMALL_MEMORY = parse_policies(
    "rules:\n  - name: small-memory\n    match: {kind: raise_memory}\n"
    "    max_factor: 1.5\n    max_memory: 4Gi\n    auto_approve: {veto: 10m}\n",
    "policies.yaml",
)


@pytest.fixture
def workflow() -> Workflow:
    return build_workflow(InMemorySaver())


@pytest.fixture
def context(tmp_path: Path) -> WorkflowContext:
    store = GitStore(tmp_path / "gitops", seed=SEED, now=lambda: T0)
    store.ensure()
    return WorkflowContext(store=store, now=lambda: T0 + timedelta(minutes=1))


async def proposed(workflow: Workflow, context: WorkflowContext) -> tuple[dict[str, Any], Any]:
    """The state of the real captured OOM alert's incident, paused for approval."""
    alert = fixture_json("am-webhook-firing-2-alerts.json")["alerts"][0]
    inputs: IncidentInput = {
        "incident_id": "incident-20261124153012-0001",
        "created": T0.isoformat(),
        "alert": {
            "source": "alertmanager",
            "log_text": build_log_text(alert["labels"], alert["annotations"]),
            "labels": alert["labels"],
            "annotations": alert["annotations"],
            "fingerprints": [alert["fingerprint"]],
            "starts_at": alert["startsAt"],
        },
    }
    config: dict[str, Any] = {"configurable": {"thread_id": inputs["incident_id"]}}
    state = await workflow.ainvoke(inputs, config, context=context)
    assert state["status"] == "awaiting_approval"
    return state, config


async def test_an_oom_proposal_is_matched_on_its_names_kind_values_and_factor(
    workflow: Workflow, context: WorkflowContext
) -> None:
    state, _ = await proposed(workflow, context)
    subject = subject_of(state, tenant="team-a")
    assert (subject.tenant, subject.namespace, subject.app, subject.category) == (
        "team-a",
        "monitoring",
        "grafana",
        "oom",
    )
    assert subject.kind == "raise_memory"
    assert subject.factor == 2  # 512Mi → 1Gi, the request alike
    assert subject.memory == parse_quantity("1Gi")  # the larger of limit and request
    assert (subject.cpu, subject.replicas) == (None, None)
    assert decide(SMALL_MEMORY, subject).rule == "default"  # ×2 is not a small raise


async def test_a_modified_proposal_is_matched_on_what_the_person_set(
    workflow: Workflow, context: WorkflowContext
) -> None:
    state, config = await proposed(workflow, context)
    sha = state["proposal"]["diff_sha256"]
    modify = {
        "decision": "modify",
        "user": "U1",
        "comment": "",
        "overrides": {"resources.limits.memory": "768Mi"},
        "diff_sha256": sha,
    }
    again = await workflow.ainvoke(Command(resume=modify), config, context=context)
    subject = subject_of(again)
    assert subject.factor == Fraction(3, 2)  # 512Mi → 768Mi, and the request keeps its ratio
    assert subject.memory == parse_quantity("768Mi")
    assert decide(SMALL_MEMORY, subject).rule == "small-memory"


def test_a_proposal_without_a_diff_has_no_size() -> None:
    state = {
        "app": "grafana",
        "category": "oom",
        "remediation": {"kind": "raise_memory", "factor": 2.0},
        "proposal": {"diff": "", "changes": {}, "refusal": "no memory limit or request is set"},
    }
    subject = subject_of(state)
    assert (subject.kind, subject.factor, subject.memory) == ("raise_memory", None, None)
    assert decide(SMALL_MEMORY, subject).rule == "default"


OLD = "image:\n  tag: 1.2.3\nresources:\n  limits:\n    memory: 512Mi\n"


def proposal(old: str, new: str, changes: dict[str, str]) -> dict[str, Any]:
    path = "helm-values/app/values.yaml"
    return {
        "values_path": path,
        "diff": unified_diff(old, new, path),
        "new_values": new,
        "changes": changes,
    }


@pytest.mark.parametrize(
    ("new", "changes", "factor"),
    [
        (OLD.replace("512Mi", "1Gi"), {"resources.limits.memory": "1Gi"}, Fraction(2)),
        (  # a value that was not set: no factor
            OLD + "    cpu: 500m\n",
            {"resources.limits.cpu": "500m"},
            None,
        ),
        (  # a tag is not a number: no factor
            OLD.replace("1.2.3", "1.2.2"),
            {"image.tag": "1.2.2"},
            None,
        ),
    ],
)
def test_the_factor_is_read_from_the_value_the_change_replaces(
    new: str, changes: dict[str, str], factor: Fraction | None
) -> None:
    assert subject_of({"proposal": proposal(OLD, new, changes)}).factor == factor


def test_a_diff_that_does_not_give_the_proposed_file_back_gives_no_factor() -> None:
    new = OLD.replace("512Mi", "1Gi")
    edited = proposal(OLD, new, {"resources.limits.memory": "1Gi"})
    edited["diff"] = edited["diff"].replace("-    memory: 512Mi", "-    memory: 1000Mi")
    assert undo_diff(new, edited["diff"], edited["values_path"]) is not None  # it undoes…
    edited["new_values"] = new.replace("1.2.3", "9.9.9")  # …but not this file: its context
    assert undo_diff(edited["new_values"], edited["diff"], edited["values_path"]) is None
    assert subject_of({"proposal": edited}).factor is None


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (OLD, OLD.replace("512Mi", "640Mi")),
        (OLD.rstrip("\n"), OLD.replace("512Mi", "640Mi").rstrip("\n")),  # no final newline
        ("a: 1\r\nb: 2\r\n" * 20, ("a: 1\r\nb: 2\r\n" * 20).replace("b: 2", "b: 3", 1)),
        ("\n".join(f"k{i}: {i}" for i in range(40)), "\n".join(f"k{i}: {i}" for i in range(41))),
    ],
    ids=["middle", "no final newline", "CRLF, early hunk", "line added at the end"],
)
def test_undoing_a_diff_gives_the_text_it_was_made_from(old: str, new: str) -> None:
    path = "helm-values/app/values.yaml"
    assert undo_diff(new, unified_diff(old, new, path), path) == old
