"""The values patcher: each remediation on the demo charts, only the intended lines change."""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.patching.patcher import Change, Patch, Refusal, diff_sha256, plan_patch, unified_diff
from graph.patching.quantity import parse_quantity
from graph.patching.remediation import Guardrails, Remediation, RemediationKind
from tests.graph.patching.charts import comment_lines, line_changes, load, values

K = RemediationKind
DEFAULTS = Guardrails()


def patch(text: str, app: str, kind: K, factor: float = 1.0, **kwargs: Any) -> Patch:
    result = plan_patch(
        text, app, Remediation(kind, factor), kwargs.pop("guardrails", DEFAULTS), **kwargs
    )
    assert isinstance(result, Patch), result
    return result


def refusal(text: str, app: str, kind: K, factor: float = 1.0, **kwargs: Any) -> str:
    result = plan_patch(
        text, app, Remediation(kind, factor), kwargs.pop("guardrails", DEFAULTS), **kwargs
    )
    assert isinstance(result, Refusal), result
    return result.reason


def git_apply(tmp_path: Path, relative: str, old: str, diff: str) -> str:
    """Apply `diff` with real git to `old` written at `relative`; the resulting text."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    target = tmp_path / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(old.encode())
    for args in (["--check"], []):
        subprocess.run(
            ["git", "apply", *args, "-"],
            input=diff.encode(),
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )
    return target.read_bytes().decode()


@dataclass(frozen=True)
class Case:
    app: str
    kind: K
    factor: float
    summary: str
    removed: tuple[str, ...]
    added: tuple[str, ...]
    previous_image_tag: str | None = None


CASES = [
    Case(
        "grafana",
        K.RAISE_MEMORY,
        2.0,
        "raise memory limit 512Mi→1Gi, request 256Mi→512Mi",
        (
            '    memory: "512Mi"   # keep quoted: the linter in CI expects strings here',
            '    memory: "256Mi"',
        ),
        (
            '    memory: "1Gi"     # keep quoted: the linter in CI expects strings here',
            '    memory: "512Mi"',
        ),
    ),
    Case(
        "grafana", K.RAISE_CPU, 1.5, "raise CPU limit 1→1500m", ("    cpu: 1",), ("    cpu: 1500m",)
    ),
    Case("grafana", K.SCALE_OUT, 1.5, "scale out replicas 1→2", ("replicas: 1",), ("replicas: 2",)),
    Case(
        "grafana",
        K.GROW_PERSISTENCE,
        1.5,
        "grow persistence.size 10Gi→15Gi",
        ("  size: 10Gi",),
        ("  size: 15Gi",),
    ),
    Case(
        "grafana",
        K.RELAX_PROBES,
        1.0,
        "relax livenessProbe (initialDelaySeconds 60→120), "
        "readinessProbe (timeoutSeconds unset→3, failureThreshold unset→5)",
        ("  initialDelaySeconds: 60",),
        ("  initialDelaySeconds: 120", "  timeoutSeconds: 3", "  failureThreshold: 5"),
    ),
    Case(
        "grafana",
        K.REVERT_IMAGE_TAG,
        1.0,
        "revert image.tag 11.3.1→11.2.0",
        ('  tag: "11.3.1"',),
        ('  tag: "11.2.0"',),
        previous_image_tag="11.2.0",
    ),
    Case(
        "checkout",
        K.RAISE_MEMORY,
        2.0,
        "raise memory limit 1Gi→2Gi, request 768Mi→1536Mi",
        ("    memory: 1Gi", "    memory: 768Mi"),
        ("    memory: 2Gi", "    memory: 1536Mi"),
    ),
    Case(
        "checkout",
        K.RAISE_CPU,
        1.5,
        "raise CPU limit 1000m→1500m",
        ("    cpu: 1000m",),
        ("    cpu: 1500m",),
    ),
    Case(
        "checkout",
        K.SCALE_OUT,
        1.5,
        "scale out replicaCount 2→3",
        ("replicaCount: 2",),
        ("replicaCount: 3",),
    ),
    Case(
        "checkout",
        K.RELAX_PROBES,
        1.0,
        "relax livenessProbe (timeoutSeconds unset→3, failureThreshold unset→5, "
        "initialDelaySeconds 30→60), readinessProbe (timeoutSeconds 2→4, failureThreshold 3→5)",
        ("  initialDelaySeconds: 30", "  timeoutSeconds: 2", "  failureThreshold: 3"),
        (
            "  initialDelaySeconds: 60",
            "  timeoutSeconds: 3",
            "  failureThreshold: 5",
            "  timeoutSeconds: 4",
            "  failureThreshold: 5",
        ),
    ),
    Case(
        "checkout",
        K.REVERT_IMAGE_TAG,
        1.0,
        "revert image.tag 1.14.2→1.14.1",
        ('  tag: "1.14.2"',),
        ('  tag: "1.14.1"',),
        previous_image_tag="1.14.1",
    ),
    Case(
        "ingress-nginx",
        K.RAISE_MEMORY,
        2.0,
        "raise memory request 90Mi→180Mi",
        ("      memory: 90Mi",),
        ("      memory: 180Mi",),
    ),
    Case(
        "ingress-nginx",
        K.SCALE_OUT,
        1.5,
        "scale out controller.replicaCount 2→3",
        ("  replicaCount: 2",),
        ("  replicaCount: 3",),
    ),
    Case(
        "ingress-nginx",
        K.RELAX_PROBES,
        1.0,
        "relax livenessProbe (timeoutSeconds 1→3, initialDelaySeconds 10→20), "
        "readinessProbe (timeoutSeconds 1→3, failureThreshold 3→5)",
        (
            "    timeoutSeconds: 1",
            "    initialDelaySeconds: 10",
            "    timeoutSeconds: 1",
            "    failureThreshold: 3",
        ),
        (
            "    timeoutSeconds: 3",
            "    initialDelaySeconds: 20",
            "    timeoutSeconds: 3",
            "    failureThreshold: 5",
        ),
    ),
]


def case_id(case: Case) -> str:
    return f"{case.app}-{case.kind.value}"


def dig(data: Any, path: str) -> Any:
    for key in path.split("."):
        data = data[key]
    return data


def without(data: Any, paths: list[str]) -> Any:
    for path in paths:
        *parents, leaf = path.split(".")
        target = data
        for key in parents:
            target = target.setdefault(key, {}) if isinstance(target.get(key), dict) else {}
        target.pop(leaf, None)
    return data


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_each_remediation_on_each_demo_chart(case: Case) -> None:
    old = values(case.app)
    result = patch(
        old, case.app, case.kind, case.factor, previous_image_tag=case.previous_image_tag
    )
    assert result.summary == case.summary
    removed, added = line_changes(old, result.text)
    assert removed == Counter(case.removed)
    assert added == Counter(case.added)
    # Every comment survives, in order; so does every other setting.
    assert comment_lines(result.text) == comment_lines(old)
    before, after = load(old), load(result.text)
    for change in result.changes:
        assert str(dig(after, change.path)) == change.new
        if change.old is not None:
            assert str(dig(before, change.path)) == change.old
    paths = [c.path for c in result.changes]
    assert without(after, paths) == without(before, paths)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_the_diff_is_a_patch_git_applies(case: Case, tmp_path: Path) -> None:
    old = values(case.app)
    result = patch(
        old, case.app, case.kind, case.factor, previous_image_tag=case.previous_image_tag
    )
    relative = f"helm-values/{case.app}/values.yaml"
    diff = unified_diff(old, result.text, relative)
    assert diff.startswith(f"--- a/{relative}\n+++ b/{relative}\n@@ -")
    assert git_apply(tmp_path, relative, old, diff) == result.text


def test_changes_are_reported_with_full_dotted_paths() -> None:
    result = patch(values("grafana"), "grafana", K.RAISE_MEMORY, 2.0)
    assert result.changes == (
        Change("resources.limits.memory", "512Mi", "1Gi"),
        Change("resources.requests.memory", "256Mi", "512Mi"),
    )
    ingress = patch(values("ingress-nginx"), "ingress-nginx", K.RAISE_MEMORY, 2.0)
    assert ingress.changes == (Change("controller.resources.requests.memory", "90Mi", "180Mi"),)
    assert any("no memory limit is set" in note for note in ingress.notes)


def test_growing_a_volume_warns_about_storage_classes() -> None:
    result = patch(values("grafana"), "grafana", K.GROW_PERSISTENCE, 1.5)
    assert any("allows volume expansion" in note for note in result.notes)


@pytest.mark.parametrize(
    ("app", "kind", "previous_tag", "reason"),
    [
        ("checkout", K.GROW_PERSISTENCE, None, "no persistence.size is set"),
        ("ingress-nginx", K.GROW_PERSISTENCE, None, "no controller.persistence.size is set"),
        (
            "ingress-nginx",
            K.RAISE_CPU,
            None,
            "no CPU limit is set (controller.resources.limits.cpu): throttling",
        ),
        ("grafana", K.REVERT_IMAGE_TAG, None, "no earlier image.tag in history"),
        (
            "ingress-nginx",
            K.REVERT_IMAGE_TAG,
            "v1.11.2",
            "controller.image.digest pins the image, so changing the tag alone has no effect",
        ),
    ],
)
def test_demo_refusals(app: str, kind: K, previous_tag: str | None, reason: str) -> None:
    assert reason in refusal(values(app), app, kind, 1.5, previous_image_tag=previous_tag)


def test_a_tag_without_a_pinned_digest_is_reverted() -> None:
    unpinned = re.sub(r"(?m)^    digest: sha256:\w+$", '    digest: ""', values("ingress-nginx"))
    result = patch(unpinned, "ingress-nginx", K.REVERT_IMAGE_TAG, previous_image_tag="v1.11.2")
    assert result.summary == "revert controller.image.tag v1.11.3→v1.11.2"
    assert line_changes(unpinned, result.text) == (
        Counter({'    tag: "v1.11.3"': 1}),
        Counter({'    tag: "v1.11.2"': 1}),
    )


# ------------------------------------------------------------------------------ chart shapes


UMBRELLA = """\
# kube-prometheus-stack style umbrella values
grafana:
  enabled: true
  resources:
    limits:
      memory: 256Mi # per pod
