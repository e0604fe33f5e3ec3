"""Incident history read from the GitOps repository (git is the incident database).

`HistoryIndex` reads one branch with plain `git` (no working tree): two `git log` passes give
the commits of each incident (graph.git.commits), and one `git ls-tree` + `git cat-file
--batch` reads each incident's newest `examples/<id>/summary.md`. `refresh()` catches up from
the last indexed commit, or rebuilds when history was rewritten. Items are listed in pages
(graph.git.items).

Which commits belong to an incident: a commit whose `Incident-Id` trailer names it, or any commit
(made by hand, without trailers) that changes a file under `examples/<id>/`. Item values come
from the summary.md front matter at the branch head; when there is none (or it does not parse)
from the newest trailers (Category, Severity, App, Decision) and the commit times; `updated`
is the later of the front matter's and the newest commit's date.

Only blobs at `examples/<valid id>/<name>` are ever read, from git objects: a symlink stored in
the repository (mode 120000) is never read nor followed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from graph.git.commits import Commit, incident_commits
from graph.git.items import Detail, Filters, Item, page, sort_key
from graph.git.plumbing import (
    REGULAR_FILE_MODES,
    GitFailed,
    branch_head,
    cat_blobs,
    git_text,
    ls_tree,
)
from graph.records.ids import check_incident_id, is_incident_id
from graph.records.summary import parse_front_matter, parse_summary


class HistoryIndex:
    """The incidents of `branch` in the repository at `repo_path`, kept in memory.

    `stats` counts `commits_read` (by the last build or refresh) and `full_builds`. Safe to
    use from several threads: one lock serialises building and reading. git failures (other
    than a missing branch, which reads as empty) raise RuntimeError. Merge commits are
    attributed by their trailers only (`git log --name-only` lists no files for them).
    """

    def __init__(self, repo_path: Path, branch: str = "main") -> None:
        """An empty index of `branch`; `build` or `refresh` reads it."""
        self.path = Path(repo_path)
        self.branch = branch
        self.head: str | None = None
        self.stats = {"commits_read": 0, "full_builds": 0}
        self._commits: dict[str, Commit] = {}
        self._shas: dict[str, list[str]] = {}  # incident id → commit shas, newest first
        self._items: dict[str, Item] = {}
        self._ordered: list[Item] | None = None  # _items sorted newest first, built on demand
        self._lock = threading.RLock()

    # --- building ---------------------------------------------------------------------------

    def build(self) -> None:
        """Read the whole branch again: one `git log`, one `ls-tree`, one `cat-file --batch`."""
        with self._lock:
            self._build()

    def _build(self) -> None:
        self._commits, self._shas, self._items, self._ordered = {}, {}, {}, None
        self.head = self._rev_parse()
        self.stats["full_builds"] += 1
        self.stats["commits_read"] = 0
        if self.head is not None:
            touched = self._read_log(self.head)
            self._update_items(touched)

    def refresh(self) -> int:
        """Catch up with the branch; the number of commits read (0 when HEAD did not move).

        Reads only `<last>..HEAD`; rebuilds fully when the last indexed commit is no longer
        an ancestor of HEAD (a rewrite or force-push).
        """
        with self._lock:
            return self._refresh()

    def _refresh(self) -> int:
        head = self._rev_parse()
        if head == self.head:
            self.stats["commits_read"] = 0
            return 0
        last = self.head
        if last is None or head is None or not self._is_ancestor(last, head):
            self._build()
            return self.stats["commits_read"]
        self.head = head
        self.stats["commits_read"] = 0
        self._update_items(self._read_log(f"{last}..{head}"))
        return self.stats["commits_read"]

    def _read_log(self, rev_range: str) -> set[str]:
        """Index the commits of `rev_range`; the incident ids they touched."""
        commits, count = incident_commits(self.path, rev_range)
        new: dict[str, list[str]] = {}
        for commit, ids in commits:
            self._commits[commit.sha] = commit
            for incident in ids:
                new.setdefault(incident, []).append(commit.sha)
        self.stats["commits_read"] += count
        for incident, shas in new.items():  # log order is newest first
            self._shas[incident] = shas + self._shas.get(incident, [])
        return set(new)

    def _update_items(self, ids: set[str]) -> None:
        if not ids or self.head is None:
            return
        self._ordered = None
        paths = {f"examples/{i}/summary.md" for i in ids}
        # Thousands of pathspecs make ls-tree slow (each path is matched against each spec):
        # past a few, list the whole folder once and pick.
        listed = self._ls_tree(*sorted(paths)) if len(paths) <= 16 else self._ls_tree("examples")
        blobs = self._blobs({p: sha for p, sha in listed.items() if p in paths})
        for incident in ids:
            text = blobs.get(f"examples/{incident}/summary.md")
            self._items[incident] = self._item(incident, _parse(text, parse_front_matter))

    def _item(self, incident: str, front: dict[str, Any] | None) -> Item:
        shas = tuple(self._shas[incident])
        newest, oldest = self._commits[shas[0]], self._commits[shas[-1]]
        front = front or {}

        def value(key: str, trailer: str) -> str:
            found = front.get(key)
            if found is None:
                found = next(
                    (v for s in shas if (v := self._commits[s].trailers.get(trailer))), None
                )
            return "" if found is None else str(found)

        created = front.get("created") or oldest.date
        # The newest of summary.md's `updated` and the newest commit (a hand edit counts).
        updated = max(front.get("updated") or newest.date, newest.date, created)
        decision = value("decision", "Decision") or None
        return Item(
            id=incident,
            status=str(front.get("status") or "unknown"),
            category=value("category", "Category"),
            severity=value("severity", "Severity"),
            app=value("app", "App"),
            namespace=str(front.get("namespace") or ""),
            created=created,
            updated=updated,
            decision=decision,
            commits=shas,
        )

    # --- reading ----------------------------------------------------------------------------

    def items(
        self,
        status: str | None = None,
        category: str | None = None,
        app: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> tuple[list[Item], str | None]:
        """A page of the incidents, newest first, filtered (graph.git.items.page).

        At most `limit` (1…200) and the cursor of the next page. ValueError on a bad
        limit/cursor.
        """
        filters = Filters(status, category, app, since, until)
        return page(self.ordered(), filters, limit, cursor)

    def ordered(self) -> list[Item]:
        """Every indexed incident, newest first by created (then id, descending).

        The list is shared: do not change it.
        """
        with self._lock:
            if self._ordered is None:
                self._ordered = sorted(self._items.values(), key=sort_key, reverse=True)
            return self._ordered

    def item(self, incident_id: str) -> Item | None:
        """The indexed incident with this id, or None."""
        with self._lock:
            return self._items.get(incident_id)

    def files(self, names: tuple[str, ...]) -> dict[str, dict[str, str]]:
        """Incident id → {file name → text} of the files called `names` in each folder.

        Every indexed incident's folder at the indexed head: one `ls-tree`, one
        `cat-file --batch`.
        """
        with self._lock:
            if self.head is None:
                return {}
            wanted = set(names)
            entries = {
                path: sha
                for path, sha in self._ls_tree("examples").items()
                if path.count("/") == 2
                and path.rsplit("/", 1)[1] in wanted
                and path.split("/")[1] in self._items
            }
            found: dict[str, dict[str, str]] = {}
            for path, text in self._blobs(entries).items():
                _, incident, name = path.split("/")
                found.setdefault(incident, {})[name] = text
            return found

    def detail(self, incident_id: str) -> Detail | None:
        """The incident's summary, diff, feedback files and commits; None when unknown.

        ValueError when `incident_id` is not a well-formed id.
        """
        check_incident_id(incident_id)
        with self._lock:
            return self._detail(incident_id)

    def _detail(self, incident_id: str) -> Detail | None:
        item = self._items.get(incident_id)
        if item is None or self.head is None:
            return None
        folder = f"examples/{incident_id}/"
        entries = {p: s for p, s in self._ls_tree(folder).items() if "/" not in p[len(folder) :]}
        blobs = self._blobs(entries)
        feedback = {
            p[len(folder) :]: text
            for p, text in sorted(blobs.items())
            if p[len(folder) :].startswith("feedback") and p.endswith(".json")
        }
        return Detail(
            item=item,
            summary=_parse(blobs.get(folder + "summary.md")),
            diff=blobs.get(folder + "changes.diff", ""),
            feedback=feedback,
            commits=tuple(self._commits[s] for s in item.commits),
        )

    # --- git --------------------------------------------------------------------------------

    def _git(self, *args: str) -> str:
        """Git's output in the repository as text; GitFailed (a RuntimeError) on failure."""
        return git_text(self.path, *args)

    def moved(self) -> bool:
        """Whether the branch head differs from the indexed one; True when unsure.

        Told from the ref files when possible (no process). Cheap enough to ask on every request.
        """
        head = branch_head(self.path, self.branch)
        return head is None or head != self.head

    def _rev_parse(self) -> str | None:
        fast = branch_head(self.path, self.branch)
        if fast is not None:
            return fast
        ref = f"refs/heads/{self.branch}^{{commit}}"
        try:
            return self._git("rev-parse", "-q", "--verify", ref).strip() or None
        except GitFailed:
            return None

    def _is_ancestor(self, old: str, new: str) -> bool:
        try:
            self._git("merge-base", "--is-ancestor", old, new)
        except GitFailed:
            return False
        return True

    def _ls_tree(self, *paths: str) -> dict[str, str]:
        """Path → blob sha at the indexed head, for regular files under examples/<id>/ only."""
        assert self.head is not None
        found: dict[str, str] = {}
        for mode, kind, sha, path in ls_tree(self.path, self.head, *paths):
            parts = path.split("/")
            safe = len(parts) >= 3 and parts[0] == "examples" and is_incident_id(parts[1])
            if kind == "blob" and mode in REGULAR_FILE_MODES and safe and ".." not in parts:
                found[path] = sha
        return found

    def _blobs(self, entries: dict[str, str]) -> dict[str, str]:
        """Path → text of the blobs, all read by one `git cat-file --batch`."""
        data = cat_blobs(self.path, list(entries.values()))
        return {
            path: data[sha].decode("utf-8", "replace")
            for path, sha in entries.items()
            if sha in data
        }


def _parse(
    text: str | None, parse: Callable[[str], dict[str, Any]] = parse_summary
) -> dict[str, Any] | None:
    if text is None:
        return None
    try:
        return parse(text)
    except ValueError:
        return None
