"""Log lines: one JSON object each, incident lines carry incident_id, bodies never logged."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog
from litestar.testing import AsyncTestClient

from receiver.logs import configure_logging
from tests.receiver.conftest import incidents_when, make_app

MARKER = "body-only-marker-7c1e"


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    configure_logging("json", "info", stream=stream)
    yield stream
    root.handlers[:], level = saved
    root.setLevel(level)
    structlog.reset_defaults()


async def test_json_lines_with_incident_id_and_no_request_bodies(
    log_stream: io.StringIO, tmp_path: Path
) -> None:
    async with AsyncTestClient(app=make_app(tmp_path)) as client:
        r = await client.post(
            "/api/incidents/trigger",
            json={"log_text": f"OOMKilled {MARKER}", "labels": {"app": "grafana"}},
        )
        incident_id = r.json()["incident_id"]
        await client.post(
            "/webhooks/alertmanager",
            content=f'{{"x":"{MARKER}"'.encode(),
            headers={"content-type": "application/json"},
        )
        await incidents_when(client, lambda items: len(items) == 1)
    lines = [json.loads(line) for line in log_stream.getvalue().splitlines()]
    assert MARKER not in log_stream.getvalue()
    opened = [x for x in lines if x["event"] == "incident opened"]
    assert opened and opened[0]["incident_id"] == incident_id
    assert opened[0]["level"] == "info" and opened[0]["timestamp"].endswith("Z")
    refused = [x for x in lines if x["event"] == "request refused"]
    assert len(refused) == 1  # logged once
    assert refused[0]["status"] == 400 and refused[0]["path"] == "/webhooks/alertmanager"


def test_console_format_is_not_json(log_stream: io.StringIO) -> None:
    configure_logging("console", "info", stream=log_stream)
    structlog.get_logger("t").info("hello", incident_id="incident-20261124153012-7f3a")
    line = log_stream.getvalue().strip().splitlines()[-1]
    assert "hello" in line and "incident_id=incident-20261124153012-7f3a" in line
    with pytest.raises(json.JSONDecodeError):
        json.loads(line)
