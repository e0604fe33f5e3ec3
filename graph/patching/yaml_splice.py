"""Set values in YAML text without touching anything else (pure).

ruamel.yaml parses the text into nodes that know where they start and end and how they were
quoted, and each new value is spliced into the TEXT at those positions. Re-dumping the document
instead would normalise whatever the emitter cannot reproduce (real chart values mix `- item`
indentations within one file, for one), and a reviewer would see lines nobody meant to change.
The result is parsed again and compared with the original: if anything besides the assigned
paths differs (a value shared through a YAML anchor, say), the edit is refused.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Path = tuple[str, ...]
_Op = tuple[int, int, int, str]  # start, end, -column (deeper insertions first), replacement

_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_STR = "tag:yaml.org,2002:str"
_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.+-]*")
# Plain texts that YAML 1.2 (ruamel) or 1.1 (Helm's Go parser) would not read as a string.
_NOT_A_STRING = re.compile(
    r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?0[xXoObB][0-9a-fA-F_]+|(?i:y|n|yes|no|on|off|true|false|null)"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt].*)?"
)


class EditError(ValueError):
    """The text cannot be read or edited safely; the message says why, for a human."""


@dataclass(frozen=True, slots=True)
class Assignment:
    """Set `path` to `value`.

    `string` asks for a value that reads back as a string (an image tag `1.10` is quoted),
    otherwise numbers may stay plain (`replicaCount: 3`).
    """

    path: Path
    value: str
    string: bool = False


def dotted(path: Path) -> str:
    """`("resources", "limits")` → `resources.limits`; the empty path is the top level."""
    return ".".join(path) or "the top level"


@lru_cache(maxsize=16)
def _compose(text: str) -> Node | None:
    # Cached: every incident of an app reads the same file, and a committed edit is the next
    # proposal's input. Node trees are never mutated.
    root: Node | None = YAML(typ="safe", pure=True).compose(text)
    return root


class ValuesText:
    """A YAML document whose root is a mapping (or empty), to read and to edit."""

    def __init__(self, text: str) -> None:
        """Parse `text`; EditError when it is not YAML or not a mapping."""
        try:
            root = _compose(text)
        except YAMLError as error:
            raise EditError(f"the values file is not valid YAML: {_first_line(error)}") from None
        if root is not None and not isinstance(root, MappingNode):
            raise EditError("the values file is not a mapping of settings")
        self.text, self.root = text, root
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.step = _indent_step(root)

    def node(self, path: Path) -> Node | None:
        """The node at `path` (null values included), None when a key is missing."""
        found = self._entry(path) if path else (None, self.root)
        return found[1] if found else None

    def raw(self, path: Path) -> str | None:
        """The scalar's text as written, without quotes; None when absent or null."""
        node = self.node(path)
        if node is None or _is_null(node):
            return None
        if not isinstance(node, ScalarNode):
            raise EditError(f"{dotted(path)} holds a list or a mapping, not a single value")
        return str(node.value)

    def has(self, path: Path) -> bool:
        """Whether `path` is set to something other than null."""
        node = self.node(path)
        return node is not None and not _is_null(node)

    def keys(self, path: Path) -> set[str]:
        """The keys of the mapping at `path`; empty when it is not a mapping."""
        node = self.node(path)
        if not isinstance(node, MappingNode):
            return set()
        return {str(k.value) for k, _ in node.value if isinstance(k, ScalarNode)}

    def flag(self, path: Path) -> bool | None:
        """The boolean at `path`, None when it is absent or not a boolean."""
        node = self.node(path)
        if isinstance(node, ScalarNode) and node.tag == _BOOL:
            return str(node.value).lower() == "true"
        return None

    def assign(self, assignments: Sequence[Assignment]) -> str:
        """The text with every assignment made, as few characters changed as possible.

        An existing value keeps its quoting; a missing key is added after the last line of its
        parent mapping at the file's indentation, creating parent mappings as needed (an empty
        `resources: {}` becomes a block mapping). Raises EditError when that cannot be done
        safely: the parent is a list, a string or a non-empty flow mapping, the value is a
        block scalar, or the edit would change anything else.
        """
        ops: list[_Op] = []
        added: dict[Path, dict[str, Any]] = {}
        written: list[tuple[Path, str]] = []
        for item in assignments:
            node = self.node(item.path)
            if isinstance(node, (MappingNode, SequenceNode)):
                raise EditError(f"{dotted(item.path)} holds a list or a mapping, not a value")
            quote = node.style if isinstance(node, ScalarNode) else None
            if quote in ("|", ">"):
                raise EditError(f"{dotted(item.path)} is a block scalar; edit it by hand")
            rendered = _render(item.value, quote, string=item.string)
            written.append((item.path, rendered))
            if isinstance(node, ScalarNode):
                ops.append(self._set_scalar(item.path, node, rendered))
                continue
            # Add under the deepest ancestor that exists, creating the mappings below it.
            depth = max(
                i for i in range(len(item.path)) if i == 0 or self.node(item.path[:i]) is not None
            )
            tree = added.setdefault(item.path[:depth], {})
            for key in item.path[depth:-1]:
                tree = tree.setdefault(key, {})
            tree[item.path[-1]] = rendered
        for parent, tree in added.items():
            ops.extend(self._add(parent, tree))
        pieces, done = [], 0
        for start, end, _, replacement in sorted(ops):
            assert start >= done, "overlapping edits"
            pieces += [self.text[done:start], replacement]
            done = end
        text = "".join([*pieces, self.text[done:]])
        self._check(text, written)
        return text

    def _entry(self, path: Path) -> tuple[Node, Node] | None:
        parent = self.node(path[:-1])
        if isinstance(parent, MappingNode):
            for key, value in parent.value:
                if isinstance(key, ScalarNode) and key.value == path[-1]:
                    return key, value
        return None

    def _key(self, path: Path) -> Node:
        found = self._entry(path)
        assert found is not None
        return found[0]

    def _set_scalar(self, path: Path, node: ScalarNode, rendered: str) -> _Op:
        start, end = node.start_mark.index, node.end_mark.index
        if start < end:
            # Keep an end-of-line comment in its column, as long as one space remains.
            gap = re.match(r" +(?=#)", self.text[end : end + 200])
            if gap is None:
                return start, end, 0, rendered
            padding = max(1, end - start + gap.end() - len(rendered))
            return start, end + gap.end(), 0, rendered + " " * padding
        # An empty value's marks point at the next token: write right after the key's colon.
        colon = self.text.index(":", self._key(path).end_mark.index) + 1
        return colon, colon, 0, f" {rendered}"

    def _add(self, parent: Path, tree: dict[str, Any]) -> list[_Op]:
        """Ops that add `tree` (new keys, nested) to the mapping at `parent`."""
        node, ops = self.node(parent), list[_Op]()
        if node is None:  # an empty document
            column, after = 0, len(self.text)
        elif isinstance(node, MappingNode) and node.value and not node.flow_style:
            column = node.value[0][0].start_mark.column
            after = self._content_end(node)
        elif parent and (_is_null(node) or (isinstance(node, MappingNode) and not node.value)):
            # `resources:` or `resources: {}` becomes a block mapping under its key.
            key = self._key(parent)
            column, after = key.start_mark.column + self.step, key.end_mark.index
            start, end = node.start_mark.index, node.end_mark.index
            if after <= start < end:  # drop the `{}` (or `~`) and the spaces before it
                while self.text[start - 1] in " \t":
                    start -= 1
                ops.append((start, end, 0, ""))
        else:
            what = "a flow-style mapping" if isinstance(node, MappingNode) else "not a mapping"
            raise EditError(f"cannot add keys to {dotted(parent)}: it is {what}")
        at = _next_line(self.text, after)
        lead = self.newline if at == len(self.text) and self.text[-1:] not in ("", "\n") else ""
        lines = _block(tree, column, self.step)
        ops.append((at, at, -column, lead + "".join(line + self.newline for line in lines)))
        return ops

    def _content_end(self, node: Node, after: int = -1) -> int:
        """Where the text of `node` ends: its last value, not the comments that follow it."""
        if node.start_mark.index < after:  # an alias: the node's marks are at its anchor
            name = re.escape(str(node.anchor))
            alias = re.compile(rf"\*{name}(?=[\s,\]}}]|$)").search(self.text, after)
            return alias.end() if alias else after
        if isinstance(node, MappingNode) and node.value and not node.flow_style:
            key, value = node.value[-1]
            if _is_null(value) and value.start_mark.index == value.end_mark.index:
                return int(key.end_mark.index)
            return self._content_end(value, key.end_mark.index)
        if isinstance(node, SequenceNode) and node.value and not node.flow_style:
            return self._content_end(node.value[-1], node.start_mark.index)
        return int(node.end_mark.index)

    def _check(self, text: str, written: list[tuple[Path, str]]) -> None:
        expected = _plain(self.root) if self.root is not None else {}
        for path, rendered in written:
            target = expected
            for key in path[:-1]:
                if not isinstance(target.get((_STR, key)), dict):
                    target[(_STR, key)] = {}
                target = target[(_STR, key)]
            target[(_STR, path[-1])] = _plain(YAML(typ="safe", pure=True).compose(rendered))
        try:
            result = _plain(_compose(text))
        except YAMLError as error:  # a splicing bug: never hand out a broken file
            raise EditError(f"the edit would break the YAML: {_first_line(error)}") from None
        if result != expected:
            raise EditError(
                f"setting {', '.join(dotted(p) for p, _ in written)} would also change other "
                "settings (a YAML anchor or merge key shares the value); edit the file by hand"
            )


