"""Repository paths: only plain relative paths, and an app's values file by its template."""

from __future__ import annotations

import pytest

from graph.git.paths import DEFAULT_VALUES_PATH_TEMPLATE, is_safe_path, safe_path, values_path

UNSAFE = ["../x", "/etc/passwd", ".git/config", "examples/../../x", "a//b", "", "examples/.x"]


@pytest.mark.parametrize("path", ["helm-values/grafana/values.yaml", "examples/learning", "x"])
def test_plain_relative_paths_are_safe(path: str) -> None:
    assert safe_path(path) == path
    assert is_safe_path(path)


@pytest.mark.parametrize("path", [*UNSAFE, "-rf", "a/-x", "a b/c", "a\nb", "examples/x/"])
def test_paths_that_could_leave_the_tree_or_reach_git_are_refused(path: str) -> None:
    assert not is_safe_path(path)
    with pytest.raises(ValueError, match="not a safe repository path"):
        safe_path(path)


def test_an_apps_values_file_follows_the_template() -> None:
    assert DEFAULT_VALUES_PATH_TEMPLATE == "helm-values/{app}/values.yaml"
    assert values_path("grafana") == "helm-values/grafana/values.yaml"
    assert values_path("my_app", "charts/{app}/values-prod.yaml") == (
        "charts/my_app/values-prod.yaml"
    )


@pytest.mark.parametrize("app", ["../etc", "a/b", "", ".hidden", "-x", "x" * 300])
def test_an_app_that_cannot_name_a_folder_has_no_values_file(app: str) -> None:
    with pytest.raises(ValueError, match="not a workload name"):
        values_path(app)


def test_a_template_that_leads_outside_is_refused() -> None:
    with pytest.raises(ValueError, match="not a safe repository path"):
        values_path("grafana", "../{app}/values.yaml")
