"""The feedback loop: learn from negative feedback and outcomes, commit what was learned.

One run reads every decided incident from the history index (one `git ls-tree` + one
`git cat-file --batch` for their alert.json, changes.diff and feedback_negative.json),
re-analyses each opening alert to know which kind of change was proposed, reads how big the
change was from the diff that was committed, and groups the results by (category, app). For
every group with at least one failure (negative feedback, a rejection with a reason, a fix that
did not recover) it writes `examples/learning/<category>_<app>_patterns.json`
(graph.learning.patterns); recovered incidents of the group count as successes. All files go
into one commit, and none is made when nothing changed. The next proposal for that category
and app reads the file (graph.nodes.apply_learning). The feedback texts the files quote are
masked as they are read (a feedback file edited by hand was never masked).
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import structlog

from graph.analysis import analyze
from graph.git.gitops import GitStore
from graph.git.history import HistoryIndex
from graph.git.items import Item
from graph.learning.actions import action_from_diff
from graph.learning.patterns import Experience, learn, patterns_path, render_patterns
from graph.masking import mask_secrets
from graph.records.commit_message import learning_commit_message
from graph.records.negative_feedback import FEEDBACK_NEGATIVE, parse_feedback

log = structlog.get_logger("alertgraph.learning")
LEARNING_DIR = "examples/learning"
_FILES = ("alert.json", "changes.diff", FEEDBACK_NEGATIVE)
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class LoopResult:
    """What one run did.

    The commit (None when nothing changed), the files it wrote, how many incidents it read and
    how many (category, app) groups it learned about.
    """

    commit_sha: str | None
    files: tuple[str, ...]
    incidents_scanned: int
    groups: int
    negative_feedback: int


def experience(item: Item, files: dict[str, str]) -> Experience | None:
    """What one decided incident teaches, or None when it teaches nothing.

    Nothing: no decision, or a rejection without a reason. Pure.
    """
    if item.decision is None:
        return None
    feedback = parse_feedback(files.get(FEEDBACK_NEGATIVE))
    outcome: str | None = None
    if item.status in ("recovered", "not_recovered"):
        outcome = item.status
    elif item.decision == "reject":
        if feedback is None:
            return None  # rejected without a word: nothing to learn from
        outcome = "rejected"
    action = action_from_diff(
        _proposed_kind(files.get("alert.json")), files.get("changes.diff", "")
    )
    return Experience(
        incident_id=item.id,
        created=item.created,
        action=action,
        outcome=outcome,
        # Masked as they come in, each on its own: the patterns file joins them (a file
        # edited by hand was never masked, and a joined text can hide a secret from the rules).
        reason=mask_secrets(_text(feedback, "reason")),
        expected_result=mask_secrets(_text(feedback, "expected_result")),
        # Someone said the fix fell short; the workflow's own files (a rejection, a fix that
        # did not recover) are told by the outcome instead.
        negative=feedback is not None
        and feedback.get("source", "api") not in ("rejection", "not_recovered"),
    )


def _text(feedback: dict[str, Any] | None, key: str) -> str:
    value = feedback.get(key) if feedback else None
    return value if isinstance(value, str) else ""


def _proposed_kind(alert_text: str | None) -> str:
    """The kind of values change the analyzer proposes for the recorded opening alert."""
    try:
        alert: Any = json.loads(alert_text or "{}")
    except ValueError:
        return "none"
    if not isinstance(alert, dict):
        return "none"

    def mapping(key: str) -> dict[str, str]:
        value = alert.get(key)
        return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}

    analysis = analyze(str(alert.get("log_text", "")), mapping("labels"), mapping("annotations"))
    return analysis.remediation.kind.value if analysis.remediation else "none"


def _may_have_failed(item: Item, files: dict[str, str]) -> bool:
    return item.status == "not_recovered" or FEEDBACK_NEGATIVE in files


def _failed(item: Experience) -> bool:
    return item.negative or item.outcome in ("not_recovered", "rejected")


class FeedbackLoop:
    """Runs the loop over `history`, committing through `store`; one run at a time."""

    def __init__(self, history: HistoryIndex, store: GitStore) -> None:
        """A loop that reads `history` and commits through `store`."""
        self.history = history
        self.store = store
        self._lock = threading.Lock()

    def run(self) -> LoopResult:
        """One pass (synchronous: call it from a worker thread).

        StoreError when the commit fails; RuntimeError when git history cannot be read.
        """
        with self._lock:
            self.history.refresh()
            items = [i for i in self.history.ordered() if i.decision is not None]
            files = self.history.files(_FILES)
            by_group: dict[tuple[str, str], list[Item]] = {}
            for item in items:
                by_group.setdefault((item.category, item.app), []).append(item)
            written: dict[str, str] = {}
            learned_from: list[str] = []
            for (category, app), members in sorted(by_group.items()):
                # Only groups with a failure get a file: re-analysing the rest is wasted work.
                if not any(_may_have_failed(i, files.get(i.id, {})) for i in members):
                    continue
                try:
                    path = patterns_path(category, app)
                except ValueError:
                    continue  # no category or app to file it under
                experiences = [
                    found
                    for item in members
                    if (found := experience(item, files.get(item.id, {}))) is not None
                ]
                failures = [e for e in experiences if _failed(e)]
                if failures:
                    written[path] = render_patterns(learn(category, app, experiences))
                    learned_from += [e.incident_id for e in failures]
            negative = sum(1 for f in files.values() if FEEDBACK_NEGATIVE in f)
            committed = None
            if written:
                message = learning_commit_message(list(written), learned_from)
                committed = self.store.commit_files(written, message)
            sha, changed = committed if committed else (None, ())
            result = LoopResult(sha, tuple(changed), len(items), len(written), negative)
            log.info(
                "feedback loop",
                commit_sha=sha,
                files=list(changed)[:10],  # a first run on a big history writes hundreds
                files_changed=len(changed),
                incidents=len(items),
                groups=len(written),
                negative_feedback=negative,
            )
            return result

    async def every(self, interval: float, sleep: Sleep = asyncio.sleep) -> None:
        """Run the loop every `interval` seconds until cancelled.

        A failed run is logged and the next one still happens.
        """
        while True:
            await sleep(interval)
            try:
                await asyncio.to_thread(self.run)
            except Exception:
                log.exception("feedback loop failed")


def read_patterns(store: GitStore, category: str | None, app: str | None) -> list[dict[str, Any]]:
    """The patterns files at the branch head, narrowed to `category` and `app` when given.

    ValueError when a given category or app could not name a file.
    """
    if category is not None and app is not None:
        text = store.read_text(patterns_path(category, app))
        texts = [text] if text is not None else []
    else:
        if category is not None:
            patterns_path(category, "x")  # validates the category
        if app is not None:
            patterns_path("x", app)  # validates the app
        texts = list(store.read_tree(LEARNING_DIR).values())
    found: list[dict[str, Any]] = []
    for text in texts:
        try:
            value = json.loads(text)
        except ValueError:
            continue
        if not isinstance(value, dict):
            continue
        if category is not None and value.get("error_category") != category:
            continue
        if app is not None and value.get("app_name") != app:
            continue
        found.append(value)
    return sorted(found, key=lambda v: (str(v.get("error_category")), str(v.get("app_name"))))
