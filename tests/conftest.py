"""Shared test helpers: the real captured payloads and a fixed clock."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

# A real PostgreSQL for the tests of PostgreSQL mode (fixtures `pg_server`, `pg_url`).
pytest_plugins = ("tests.pg",)

# The repository is checked out with shared/ beside it (../shared/fixtures/real).
FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "real"
# The captures were made at 03:34-03:42 UTC on this day; a clock a minute after the last
# capture makes the firing ruler alerts (endsAt ≈ 03:41:56) still firing.
CAPTURE_NOW = datetime(2026, 11, 24, 3, 39, 0, tzinfo=UTC)


def fixture_bytes(name: str) -> bytes:
    """The raw body of a captured request, byte for byte."""
    path = FIXTURES / name
    if not path.exists():
        pytest.fail(f"captured fixture {path} is missing: check out shared/ beside the repo")
    return path.read_bytes()


def fixture_json(name: str) -> Any:
    """A captured request body, parsed."""
    return json.loads(fixture_bytes(name))


def all_fixture_names() -> list[str]:
    """Every captured body (top level and large/), not the request log."""
    return sorted(
        str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*.json") if p.name != "requests.json"
    )
