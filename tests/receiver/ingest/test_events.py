"""The alert event every source is normalised into: the text the analyzer reads."""

from __future__ import annotations

import msgspec

from receiver.ingest.events import build_log_text
from receiver.ingest.normalize import from_webhook
from receiver.ingest.wire import WebhookMessage
from tests.conftest import CAPTURE_NOW, fixture_bytes


def test_log_text_carries_the_words_the_analyzer_needs() -> None:
    message = msgspec.json.decode(
        fixture_bytes("am-webhook-firing-2-alerts.json"), type=WebhookMessage
    )
    text = from_webhook(message, "default", CAPTURE_NOW)[0][0].log_text
    assert text.splitlines()[0] == "KubePodOOMKilled"
    assert "OOMKilled" in text and "exit code 137" in text and "512Mi" in text


def test_log_text_keeps_a_repeated_sentence_once() -> None:
    text = build_log_text(
        {"alertname": "X"},
        {"summary": "disk full", "description": "disk full", "message": "no space left on device"},
    )
    assert text == "X\ndisk full\nno space left on device"