prometheus:
  server:
    resources:
      limits:
        memory: 2Gi
    persistentVolume:
      enabled: true
      size: 50Gi
"""

BITNAMI = """\
image:
  registry: docker.io
  repository: bitnami/postgresql
  tag: 16.4.0-debian-12-r0
primary:
  persistence:
    enabled: true
    size: 8Gi
  resources:
    requests: {cpu: 250m, memory: 256Mi}
    limits: {cpu: "1", memory: 512Mi}
"""


def test_an_umbrella_chart_edits_the_apps_own_section() -> None:
    grafana = patch(UMBRELLA, "grafana", K.RAISE_MEMORY, 2.0)
    assert grafana.changes == (Change("grafana.resources.limits.memory", "256Mi", "512Mi"),)
    assert "      memory: 512Mi # per pod" in grafana.text
    prometheus = patch(UMBRELLA, "prometheus", K.GROW_PERSISTENCE, 1.5)
    assert prometheus.changes == (
        Change("prometheus.server.persistentVolume.size", "50Gi", "75Gi"),
    )


def test_server_and_primary_sections() -> None:
    server = UMBRELLA.split("prometheus:\n")[1].replace("\n  ", "\n")[2:]
    assert patch(server, "prometheus", K.RAISE_MEMORY, 1.5).changes == (
        Change("server.resources.limits.memory", "2Gi", "3Gi"),
    )
    bitnami = patch(BITNAMI, "postgresql", K.GROW_PERSISTENCE, 1.5)
    assert bitnami.changes == (Change("primary.persistence.size", "8Gi", "12Gi"),)
    memory = patch(BITNAMI, "postgresql", K.RAISE_MEMORY, 2.0)
    assert (
        '    requests: {cpu: 250m, memory: 512Mi}\n    limits: {cpu: "1", memory: 1Gi}\n'
        in memory.text
    )
    cpu = patch(BITNAMI, "postgresql", K.RAISE_CPU, 2.0)
    assert 'limits: {cpu: "2", memory: 512Mi}' in cpu.text  # quoting kept inside flow style


def test_a_missing_section_is_added_where_the_app_keeps_its_settings() -> None:
    result = patch(
        values("checkout").replace("replicaCount: 2\n", ""), "checkout", K.SCALE_OUT, 1.5
    )
    assert result.changes == (Change("replicaCount", None, "2"),)
    assert "replicaCount was not set and is added" in result.notes
    assert "the chart default of 1 replica was assumed" in result.notes
    assert result.text.endswith("      currency: EUR\nreplicaCount: 2\n")  # after the block scalar

    ingress = values("ingress-nginx").replace("  replicaCount: 2\n", "")
    added = patch(ingress, "ingress-nginx", K.SCALE_OUT, 2.0)
    assert added.changes == (Change("controller.replicaCount", None, "2"),)
    removed, new = line_changes(ingress, added.text)
    assert (removed, new) == (Counter(), Counter({"  replicaCount: 2": 1}))
    assert load(added.text)["controller"]["replicaCount"] == 2


def test_an_override_adds_a_missing_limit_under_the_existing_section() -> None:
    old = values("ingress-nginx")
    result = patch(
        old,
        "ingress-nginx",
        K.RAISE_MEMORY,
        2.0,
        overrides={"controller.resources.limits.memory": "512Mi"},
    )
    assert result.summary == "raise memory limit unset→512Mi"
    assert result.changes == (Change("controller.resources.limits.memory", None, "512Mi"),)
    assert (
        "      memory: 90Mi\n    limits:\n      memory: 512Mi\n  # Mutually exclusive"
        in result.text
    )
    assert comment_lines(result.text) == comment_lines(old)


def test_an_empty_flow_section_becomes_a_block() -> None:
    old = (
        "image:\n  tag: v1\nresources: {}  # none yet\n"
        "#  limits:\n#    memory: 128Mi\n\nnodeSelector: {}\n"
    )
    result = patch(old, "x", K.RAISE_MEMORY, 2.0, overrides={"resources.limits.memory": "256Mi"})
    assert result.text == (
        "image:\n  tag: v1\nresources:  # none yet\n  limits:\n    memory: 256Mi\n"
        "#  limits:\n#    memory: 128Mi\n\nnodeSelector: {}\n"
    )
    empty = patch(
        "resources:\nimage: {tag: v1}\n",
        "x",
        K.RAISE_MEMORY,
        overrides={"resources.limits.memory": "1Gi"},
    )
    assert empty.text == "resources:\n  limits:\n    memory: 1Gi\nimage: {tag: v1}\n"
    tilde = patch(
        "resources: ~ # later\n", "x", K.RAISE_CPU, overrides={"resources.limits.cpu": "2"}
    )
    assert tilde.text == "resources: # later\n  limits:\n    cpu: 2\n"
    null_value = patch("replicaCount:\nimage: {}\n", "x", K.SCALE_OUT, 2.0)
    assert null_value.text == "replicaCount: 2\nimage: {}\n"


def test_added_keys_follow_the_files_indentation() -> None:
    old = "image:\n    repository: x\n    tag: '1'\nresources: {}\n"
    result = patch(old, "x", K.RAISE_MEMORY, overrides={"resources.requests.memory": "64Mi"})
    assert result.text == (
        "image:\n    repository: x\n    tag: '1'\nresources:\n    requests:\n        memory: 64Mi\n"
    )


def test_an_empty_or_comment_only_file_gets_the_setting() -> None:
    assert patch("", "x", K.SCALE_OUT, 1.5).text == "replicaCount: 2\n"
    assert patch("# nothing yet", "x", K.SCALE_OUT, 3.0).text == "# nothing yet\nreplicaCount: 3\n"


def test_reverting_adds_a_missing_tag_and_quotes_what_yaml_would_retype() -> None:
    old = "image:\n  repository: registry.example.com/app\n  pullPolicy: IfNotPresent\n"
    result = patch(old, "app", K.REVERT_IMAGE_TAG, previous_image_tag="1.10")
    assert result.text == old + "  tag: '1.10'\n"  # plain 1.10 would be the float 1.1
    assert load(result.text)["image"]["tag"] == "1.10"
    plain = "image:\n  tag: v3 # pinned\n"
    assert (
        patch(plain, "app", K.REVERT_IMAGE_TAG, previous_image_tag="v2").text
        == "image:\n  tag: v2 # pinned\n"
    )
    for tag in ("2024-05-01", "20240501", "on", "1e3"):
        reverted = patch(plain, "app", K.REVERT_IMAGE_TAG, previous_image_tag=tag)
        assert load(reverted.text)["image"]["tag"] == tag


def test_crlf_files_stay_crlf() -> None:
    old = values("grafana").replace("\n", "\r\n")
    result = patch(old, "grafana", K.RELAX_PROBES)
    assert result.text.count("\n") == result.text.count("\r\n")
    removed, added = line_changes(old, result.text)
    assert sum(removed.values()) == 1
    assert sum(added.values()) == 3


# ----------------------------------------------------------------------------------- overrides


def test_an_override_wins_and_the_request_keeps_the_ratio() -> None:
    result = patch(
        values("grafana"),
        "grafana",
        K.RAISE_MEMORY,
        2.0,
        overrides={"resources.limits.memory": "2Gi"},
    )
    assert result.summary == "raise memory limit 512Mi→2Gi, request 256Mi→1Gi"
    assert '    memory: "2Gi"     # keep quoted' in result.text


def test_overrides_may_name_full_or_relative_paths() -> None:
    old = values("ingress-nginx")
    full = patch(old, "ingress-nginx", K.SCALE_OUT, 1.5, overrides={"controller.replicaCount": "4"})
    relative = patch(old, "ingress-nginx", K.SCALE_OUT, 1.5, overrides={"replicaCount": "4"})
    assert full.text == relative.text
    assert full.changes == (Change("controller.replicaCount", "2", "4"),)


def test_probe_and_tag_overrides() -> None:
    probes = patch(
        values("checkout"),
        "checkout",
        K.RELAX_PROBES,
        overrides={"livenessProbe.timeoutSeconds": "10", "readinessProbe.periodSeconds": "10"},
    )
    changed = {c.path: (c.old, c.new) for c in probes.changes}
    assert changed["livenessProbe.timeoutSeconds"] == (None, "10")
    assert changed["readinessProbe.periodSeconds"] == ("5", "10")
    assert changed["readinessProbe.timeoutSeconds"] == ("2", "4")  # the rest still computed
    tag = patch(
        values("checkout"), "checkout", K.REVERT_IMAGE_TAG, overrides={"image.tag": "1.13.0"}
    )
    assert tag.changes == (Change("image.tag", "1.14.2", "1.13.0"),)


def test_an_override_can_rescue_a_proposal_refused_for_its_factor() -> None:
    assert "max_factor=3.0" in refusal(values("grafana"), "grafana", K.RAISE_MEMORY, 4.0)
    rescued = patch(
        values("grafana"),
        "grafana",
        K.RAISE_MEMORY,
        4.0,
        overrides={"resources.limits.memory": "1Gi"},
    )
    assert rescued.summary == "raise memory limit 512Mi→1Gi, request 256Mi→512Mi"


@pytest.mark.parametrize(
    ("kind", "overrides", "reason"),
    [
        (
            K.RAISE_MEMORY,
            {"resources.limits.memory": "lots"},
            "'lots' is not a Kubernetes quantity",
        ),
        (K.RAISE_MEMORY, {"resources.limits.memory": "-1Gi"}, "negative"),
        (K.RAISE_MEMORY, {"resources.limits.memory": ""}, "empty"),
        (K.RAISE_MEMORY, {"resources.limits.cpu": "2"}, "cannot override 'resources.limits.cpu'"),
        (K.RAISE_MEMORY, {"replicaCount": "3"}, "may only set resources.limits.memory"),
        (
            K.RAISE_MEMORY,
            {"resources.requests.memory": "2Gi"},
            "request 2Gi would exceed the limit 1Gi",
        ),
        (K.SCALE_OUT, {"replicas": "many"}, "replicas is 'many', not a whole number"),
        (K.SCALE_OUT, {"replicas": "0"}, "replicas 0 would stop the workload"),
        (K.SCALE_OUT, {"replicas": "9" * 30}, "not a whole number"),
        (K.RELAX_PROBES, {"livenessProbe.timeoutSeconds": "1.5"}, "not a whole number"),
        (K.RELAX_PROBES, {"startupProbe.timeoutSeconds": "5"}, "cannot override"),  # no such probe
        (K.REVERT_IMAGE_TAG, {"image.tag": "latest; rm -rf /"}, "not a valid image tag"),
        (
            K.RAISE_MEMORY,
            {"resources.limits.memory": "32Gi"},
            "above the guardrail max_memory=16Gi",
        ),
    ],
)
def test_bad_overrides_are_refused_with_a_reason(
    kind: K, overrides: dict[str, str], reason: str
) -> None:
    assert reason in refusal(values("grafana"), "grafana", kind, 2.0, overrides=overrides)


# ---------------------------------------------------------------------------------- guardrails


@pytest.mark.parametrize(
    ("app", "kind", "factor", "guardrails", "reason"),
    [
        (
            "grafana",
            K.RAISE_MEMORY,
            2.0,
            Guardrails(max_memory="768Mi"),
            "resources.limits.memory would be 1Gi, above the guardrail max_memory=768Mi",
        ),
        (
            "checkout",
            K.RAISE_MEMORY,
            2.0,
            Guardrails(max_memory="1.5Gi"),
            "resources.limits.memory would be 2Gi, above the guardrail max_memory=1536Mi",
        ),
        (
            "ingress-nginx",
            K.RAISE_MEMORY,
            2.0,
            Guardrails(max_memory="100Mi"),
            "controller.resources.requests.memory would be 180Mi, "
            "above the guardrail max_memory=100Mi",
        ),
        (
            "checkout",
            K.RAISE_CPU,
            1.5,
            Guardrails(max_cpu="1"),
            "resources.limits.cpu would be 1500m, above the guardrail max_cpu=1",
        ),
        (
            "checkout",
            K.SCALE_OUT,
            1.5,
            Guardrails(max_replicas=2),
            "replicaCount would be 3, above the guardrail max_replicas=2",
        ),
        (
            "checkout",
            K.SCALE_OUT,
            3.5,
            DEFAULTS,
            "factor 3.5 is above the guardrail max_factor=3.0",
        ),
        (
            "grafana",
            K.GROW_PERSISTENCE,
            5.0,
            DEFAULTS,
            "factor 5.0 is above the guardrail max_factor=3.0",
        ),
        (
            "grafana",
            K.RAISE_MEMORY,
            0.5,
            DEFAULTS,
            "factor 0.5 would not raise anything: it must be at least 1",
        ),
        (
            "grafana",
            K.RAISE_CPU,
            float("nan"),
            DEFAULTS,
            "factor nan would not raise anything: it must be at least 1",
        ),
    ],
)
def test_guardrails_refuse_and_say_which(
    app: str, kind: K, factor: float, guardrails: Guardrails, reason: str
) -> None:
    assert refusal(values(app), app, kind, factor, guardrails=guardrails) == reason


def test_a_factor_of_one_changes_nothing() -> None:
    for kind in (K.RAISE_MEMORY, K.RAISE_CPU):
        assert refusal(values("grafana"), "grafana", kind, 1.0).startswith("nothing to change")
    assert refusal(values("grafana"), "grafana", K.SCALE_OUT, 1.0) == (
        "nothing to change: replicas is already 1"
    )
    assert refusal(values("grafana"), "grafana", K.GROW_PERSISTENCE, 1.0) == (
        "nothing to change: persistence.size is already 10Gi"
    )


def test_an_empty_tag_is_reverted_and_keeps_its_quotes() -> None:
    result = patch('image:\n  tag: ""\n', "app", K.REVERT_IMAGE_TAG, previous_image_tag="1.2")
    assert result.text == 'image:\n  tag: "1.2"\n'
    assert result.summary == 'revert image.tag ""→1.2'


def test_invalid_guardrails_are_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="guardrail max_memory"):
        plan_patch("", "x", Remediation(K.RAISE_MEMORY, 2.0), Guardrails(max_memory="lots"))


# ----------------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("text", "kind", "kwargs", "reason"),
    [
        (
            "image:\n  tag: v1\n",
            K.RELAX_PROBES,
            {},
            "no livenessProbe, readinessProbe or startupProbe",
        ),
        (
            "livenessProbe:\n  enabled: false\n  timeoutSeconds: 1\n",
            K.RELAX_PROBES,
            {},
            "no livenessProbe",
        ),
        (
            "image:\n  tag: v1\n",
            K.RAISE_MEMORY,
            {},
            "no memory limit or request is set under resources",
        ),
        ("resources:\n  requests:\n    cpu: 1\n", K.RAISE_CPU, {}, "no CPU limit is set"),
        (
            "persistence:\n  enabled: false\n  size: 10Gi\n",
            K.GROW_PERSISTENCE,
            {},
            "persistence is disabled",
        ),
        ("replicaCount: 0\n", K.SCALE_OUT, {}, "scaled to zero on purpose"),
        (
            "replicaCount: 2\nautoscaling:\n  enabled: true\n  maxReplicas: 5\n",
            K.SCALE_OUT,
            {},
            "autoscaling is enabled: the HorizontalPodAutoscaler owns the replica count",
        ),
        (
            "image:\n  tag: v1\n",
            K.REVERT_IMAGE_TAG,
            {"previous_image_tag": "v1"},
            "image.tag is already v1",
        ),
        (
            "image: nginx:1.25\n",
            K.REVERT_IMAGE_TAG,
            {"previous_image_tag": "1.24"},
            "cannot add keys to image",
        ),
        (
            "resources:\n  limits:\n    memory: lots\n",
            K.RAISE_MEMORY,
            {},
            "resources.limits.memory: 'lots'",
        ),
        (
            "resources:\n  limits:\n    memory: [1Gi]\n",
            K.RAISE_MEMORY,
            {},
            "holds a list or a mapping",
        ),
        ("resources: [\n", K.RAISE_MEMORY, {}, "not valid YAML"),
        ("- a\n- b\n", K.SCALE_OUT, {}, "not a mapping of settings"),
        ("replicaCount: 1\nreplicaCount: 2\n", K.SCALE_OUT, {}, "repeats the key 'replicaCount'"),
        ("a: &a\n  b: *a\nreplicaCount: 1\n", K.SCALE_OUT, {}, "an alias inside its own anchor"),
        (
            "resources: {limits: {cpu: 1}}\n",
            K.RAISE_MEMORY,
            {"overrides": {"resources.limits.memory": "1Gi"}},
            "cannot add keys to resources.limits: it is a flow-style mapping",
        ),
        (
            "defaults: &limits\n  memory: 512Mi\nresources:\n  limits: *limits\n",
            K.RAISE_MEMORY,
            {},
            "would also change other settings (a YAML anchor or merge key shares the value)",
        ),
    ],
)
def test_refusals(text: str, kind: K, kwargs: dict[str, Any], reason: str) -> None:
    assert reason in refusal(text, "app", kind, 2.0, **kwargs)


def test_an_anchor_elsewhere_in_the_file_does_not_get_in_the_way() -> None:
    old = values("checkout")
    assert "&commonLabels" in old
    assert patch(old, "checkout", K.RAISE_MEMORY, 2.0).text.count("*commonLabels") == 1


# -------------------------------------------------------------------------------------- diffs


def test_unified_diff_format() -> None:
    old = values("grafana")
    new = patch(old, "grafana", K.RAISE_MEMORY, 2.0).text
    diff = unified_diff(old, new, "helm-values/grafana/values.yaml")
    lines = diff.splitlines()
    assert lines[:3] == [
        "--- a/helm-values/grafana/values.yaml",
        "+++ b/helm-values/grafana/values.yaml",
        "@@ -97,10 +97,10 @@",
    ]
    assert [line for line in lines if line[:1] in "+-" and line[:3] not in ("---", "+++")] == [
        '-    memory: "512Mi"   # keep quoted: the linter in CI expects strings here',
        '+    memory: "1Gi"     # keep quoted: the linter in CI expects strings here',
        '-    memory: "256Mi"',
        '+    memory: "512Mi"',
    ]
    assert all(
        re.fullmatch(r"@@ -\d+,\d+ \+\d+,\d+ @@", line) for line in lines if line.startswith("@@")
    )
    assert unified_diff(old, old, "helm-values/grafana/values.yaml") == ""


def test_a_file_without_a_final_newline_still_patches(tmp_path: Path) -> None:
    old = "image:\n  tag: v2"
    new = patch(old, "app", K.REVERT_IMAGE_TAG, previous_image_tag="v1").text
    assert new == "image:\n  tag: v1"
    diff = unified_diff(old, new, "helm-values/app/values.yaml")
    assert diff.endswith("+  tag: v1\n\\ No newline at end of file\n")
    assert git_apply(tmp_path, "helm-values/app/values.yaml", old, diff) == new


def test_diff_paths_must_be_relative() -> None:
    with pytest.raises(ValueError, match="relative"):
        unified_diff("a", "b", "/etc/values.yaml")
    with pytest.raises(ValueError, match="relative"):
        unified_diff("a", "b", "helm-values/../../values.yaml")


def test_diff_sha256_is_the_hash_of_the_diff_text() -> None:
    old = values("checkout")
    diff = unified_diff(
        old, patch(old, "checkout", K.SCALE_OUT, 1.5).text, "helm-values/checkout/values.yaml"
    )
    assert diff_sha256(diff) == hashlib.sha256(diff.encode()).hexdigest()
    assert re.fullmatch(r"[0-9a-f]{64}", diff_sha256(diff))
    assert diff_sha256(diff) != diff_sha256(diff.replace("3", "4"))


def test_planning_is_deterministic() -> None:
    first = plan_patch(values("grafana"), "grafana", Remediation(K.RELAX_PROBES), DEFAULTS)
    assert plan_patch(values("grafana"), "grafana", Remediation(K.RELAX_PROBES), DEFAULTS) == first


# --------------------------------------------------------------------------------- properties

TEMPLATE = """\
# sized by hand
resources:
  limits:
    cpu: 500m
    memory: {limit}  # the ceiling
  requests:
    memory: {request}