def _render(text: str, quote: str | None, *, string: bool) -> str:
    """`text` as a scalar in the original's quoting; plain only if it reads back unchanged."""
    if quote in ('"', "'") and _PLAIN.fullmatch(text):
        return f"{quote}{text}{quote}"
    if _PLAIN.fullmatch(text) and not (string and _NOT_A_STRING.fullmatch(text)):
        return text
    if quote == '"':
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "'" + text.replace("'", "''") + "'"


def _block(tree: dict[str, Any], column: int, step: int) -> list[str]:
    lines = []
    for key, value in tree.items():
        if isinstance(value, dict):
            lines += [f"{' ' * column}{key}:", *_block(value, column + step, step)]
        else:
            lines.append(f"{' ' * column}{key}: {value}")
    return lines


def _next_line(text: str, index: int) -> int:
    """The start of the line after the one holding `index` (`index` itself at a line start)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _plain(node: Node | None, expanding: frozenset[int] = frozenset()) -> Any:
    """A comparable value for a node: scalars as (tag, text), aliases expanded."""
    if id(node) in expanding:
        raise EditError("the values file has an alias inside its own anchor")
    inner = expanding | {id(node)}
    if isinstance(node, MappingNode):
        result: dict[Any, Any] = {}
        for key, value in node.value:
            name = _plain(key, inner)
            name = repr(name) if isinstance(name, (dict, list)) else name
            if name in result:
                shown = name[1] if isinstance(name, tuple) else name
                raise EditError(f"the values file repeats the key {shown!r}")
            result[name] = _plain(value, inner)
        return result
    if isinstance(node, SequenceNode):
        return [_plain(item, inner) for item in node.value]
    if node is None or _is_null(node):
        return (_NULL, "")
    return (str(node.tag), str(node.value))


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _NULL


def _indent_step(root: Node | None) -> int:
    """How far this file indents a nested mapping: 2 unless the file says otherwise."""
    pending, seen = [root], set()
    while pending:
        node = pending.pop(0)
        if not isinstance(node, MappingNode) or node.flow_style or id(node) in seen:
            continue
        seen.add(id(node))
        for key, value in node.value:
            nested = isinstance(value, MappingNode) and value.value and not value.flow_style
            if nested and value.start_mark.index > key.end_mark.index:  # not an alias
                step = value.value[0][0].start_mark.column - key.start_mark.column
                if step > 0:
                    return int(step)
            pending.append(value)
    return 2


def _first_line(error: YAMLError) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
