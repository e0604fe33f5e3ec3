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

from graph.git.checkout import GitCheckout, StoreError
from graph.git.paths import DEFAULT_VALUES_PATH_TEMPLATE, PATH_PART, safe_path, values_path
from graph.patching.patcher import unified_diff
from graph.patching.yaml_splice import EditError, ValuesText
from graph.records.commit_message import CommitKind, commit_message
from graph.records.folder import decision_files, incident_folder, outcome_files
from graph.records.ids import check_incident_id
from graph.records.incident import IncidentRecord

__all__ = ["GitStore", "StoreError"]  # StoreError: what GitStore's writes raise


class GitStore(GitCheckout):
    """The GitOps checkout as the workflow uses it: Helm values read, incidents committed.

    Invalid app names, incident ids and repository paths raise ValueError; failed writes and
    pushes raise StoreError.
    """

    # --- reading ----------------------------------------------------------------------------

    def read_values(
        self, app: str, template: str = DEFAULT_VALUES_PATH_TEMPLATE
    ) -> tuple[str, str] | None:
        """(repository-relative path, text) of the app's values file at the branch head.

        None when there is none. ValueError for an app name that cannot name a folder
        (graph.workload.is_app_name).
        """
        path = values_path(app, template)
        self._open()
        text = self._blob(self._ref, path)
        return None if text is None else (path, text)

    def previous_image_tag(
        self, app: str, since: datetime, template: str = DEFAULT_VALUES_PATH_TEMPLATE
    ) -> tuple[str, str] | None:
        """The tag before the app's newest image-tag change after `since`, and that commit.

        The tag is `image.tag`, `<app>.image.tag` or `controller.image.tag`; None when no
        commit dated after `since` changed it. The service's own incident commits are skipped, so
        a revert it made is never proposed for reverting.
        """
        path = values_path(app, template)
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
        nothing is written. `new_values` is ignored without `values_path` (a record-only commit).

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
            sha = self._find(record.id, outcome=False)
            if sha is None:
                files = self._incident_files(record, path, new_values)
                files.update(_extra_files(record.id, extra))
                kind: CommitKind = "fix" if path is not None and path in files else "record"
                sha = self._commit(files, commit_message(record, kind))
            return self._publish(record.id, sha, outcome=False)

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
            sha = self._find(record.id, outcome=True)
            if sha is None:
                files = outcome_files(record)
                files.update(_extra_files(record.id, extra))
                sha = self._commit(files, commit_message(record, "outcome"))
            return self._publish(record.id, sha, outcome=True)

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

    def _publish(self, incident_id: str, sha: str, *, outcome: bool) -> str:
        if self._push():  # rebased: the commit has a new sha
            found = self._find(incident_id, outcome=outcome)
            if found is None:
                raise StoreError(f"the {incident_id} commit was dropped while rebasing")
            return found
        return sha

    def _find(self, incident_id: str, *, outcome: bool) -> str | None:
        """The incident's decision commit (or outcome commit) on the branch, by its trailers."""
        log = self._git(
            "log",
            "-F",
            f"--grep=Incident-Id: {incident_id}",
            "--format=%H%x1f%(trailers:key=Incident-Id,valueonly,separator=%x1d)"
            "%x1f%(trailers:key=Outcome,valueonly)%x1f%(trailers:key=Feedback-Type,valueonly)"
            "%x1e",
            self._ref,
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
