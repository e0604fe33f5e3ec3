"""Incident history read from the GitOps repository (git is the incident database).

`HistoryIndex` reads one branch with plain `git` (no working tree): one `git log` gives the
commits of each incident (graph.git.commits), and meanwhile, on the other core, one `git
ls-tree` and `git cat-file --batch` (in chunks) read each incident's newest
`examples/<id>/summary.md`. `refresh()` catches up from the last indexed commit, or rebuilds
when history was rewritten. Items are listed in pages (graph.git.items).

Which commits belong to an incident: a commit whose `Incident-Id` trailer names it, or any commit
(made by hand, without trailers) that changes a file under `examples/<id>/`. Item values come
from the summary.md front matter at the branch head (graph.git.front_matter); when it lacks one
(or does not parse) from the newest trailers (Category, Severity, App, Decision) and the commit
times; `updated` is the later of the front matter's and the newest commit's date.

What is kept per incident is what the list shows (its item) and the tree of its folder; the
detail of one incident (its files, its commits' subjects, authors and trailers) is read from git
when asked: ~100 bytes a commit less for 176,000 commits. Only blobs at `examples/<valid
id>/<name>` are ever read, from git objects: a symlink stored in the repository (mode 120000)
is never read nor followed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

from graph.git.commits import Stamped, commit_details, incident_commits
from graph.git.front_matter import Listed, front_texts, listing_fields
from graph.git.items import Detail, Filters, Item, item_of, page, sort_key
from graph.git.plumbing import (
    REGULAR_FILE_MODES,
    GitFailed,
    branch_head,
    cat_blobs,
    git_text,
    ls_tree,
    run_git,
)
from graph.records.ids import check_incident_id, is_incident_id
from graph.records.summary import parse_summary

SUMMARY_CHUNK = 5000  # summaries read by one `git cat-file --batch` while building
_FALLBACK = {"category": "Category", "severity": "Severity", "app": "App", "decision": "Decision"}


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
        self._items: dict[str, Item] = {}
        self._folders: dict[str, str] = {}  # incident id → its folder's tree at the head
        self._first: dict[str, int] = {}  # incident id → the time of its oldest commit
        self._ordered: list[Item] | None = None  # _items sorted newest first, built on demand
        self._lock = threading.RLock()

    # --- building ---------------------------------------------------------------------------

    def build(self) -> None:
        """Read the whole branch again: one `git log`, one `ls-tree`, `cat-file --batch`es."""
        with self._lock:
            self._build()

    def _build(self) -> None:
        self._items, self._folders, self._first, self._ordered = {}, {}, {}, None
        self.head = self._rev_parse()
        self.stats["full_builds"] += 1
        self.stats["commits_read"] = 0
        if self.head is None:
            return
        with ThreadPoolExecutor(1, thread_name_prefix="history-log") as pool:
            log = pool.submit(incident_commits, self.path, self.head)  # git works meanwhile
            folders, summaries = self._read_folders()
            fronts = self._read_fronts(summaries)
            commits, count = log.result()
        self.stats["commits_read"] = count
        self._index(commits, folders, fronts)

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
        commits, self.stats["commits_read"] = incident_commits(self.path, f"{last}..{head}")
        ids = {i for commit in commits for i in commit.ids}
        if ids:
            paths = [f"examples/{i}" for i in sorted(ids)]
            # Thousands of pathspecs make ls-tree slow (each path is matched against each
            # spec): past a few, list the whole folder once and pick.
            folders, summaries = (
                self._read_folders(*paths) if len(paths) <= 16 else self._read_folders()
            )
            summaries = {i: sha for i, sha in summaries.items() if i in ids}
            fronts = self._read_fronts(summaries)
            self._index(commits, {i: t for i, t in folders.items() if i in ids}, fronts, ids)
        return self.stats["commits_read"]

    def _index(
        self,
        commits: list[Stamped],
        folders: dict[str, str],
        fronts: dict[str, Listed | None],
        touched: set[str] | None = None,
    ) -> None:
        """Make the items of the incidents `commits` name (newest first; on a refresh, only
        the `touched` ones, their earlier commits kept)."""
        shas: dict[str, list[str]] = {}
        newest: dict[str, int] = {}
        oldest: dict[str, int] = {}
        for sha, stamp, ids in commits:  # newest first: the last stamp seen is the oldest
            for incident in ids:
                own = shas.get(incident)
                if own is None:
                    shas[incident], newest[incident] = [sha], stamp
                else:
                    own.append(sha)
                oldest[incident] = stamp
        for incident, stamp in oldest.items():  # a refresh's commits are newer than the rest
            self._first.setdefault(incident, stamp)
        for incident in touched or ():
            self._folders.pop(incident, None)
        self._folders.update(folders)
        fallback = self._trailer_values(shas, fronts)
        for incident, own in shas.items():
            old = self._items.get(incident)
            all_shas = tuple(own) + (old.commits if old and touched is not None else ())
            self._items[incident] = item_of(
                incident,
                fronts.get(incident),
                all_shas,
                newest[incident],
                self._first[incident],
                fallback.get(incident, {}),
            )
        self._ordered = None

    def _trailer_values(
        self, shas: dict[str, list[str]], fronts: dict[str, Listed | None]
    ) -> dict[str, dict[str, str]]:
        """Incident → the values its front matter lacks, from its newest commits' trailers.

        Read (one `git log --no-walk`) only for the incidents whose front matter lacks one:
        the service writes all of them, so usually none.
        """
        wanting = {
            incident: [key for key in _FALLBACK if getattr(front, key, None) is None]
            for incident in shas
            if (front := fronts.get(incident)) is None
            or front.category is None
            or front.severity is None
            or front.app is None
            or front.decision is None
        }
        if not wanting:
            return {}
        every = {sha for incident in wanting for sha in self._all_shas(incident, shas)}
        details = commit_details(self.path, every)
        found: dict[str, dict[str, str]] = {}
        for incident, keys in wanting.items():
            values = found.setdefault(incident, {})
            for key in keys:
                for sha in self._all_shas(incident, shas):
                    value = details[sha].trailers.get(_FALLBACK[key]) if sha in details else None
                    if value:
                        values[key] = value
                        break
        return found

    def _all_shas(self, incident: str, shas: dict[str, list[str]]) -> list[str]:
        old = self._items.get(incident)
        return shas[incident] + (list(old.commits) if old else [])

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
        tree = self._folders.get(incident_id)
        listed = {} if tree is None else self._ls_tree(tree, prefix=folder)
        entries = {p: s for p, s in listed.items() if "/" not in p[len(folder) :]}
        blobs = self._blobs(entries)
        feedback = {
            p[len(folder) :]: text
            for p, text in sorted(blobs.items())
            if p[len(folder) :].startswith("feedback") and p.endswith(".json")
        }
        details = commit_details(self.path, item.commits)
        return Detail(
            item=item,
            summary=_parse(blobs.get(folder + "summary.md")),
            diff=blobs.get(folder + "changes.diff", ""),
            feedback=feedback,
            commits=tuple(details[s] for s in item.commits if s in details),
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

    def _ls_tree(self, *paths: str, prefix: str = "") -> dict[str, str]:
        """Path → blob sha at the indexed head (or in the tree `paths[0]` names, its paths
        prefixed by `prefix`), for regular files under examples/<id>/ only."""
        assert self.head is not None
        listing = ls_tree(self.path, *paths) if prefix else ls_tree(self.path, self.head, *paths)
        found: dict[str, str] = {}
        for mode, kind, sha, name in listing:
            path = prefix + name
            parts = path.split("/")
            safe = len(parts) >= 3 and parts[0] == "examples" and is_incident_id(parts[1])
            if kind == "blob" and mode in REGULAR_FILE_MODES and safe and ".." not in parts:
                found[path] = sha
        return found

    def _read_folders(self, *paths: str) -> tuple[dict[str, str], dict[str, str]]:
        """(incident → its folder's tree, incident → its summary.md blob) at the indexed head,
        of the incident folders `paths` (all when none): one `git ls-tree -r -t`."""
        assert self.head is not None
        args = ("ls-tree", "-r", "-t", "-z", self.head, "--", *(paths or ("examples",)))
        entries = run_git(self.path, *args).split(b"\0")
        trees = [e for e in entries if e.startswith(b"040000 tree ")]
        files = [e for e in entries if e.endswith(b"/summary.md")]
        del entries  # 378,000 entries at 100,000 incidents, of which these are 200,000
        folders: dict[str, str] = {}
        for entry in trees:  # b"040000 tree <sha>\texamples/<name>"
            tab = entry.find(b"\t")
            path = entry[tab + 1 :].decode("utf-8", "replace")
            name = path[9:]
            if path.startswith("examples/") and is_incident_id(name):
                folders[name] = entry[12:tab].decode()
        summaries: dict[str, str] = {}
        for entry in files:  # b"<mode> blob <sha>\texamples/<name>/summary.md"
            tab = entry.find(b"\t")
            name = entry[tab + 10 : -11].decode("utf-8", "replace")
            if entry[:6].decode() in REGULAR_FILE_MODES and name in folders:
                summaries[name] = entry[12:tab].decode()
        return folders, summaries

    def _read_fronts(self, summaries: dict[str, str]) -> dict[str, Listed | None]:
        """Incident → what its summary.md's front matter lists (None: none that parses).

        `SUMMARY_CHUNK` summaries per `git cat-file --batch`, the next one read while this one
        is parsed; never all of them in memory at once.
        """
        fronts: dict[str, Listed | None] = {}
        incidents = list(summaries)
        chunks = [incidents[n : n + SUMMARY_CHUNK] for n in range(0, len(incidents), SUMMARY_CHUNK)]

        def read(chunk: list[str]) -> bytes:
            shas = "".join(f"{summaries[i]}\n" for i in chunk).encode()
            return run_git(self.path, "cat-file", "--batch=%(objecttype) %(objectsize)", stdin=shas)

        with ThreadPoolExecutor(1, thread_name_prefix="history-blobs") as reader:
            pending = [reader.submit(read, chunks[0])] if chunks else []
            for n, chunk in enumerate(chunks):
                if n + 1 < len(chunks):
                    pending.append(reader.submit(read, chunks[n + 1]))
                texts = front_texts(pending.pop(0).result())
                for incident, text in zip(chunk, texts, strict=True):
                    fronts[incident] = None if text is None else listing_fields(text)
        return fronts

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
