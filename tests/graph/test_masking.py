"""Secret masking: what an on-call engineer sees in Slack, git and logs instead of credentials."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.masking import MASK, is_masked_clean, mask_secrets, mask_value
from graph.masking_rules import apply_rules
from tests.conftest import FIXTURES
from tests.secret_shapes import GHP, JWT, PEM_BODY, SECRETS

REAL_FIXTURES = FIXTURES  # ../shared/fixtures/real beside the checkout


@pytest.mark.parametrize(("text", "secret", "context"), SECRETS)
def test_secret_is_masked_and_context_survives(text: str, secret: str, context: str) -> None:
    masked = mask_secrets(text)
    assert secret not in masked
    assert context in masked
    assert MASK in masked
    assert not is_masked_clean(text)


def test_examples_of_what_is_kept() -> None:
    assert mask_secrets("postgres://app:pa55@db:5432/x") == "postgres://app:****@db:5432/x"
    assert mask_secrets("Authorization: Bearer 4f8a1c9e7b2d4a6f") == "Authorization: Bearer ****"
    assert mask_secrets("Cookie: a=1; b=2") == "Cookie: a=****; b=****"
    assert mask_secrets(f"token={GHP}") == "token=****"  # the key rule hides it all
    assert mask_secrets(GHP) == "ghp_****"
    assert mask_secrets(JWT) == MASK
    pem = f"-----BEGIN EC PRIVATE KEY-----\n{PEM_BODY}-----END EC PRIVATE KEY-----"
    assert mask_secrets(pem) == "-----BEGIN EC PRIVATE KEY-----****-----END EC PRIVATE KEY-----"


CHAIN_KEY = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY13"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"secret: aws_secret_access_key = {CHAIN_KEY}", "secret: aws_secret_access_key = ****"),
        ("password: token=t0k3n-abc", "password: token=****"),
        ("secret = api_key: k3yvalue9 region=eu", "secret = api_key: **** region=eu"),
        ("token: password: 'hunter2 x' ok", "token: password: '****' ok"),
        ("auth: client_secret => s3cr3t", "auth: client_secret => ****"),
        ("password: user = bob", "password: ****"),
        ('password: user = "bob 2" next', "password: **** next"),
        ("password: token = ${X}", "password: token = ${X}"),
    ],
)
def test_a_chain_of_keys_masks_the_last_value(text: str, masked: str) -> None:
    assert mask_secrets(text) == masked
    assert mask_secrets(masked) == masked


def test_a_cookie_header_leaves_a_following_secret_key_to_the_key_rule() -> None:
    one_line = "Cookie: session=abc password = 'hunter2 SuperSecret05'"
    assert mask_secrets(one_line) == "Cookie: session=**** password = '****'"
    two_lines = "Cookie: session=abc\npassword = 'hunter2 SuperSecret05'"
    assert mask_secrets(two_lines) == "Cookie: session=****\npassword = '****'"
    assert mask_secrets("Cookie: a=1; token=abc") == "Cookie: a=****; token=****"


@pytest.mark.parametrize(("text", "secret", "context"), SECRETS)
def test_masked_text_folded_onto_one_line_stays_as_it_is(
    text: str, secret: str, context: str
) -> None:
    """Commit message bodies fold free text onto one line after masking it; git masks the
    message again, which must change nothing, so git shows what the API shows."""
    folded = " ".join(mask_secrets(text).split())
    assert mask_secrets(folded) == folded


PEM_TRAILERS = "Incident-Id: incident-20261124033900-7f3a\nCategory: oom\n"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (
            f"-----BEGIN PRIVATE KEY-----\n{PEM_BODY}\n{PEM_TRAILERS}",
            f"-----BEGIN PRIVATE KEY-----****-----END PRIVATE KEY-----\n\n{PEM_TRAILERS}",
        ),
        (
            f"-----BEGIN PRIVATE KEY-----\n{PEM_BODY}{PEM_TRAILERS}",
            f"-----BEGIN PRIVATE KEY-----****-----END PRIVATE KEY-----\n{PEM_TRAILERS}",
        ),
        (
            "Reason: -----BEGIN PRIVATE KEY----- MIIEvQIBADAN b3JnYW5p\n\nIncident-Id: x",
            "Reason: -----BEGIN PRIVATE KEY-----****-----END PRIVATE KEY-----\n\nIncident-Id: x",
        ),
        (
            "-----BEGIN EC PRIVATE KEY-----\r\nMIIEvQ\r\nSee examples/x.\r\n",
            "-----BEGIN EC PRIVATE KEY-----****-----END EC PRIVATE KEY-----\r\nSee examples/x.\r\n",
        ),
        (
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
            "DEK-Info: AES-128-CBC,3F17F5316E2BAC89\n\nMIIEpAIB\nabcd==\nnext: line",
            "-----BEGIN RSA PRIVATE KEY-----****-----END RSA PRIVATE KEY-----\nnext: line",
        ),
        (
            f"-----BEGIN PRIVATE KEY-----\n{PEM_BODY}-----END PRIVATE KEY-----\n{PEM_TRAILERS}",
            f"-----BEGIN PRIVATE KEY-----****-----END PRIVATE KEY-----\n{PEM_TRAILERS}",
        ),
        (
            "approved by -----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN\nBKcwggSjAgEAAoIBAQC7 at 03:39",
            "approved by -----BEGIN PRIVATE KEY-----****-----END PRIVATE KEY----- 03:39",
        ),
    ],
    ids=[
        "blank-line-then-trailers",
        "trailers-next",
        "folded",
        "crlf",
        "encrypted",
        "ended",
        "in-a-sentence",
    ],
)
def test_a_private_key_block_ends_where_the_key_ends(text: str, masked: str) -> None:
    assert mask_secrets(text) == masked
    assert mask_secrets(masked) == masked


@settings(max_examples=300, deadline=None)
@given(
    st.text("0123456789abcdef", min_size=7, max_size=64),
    st.from_regex(r"incident-\d{14}-[0-9a-f]{4,8}", fullmatch=True),
)
def test_ids_and_shas_are_never_masked(sha: str, incident_id: str) -> None:
    """The API masks every string of its answers: ids, shas and fingerprints must survive."""
    for text in (sha, incident_id, f"{incident_id} {sha}", f"commit_sha={sha}"):
        assert mask_secrets(text) == text


ORDINARY = [
    "OOMKilled: container grafana exceeded its 512Mi memory limit",
    "Pod monitoring/grafana-7d9f-x2k4p restarted 5 times in the last 10 minutes",
    "commit 3f9c2a1b7d4e5f60718293a4b5c6d7e8f9012345 pushed to main",
    "incident-20261124033900-7f3a opened for fingerprint 5d884d380482ca41",
    "request 123e4567-e89b-12d3-a456-426614174000 failed with 503",
    "diff_sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "image: grafana/grafana:11.3.1@sha256:" + "0123456789abcdef" * 4,
    "resources: {limits: {memory: 512Mi, cpu: 500m}, requests: {memory: 256Mi}}",
    "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUY2VydA==\n-----END CERTIFICATE-----",
    'MountVolume.SetUp failed: secret "grafana-admin" not found',
    "existingSecret: grafana-admin-credentials",
    "secretName: grafana-tls",
    "auth: true",
    'password: ""',
    "password: ${DB_PASSWORD}",
    "Bearer token expired, refreshing",
    "basic authentication failed for user bob",
    "max_tokens=4096 token_count=12 tokens: 7",
    "http://127.0.0.1:55527/graph?g0.expr=up%3D%3D0&g0.tab=1",
    "git@github.com:org/gitops.git ssh://git@github.com/org/gitops.git",
    "Back-off restarting failed container api in pod payments/checkout-api-5c8d9b7f6-q2w3e",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert mask_secrets(text) == text
    assert is_masked_clean(text)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in (*_strings(key), *_strings(item))]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


REAL_FILES = sorted(REAL_FIXTURES.glob("**/*.json"))


def test_real_alert_payloads_are_unchanged() -> None:
    assert REAL_FILES, f"captured fixtures missing in {REAL_FIXTURES}: check out shared/ beside"
    for path in REAL_FILES:
        payload = json.loads(path.read_text())
        assert mask_value(payload) == payload, path.name
        for text in _strings(payload):
            assert mask_secrets(text) == text, (path.name, text)
        assert is_masked_clean(path.read_text()), path.name


def test_mask_value_masks_alert_labels_and_annotations() -> None:
    alert = {
        "labels": {"alertname": "KubePodOOMKilled", "pod": "grafana-7d9f-x2k4p", "token": "t0k"},
        "annotations": {
            "description": "DSN postgres://app:pa55@db:5432/x refused connections",
            "runbook_url": "https://runbooks.example.org/KubePodOOMKilled",
        },
        "headers": [("Authorization", "Bearer abc"), {"X-API-Key": ["k1", "k2"]}],
        "env": {"DB_PASSWORD": 42, "apiKey": None, "client_secret": "", "secretName": "tls"},
        "replicas": 3,
    }
    assert mask_value(alert) == {
        "labels": {"alertname": "KubePodOOMKilled", "pod": "grafana-7d9f-x2k4p", "token": MASK},
        "annotations": {
            "description": "DSN postgres://app:****@db:5432/x refused connections",
            "runbook_url": "https://runbooks.example.org/KubePodOOMKilled",
        },
        "headers": [("Authorization", "Bearer abc"), {"X-API-Key": MASK}],
        "env": {"DB_PASSWORD": MASK, "apiKey": None, "client_secret": "", "secretName": "tls"},
        "replicas": 3,
    }
    assert mask_value(mask_value(alert)) == mask_value(alert)


def test_mask_value_does_not_touch_its_argument() -> None:
    original = {"password": "hunter2", "nested": ["token=abc123"]}
    mask_value(original)
    assert original == {"password": "hunter2", "nested": ["token=abc123"]}


@pytest.mark.parametrize(("text", "secret", "context"), SECRETS)
def test_masking_is_idempotent_on_every_shape(text: str, secret: str, context: str) -> None:
    once = mask_secrets(text)
    assert mask_secrets(once) == once
    assert is_masked_clean(once)


FRAGMENTS = [
    "password",
    "token",
    "apiKey",
    "Authorization",
    "Cookie",
    "Set-Cookie",
    "secret",
    "auth",
    "=",
    ": ",
    ":",
    '"',
    "'",
    '\\"',
    "&",
    ";",
    ",",
    " ",
    "\n",
    "@",
    "://",
    "https",
    "redis",
    "Bearer ",
    "Basic ",
    "dXNlcjpwYXNz",
    "abc123",
    MASK,
    "*",
    "ghp_",
    "xoxb-",
    "AKIA",
    "eyJ",
    ".",
    "-----BEGIN PRIVATE KEY-----",
    "-----END PRIVATE KEY-----",
    "${X}",
    "true",
    "user",
    GHP,
    JWT,
    "0123456789abcdef0123",
    "hooks.slack.com/services/T1/B2/",
    "sk_live_",
    "AIza",
    "aws_secret_access_key",
    " = ",
    "Incident-Id: x",
    "Proc-Type: 4,ENCRYPTED",
    "\\n",
]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises_and_is_idempotent(text: str) -> None:
    once = mask_secrets(text)
    assert mask_secrets(once) == once


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), max_size=25).map("".join))
def test_credential_like_text_is_idempotent(text: str) -> None:
    once = mask_secrets(text)
    assert mask_secrets(once) == once
    assert is_masked_clean(once)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), max_size=25).map("".join))
def test_text_returned_at_once_is_text_the_rules_would_not_change(text: str) -> None:
    """mask_secrets skips the rules for text with nothing any rule needs (ids, shas, names):
    that shortcut must never let through what the rules would mask."""
    assert mask_secrets(text) == apply_rules(text)


@pytest.mark.parametrize(("text", "secret", "context"), SECRETS)
def test_no_shape_takes_the_shortcut(text: str, secret: str, context: str) -> None:
    assert mask_secrets(text) == apply_rules(text) != text


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda children: (
            st.lists(children) | st.dictionaries(st.sampled_from(FRAGMENTS) | st.text(), children)
        ),
        max_leaves=20,
    )
)
def test_mask_value_is_idempotent(value: Any) -> None:
    once = mask_value(value)
    assert mask_value(once) == once


ADVERSARIAL = [
    "a=" * 50_000,
    "password=" * 11_000,
    "-----BEGIN PRIVATE KEY-----" * 4_000,
    "-----BEGIN PRIVATE KEY-----\n" + "QUJD" * 25_000,
    "://" * 33_000,
    "a://b:" * 17_000,
    "https://" + "a" * 100_000 + "@",
    "x" * 100_000 + "=",
    "aB" * 50_000 + ": 1",
    "Bearer " * 14_000,
    "Basic " + "A" * 100_000,
    "eyJ" + "a." * 50_000,
    '"password": "' + "\\" * 100_000,
    "Cookie: " + "a=b;" * 25_000,
    "Cookie: x " + "password: " * 10_000,
    "secret: " + "token = " * 12_000,
    "password: " + "a = " * 25_000,
    "-----BEGIN PRIVATE KEY-----" + "\n" * 100_000,
    "-----BEGIN PRIVATE KEY-----\nQUJD\n" * 3_000,
    "ghp_" * 25_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda text: repr(text[:20]))
def test_large_adversarial_input_completes(text: str) -> None:
    masked = mask_secrets(text)
    assert mask_secrets(masked) == masked
