"""The checkout against its origin: fetching, catching up, and finding where a change that
travelled on its own branch landed on the branch (graph.git.branches does the git work).

Only with GIT_DELIVERY branch or pull_request does the service read merges made by others;
`GitStore` (graph.git.gitops) builds on this.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from graph.git.branches import (
    fetch_ref,
    first_parent_with_trailer,
    is_commit,
    merge_commit,
    parents,
)
from graph.git.checkout import NETWORK_TIMEOUT, GitCheckout, StoreError
from graph.git.paths import safe_path
from graph.git.plumbing import GitFailed
from graph.patching.patcher import unified_diff

FIND_CLOCK_MARGIN = timedelta(days=1)  # commits by writers whose clocks run behind


class OriginCheckout(GitCheckout):
    """A checkout that follows its origin's branch (no remote: the local branch is origin)."""

    def sync(self) -> None:
        """Bring the branch up to origin's (merged pull requests), keeping local commits on
        top. Nothing without a remote; StoreError when origin cannot be read or the local
        commits do not rebase."""
        if not self.remote:
            return
        self._open()
        with self._lock:
            try:
                tracking = fetch_ref(self.path, self.branch, NETWORK_TIMEOUT)
                if tracking is None or not self._git("rev-list", f"{self._ref}..{tracking}"):
                    return
                self._index.settle()  # rebase and merge rewrite the index
                if self._git("rev-list", f"{tracking}..{self._ref}"):
                    self._git("rebase", "-q", "--committer-date-is-author-date", tracking)
                else:
                    self._git("merge", "-q", "--ff-only", tracking)
            except GitFailed as error:
                self._try("rebase", "--abort")
                raise StoreError(f"could not update {self.branch} from origin: {error}") from error

    def fetch(self) -> None:
        """Fetch origin's branch (nothing else moves); nothing without a remote. StoreError
        when origin cannot be read."""
        if self.remote:
            self._open()
            try:
                fetch_ref(self.path, self.branch, NETWORK_TIMEOUT)
            except GitFailed as error:
                raise StoreError(f"could not fetch {self.branch}: {error}") from error

    def landed(self, incident_id: str, since: datetime, head: str, path: str) -> str | None:
        """The commit of the branch (origin's, as last fetched) that carries the change made
        on an incident's branch (`head`): a merge, the commit itself after a fast-forward, the
        rebased or squashed decision commit (its Incident-Id trailer), or — trailers lost —
        the branch's head once its values file is what `head` proposed. None: not landed."""
        self._open()
        ref = self._base_ref()
        try:
            found = merge_commit(self.path, head, ref)
            stamp = int((since - FIND_CLOCK_MARGIN).timestamp())
            found = found or first_parent_with_trailer(self.path, ref, incident_id, stamp)
        except GitFailed:
            return None  # `head` unknown here (not fetched): not landed as far as we know
        checked = safe_path(path)
        if found is None and self._blob(head, checked) == self._blob(ref, checked):
            found = self._git("rev-parse", ref)
        return found

    def on_branch(self, sha: str) -> bool:
        """True when commit `sha` is on the branch (origin's, as last fetched)."""
        self._open()
        try:
            return merge_commit(self.path, sha, self._base_ref()) is not None
        except GitFailed:
            return False

    def merged_change(self, incident_id: str, since: datetime, sha: str, path: str) -> str:
        """The values diff of `path` that commit `sha` (a merge, squash or the end of a
        rebase) brought onto the branch: against its first parent for a merge or a squash,
        against the parent of the rebased decision commit for a rebase. StoreError for a
        commit this repository does not have."""
        if not is_commit(self.path, sha):
            raise StoreError(f"commit {sha} is not here yet: fetch again")
        before = f"{sha}^1"
        if len(parents(self.path, sha)) == 1:
            stamp = int((since - FIND_CLOCK_MARGIN).timestamp())
            rebased = first_parent_with_trailer(self.path, sha, incident_id, stamp)
            if rebased is not None and rebased != sha:
                before = f"{rebased}^1"
        checked = safe_path(path)
        old, new = self._blob(before, checked) or "", self._blob(sha, checked) or ""
        return unified_diff(old, new, checked)

    def branch_gone(self, branch: str) -> bool:
        """True when origin no longer has `branch` (deleted without merging, say)."""
        if not self.remote:
            return not self._exists(f"refs/heads/{branch}")
        try:
            return fetch_ref(self.path, branch, NETWORK_TIMEOUT) is None
        except GitFailed:
            return False  # origin not reachable: nothing is known

    def _base_ref(self) -> str:
        tracking = f"refs/remotes/origin/{self.branch}"
        return tracking if self.remote and self._exists(tracking) else self._ref
