"""The delivery watcher: what moves an incident whose change waits on its own branch.

With GIT_DELIVERY=pull_request it opens the pull request once the change is pushed (and again,
with a growing pause, while the forge fails — the incident shows why), and learns the merge or
close from the forge's webhook (`on_event`) or, as a fallback, by polling every
FORGE_POLL_INTERVAL. With GIT_DELIVERY=branch there is no forge: the poll fetches GIT_BRANCH
and finds the change there once someone merged it. Every step resumes the merge node
(graph.nodes.merge) through the runner, which serialises it with everything else the thread does.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime
from typing import Any

import structlog

from graph.delivery.forge import Forge, ForgeError, PullRequest
from graph.delivery.pr_text import pull_request_text
from graph.delivery.webhooks import PullRequestEvent
from graph.git.gitops import GitStore, StoreError
from graph.records.builder import incident_record
from graph.state import BRANCH_PREFIX, DeliveryMode, MergeEvent
from receiver.incidents.model import Incident, IncidentStatus
from receiver.incidents.registry import IncidentRegistry
from receiver.threads.runner import WorkflowRunner

log = structlog.get_logger("alertgraph.delivery")
Sleep = Callable[[float], Awaitable[None]]
WAITING = frozenset({IncidentStatus.AWAITING_MERGE, IncidentStatus.PR_OPEN})
FIRST_RETRY = 15.0  # seconds before a failed pull request is opened again; doubled each time


class DeliveryWatcher:
    """Opens pull requests and follows them until merged or closed (one per incident)."""

    def __init__(
        self,
        runner: WorkflowRunner,
        registry: IncidentRegistry,
        store: GitStore,
        forge: Forge | None,
        *,
        mode: DeliveryMode,
        poll_interval: float,
        incident_url: Callable[[str], str],
        now: Callable[[], datetime],
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        """A watcher of `registry`'s incidents; `forge` None in branch mode."""
        self.runner, self.registry, self.store, self.forge = runner, registry, store, forge
        self.mode, self.poll_interval = mode, poll_interval
        self._url, self._now, self._sleep = incident_url, now, sleep
        self._busy: set[str] = set()  # incidents with an open attempt in flight
        self._retries: dict[str, float] = {}  # incident id → the next pause after a failure
        # Values file → the incident whose pull request for it is open: one at a time.
        self._open_for: dict[str, str] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    # --- reacting ---------------------------------------------------------------------------

    def changed(self, incident: Incident) -> None:
        """Runner listener: a change just pushed on its branch gets its pull request; one
        that ended frees its values file for the next incident waiting on it."""
        if incident.status not in WAITING and incident.id in self._open_for.values():
            self._open_for = {p: i for p, i in self._open_for.items() if i != incident.id}
            for waiting in self.registry.newest_first():
                if waiting.status is IncidentStatus.AWAITING_MERGE and waiting.id != incident.id:
                    self._retries.pop(waiting.id, None)
                    self.changed(waiting)
        if (
            self.forge is not None
            and incident.status is IncidentStatus.AWAITING_MERGE
            and not (incident.live.delivery or {}).get("pull_request")
            and incident.id not in self._busy
            and incident.id not in self._retries
        ):
            self._busy.add(incident.id)
            self._spawn(self._open(incident), f"open-pr-{incident.id}")

    async def on_event(self, event: PullRequestEvent) -> None:
        """A forge webhook about an `alertgraph/<id>` branch: a merge or a close moves the
        incident on; anything else (opened, edited) changes nothing."""
        incident = self._incident_of(event.head)
        if incident is None:
            log.info("forge event for no waiting incident", head=event.head, state=event.state)
            return
        if event.state == "merged" and event.merge_sha:
            await self._merged(incident, event.merge_sha, event.actor or "")
        elif event.state == "closed":
            await self._closed(incident, event.actor or "")

    async def run(self) -> None:
        """Poll every FORGE_POLL_INTERVAL until cancelled (0: never)."""
        if self.poll_interval <= 0:
            return
        while True:
            await self._sleep(self.poll_interval)
            await self.poll()

    async def poll(self) -> None:
        """Check every incident waiting on its branch once."""
        for incident in [i for i in self.registry.newest_first() if i.status in WAITING]:
            try:
                await self._check(incident)
            except Exception:  # one broken incident must not stop the others' checks
                log.exception("delivery check failed", incident_id=incident.id)

    async def stop(self) -> None:
        """Cancel what is in flight (a restart picks the incidents up from their state)."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    # --- steps ------------------------------------------------------------------------------

    async def _check(self, incident: Incident) -> None:
        delivery = incident.live.delivery or {}
        pull = delivery.get("pull_request")
        if self.forge is None:
            await asyncio.to_thread(self.store.sync)
            merged = await asyncio.to_thread(self.store.merged_into_branch, delivery["head_sha"])
            if merged is not None:
                await self._merged(incident, merged, "")
        elif not pull:
            if incident.id not in self._busy:
                await self._open(incident)
        else:
            found = await self.forge.pull_request(int(pull["number"]))
            await self._follow(incident, found)

    async def _follow(self, incident: Incident, pull: PullRequest) -> None:
        if pull.state == "merged" and pull.merge_sha:
            await self._merged(incident, pull.merge_sha, pull.actor or "")
        elif pull.state == "closed":
            await self._closed(incident, pull.actor or "")

    async def _open(self, incident: Incident) -> None:
        """Open the incident's pull request; on failure say why and try again later."""
        assert self.forge is not None
        self._busy.add(incident.id)
        try:
            values = await self.runner.waiting_state(incident, "merge")
            if values is None or values["delivery"].get("pull_request"):
                return
            delivery = values["delivery"]
            path = (values.get("proposal") or {}).get("values_path") or ""
            holder = await self._holder(path, incident)
            if holder is not None:
                await self._open_failed(
                    incident,
                    f"waits for the open pull request of {holder} "
                    f"on {path}: one pull request per values file",
                )
                return
            record = incident_record(values, status="pr_open", now=self._now())  # type: ignore[arg-type]
            title, body = pull_request_text(
                record, self._url(incident.id), limit=self.forge.body_limit
            )
            try:
                pull = await self.forge.open_pull_request(
                    delivery["branch"], delivery["base"], title, body
                )
            except ForgeError as error:
                await self._open_failed(incident, str(error))
                return
            self._retries.pop(incident.id, None)
            self._open_for[path] = incident.id
            log.info("pull request opened", incident_id=incident.id, url=pull.url)
            opened: MergeEvent = {
                "event": "opened",
                "pull_request": {"number": pull.number, "url": pull.url},
            }
            await self.runner.resume_wait(incident, "merge", opened)
            if pull.state != "open":
                await self._follow(incident, pull)
        finally:
            self._busy.discard(incident.id)

    async def _open_failed(self, incident: Incident, reason: str) -> None:
        pause = self._retries.get(incident.id, FIRST_RETRY)
        if self.poll_interval > 0:
            pause = min(pause, self.poll_interval)
        self._retries[incident.id] = pause * 2
        log.warning(
            "pull request not opened", incident_id=incident.id, reason=reason, retry_in=pause
        )
        failed: MergeEvent = {
            "event": "open_failed",
            "reason": f"{reason} (retried in {pause:g} s)",
        }
        await self.runner.resume_wait(incident, "merge", failed)
        self._spawn(self._retry(incident, pause), f"retry-pr-{incident.id}")

    async def _retry(self, incident: Incident, pause: float) -> None:
        await self._sleep(pause)
        if incident.status in WAITING and incident.id not in self._busy:
            await self._open(incident)

    async def _merged(self, incident: Incident, sha: str, by: str) -> None:
        """Resume the merge node with what was merged (the values diff as merged)."""
        values = await self.runner.waiting_state(incident, "merge")
        if values is None:
            return
        delivery, proposal = values["delivery"], values.get("proposal") or {}
        try:
            await asyncio.to_thread(self.store.sync)
            path = proposal.get("values_path")
            diff = (
                await asyncio.to_thread(self.store.change_between, delivery["base_sha"], sha, path)
                if path
                else ""
            )
        except StoreError as error:
            log.warning("merged change not read yet", incident_id=incident.id, reason=str(error))
            return  # the next poll (or webhook redelivery) tries again
        log.info("change merged", incident_id=incident.id, sha=sha, by=by)
        merged: MergeEvent = {"event": "merged", "sha": sha, "by": by or "git", "diff": diff}
        self._retries.pop(incident.id, None)
        await self.runner.resume_wait(incident, "merge", merged)

    async def _closed(self, incident: Incident, by: str) -> None:
        log.info("pull request closed unmerged", incident_id=incident.id, by=by)
        self._retries.pop(incident.id, None)
        closed: MergeEvent = {"event": "closed", "by": by or "someone"}
        await self.runner.resume_wait(incident, "merge", closed)

    async def _holder(self, path: str, incident: Incident) -> str | None:
        """The other incident whose pull request for the values file `path` is open, if any
        (after a restart, found by asking the waiting threads)."""
        if not path:
            return None
        for other in self.registry.newest_first():
            if other.id == incident.id or other.status is not IncidentStatus.PR_OPEN:
                continue
            if other.id not in self._open_for.values():
                values = await self.runner.waiting_state(other, "merge")
                found = ((values or {}).get("proposal") or {}).get("values_path")
                if found:
                    self._open_for.setdefault(found, other.id)
        holder = self._open_for.get(path)
        return holder if holder is not None and holder != incident.id else None

    def _incident_of(self, head: str) -> Incident | None:
        if not head.startswith(BRANCH_PREFIX):
            return None
        incident = self.registry.get(head.removeprefix(BRANCH_PREFIX))
        return incident if incident is not None and incident.status in WAITING else None

    def _spawn(self, work: Coroutine[Any, Any, None], name: str) -> None:
        task = asyncio.create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
