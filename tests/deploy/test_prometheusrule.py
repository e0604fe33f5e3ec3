"""The service's own alerts (deploy/overlays/prometheusrule): the PrometheusRule kustomize
renders is valid for the real `promtool`, its unit tests fire and stay quiet as they should, and
every alert's runbook is a README section."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent.parent
OVERLAY = ROOT / "deploy" / "overlays" / "prometheusrule"
COMPONENT = ROOT / "deploy" / "components" / "prometheusrule"
UNIT_TESTS = Path(__file__).with_name("alertgraph_rules_test.yaml")
PROMTOOL = shutil.which("promtool")
# CI installs prometheus (promtool): there a missing binary fails the test; locally it skips.
needs_promtool = pytest.mark.skipif(
    PROMTOOL is None and os.environ.get("CI") != "true",
    reason="promtool is not installed (apt-get install prometheus)",
)


def rendered() -> dict[str, Any]:
    """The PrometheusRule as `kubectl kustomize` renders the overlay (the component's file
    itself without kubectl)."""
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        text = (COMPONENT / "prometheusrule.yaml").read_text(encoding="utf-8")
    else:
        done = subprocess.run(
            [kubectl, "kustomize", str(OVERLAY)], capture_output=True, text=True, check=True
        )
        text = done.stdout
    documents = [d for d in YAML(typ="safe").load_all(text) if d and d["kind"] == "PrometheusRule"]
    assert len(documents) == 1
    rule: dict[str, Any] = documents[0]
    return rule


def alerts() -> list[dict[str, Any]]:
    return [r for group in rendered()["spec"]["groups"] for r in group["rules"] if "alert" in r]


def promtool(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    assert PROMTOOL is not None
    return subprocess.run([PROMTOOL, *args], cwd=cwd, capture_output=True, text=True)


@needs_promtool
def test_promtool_checks_the_rules_and_their_unit_tests_pass(tmp_path: Path) -> None:
    yaml = YAML(typ="safe")
    with (tmp_path / "alertgraph_rules.yaml").open("w", encoding="utf-8") as out:
        yaml.dump({"groups": rendered()["spec"]["groups"]}, out)
    shutil.copy(UNIT_TESTS, tmp_path / UNIT_TESTS.name)
    checked = promtool("check", "rules", "alertgraph_rules.yaml", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"SUCCESS: {len(alerts())} rules found" in checked.stdout
    tested = promtool("test", "rules", UNIT_TESTS.name, cwd=tmp_path)
    assert tested.returncode == 0, tested.stdout + tested.stderr


def test_every_alert_is_unit_tested_firing_and_quiet() -> None:
    tests = YAML(typ="safe").load(UNIT_TESTS.read_text(encoding="utf-8"))["tests"]
    cases = [case for test in tests for case in test["alert_rule_test"]]
    for name in (rule["alert"] for rule in alerts()):
        mine = [case for case in cases if case["alertname"] == name]
        assert any(case.get("exp_alerts") for case in mine), f"{name} never fires in a test"
        assert any(not case.get("exp_alerts") for case in mine), f"{name} never stays quiet"


def test_every_alert_has_a_runbook_section_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Runbooks\n", 1)[1].split("\n## ", 1)[0]
    headings = {_slug(h) for h in re.findall(r"^### (.+)$", section, re.M)}
    for rule in alerts():
        annotations = rule["annotations"]
        assert annotations["summary"] and annotations["description"], rule["alert"]
        anchor = annotations["runbook_url"].rsplit("#", 1)[1]
        assert anchor == rule["alert"].lower() and anchor in headings, rule["alert"]


def _slug(heading: str) -> str:
    """GitHub's anchor of a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
