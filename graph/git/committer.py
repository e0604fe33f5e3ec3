"""Commits made with git plumbing: a tree (graph.git.trees), `commit-tree`, and the branch moved
by `update-ref <ref> <new> <old>`, a compare-and-swap.

No index and no working tree are read or written here, so the cost of a commit does not grow
with the number of files in the repository. What `git commit -F <file> -- <paths>` did besides
is kept: the message is cleaned up as it cleaned it up (`clean_message`), and the repository's
`pre-commit`, `commit-msg` and `post-commit` hooks run (`pre-commit` and `commit-msg` with
`GIT_INDEX_FILE` naming a temporary index of the commit's tree; a failing one stops the commit,
as it stopped `git commit`).

The branch moves only from the commit the new one was made on: when someone else moved it
meanwhile, `update-ref` refuses and `advance` says so, and the caller makes the commit again on
the new head (graph.git.checkout) — nothing anyone committed is ever overwritten.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path

from graph.git.plumbing import GitFailed, git_text, run_git
from graph.git.trees import TreeCache, TreeWriter

HOOK_INDEX_PREFIX = "alertgraph-hook-index-"  # in .git: the index a hook is shown
MESSAGE_PREFIX = "alertgraph-message-"  # in .git: the message file a commit-msg hook may edit


def clean_message(text: str) -> str:
    """`text` as `git commit -F` (no editor) commits it ("" when nothing is left).

    Trailing whitespace of each line and blank lines at the start and end removed, runs of
    blank lines made one, every line ended by a newline; `#` lines are kept.
    """
    lines: list[str] = []
    empties = 0
    for line in text.split("\n"):
        line = line.rstrip(" \t\r")  # git's whitespace: space, tab, CR (and the LF split on)
        if not line:
            empties += 1
            continue
        if empties and lines:
            lines.append("")
        empties = 0
        lines.append(line)
    return "".join(f"{line}\n" for line in lines)


class Committer:
    """Makes commits in the repository at `repo` without its index or working tree."""

    def __init__(self, repo: Path, cache: TreeCache | None = None) -> None:
        """Nothing is read until the first commit."""
        self.repo = repo
        self.trees = TreeWriter(repo, cache)
        self._tree_of: dict[str, str] = {}  # commit → its tree, for the commits made here
        self._hooks: Path | None = None

    def make(
        self,
        base: str | None,
        files: Mapping[str, bytes],
        message: str,
        env: Mapping[str, str],
        *,
        hooks: bool = True,
    ) -> tuple[str, dict[str, tuple[str, str]]]:
        """A new commit of `files` (path → content) on top of `base` (None: a first commit),
        and the index entries it changed (path → (mode, blob id)); no ref moves.

        `env` dates the commit (graph.git.plumbing.commit_dates). With `hooks`, pre-commit and
        commit-msg run first. GitFailed when git or a hook refuses.
        """
        base_tree = self.tree_of(base) if base is not None else None
        tree, entries = self.trees.write(base_tree, files)
        text = clean_message(message)
        if hooks:
            text = self._pre_commit_hooks(tree, text, env)
        if not text:
            raise GitFailed("commit", "Aborting commit due to empty commit message.")
        parents = ["-p", base] if base is not None else []
        sha = git_text(self.repo, "commit-tree", tree, *parents, stdin=text.encode(), env=env)
        self._remember(sha, tree)
        return sha, entries

    def advance(self, ref: str, new: str, old: str | None, message: str) -> bool:
        """Move `ref` from `old` (None: it must not exist) to `new`; False when `ref` is no
        longer at `old` (someone else moved it: nothing changed). GitFailed otherwise."""
        expected = old if old is not None else "0" * len(new)
        try:
            run_git(self.repo, "update-ref", "-m", message, ref, new, expected)
        except GitFailed:
            if self.head(ref) != old:
                return False
            raise
        return True

    def head(self, ref: str) -> str | None:
        """The commit `ref` names now, None when it does not exist."""
        try:
            return git_text(self.repo, "rev-parse", "-q", "--verify", f"{ref}^{{commit}}")
        except GitFailed:
            return None

    def tree_of(self, commit: str) -> str:
        """The tree of `commit` (remembered for the commits made here)."""
        tree = self._tree_of.get(commit)
        if tree is None:
            tree = git_text(self.repo, "rev-parse", f"{commit}^{{tree}}")
            self._remember(commit, tree)
        return tree

    def changed_between(self, old: str, new: str, paths: list[str]) -> list[str]:
        """Those of `paths` whose content differs between commits `old` and `new` (one
        `git cat-file --batch-check`)."""
        specs = [f"{rev}:{path}" for path in paths for rev in (old, new)]
        out = git_text(self.repo, "cat-file", "--batch-check=%(objectname)", stdin=_lines(specs))
        # `<spec> missing` for a path a commit does not have: the same for both, None.
        ids = [None if line.endswith(" missing") else line for line in out.split("\n")]
        return [path for n, path in enumerate(paths) if ids[2 * n] != ids[2 * n + 1]]

    def post_commit(self, env: Mapping[str, str]) -> None:
        """Run the post-commit hook, if any; like git, its failure changes nothing."""
        if self._hook("post-commit") is not None:
            with suppress(GitFailed):
                run_git(self.repo, "hook", "run", "--ignore-missing", "post-commit", env=env)

    def _pre_commit_hooks(self, tree: str, text: str, env: Mapping[str, str]) -> str:
        """Run pre-commit and commit-msg (when the repository has them) against an index of
        `tree`; the message as commit-msg left it."""
        names = [name for name in ("pre-commit", "commit-msg") if self._hook(name) is not None]
        if not names:
            return text
        gitdir = self.repo / ".git"
        suffix = f"{os.getpid()}-{os.urandom(4).hex()}"
        index, message = (
            gitdir / f"{HOOK_INDEX_PREFIX}{suffix}",
            gitdir / f"{MESSAGE_PREFIX}{suffix}",
        )
        hook_env = {**env, "GIT_INDEX_FILE": str(index)}
        try:
            run_git(self.repo, "read-tree", tree, env=hook_env)
            if "pre-commit" in names:
                run_git(self.repo, "hook", "run", "--ignore-missing", "pre-commit", env=hook_env)
            if "commit-msg" in names:
                message.write_text(text, encoding="utf-8")
                run_git(
                    self.repo,
                    "hook",
                    "run",
                    "--ignore-missing",
                    "commit-msg",
                    "--",
                    str(message),
                    env=hook_env,
                )
                text = clean_message(message.read_text(encoding="utf-8"))
        finally:
            index.unlink(missing_ok=True)
            message.unlink(missing_ok=True)
        return text

    def _hook(self, name: str) -> Path | None:
        """The executable hook `name` (core.hooksPath honoured), None when there is none."""
        if self._hooks is None:
            found = git_text(self.repo, "rev-parse", "--git-path", "hooks")
            self._hooks = (self.repo / found).absolute()
        path = self._hooks / name
        return path if path.is_file() and os.access(path, os.X_OK) else None

    def _remember(self, commit: str, tree: str) -> None:
        if len(self._tree_of) > 1024:
            self._tree_of.clear()
        self._tree_of[commit] = tree


def _lines(items: list[str]) -> bytes:
    return "".join(f"{item}\n" for item in items).encode()
