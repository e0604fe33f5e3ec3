"""The GitOps repository: values files in, incident records out.

Built on `graph.git.checkout.GitCheckout` (one commit per write, never half-written, pushed when
there is a remote). The async workflow calls it through `asyncio.to_thread`. An incident is
committed at most twice, found by its `Incident-Id` trailer: one decision commit (`fix`: values
changed, or `record`: no values change) and one `outcome` commit; feedback commits name the
incident too but carry a `Feedback-Type` trailer and are neither.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import structlog

from graph.git.branches import fetch_ref, push_new_branch
from graph.git.checkout import NETWORK_TIMEOUT, ReadOnlyStore, StoreError
from graph.git.origin import FIND_CLOCK_MARGIN, OriginCheckout
from graph.git.paths import DEFAULT_VALUES_PATH_TEMPLATE, PATH_PART, safe_path, values_path
from graph.git.plumbing import GitFailed, redact
from graph.patching.patcher import unified_diff
from graph.patching.yaml_splice import EditError, ValuesText
from graph.records.commit_message import CommitKind, commit_message
from graph.records.folder import decision_files, incident_folder, outcome_files
from graph.records.ids import check_incident_id
from graph.records.incident import IncidentRecord

log = structlog.get_logger("alertgraph.git")

__all__ = ["GitStore", "ReadOnlyStore", "StoreError"]  # what GitStore's writes raise


class GitStore(OriginCheckout):
    """The GitOps checkout as the workflow uses it: Helm values read, incidents committed.

    Invalid app names, incident ids and repository paths raise ValueError; failed writes and
    pushes raise StoreError.
    """

    # --- reading ----------------------------------------------------------------------------

    def read_values(
        self,
        app: str,
        template: str = DEFAULT_VALUES_PATH_TEMPLATE,
        *,
        cluster: str = "",
        namespace: str = "",
    ) -> tuple[str, str] | None:
        """(repository-relative path, text) of the app's values file at the branch head.

        The template's `{cluster}` and `{namespace}` are `cluster` and `namespace`. None when
        there is none. PathPartError (a ValueError) for a part that is missing or cannot name
        a folder (graph.git.paths.values_path).
        """
        path = values_path(app, template, cluster=cluster, namespace=namespace)
        self._open()
        text = self._blob(self._ref, path)
        return None if text is None else (path, text)

    def previous_image_tag(
        self,
        app: str,
        since: datetime,
        template: str = DEFAULT_VALUES_PATH_TEMPLATE,
        *,
        cluster: str = "",
        namespace: str = "",
    ) -> tuple[str, str] | None:
        """The tag before the app's newest image-tag change after `since`, and that commit.

        The values file is found as `read_values` finds it. The tag is `image.tag`,
        `<app>.image.tag` or `controller.image.tag`; None when no commit dated after `since`
        changed it. The service's own incident commits are skipped, so a revert it made is
        never proposed for reverting.
        """
        path = values_path(app, template, cluster=cluster, namespace=namespace)
        self._open()
        log = self._git(
            "log",
            "--format=%H%x1f%ct%x1f%(trailers:key=Incident-Id,valueonly)%x1e",
            self._ref,
            "--",
            path,
        )
        for entry in filter(None, (e.strip() for e in log.split("\x1e"))):
            sha, stamp, incident = _fields(entry)
            if int(stamp) <= since.timestamp() or incident.strip():
                continue
            before = self._image_tag(f"{sha}^", path, app)
            if before is not None and before != self._image_tag(sha, path, app):
                return before, sha
        return None

    def _image_tag(self, rev: str, path: str, app: str) -> str | None:
        text = self._blob(rev, path)
        if text is None:
            return None
        try:
            values = ValuesText(text)
            for key in (("image", "tag"), (app, "image", "tag"), ("controller", "image", "tag")):
                if values.has(key):
                    return values.raw(key)
        except EditError:
            return None
        return None

    # --- writing ----------------------------------------------------------------------------

    def commit_incident(
        self,
        record: IncidentRecord,
        values_path: str | None = None,
        new_values: str | None = None,
        extra: Mapping[str, str] | None = None,
    ) -> str:
        """Commit the incident's decision: the values change and its folder, in one commit.

        The values change (when `new_values` differs from HEAD) and examples/<id>/summary.md,
        changes.diff (when the record has a diff), alert.json and the `extra` files (name → text,
        written beside them); the sha of the incident's decision commit. If one exists already,
        nothing is written — origin's branch is caught up with first, so a commit that another
        replica pushed is found. `new_values` is ignored without `values_path` (a record-only
        commit).

        The values change must be exactly `record.diff` against HEAD (what was approved); a
        values file that moved since the proposal raises StoreError, as do git failures, after
        which the checkout is as HEAD has it.
        """
        check_incident_id(record.id)
        if values_path is not None and new_values is None:
            raise ValueError("values_path is given without new_values")
        path = None if values_path is None else safe_path(values_path)
        self._open()
        with self._lock:
            self._catch_up()  # another replica may have made it (a leader died after pushing)
            sha = self._find(record.id, outcome=False, since=record.created)
            if sha is None:
                files = self._incident_files(record, path, new_values)
                files.update(_extra_files(record.id, extra))
                kind: CommitKind = "fix" if path is not None and path in files else "record"
                sha = self._commit(files, commit_message(record, kind))
            return self._publish(record.id, sha, outcome=False, since=record.created)

    def commit_incident_on_branch(
        self, record: IncidentRecord, values_path: str | None, new_values: str | None, branch: str
    ) -> tuple[str, str]:
        """Commit the incident's decision on `branch`, on top of this branch's head, and push
        it; (the branch's head, the commit it was made on).

        The same files and checks as `commit_incident`; the checkout stays on its own branch.
        A branch that already holds the decision (a retry, or a reviewer's commits on top) is
        kept as it is, never overwritten. StoreError when it cannot be made or pushed.
        """
        check_incident_id(record.id)
        self.refuse_writes()
        path = None if values_path is None else safe_path(values_path)
        self._open()
        with self._lock:
            try:
                found = self._decision_on(record, branch)
                if found is not None:
                    return found
                base = self._git("rev-parse", self._ref)
                files = self._incident_files(record, path, new_values)
                kind: CommitKind = "fix" if path is not None and path in files else "record"
                message = commit_message(record, kind)
                data = {name: text.encode("utf-8") for name, text in files.items()}
                sha, _ = self._committer.make(base, data, message, self._dates(), hooks=False)
                self._git("update-ref", f"refs/heads/{branch}", sha)
                if self.remote:
                    push_new_branch(self.path, sha, branch, NETWORK_TIMEOUT)
            except GitFailed as error:
                where = redact(self.remote or str(self.path))
                raise StoreError(f"could not push {branch} to {where}: {error}") from error
            return sha, base

    def _decision_on(self, record: IncidentRecord, branch: str) -> tuple[str, str] | None:
        """(head, base) of `branch` when it already holds the incident's decision commit,
        pushing a local one that origin lacks."""
        local = f"refs/heads/{branch}"
        remote = fetch_ref(self.path, branch, NETWORK_TIMEOUT) if self.remote else None
        for ref in filter(None, (remote, local if self._exists(local) else None)):
            found = self._find(record.id, outcome=False, since=record.created, ref=ref)
            if found is None:
                continue
            if self.remote and remote is None:
                push_new_branch(self.path, self._git("rev-parse", ref), branch, NETWORK_TIMEOUT)
            return self._git("rev-parse", ref), self._git("rev-parse", f"{found}^")
        return None

    def record_outcome(self, record: IncidentRecord, extra: Mapping[str, str] | None = None) -> str:
        """Commit the incident's outcome: examples/<id>/summary.md rewritten; its sha.

        The summary gets the record's outcome, status and updated time, and the `extra` files
        (name → text) are written beside it. At most one
        per incident: an existing one is returned as is.
        """
        check_incident_id(record.id)
        if record.outcome is None:
            raise ValueError("record_outcome needs a record with an outcome")
        self._open()
        with self._lock:
            self._catch_up()
            sha = self._find(record.id, outcome=True, since=record.created)
            if sha is None:
                files = outcome_files(record)
                files.update(_extra_files(record.id, extra))
                sha = self._commit(files, commit_message(record, "outcome"))
            return self._publish(record.id, sha, outcome=True, since=record.created)

    def _incident_files(
        self, record: IncidentRecord, path: str | None, new_values: str | None
    ) -> dict[str, str]:
        files: dict[str, str] = {}
        if path is not None and new_values is not None:
            diff = unified_diff(self._blob(self._ref, path) or "", new_values, path)
            if diff != record.diff:
                raise StoreError(
                    f"{path} changed since the proposal was made: the approved diff no longer "
                    "applies; propose again"
                )
            if diff:
                files[path] = new_values
        try:
            files.update(decision_files(record))
        except ValueError as error:  # an alert that is not JSON: the commit cannot be made
            raise StoreError(str(error)) from error
        return files

    def _catch_up(self) -> None:
        """Bring the branch up to origin's before a commit; an origin that cannot be read
        now only delays that (the push after the commit says so, keeping the commit)."""
        try:
            self.sync()
        except StoreError as error:
            log.warning("origin not read before the commit", reason=str(error))

    def _publish(self, incident_id: str, sha: str, *, outcome: bool, since: datetime) -> str:
        if self._push():  # rebased: the commit has a new sha
            found = self._find(incident_id, outcome=outcome, since=since)
            if found is None:
                raise StoreError(f"the {incident_id} commit was dropped while rebasing")
            return found
        return sha

    def _find(
        self, incident_id: str, *, outcome: bool, since: datetime, ref: str | None = None
    ) -> str | None:
        """The incident's decision commit (or outcome commit) on the branch, by its trailers.

        Only commits dated after the incident was created (less a day, for the clocks of other
        writers) can be its own, and git stops walking at the first older one: the search costs
        the commits since the incident began, not the whole history.
        """
        log = self._git(
            "log",
            "-F",
            f"--since=@{int((since - FIND_CLOCK_MARGIN).timestamp())}",
            f"--grep=Incident-Id: {incident_id}",
            "--format=%H%x1f%(trailers:key=Incident-Id,valueonly,separator=%x1d)"
            "%x1f%(trailers:key=Outcome,valueonly)%x1f%(trailers:key=Feedback-Type,valueonly)"
            "%x1e",
            ref or self._ref,
        )
        for entry in filter(None, (e.strip() for e in log.split("\x1e"))):
            sha, ids, outcomes, feedback = [*entry.split("\x1f"), "", "", ""][:4]
            if feedback.strip():  # a feedback commit names the incident but is neither
                continue
            if incident_id in ids.strip().split("\x1d") and bool(outcomes.strip()) == outcome:
                return sha.strip()
        return None


def _extra_files(incident_id: str, extra: Mapping[str, str] | None) -> dict[str, str]:
    """`extra` (file name → text) as paths in the incident's folder.

    ValueError for a name that is not one plain file name.
    """
    files: dict[str, str] = {}
    for name, text in (extra or {}).items():
        if "/" in name or not PATH_PART.fullmatch(name):
            raise ValueError(f"not a file name for an incident folder: {name!r}")
        files[f"{incident_folder(incident_id)}/{name}"] = text
    return files


def _fields(entry: str) -> tuple[str, str, str]:
    """The three fields of one `git log` entry (separated by %x1f), "" for missing ones."""
    first, second, third = [*entry.split("\x1f"), "", ""][:3]
    return first.strip(), second.strip(), third.strip()
