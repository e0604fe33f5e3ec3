"""The fake forge on loopback over a real bare repository, and the real httpx client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.fakes.forge import FakeForge
from tests.fakes.forge_git import bare_repository, new_branch

HEAD = "alertgraph/incident-20261124033900-0001"


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    """The GitOps repository the forge serves, with `main` and the incident's branch HEAD."""
    path = bare_repository(tmp_path / "gitops.git")
    new_branch(path, HEAD)
    return path


@pytest.fixture
async def forge(bare: Path) -> AsyncIterator[FakeForge]:
    async with FakeForge(bare) as fake:
        yield fake


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    # trust_env=False: a proxy from the environment must not carry loopback calls.
    async with httpx.AsyncClient(trust_env=False, timeout=5.0) as client:
        yield client
