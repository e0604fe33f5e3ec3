"""A fresh PostgreSQL database (tests/pg.py) with the service's schema migrated."""

from __future__ import annotations

from collections.abc import AsyncIterator

import psycopg
import pytest

from receiver.pg.schema import migrate


@pytest.fixture
async def schema_url(pg_url: str) -> AsyncIterator[str]:
    """`pg_url` with every migration applied (the replicas' tables included)."""
    async with await psycopg.AsyncConnection.connect(pg_url, autocommit=True) as connection:
        await migrate(connection)
    yield pg_url
