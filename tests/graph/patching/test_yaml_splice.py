"""Setting values in YAML text: any setting of the demo charts can be set, or added to, and only
its own lines change."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from ruamel.yaml.nodes import MappingNode, ScalarNode

from graph.patching.yaml_splice import Assignment, EditError, ValuesText
from tests.graph.patching.charts import comment_lines, line_changes, values


def every_setting(node: Any, path: tuple[str, ...] = ()) -> Any:
    """("scalar" | "mapping", path) for every setting in a composed document."""
    if isinstance(node, MappingNode):
        yield "mapping", path
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                yield from every_setting(value, (*path, key.value))
    elif isinstance(node, ScalarNode):
        yield "scalar", path


@pytest.mark.parametrize("app", ["grafana", "checkout", "ingress-nginx"])
def test_any_value_of_the_demo_charts_can_be_set_or_added_to(app: str) -> None:
    old = values(app)
    doc = ValuesText(old)
    for kind, path in every_setting(doc.root):
        target = path if kind == "scalar" else (*path, "zzAdded")
        # checkout's labels are shared by an anchor and its alias; its config is a block scalar.
        if app == "checkout" and (
            path[:1] in {("commonLabels",), ("podLabels",)}
            or path == ("config", "application.yaml")
        ):
            with pytest.raises(EditError, match=r"anchor|block scalar"):
                doc.assign([Assignment(target, "x1")])
            continue
        new = doc.assign([Assignment(target, "x1")])
        removed, added = line_changes(old, new)
        if kind == "scalar":
            assert (sum(removed.values()), sum(added.values())) == (1, 1), path
        elif doc.keys(path):
            assert (removed, added) == (
                Counter(),
                Counter({" " * (2 * len(path)) + "zzAdded: x1": 1}),
            ), path
        else:  # `key: {}` becomes a block
            assert sum(removed.values()) == 1 and sum(added.values()) == 2, path
        assert comment_lines(new) == comment_lines(old)
