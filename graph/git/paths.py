"""Paths in the GitOps repository (pure): which ones the service may read and write.

A repository path is relative, made of plain parts (`PATH_PART`: no `.` or `..`, nothing
hidden such as `.git`, no option-like `-` start, no odd characters), so no path the service
builds from an alert can leave the repository or reach git's own files. An app's Helm values
file is found by a template (`DEFAULT_VALUES_PATH_TEMPLATE` unless configured otherwise) that
may name the incident's `{app}`, `{cluster}` and `{namespace}` (`TEMPLATE_PARTS`): each must
be there and pass the same rule as an app name (graph.workload.is_app_name), else
`PathPartError` says which is missing or unsafe.
"""

from __future__ import annotations

import re

from graph.workload import is_app_name

# Where an app's Helm values file is, unless configured otherwise ({app} is the app).
DEFAULT_VALUES_PATH_TEMPLATE = "helm-values/{app}/values.yaml"
# What a values path template may name: the incident's workload, cluster and namespace.
TEMPLATE_PARTS = ("app", "cluster", "namespace")
PATH_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", re.ASCII)  # no "..", no ".git"
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class PathPartError(ValueError):
    """The incident lacks a part the values path template names, or the part cannot name a
    folder: a reason to propose no diff, not a failure."""


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


def template_parts(template: str) -> tuple[str, ...]:
    """The parts `template` names, each once, in order (`("cluster", "app")`).

    ValueError for a placeholder that is not one of TEMPLATE_PARTS (the service's
    configuration checks templates with this).
    """
    names = tuple(dict.fromkeys(_PLACEHOLDER.findall(template)))
    unknown = [name for name in names if name not in TEMPLATE_PARTS]
    if unknown:
        allowed = ", ".join(f"{{{name}}}" for name in TEMPLATE_PARTS)
        raise ValueError(f"the values path template may name only {allowed}, not {{{unknown[0]}}}")
    return names


def values_path(
    app: str,
    template: str = DEFAULT_VALUES_PATH_TEMPLATE,
    *,
    cluster: str = "",
    namespace: str = "",
) -> str:
    """The repository-relative values file of `app` in `cluster` and `namespace`.

    Raises:
        PathPartError: `app` cannot name a folder (graph.workload.is_app_name), or a part
            the template names is empty or cannot name a folder.
        ValueError: the template names an unknown part or does not make a safe path.
    """
    if not is_app_name(app):
        raise PathPartError(f"not a workload name that can name a folder: {app[:80]!r}")
    given = {"app": app, "cluster": cluster, "namespace": namespace}
    path = template
    for name in template_parts(template):
        value = given[name]
        if not value:
            raise PathPartError(
                f"the values path template {template!r} needs the incident's {name}, "
                "and the alerts do not name one"
            )
        if not is_app_name(value):
            raise PathPartError(
                f"the {name} {value[:80]!r} cannot name a folder in the GitOps repository "
                "(ASCII letters, digits, '_', '.', '-', at most 253 characters)"
            )
        path = path.replace(f"{{{name}}}", value)
    return safe_path(path)
