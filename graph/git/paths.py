"""Paths in the GitOps repository (pure): which ones the service may read and write.

A repository path is relative, made of plain parts (`PATH_PART`: no `.` or `..`, nothing
hidden such as `.git`, no option-like `-` start, no odd characters), so no path the service
builds from an alert can leave the repository or reach git's own files. An app's Helm values
file is found by a template (`DEFAULT_VALUES_PATH_TEMPLATE` unless configured otherwise).
"""

from __future__ import annotations

import re

from graph.workload import is_app_name

# Where an app's Helm values file is, unless configured otherwise ({app} is the app).
DEFAULT_VALUES_PATH_TEMPLATE = "helm-values/{app}/values.yaml"
PATH_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", re.ASCII)  # no "..", no ".git"


def safe_path(path: str) -> str:
    """`path` when it is relative, has no `.`/`..`/hidden parts and no odd characters."""
    parts = path.split("/")
    if not all(PATH_PART.fullmatch(part) for part in parts):
        raise ValueError(f"not a safe repository path: {path!r}")
    return path


def is_safe_path(path: str) -> bool:
    """Whether `safe_path` accepts `path`."""
    try:
        safe_path(path)
    except ValueError:
        return False
    return True


def values_path(app: str, template: str = DEFAULT_VALUES_PATH_TEMPLATE) -> str:
    """The repository-relative values file of `app`.

    ValueError unless `app` can name a folder (graph.workload.is_app_name) and the template
    makes a safe path of it.
    """
    if not is_app_name(app):
        raise ValueError(f"not a workload name that can name a folder: {app[:80]!r}")
    return safe_path(template.replace("{app}", app))
