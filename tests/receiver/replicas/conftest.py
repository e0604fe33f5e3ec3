"""A fresh PostgreSQL database (tests/pg.py) with the service's schema migrated."""

from __future__ import annotations

import psycopg
import pytest

from receiver.pg.schema import migrate


@pytest.fixture
async def schema_url(pg_url: str) -> str:
    """`pg_url` with every migration applied (the replicas' tables included)."""
    async with await psycopg.AsyncConnection.connect(pg_url, autocommit=True) as connection:
        await migrate(connection)
    return pg_url
