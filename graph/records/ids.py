"""The incident id: its one pattern and its one check (pure).

An incident id names a folder in the GitOps repository and a workflow thread, so only ids
that match `INCIDENT_ID_PATTERN` are ever used as one: `incident-<14 digits>-<4 to 8 hex>`,
ASCII only, nothing before or after.
"""

from __future__ import annotations

import re

INCIDENT_ID_PATTERN = r"^incident-\d{14}-[0-9a-f]{4,8}$"
# ASCII: `\d` would match any Unicode digit; use `fullmatch`: `$` also matches before "\n".
incident_id_pattern = re.compile(INCIDENT_ID_PATTERN, re.ASCII)


def is_incident_id(value: str) -> bool:
    """Whether `value` is a well-formed incident id (safe to use as a directory name)."""
    return incident_id_pattern.fullmatch(value) is not None


def check_incident_id(value: str) -> str:
    """`value` unchanged when it is a well-formed incident id; ValueError otherwise."""
    if not is_incident_id(value):
        raise ValueError(f"not an incident id: {value!r}")
    return value