"""


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=8192),
    st.fractions(min_value=0, max_value=1, max_denominator=64),
    st.sampled_from(["Mi", "Gi", "M", ""]),
    st.floats(min_value=1.05, max_value=3.0),
)
def test_raising_memory_keeps_the_ratio_and_touches_two_lines(
    amount: int, ratio: Any, suffix: str, factor: float
) -> None:
    limit = parse_quantity(f"{amount}{suffix}")
    request = parse_quantity(f"{max(1, int(amount * ratio))}{suffix}")
    old = TEMPLATE.format(limit=limit, request=request)
    result = plan_patch(old, "x", Remediation(K.RAISE_MEMORY, factor), Guardrails(max_memory="8Ei"))
    assert isinstance(result, Patch), result
    new_limit = parse_quantity(result.changes[0].new)
    assert new_limit.value >= limit.value * parse_fraction(factor)
    if len(result.changes) == 2:
        new_request = parse_quantity(result.changes[1].new)
        assert new_request.value >= request.value * new_limit.value / limit.value  # ratio kept
        assert new_request <= new_limit
    removed, added = line_changes(old, result.text)
    assert sum(removed.values()) == sum(added.values()) == len(result.changes)
    assert re.search(r"\n    memory: \S+ +# the ceiling\n", result.text)
    assert result.text.startswith("# sized by hand\n")


def parse_fraction(factor: float) -> Any:
    from fractions import Fraction

    return Fraction(repr(factor))


# --- a learned value instead of a step ---------------------------------------------------


MEMORY = "resources:\n  limits:\n    memory: 1Gi\n  requests:\n    memory: 512Mi\n"


def learned(text: str, target: str, factor: float = 2.0, **guardrails: Any) -> Patch:
    result = plan_patch(
        text, "", Remediation(K.RAISE_MEMORY, factor, target), Guardrails(**guardrails)
    )
    assert isinstance(result, Patch), result
    return result


def test_a_learned_value_above_the_current_one_is_set_and_the_request_keeps_its_ratio() -> None:
    raised = learned(MEMORY, "2Gi")
    assert load(raised.text)["resources"] == {
        "limits": {"memory": "2Gi"},
        "requests": {"memory": "1Gi"},
    }
    assert raised.step == "to the learned 2Gi"


def test_a_learned_value_is_capped_at_max_factor_of_the_current_one() -> None:
    capped = learned(MEMORY, "8Gi", max_factor=3.0)
    assert load(capped.text)["resources"]["limits"]["memory"] == "3Gi"
    assert any("8Gi is capped at 3Gi" in note for note in capped.notes)


def test_a_learned_value_already_reached_leaves_the_default_step() -> None:
    already = learned(MEMORY.replace("1Gi", "4Gi"), "2Gi")
    assert load(already.text)["resources"]["limits"]["memory"] == "8Gi"
    assert already.step == "×2"
    assert any("2Gi is already reached" in note for note in already.notes)


def test_a_learned_replica_count_and_an_unreadable_target() -> None:
    scaled = plan_patch("replicaCount: 2\n", "", Remediation(K.SCALE_OUT, 1.5, "5"), Guardrails())
    assert isinstance(scaled, Patch) and load(scaled.text)["replicaCount"] == 5
    odd = learned(MEMORY, "lots")  # a hand-edited patterns file: the step applies
    assert load(odd.text)["resources"]["limits"]["memory"] == "2Gi" and odd.step == "×2"
