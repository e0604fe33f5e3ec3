"""The README's Layout section lists every module of receiver/ and graph/, once, where it lives.

The tree is how a new engineer finds the file that owns a behaviour; a module missing from it,
or listed under the wrong package, sends them to the wrong room.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_ENTRY = re.compile(r"^( *)(\S+?)(/)?(?:\s{2,}.*)?$")


def _layout_paths() -> set[str]:
    """Every path the README's Layout trees name, rebuilt from their indentation."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    paths: set[str] = set()
    for block in re.findall(r"```\n(.*?)```", section, re.S):
        stack: list[tuple[int, str]] = []
        for line in block.splitlines():
            match = _ENTRY.match(line)
            if not match or not line.strip():
                continue
            indent, name, is_dir = len(match[1]), match[2], bool(match[3])
            while stack and stack[-1][0] >= indent:
                stack.pop()
            path = "/".join([*(part for _, part in stack), name])
            if is_dir:
                stack.append((indent, name))
            else:
                paths.add(path)
    return paths


def _modules() -> set[str]:
    listed = subprocess.run(
        ["git", "ls-files", "receiver", "graph"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    return {p for p in listed if p.endswith(".py") and not p.endswith("__init__.py")}


def test_every_module_has_one_line_in_the_layout_tree() -> None:
    modules, listed = _modules(), _layout_paths()
    assert modules, "git ls-files found no modules"
    assert sorted(modules - listed) == [], "modules missing from README's Layout"
    assert sorted(p for p in listed - modules if p.endswith(".py")) == [], (
        "README's Layout names modules that do not exist"
    )
