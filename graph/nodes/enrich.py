"""enrich: more context from Loki and Prometheus — a no-op until they are configured."""

from __future__ import annotations

from typing import Any

from graph.state import IncidentState


async def enrich(state: IncidentState) -> dict[str, Any]:
    """Nothing to add without Loki or Prometheus; never fails for their absence."""
    return {}
