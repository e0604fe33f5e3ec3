"""The fake forge's real git: the bare repository it serves, read and written with `git`."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path


def git(repo: Path | str, *args: str, name: str = "forge", email: str = "") -> str:
    """`git -C repo args…`'s stripped stdout, as committer `name`; AssertionError with git's
    stderr."""
    identity = ["-c", f"user.name={name}", "-c", f"user.email={email or name + '@forge.test'}"]
    command = ["git", "-C", str(repo), *identity, *args]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def branch_sha(bare: Path, branch: str) -> str:
    """The sha `branch` points at in `bare`; "" when there is no such branch."""
    ref = f"refs/heads/{branch}"
    command = ["git", "-C", str(bare), "rev-parse", "--verify", "--quiet", ref]
    done = subprocess.run(command, capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else ""


def ahead(bare: Path, base: str, head: str) -> bool:
    """Whether `head` has commits `base` lacks."""
    return bool(git(bare, "rev-list", f"{base}..{head}"))


def merge(bare: Path, base: str, head: str, message: str, by: str) -> str:
    """Merge `head` into `base` with a merge commit by `by`, made in a temporary clone and
    pushed; the merge commit's sha."""
    with tempfile.TemporaryDirectory() as tmp:
        git(tmp, "clone", "--quiet", "--branch", base, str(bare), "work")
        work = Path(tmp) / "work"
        git(work, "fetch", "--quiet", "origin", head)
        git(work, "merge", "--no-ff", "--quiet", "-m", message, "FETCH_HEAD", name=by)
        git(work, "push", "--quiet", "origin", f"HEAD:refs/heads/{base}")
        return git(work, "rev-parse", "HEAD")


def commit_file(bare: Path, branch: str, path: str, text: str, by: str) -> str:
    """Commit `text` as `path` on `branch` (a reviewer editing the pull request) and push;
    the new commit's sha."""
    with tempfile.TemporaryDirectory() as tmp:
        git(tmp, "clone", "--quiet", "--branch", branch, str(bare), "work")
        work = Path(tmp) / "work"
        (work / path).parent.mkdir(parents=True, exist_ok=True)
        (work / path).write_text(text, encoding="utf-8")
        git(work, "add", path)
        git(work, "commit", "--quiet", "-m", f"Edit {path} in review", name=by)
        git(work, "push", "--quiet", "origin", f"HEAD:refs/heads/{branch}")
        return git(work, "rev-parse", "HEAD")


def bare_repository(path: Path, base: str = "main") -> Path:
    """A bare repository at `path` whose `base` branch has one commit (a values file)."""
    git(path.parent, "init", "--quiet", "--bare", f"--initial-branch={base}", str(path))
    with tempfile.TemporaryDirectory() as tmp:
        git(tmp, "clone", "--quiet", str(path), "work")
        work = Path(tmp) / "work"
        git(work, "checkout", "--quiet", "-B", base)
        values = work / "helm-values" / "shop" / "values.yaml"
        values.parent.mkdir(parents=True)
        values.write_text("resources:\n  limits:\n    memory: 512Mi\n", encoding="utf-8")
        git(work, "add", ".")
        git(work, "commit", "--quiet", "-m", "seed", name="seed")
        git(work, "push", "--quiet", "origin", f"HEAD:refs/heads/{base}")
    return path


def new_branch(bare: Path, branch: str, base: str = "main", memory: str = "1Gi") -> str:
    """Push `branch`, one commit ahead of `base` (the values file's memory limit changed, as
    an approved change is), to `bare`; its sha."""
    with tempfile.TemporaryDirectory() as tmp:
        git(tmp, "clone", "--quiet", "--branch", base, str(bare), "work")
        work = Path(tmp) / "work"
        values = work / "helm-values" / "shop" / "values.yaml"
        values.write_text(f"resources:\n  limits:\n    memory: {memory}\n", encoding="utf-8")
        git(work, "commit", "--quiet", "-am", f"raise memory limit to {memory}", name="bot")
        git(work, "push", "--quiet", "origin", f"HEAD:refs/heads/{branch}")
        return git(work, "rev-parse", "HEAD")
