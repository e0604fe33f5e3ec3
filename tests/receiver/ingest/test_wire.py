"""Decoding the ingest bodies: one pass for a body within every bound, one alert at a time for
the others, and the body itself refused with the JSON path of what is wrong."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from receiver.ingest.wire import (
    BodyRefused,
    BoundedPostableAlert,
    BoundedWebhookAlert,
    decode_postable,
    decode_trigger,
    decode_webhook,
)
from tests.conftest import all_fixture_names, fixture_bytes, fixture_json


@pytest.mark.parametrize("name", [n for n in all_fixture_names() if "am-webhook" in n])
def test_every_captured_webhook_decodes_in_one_pass(name: str) -> None:
    decoded = decode_webhook(fixture_bytes(name))
    assert decoded.undecodable == []
    assert list(decoded.positions) == list(range(len(fixture_json(name)["alerts"])))
    assert all(isinstance(a, BoundedWebhookAlert) for a in decoded.value.alerts)


@pytest.mark.parametrize("name", [n for n in all_fixture_names() if "prometheus-v2" in n])
def test_every_captured_ruler_body_decodes_in_one_pass(name: str) -> None:
    decoded = decode_postable(fixture_bytes(name))
    assert decoded.undecodable == [] and len(decoded.value) == len(fixture_json(name))
    assert all(isinstance(a, BoundedPostableAlert) for a in decoded.value)


def test_an_alert_that_does_not_decode_costs_only_itself() -> None:
    body = (
        b'[{"labels":{"a":"1"}},{"labels":{"a":"2"},"startsAt":"yesterday"},{"labels":{"a":"3"}}]'
    )
    decoded = decode_postable(body)
    assert [a.labels["a"] for a in decoded.value] == ["1", "3"]
    assert list(decoded.positions) == [0, 2]
    (bad,) = decoded.undecodable
    assert (bad.index, bad.field) == (1, "startsAt")


@pytest.mark.parametrize(
    ("decode", "body", "field", "words"),
    [
        (decode_webhook, b'{"alerts": []}', "$.alerts", "length >= 1"),
        (decode_webhook, b"", "$.alerts", "the body is empty"),
        (decode_webhook, b"{not json", "$", "malformed JSON"),
        (decode_postable, b"[]", "$", "length >= 1"),
        (decode_trigger, b'{"labels": {}}', "$.log_text", "is required"),
    ],
)
def test_a_body_that_is_not_what_the_route_takes_is_refused_naming_the_field(
    decode: Callable[[bytes], object], body: bytes, field: str, words: str
) -> None:
    with pytest.raises(BodyRefused) as refused:
        decode(body)
    assert refused.value.field == field and words in refused.value.message
    assert str(refused.value) == f"{field}: {refused.value.message}"
