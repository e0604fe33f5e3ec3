"""propose: the values file is the template's, filled with the incident's app, cluster and
namespace; a part the incident lacks or cannot use is a refusal, never a failure."""

from __future__ import annotations

import dataclasses

import git
import pytest
from langgraph.types import Command

from graph.context import WorkflowContext
from graph.git.gitops import GitStore
from graph.records.summary import parse_summary
from graph.workflow import Workflow
from tests.graph.nodes.flow import commits, decision, oom, start

TEMPLATE = "clusters/{cluster}/{app}/values.yaml"


@pytest.fixture
def clustered(store: GitStore, context: WorkflowContext) -> WorkflowContext:
    """Grafana's values in two clusters, and a context whose template names the cluster."""
    seeded = (store.path / "helm-values" / "grafana" / "values.yaml").read_text()
    for cluster in ("prod-eu", "prod-us"):
        folder = store.path / "clusters" / cluster / "grafana"
        folder.mkdir(parents=True)
        (folder / "values.yaml").write_text(seeded)
    repo = git.Repo(store.path)
    repo.index.add(["clusters"])
    repo.index.commit("grafana in two clusters")
    return dataclasses.replace(context, values_path_template=TEMPLATE)


async def test_the_same_alert_in_two_clusters_proposes_each_clusters_own_file(
    workflow: Workflow, clustered: WorkflowContext, store: GitStore
) -> None:
    for cluster in ("prod-eu", "prod-us"):
        inputs, config = start(oom(cluster=cluster), cluster=cluster)
        shown = (await workflow.ainvoke(inputs, config, context=clustered))["__interrupt__"][0]
        path = f"clusters/{cluster}/grafana/values.yaml"
        assert shown.value["values_path"] == path
        assert f"--- a/{path}" in shown.value["diff"]
        done = await workflow.ainvoke(
            Command(resume=decision("approve", shown.value["diff_sha256"])),
            config,
            context=clustered,
        )
        assert done["status"] == "verifying"
        fix = commits(store)[0]
        assert path in fix.stats.files and f"Cluster: {cluster}" in fix.message
        summary = (store.path / "examples" / inputs["incident_id"] / "summary.md").read_text()
        assert parse_summary(summary)["cluster"] == cluster


@pytest.mark.parametrize(
    ("cluster", "says"),
    [(None, "needs the incident's cluster"), ("../prod", "the cluster '../prod' cannot name")],
)
async def test_a_cluster_the_template_cannot_use_is_a_refusal_not_a_failure(
    workflow: Workflow, clustered: WorkflowContext, store: GitStore, cluster: str | None, says: str
) -> None:
    extra = {} if cluster is None else {"cluster": cluster}
    inputs, config = start(oom(), **extra)
    paused = await workflow.ainvoke(inputs, config, context=clustered)
    shown = paused["__interrupt__"][0].value
    assert paused["status"] == "awaiting_approval"
    assert shown["diff"] == "" and says in shown["refusal"]
    done = await workflow.ainvoke(
        Command(resume=decision("reject", shown["diff_sha256"])), config, context=clustered
    )
    assert done["status"] == "rejected"
    assert f"Incident-Id: {inputs['incident_id']}" in commits(store)[0].message


async def test_an_incident_without_a_cluster_has_no_cluster_trailer(
    workflow: Workflow, context: WorkflowContext, store: GitStore
) -> None:
    inputs, config = start(oom())
    shown = (await workflow.ainvoke(inputs, config, context=context))["__interrupt__"][0].value
    assert shown["values_path"] == "helm-values/grafana/values.yaml"
    await workflow.ainvoke(
        Command(resume=decision("approve", shown["diff_sha256"])), config, context=context
    )
    assert "Cluster:" not in commits(store)[0].message
