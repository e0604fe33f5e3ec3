"""Mask credentials in text before it reaches Slack, git, API responses or logs (pure).

`mask_secrets` swaps the secret part of every credential-looking span for `MASK` and keeps
the context a human needs at 3 a.m.:

- `key=value`, `key: value`, JSON, query strings: key, separator, quotes and an auth scheme
  stay (`"password": "****"`, `?token=****&page=2`, `Authorization: Bearer ****`,
  `X-API-Key: ****`); in a chain the last value goes and a secret-looking inner key stays
  (`secret: aws_secret_access_key = ****`, `password: token=****`), any other inner key goes
  with the value (`password: ****` for `password: user = bob`);
- `Cookie:` / `Set-Cookie:`: cookie names and Set-Cookie attributes stay
  (`Cookie: session=****; theme=****`); the header ends at the line's end or at a
  secret-looking key after a space (`Cookie: session=**** password = '****'`);
- URL userinfo: scheme, user and host stay (`postgres://app:****@db:5432/x`); a user that
  is really a token (20+ chars, letters and digits) goes (`https://****@github.com`);
- bare `Bearer <token with a digit>` / `Basic <base64 of user:pass>`: the scheme stays;
- vendor tokens: the public type prefix stays (`ghp_****`, `github_pat_****`, `glpat-****`,
  `xoxb-****`, `xapp-****`, `AKIA****`, `AIza****`, `sk_live_****`);
- Slack webhook URLs: host, team and channel ids stay (`hooks.slack.com/services/T1/B2/****`);
- JWTs (`eyJ….….…`): nothing stays (`****`);
- PEM private keys: the labels stay
  (`-----BEGIN RSA PRIVATE KEY-----****-----END RSA PRIVATE KEY-----`); a terminated block
  goes up to its END line, a truncated one up to its last base64 line (a blank line, prose or
  `Incident-Id: …` after it survive, line break included).

A key is secret-looking when its last word (split on `_ . -` and camelCase) is one of
password, passwd, pwd, passphrase, secret, token, auth, authorization, credential(s), or
`api|access|private|secret` + `key` (`DB_PASSWORD`, `clientSecret`, `X-API-Key`,
`aws_secret_access_key`); `existingSecret`-style keys name a Secret and are not masked, nor
are values with nothing to hide (`true`, `null`, `""`, `${VAR}`, `{{ … }}`, `<placeholder>`).
Not masked on purpose: certificates, sha256 digests, git shas, UUIDs, fingerprints, pod names.
Known over-masking: a PromQL label `secret="name"` hides the Secret's name.

Every repetition is possessive or bounded, and a value is read only after a secret-looking
key, so masking is linear in the input (100 KB adversarial text takes well under a second).
`mask_secrets` is idempotent: a mask is never read as a secret, and values are masked whole
(no length cut-off that a second pass could extend). Masked text folded onto one line (commit
message bodies) masks to itself for the shapes tested, so git shows what the API shows; rules
do not reach across line breaks, except private key blocks. The rules themselves are in
graph.masking_rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graph.masking_rules import MAPPING_ONLY_WORDS, MASK, MAYBE_SECRET, apply_rules, key_is_secret

__all__ = ["MASK", "is_masked_clean", "mask_secrets", "mask_value"]


def mask_secrets(text: str) -> str:
    """Return `text` with the secret part of every credential-looking span replaced by MASK.

    Keeps key names, URL schemes, users and hosts, header names, auth schemes and vendor
    token prefixes (see the module docstring). Idempotent, linear-time, never raises;
    ordinary alert and log text comes back unchanged.
    """
    return apply_rules(text) if MAYBE_SECRET.search(text) else text


def is_masked_clean(text: str) -> bool:
    """True when `text` holds nothing secret-looking, i.e. `mask_secrets` would not change it."""
    return mask_secrets(text) == text


def _worth_masking(value: Any) -> bool:
    """False for values that hide nothing: None, booleans and empty strings or containers."""
    if value is None or isinstance(value, bool):
        return False
    return not (isinstance(value, str | dict | list | tuple) and len(value) == 0)


def mask_value(value: Any, mask_text: Callable[[str], str] = mask_secrets) -> Any:
    """Return a copy of `value` with every string inside dicts, lists and tuples masked.

    Dict keys are kept as they are; a value under a secret-looking key (`password`,
    `token`, `Authorization`, `X-API-Key`, `Cookie`, `client_secret`, …) becomes MASK
    whole, whatever its type, unless it is None, a boolean or empty. Other values (numbers,
    bytes, objects) are returned unchanged. `mask_text` masks each string (a caching
    `mask_secrets`, say).
    """
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {
            key: MASK
            if isinstance(key, str)
            and key_is_secret(key, MAPPING_ONLY_WORDS)
            and _worth_masking(item)
            else mask_value(item, mask_text)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [mask_value(item, mask_text) for item in value]
    if isinstance(value, tuple):
        return tuple(mask_value(item, mask_text) for item in value)
    return value
