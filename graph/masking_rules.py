"""The masking rules (mostly data).

Which keys are secret-looking, which values hide nothing, and the patterns and replacements
`graph.masking.mask_secrets` applies, in order.

graph/masking.py's module docstring says what each rule keeps and what it masks; the rules
are here so that the table can grow without the masking functions growing with it. Every
repetition is possessive or bounded and a value is read only after a secret-looking key, so
the rules are linear in the input.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
from collections.abc import Callable

MASK = "****"

# -- secret-looking key names -------------------------------------------------------------

_KEY_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_SECRET_WORDS = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "passphrase",
        "secret",
        "token",
        "auth",
        "authorization",
        "credential",
        "credentials",
        "apikey",
        "accesskey",
        "privatekey",
        "secretkey",
    }
)
_KEY_QUALIFIERS = frozenset({"api", "access", "private", "secret"})  # `<qualifier>_key`
MAPPING_ONLY_WORDS = frozenset({"cookie"})  # in text, the Cookie rule keeps cookie names


@functools.lru_cache(maxsize=4096)  # keys are few and asked about again and again
def key_is_secret(key: str, extra: frozenset[str] = frozenset()) -> bool:
    """True when the last word of `key` names a credential (`DB_PASSWORD`, `apiKey`)."""
    words = [word.lower() for word in _KEY_WORD.findall(key)]
    while words and words[-1].isdigit():
        words.pop()
    if not words or "existing" in words:  # `existingSecret: grafana-admin` names a Secret
        return False
    last = words[-1]
    if last in _SECRET_WORDS or last in extra:
        return True
    return last == "key" and len(words) > 1 and words[-2] in _KEY_QUALIFIERS


# -- values that hide nothing ---------------------------------------------------------------

_NOTHING_TO_HIDE = frozenset(
    {"true", "false", "null", "none", "nil", "~", "yes", "no", "|", "|-", "|+", ">", ">-"}
    | {">+", "-", "{", "[", "{}", "[]"}
)
_SCHEME_PREFIX = re.compile(r"(?i:bearer|basic|token|bot|apikey)[ \t]{1,4}+")


def _hides_nothing(value: str) -> bool:
    """True for values worth keeping: booleans, masks, placeholders, PEM (masked by its rule)."""
    return (
        value.lower() in _NOTHING_TO_HIDE
        or not value.strip("*")
        or value.startswith(("${", "$(", "{{", "-----BEGIN "))
        or (value.startswith("<") and value.endswith(">"))
    )


# -- rules, applied in order ----------------------------------------------------------------

_PEM_LABEL = r"(?:[A-Z0-9]{1,12} ){0,3}PRIVATE KEY(?: BLOCK)?"
# A base64 word: one followed by `-`, `:`, `.`, `_` is a word of text (`Incident-Id:`).
_B64_WORD = r"[A-Za-z0-9+/=]++(?![A-Za-z0-9+/=:._-])"
_B64_WORDS = rf"(?:{_B64_WORD}|[ \t]++(?={_B64_WORD}))*+"
# A terminated block is masked up to its END line, whatever it holds (base64, RFC 1421 headers,
# line breaks folded to spaces or escaped as `\n`). A truncated one (no END) only as far as it
# is a key: the base64 words on the BEGIN line, the `Proc-Type:`/`DEK-Info:` headers and the
# blank line after them, lines made only of base64 words, and then the base64 words that
# start a line with a key-long (16+) first word (`…AQC7 at 03:39` in a sentence). Anything
# else — a blank line, `Incident-Id: …`, prose — ends it and keeps its line break.
_PRIVATE_KEY = re.compile(
    rf"-----BEGIN (?P<label>{_PEM_LABEL})-----"
    rf"(?:(?:[A-Za-z0-9+/=:,*\\\s]|-(?!----))*+-----END {_PEM_LABEL}-----"
    rf"|(?:\\[nr]|[ \t]*+{_B64_WORD})*+"
    rf"(?:(?:\r?\n[ \t]*+(?:Proc-Type|DEK-Info):[ \t]*+[A-Za-z0-9,-]++)++(?:\r?\n(?=\r?\n))?)?+"
    rf"(?:\r?\n[ \t]*+{_B64_WORD}{_B64_WORDS}[ \t]*+(?=\r?\n|\Z))*+"
    rf"(?:\r?\n[ \t]*+(?=[A-Za-z0-9+/=]{{16}}){_B64_WORD}{_B64_WORDS})?+)"
)
_JWT = re.compile(r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}+\.[A-Za-z0-9_-]{4,}+\.[A-Za-z0-9_-]*+")
# Vendor tokens: the public prefix (group `keep`) stays, the random part goes.
_VENDOR_TOKENS = re.compile(
    r"(?<![A-Za-z0-9_])(?P<keep>gh[pousr]_)[A-Za-z0-9]{20,}+"
    r"|(?<![A-Za-z0-9_])(?P<keep2>github_pat_)[A-Za-z0-9_]{20,}+"
    r"|(?<![A-Za-z0-9])(?P<keep3>glpat-)[A-Za-z0-9_-]{20,}+"
    r"|(?<![A-Za-z0-9])(?P<keep4>xox[abprse]-|xapp-)[A-Za-z0-9-]{8,}+"
    r"|(?<![A-Za-z0-9])(?P<keep5>AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])"
    r"|(?<![A-Za-z0-9_-])(?P<keep6>AIza)[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])"
    r"|(?<![A-Za-z0-9])(?P<keep7>[sr]k_(?:live|test)_)[A-Za-z0-9]{8,}+"
    r"|(?P<keep8>hooks\.slack\.com/services/[A-Za-z0-9]{1,32}+/[A-Za-z0-9]{1,32}+/)"
    r"[A-Za-z0-9]{8,}+"
)
_URL_USERINFO = re.compile(
    r"(?<![A-Za-z0-9+.-])(?P<scheme>[A-Za-z][A-Za-z0-9+.-]{0,31}+://)"
    r"(?P<user>[^\s:/?#@\"'<>`]{0,256}+)(?::(?P<password>[^\s/?#\"'<>`]*))?@"
)
_COOKIE = re.compile(
    r"(?<![A-Za-z0-9_-])(?P<name>(?i:set-cookie|cookie))"
    r"(?:\\?[\"'])?[ \t]*+:[ \t]*+(?:\\?[\"'])?"
    r"(?P<value>[^\r\n\"'\\]++)"
)
# `key<sep>` first; only a secret-looking key has its value read, so the scan stays linear
# and a key that is not secret consumes nothing of what follows (`a=password=x`).
_KEY_SEP = re.compile(
    r"(?<![A-Za-z0-9_.-])(?P<key>-{0,2}[A-Za-z][A-Za-z0-9_.-]{0,127}+)"
    r"(?:\\?[\"'])?[ \t]*+(?:=>|[:=])[ \t]*+"
)
_VALUE = re.compile(
    r"\"(?P<dq>(?:[^\"\\\r\n]|\\.)++)"
    r"|\\\"(?P<eq>(?:[^\"\\\r\n]|\\[^\"\r\n])++)"
    r"|'(?P<sq>[^'\r\n]++)"
    r"|(?P<scheme>(?i:bearer|basic|token|bot|apikey)[ \t]++)?(?P<bare>[^\s\"'`,;&]++)"
)
_BARE_AUTH = re.compile(
    r"(?<![A-Za-z0-9_-])(?P<scheme>(?i:bearer|basic))[ \t]{1,4}+"
    r"(?P<credential>[A-Za-z0-9._~+/-]{8,}+=*+)"
)


def _mask_private_key(match: re.Match[str]) -> str:
    label = match["label"]
    return f"-----BEGIN {label}-----{MASK}-----END {label}-----"


def _mask_vendor_token(match: re.Match[str]) -> str:
    keep = next(group for group in match.groups() if group is not None)
    return keep + MASK


def _looks_like_token(user: str) -> bool:
    """A URL user that is really a token: long, with both letters and digits."""
    return len(user) >= 20 and any(c.isdigit() for c in user) and any(c.isalpha() for c in user)


def _mask_userinfo(match: re.Match[str]) -> str:
    user, password = match["user"], match["password"]
    if password is not None:
        hidden = password if _hides_nothing(password) else MASK
        return f"{match['scheme']}{user}:{hidden}@"
    return f"{match['scheme']}{MASK if _looks_like_token(user) else user}@"


def _mask_keeping_space(value: str) -> str:
    if not value.strip().strip("*"):
        return value
    return value[: len(value) - len(value.lstrip())] + MASK + value[len(value.rstrip()) :]


def _mask_cookie(match: re.Match[str]) -> str:
    """Mask cookie values, keep names; Set-Cookie attributes (`Path=/`) are not secret.

    The header runs to the end of the line, except that a secret-looking `key<sep>` after a
    space (`Cookie: session=abc password = '…'`, what a folded line holds) is left to the key
    rule, so the same text is masked alike on one line or on two.
    """
    value = match["value"]
    cut = _handoff(value)
    pairs = value[:cut].split(";")
    count = 1 if match["name"].lower() == "set-cookie" else len(pairs)
    for index in range(count):
        name, equals, cookie = pairs[index].partition("=")
        masked = _mask_keeping_space(cookie if equals else name)
        pairs[index] = name + equals + masked if equals else masked
    return match.string[match.start() : match.start("value")] + ";".join(pairs) + value[cut:]


def _handoff(value: str) -> int:
    """Where a secret-looking `key<sep>` after a space starts in a cookie header's value.

    Its length when there is none; a key after `;` is a cookie name, not one of those. Each run of
    spaces is looked at once: linear.
    """
    for key in _KEY_SEP.finditer(value):
        before = key.start() - 1
        if before < 0 or value[before] not in " \t":
            continue
        while before >= 0 and value[before] in " \t":
            before -= 1
        if before >= 0 and value[before] != ";" and key_is_secret(key["key"]):
            return key.start()
    return len(value)


def _secret_span(value: re.Match[str]) -> tuple[int, int] | None:
    """Where the secret part of a `_VALUE` match starts and ends; None if it hides nothing."""
    group = next(name for name in ("dq", "eq", "sq", "bare") if value[name] is not None)
    start, end = value.span(group)
    secret = value[group]
    scheme = _SCHEME_PREFIX.match(secret) if group != "bare" else None
    if scheme is not None and scheme.end() < len(secret):
        start += scheme.end()
        secret = secret[scheme.end() :]
    return None if _hides_nothing(secret) else (start, end)


def _value_span(text: str, start: int) -> tuple[int, int] | None:
    """Where the secret value that starts at `start` starts and ends; None if none to mask.

    `start` is right after a secret key's separator.

    A value that is itself `key2<sep>value2` is a chain: a secret-looking key2
    (`secret: aws_secret_access_key = …`, `password: token=…`) masks its own value when the scan
    reaches it, so key2 stays readable; any other key2 (`password: user = bob`) is taken as
    part of the value, which is masked through value2.
    """
    inner = _KEY_SEP.match(text, start)
    if inner is not None:
        if key_is_secret(inner["key"]):
            return None
        value = _VALUE.match(text, inner.end())
        if value is not None and _secret_span(value) is not None:
            closing = {"dq": '"', "sq": "'", "eq": '\\"'}
            quote = next((closing[g] for g in closing if value[g] is not None), "")
            end = value.end()
            return start, end + len(quote) if text.startswith(quote, end) else end
    value = _VALUE.match(text, start)
    return None if value is None else _secret_span(value)


def _mask_key_values(text: str) -> str:
    pieces: list[str] = []
    position = 0
    for key in _KEY_SEP.finditer(text):
        if key.start() < position or not key_is_secret(key["key"]):
            continue  # inside a value already masked, or an ordinary key
        span = _value_span(text, key.end())
        if span is not None:
            pieces += [text[position : span[0]], MASK]
            position = span[1]
    return "".join([*pieces, text[position:]])


def _mask_bare_auth(match: re.Match[str]) -> str:
    """`Bearer <token>` when the token has a digit; `Basic <b64>` when it decodes to `u:p`."""
    scheme, credential = match["scheme"], match["credential"]
    if scheme.lower() == "bearer":
        secret = len(credential) >= 16 and any(c.isdigit() for c in credential)
    else:
        try:
            decoded = base64.b64decode(credential, validate=True).decode("utf-8")
        except (binascii.Error, ValueError):
            decoded = ""
        secret = ":" in decoded
    if not secret:
        return match.group(0)
    return match.string[match.start() : match.start("credential")] + MASK


_RULES: tuple[Callable[[str], str], ...] = (
    lambda text: _PRIVATE_KEY.sub(_mask_private_key, text),
    lambda text: _JWT.sub(MASK, text),
    lambda text: _VENDOR_TOKENS.sub(_mask_vendor_token, text),
    lambda text: _URL_USERINFO.sub(_mask_userinfo, text),
    lambda text: _COOKIE.sub(_mask_cookie, text),
    _mask_key_values,
    lambda text: _BARE_AUTH.sub(_mask_bare_auth, text),
)


# What every rule needs to match at least: a separator (key rule, cookies, URLs), a PEM
# BEGIN line, a JWT, a vendor prefix or an auth scheme. Text without any of these (ids, shas,
# names, most label values) is returned at once; `apply_rules` is what it stands in for.
MAYBE_SECRET = re.compile(
    r"[:=]|-----BEGIN |eyJ|gh[pousr]_|github_pat_|glpat-|xox[abprse]-|xapp-|AKIA|ASIA|AIza"
    r"|[sr]k_(?:live|test)_|hooks\.slack\.com/|(?i:bearer|basic)"
)


def apply_rules(text: str) -> str:
    """Every rule in order, on any text.

    What `mask_secrets` does when `MAYBE_SECRET` finds a hint of a secret.
    """
    for rule in _RULES:
        text = rule(text)
    return text
