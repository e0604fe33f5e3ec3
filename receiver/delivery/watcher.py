"""The delivery watcher: what moves an incident whose change waits on its own branch.

With GIT_DELIVERY=pull_request it has the pull request opened (receiver.delivery.opener) and
learns its merge or close from the forge's webhook (`on_event`, only a trigger: the pull
request is read back through the REST API and must be this incident's, against GIT_BRANCH) or,
as a fallback, by polling every FORGE_POLL_INTERVAL — and once at start-up, for what happened
while the service was down. With GIT_DELIVERY=branch there is no forge: the poll fetches
GIT_BRANCH and finds the change there (merged, fast-forwarded, rebased or squashed); a branch
deleted without that is a close. A merge counts once its commit is on GIT_BRANCH; what it
brought in is the merged diff. Every step resumes the merge node (graph.nodes.merge) through
the runner, which serialises it with everything else the thread does.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime
from typing import Any

import structlog

from graph.delivery.forge import Forge, PullRequest
from graph.delivery.webhooks import PullRequestEvent
from graph.git.gitops import GitStore, StoreError
from graph.state import BRANCH_PREFIX, DeliveryMode, MergeEvent
from receiver.delivery.opener import WAITING, PullRequestOpener
from receiver.incidents.model import Incident
from receiver.incidents.registry import IncidentRegistry
from receiver.threads.runner import WorkflowRunner

log = structlog.get_logger("alertgraph.delivery")
Sleep = Callable[[float], Awaitable[None]]


class DeliveryWatcher:
    """Follows changes on their own branch until merged or closed (one PR per incident)."""

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
        self.mode, self.poll_interval, self._sleep = mode, poll_interval, sleep
        self._tasks: set[asyncio.Task[None]] = set()
        self._stopping = False  # after `stop`, nothing new starts
        self.opener = (
            None
            if forge is None
            else PullRequestOpener(
                runner,
                registry,
                forge,
                poll_interval=poll_interval,
                incident_url=incident_url,
                now=now,
                spawn=self._spawn,
                sleep=sleep,
            )
        )

    # --- reacting ---------------------------------------------------------------------------

    def changed(self, incident: Incident) -> None:
        """Runner listener: a change just pushed on its branch gets its pull request; one
        that ended frees its values file for the next incident waiting on it."""
        if self.opener is None or self._stopping:
            return
        if incident.status not in WAITING:
            for freed in self.opener.release(incident):
                self.changed(freed)
        elif self.opener.wants(incident):
            self.opener.busy.add(incident.id)
            self._spawn(self.opener.opened(incident), f"open-pr-{incident.id}")

    async def on_event(self, event: PullRequestEvent) -> None:
        """A forge webhook about an `alertgraph/<id>` branch: the pull request is read back
        and followed in the background (the forge is answered at once)."""
        incident = self._incident_of(event.head)
        if incident is None or self.forge is None:
            log.info("forge event for no waiting incident", head=event.head, state=event.state)
            return
        self._spawn(self._recheck(incident, event.number), f"forge-event-{incident.id}")

    async def run(self) -> None:
        """Check once at start-up, then every FORGE_POLL_INTERVAL until cancelled."""
        await self._sleep(0)
        await self.poll()
        while self.poll_interval > 0:
            await self._sleep(self.poll_interval)
            await self.poll()

    async def poll(self) -> None:
        """Check every incident waiting on its branch once (branch mode: one fetch for all)."""
        waiting = [i for i in self.registry.newest_first() if i.status in WAITING]
        if waiting and self.opener is None:
            try:
                await asyncio.to_thread(self.store.fetch)
            except StoreError as error:
                log.warning("branch not fetched; checked next time", reason=str(error))
                return
        for incident in waiting:
            try:
                await self._check(incident)
            except Exception:  # one broken incident must not stop the others' checks
                log.exception("delivery check failed", incident_id=incident.id)

    async def stop(self) -> None:
        """Cancel what is in flight (a restart picks the incidents up from their state)."""
        self._stopping = True
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    # --- steps ------------------------------------------------------------------------------

    async def _check(self, incident: Incident) -> None:
        delivery = incident.live.delivery or {}
        pull = delivery.get("pull_request")
        if self.opener is None:
            await self._landed_in_git(incident, delivery)
        elif not pull:
            if incident.id not in self.opener.busy:
                found = await self.opener.open(incident)
                if found is not None:
                    await self._follow(incident, found)
        else:
            await self._recheck(incident, int(pull["number"]))

    async def _landed_in_git(self, incident: Incident, delivery: dict[str, Any]) -> None:
        """Branch mode: the change is on GIT_BRANCH (merged), or its branch is gone (closed);
        GIT_BRANCH was fetched by the poll."""
        landed = await self._landing(incident)
        if landed is not None:
            await self._merged(incident, landed, "")
        elif await asyncio.to_thread(self.store.branch_gone, delivery["branch"]):
            await self._closed(incident, "someone (the branch was deleted)")

    async def _recheck(self, incident: Incident, number: int) -> None:
        """Read pull request `number` back and follow it if it is this incident's."""
        assert self.forge is not None
        delivery = incident.live.delivery or {}
        pull = await self.forge.pull_request(number)
        known = (delivery.get("pull_request") or {}).get("number")
        ours = pull.head == delivery.get("branch") and pull.base == delivery.get("base")
        if not ours or (known is not None and int(known) != pull.number):
            log.warning(
                "pull request ignored: not this incident's change against its branch",
                incident_id=incident.id,
                number=pull.number,
                base=pull.base,
            )
            return
        await self._follow(incident, pull)

    async def _follow(self, incident: Incident, pull: PullRequest) -> None:
        if pull.state == "merged" and pull.merge_sha:
            await self._merged(incident, pull.merge_sha, pull.actor or "")
        elif pull.state == "merged":  # a forge that names no merge commit (a fast-forward)
            await asyncio.to_thread(self.store.fetch)
            found = await self._landing(incident)
            if found is not None:
                await self._merged(incident, found, pull.actor or "")
        elif pull.state == "closed":
            await self._closed(incident, pull.actor or "")

    async def _merged(self, incident: Incident, sha: str, by: str) -> None:
        """Resume the merge node once `sha` is on GIT_BRANCH, with the values diff it
        brought in; else leave it for the next check."""
        path = await self._values_path(incident)
        try:
            # Fetches too: the record's outcome commit and later proposals build on the
            # merged branch.
            await asyncio.to_thread(self.store.sync)
            if not await asyncio.to_thread(self.store.on_branch, sha):
                log.info("merge not on the branch yet", incident_id=incident.id, sha=sha)
                return
            diff = (
                await asyncio.to_thread(
                    self.store.merged_change, incident.id, incident.first_seen, sha, path
                )
                if path
                else ""
            )
        except StoreError as error:
            log.warning("merged change not read yet", incident_id=incident.id, reason=str(error))
            return  # the next poll (or webhook) tries again
        log.info("change merged", incident_id=incident.id, sha=sha, by=by)
        merged: MergeEvent = {"event": "merged", "sha": sha, "by": by or "git", "diff": diff}
        await self.runner.resume_wait(incident, "merge", merged)

    async def _closed(self, incident: Incident, by: str) -> None:
        log.info("closed without merging", incident_id=incident.id, by=by)
        closed: MergeEvent = {"event": "closed", "by": by or "someone"}
        await self.runner.resume_wait(incident, "merge", closed)

    async def _landing(self, incident: Incident) -> str | None:
        """The commit of GIT_BRANCH (as last fetched) that carries the incident's change."""
        head = (incident.live.delivery or {})["head_sha"]
        path = await self._values_path(incident)
        return await asyncio.to_thread(
            self.store.landed, incident.id, incident.first_seen, head, path
        )

    async def _values_path(self, incident: Incident) -> str:
        values = await self.runner.waiting_state(incident, "merge")
        return str(((values or {}).get("proposal") or {}).get("values_path") or "")

    @staticmethod
    async def _logged(work: Coroutine[Any, Any, None], name: str) -> None:
        """`work`, its failure logged once (a forge or git error: the next check retries)."""
        try:
            await work
        except Exception:
            log.exception("delivery step failed", step=name)

    def _incident_of(self, head: str) -> Incident | None:
        if not head.startswith(BRANCH_PREFIX):
            return None
        incident = self.registry.get(head.removeprefix(BRANCH_PREFIX))
        return incident if incident is not None and incident.status in WAITING else None

    def _spawn(self, work: Coroutine[Any, Any, None], name: str) -> None:
        task = asyncio.create_task(self._logged(work, name), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
