"""The compiled workflow with an in-memory checkpointer, on a GitOps repo seeded from
examples/gitops, at a fixed time."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from graph.context import WorkflowContext
from graph.git.gitops import GitStore
from graph.workflow import Workflow, build_workflow
from tests.graph.nodes.flow import SEED, T0


@pytest.fixture
def store(tmp_path: Path) -> GitStore:
    store = GitStore(tmp_path / "gitops", seed=SEED, now=lambda: T0)
    store.ensure()
    return store


@pytest.fixture
def context(store: GitStore) -> WorkflowContext:
    return WorkflowContext(store=store, now=lambda: T0 + timedelta(minutes=1))


@pytest.fixture
def workflow() -> Workflow:
    return build_workflow(InMemorySaver())
