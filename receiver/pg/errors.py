"""How the database's failures are told: one masked line each."""

from __future__ import annotations

import re

from graph.masking import mask_secrets


class DatabaseUnavailable(Exception):
    """The database cannot be used: the one-line reason (masked) names it and what failed."""


def reason(error: BaseException) -> str:
    """A psycopg error (or a timeout) as one masked line."""
    if isinstance(error, TimeoutError):
        return "no answer in time"
    text = re.sub(r"\s+", " ", str(error)).strip() or type(error).__name__
    return mask_secrets(text)
