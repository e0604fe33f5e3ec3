"""The demo charts of examples/gitops as the patching tests read them, and line diffs."""

from __future__ import annotations

import difflib
from collections import Counter
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

GITOPS = Path(__file__).resolve().parents[3] / "examples" / "gitops"


def values(app: str) -> str:
    """The demo values file of `app`."""
    return (GITOPS / "helm-values" / app / "values.yaml").read_text()


def load(text: str) -> Any:
    """The YAML document as plain values."""
    return YAML(typ="safe", pure=True).load(text)


def line_changes(old: str, new: str) -> tuple[Counter[str], Counter[str]]:
    """The lines only in `old` and the lines only in `new`."""
    diff = list(difflib.ndiff(old.splitlines(), new.splitlines()))
    removed = Counter(line[2:] for line in diff if line.startswith("- "))
    added = Counter(line[2:] for line in diff if line.startswith("+ "))
    return removed, added


def comment_lines(text: str) -> list[str]:
    """The comment lines of `text`, in order."""
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]
