"""Opening an incident's pull request: once, one per values file, again while the forge fails.

The change is already pushed on `alertgraph/<id>` (graph.nodes.commit). A pull request that
exists already for the branch — in any state, e.g. opened just before a restart and merged
since — is taken as it is, never opened twice. While another incident's pull request for the
same values file is open, this one waits on its branch (and says for whom). A forge that
fails is tried again after 15 s, then twice as long each time (at most FORGE_POLL_INTERVAL).
Every outcome resumes the merge node (graph.nodes.merge) through the runner.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime
from typing import Any

import structlog

from graph.delivery.forge import Forge, ForgeError, PullRequest
from graph.delivery.pr_text import pull_request_text
from graph.records.builder import incident_record
from graph.state import MergeEvent
from receiver.incidents.model import Incident, IncidentStatus
from receiver.incidents.registry import IncidentRegistry
from receiver.threads.runner import WorkflowRunner

log = structlog.get_logger("alertgraph.delivery")
FIRST_RETRY = 15.0  # seconds before a failed pull request is opened again; doubled each time
WAITING = frozenset({IncidentStatus.AWAITING_MERGE, IncidentStatus.PR_OPEN})


class PullRequestOpener:
    """Opens the pull requests of incidents whose change waits on its branch."""

    def __init__(
        self,
        runner: WorkflowRunner,
        registry: IncidentRegistry,
        forge: Forge,
        *,
        poll_interval: float,
        incident_url: Callable[[str], str],
        now: Callable[[], datetime],
        spawn: Callable[[Coroutine[Any, Any, None], str], None],
        sleep: Callable[[float], Awaitable[None]],
    ) -> None:
        """An opener on `forge`; `spawn` runs a retry in the watcher's tasks."""
        self.runner, self.registry, self.forge = runner, registry, forge
        self.poll_interval = poll_interval
        self._url, self._now, self._spawn, self._sleep = incident_url, now, spawn, sleep
        self.busy: set[str] = set()  # incidents with an attempt in flight
        self.retries: dict[str, float] = {}  # incident id → the next pause after a failure
        self._open_for: dict[str, str] = {}  # values file → the incident whose PR is open

    def wants(self, incident: Incident) -> bool:
        """True when `incident`'s change waits for its pull request to be opened now."""
        return (
            incident.status is IncidentStatus.AWAITING_MERGE
            and not (incident.live.delivery or {}).get("pull_request")
            and incident.id not in self.busy
            and incident.id not in self.retries
        )

    def release(self, incident: Incident) -> list[Incident]:
        """`incident` no longer waits: its values file is free; the incidents that waited
        for it, to try again now."""
        if incident.id not in self._open_for.values():
            return []
        self._open_for = {p: i for p, i in self._open_for.items() if i != incident.id}
        freed = [
            i
            for i in self.registry.newest_first()
            if i.status is IncidentStatus.AWAITING_MERGE and i.id != incident.id
        ]
        for waiting in freed:
            self.retries.pop(waiting.id, None)
        return freed

    async def open(self, incident: Incident) -> PullRequest | None:
        """Open (or find) the incident's pull request and resume the merge node with it;
        the pull request, or None when it could not be (said, and retried)."""
        self.busy.add(incident.id)
        try:
            values = await self.runner.waiting_state(incident, "merge")
            if values is None or values["delivery"].get("pull_request"):
                return None
            path = (values.get("proposal") or {}).get("values_path") or ""
            holder = await self._holder(path, incident)
            if holder is not None:
                why = f"waits for the open pull request of {holder} on {path}: one pull request "
                await self._failed(incident, why + "per values file")
                return None
            if path:
                self._open_for[path] = incident.id  # reserved before the first await
            pull = await self._opened(incident, values)
            if pull is None:
                self._open_for.pop(path, None)
            return pull
        finally:
            self.busy.discard(incident.id)

    async def _opened(self, incident: Incident, values: dict[str, Any]) -> PullRequest | None:
        delivery = values["delivery"]
        try:
            pull = await self.forge.find_pull_request(delivery["branch"])
            if pull is None:
                record = incident_record(values, status="pr_open", now=self._now())  # type: ignore[arg-type]
                url = self._url(incident.id)
                title, body = pull_request_text(record, url, limit=self.forge.body_limit)
                pull = await self.forge.open_pull_request(
                    delivery["branch"], delivery["base"], title, body
                )
        except ForgeError as error:
            await self._failed(incident, str(error))
            return None
        self.retries.pop(incident.id, None)
        log.info("pull request opened", incident_id=incident.id, url=pull.url)
        opened: MergeEvent = {
            "event": "opened",
            "pull_request": {"number": pull.number, "url": pull.url},
        }
        await self.runner.resume_wait(incident, "merge", opened)
        return pull

    async def _failed(self, incident: Incident, reason: str) -> None:
        pause = self.retries.get(incident.id, FIRST_RETRY)
        if self.poll_interval > 0:
            pause = min(pause, self.poll_interval)
        self.retries[incident.id] = pause * 2
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
        if incident.status in WAITING and incident.id not in self.busy:
            await self.opened(incident)

    async def opened(self, incident: Incident) -> None:
        """`open`, for a task of its own."""
        await self.open(incident)

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
