"""The console's learning and health pages, on the real app and a real repository."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

from litestar.testing import AsyncTestClient

from graph.learning.patterns import patterns_path
from tests.conftest import CAPTURE_NOW
from tests.fakes.forge import running_fake_forge
from tests.graph.gitrepos import git
from tests.receiver.conftest import make_app
from tests.receiver.helpers import WEBHOOK
from tests.receiver.slack.conftest import running_fake_slack, slack_app


async def test_the_learning_page_lists_each_pattern_with_its_counts(tmp_path: Path) -> None:
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        empty = await client.get("/ui/learning?lang=ko")
        assert empty.status_code == 200 and 'id="no-patterns"' in empty.text
        assert "아직 학습한 내용이 없습니다" in empty.text
        document = {
            "error_category": "oom",
            "app_name": "grafana",
            "patterns": [
                {
                    "original_action": "raise memory ×2",
                    "kind": "raise_memory",
                    "result": "failed",
                    "success_count": 1,
                    "failure_count": 3,
                    "improved_action": "raise memory ×3",
                    "incidents": ["incident-20261124033900-00a1"],
                }
            ],
        }
        store = client.app.state.store
        store.commit_files({patterns_path("oom", "grafana"): json.dumps(document)}, "learn")
        page = await client.get("/ui/learning?lang=en")
        assert page.status_code == 200 and 'id="patterns"' in page.text
        row = page.text.split('id="patterns"', 1)[1]
        for shown in ("oom", "grafana", "raise memory ×2", "failed", "raise memory ×3"):
            assert shown in row
        assert '<td class="successes">1</td><td class="failures">3</td>' in row
        assert 'href="/ui/incidents/incident-20261124033900-00a1"' in row


async def test_the_health_page_shows_the_queue_refusals_and_each_backend(tmp_path: Path) -> None:
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        refused = await client.post(
            WEBHOOK, content=b"not json", headers={"content-type": "application/json"}
        )
        assert refused.status_code == 400
        page = await client.get("/ui/health")
        assert page.status_code == 200
        assert '<dd id="queue-depth">0</dd>' in page.text
        assert "invalid_body: 1" in page.text
        for backend in ("prometheus", "loki", "slack", "alertmanager", "forge", "database"):
            assert f'data-backend="{backend}"' in page.text
        assert page.text.count("not configured") == 6
        assert "content-security-policy" in page.headers


async def test_the_health_page_asks_slack_and_the_forge_whether_they_answer(
    tmp_path: Path,
) -> None:
    bare = tmp_path / "remote.git"
    await asyncio.to_thread(git, tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    with running_fake_slack() as slack, running_fake_forge(bare) as forge:
        env = {
            "GIT_REMOTE": str(bare),
            "GIT_DELIVERY": "pull_request",
            "FORGE": "github",
            "FORGE_URL": forge.github_url,
            "FORGE_TOKEN": forge.token,
            "FORGE_REPOSITORY": forge.repository,
        }
        app = slack_app(tmp_path, slack, lambda: CAPTURE_NOW, **env)
        async with AsyncTestClient(app=app) as client:
            page = (await client.get("/ui/health")).text
            assert row(page, "slack") == "reachable"
            assert row(page, "forge") == "reachable"
            forge.fail("502")
            page = (await client.get("/ui/health")).text
            assert row(page, "forge").startswith("unreachable: ")
            assert forge.token not in page


def row(page: str, backend: str) -> str:
    """The state shown for `backend` on the health page."""
    found = re.search(rf'data-backend="{backend}"><th scope="row">[^<]*</th><td>([^<]*)</td>', page)
    assert found, page
    return found[1]
