"""The forge client and the delivery watcher, from the settings (GIT_DELIVERY, FORGE_*)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import httpx

from graph.delivery.forge import Forge
from graph.delivery.github import GitHubForge
from graph.delivery.gitlab import GitLabForge
from graph.git.gitops import GitStore
from receiver.backends import Backends
from receiver.config import Settings
from receiver.delivery.watcher import DeliveryWatcher, Sleep
from receiver.incidents.registry import IncidentRegistry
from receiver.threads.runner import WorkflowRunner

API_URLS = {"github": "https://api.github.com", "gitlab": "https://gitlab.com/api/v4"}
FORGE_TIMEOUT = 30.0  # seconds for one forge API call


def forge_from(settings: Settings, backends: Backends) -> Forge | None:
    """The forge pull requests are opened on (GIT_DELIVERY=pull_request), its HTTP client
    closed with the backends'; None otherwise."""
    if settings.git_delivery != "pull_request" or settings.forge is None:
        return None
    assert settings.forge_token is not None and settings.forge_repository is not None
    http = httpx.AsyncClient(timeout=FORGE_TIMEOUT, trust_env=False)
    backends.http.append(http)
    kind = GitHubForge if settings.forge == "github" else GitLabForge
    return kind(
        http,
        settings.forge_url or API_URLS[settings.forge],
        settings.forge_token,
        settings.forge_repository,
        labels=settings.forge_labels,
        reviewers=settings.forge_reviewers,
    )


def delivery_watcher(
    settings: Settings,
    runner: WorkflowRunner,
    registry: IncidentRegistry,
    store: GitStore,
    backends: Backends,
    now: Callable[[], datetime],
    sleep: Sleep,
) -> DeliveryWatcher | None:
    """The watcher of changes travelling on their own branch, subscribed to `runner`; None
    when changes are committed straight onto the branch or nothing is written (DRY_RUN)."""
    if settings.git_delivery == "commit" or settings.dry_run:
        return None
    watcher = DeliveryWatcher(
        runner,
        registry,
        store,
        forge_from(settings, backends),
        mode=settings.git_delivery,
        poll_interval=settings.forge_poll_interval,
        incident_url=lambda incident_id: f"{settings.base_url}/api/incidents/{incident_id}",
        now=now,
        sleep=sleep,
    )
    runner.subscribe(watcher.changed)
    return watcher
