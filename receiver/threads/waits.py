"""The waits of a paused thread that end without a person (pure).

A paused thread is resumed at once when what it waits for already happened: the approval
with the alerts that joined the incident meanwhile (graph.nodes.approval merges them), a
verify or advise wait whose alerts all resolved (recovered; the advice closed). A manual
incident's verify that watches its signal (`"await": "signal"`) is started by `signal_check`
instead: its resume runs the whole check, so the runner runs it in a task of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langgraph.types import Command, StateSnapshot

from graph.state import AlertSnapshot
from receiver.threads.mapping import pending

# The waits that end once every alert of the incident resolved.
ENDED_BY_RESOLVE = ("verify", "advise")


def ended(node: str, outcome: str = "recovered") -> dict[str, str]:
    """The resume value that ends the wait at `node`: verify's `outcome`, or advice resolved
    (graph.state.AdviceEvent)."""
    return {"event": "resolved"} if node == "advise" else {"outcome": outcome}


def automatic_resume(
    snapshot: StateSnapshot, joined: Sequence[AlertSnapshot], all_resolved: bool
) -> Command[Any] | None:
    """What resumes the paused thread of `snapshot` without a person: the approval with the
    `joined` alerts, or a verify or advise wait when `all_resolved`; None when it waits on."""
    approval = pending(snapshot, "approval")
    if approval is not None:
        return Command(resume={approval[0]: {"alerts": list(joined)}}) if joined else None
    for node in ENDED_BY_RESOLVE:
        waiting = pending(snapshot, node)
        if waiting is not None and all_resolved:
            return Command(resume={waiting[0]: ended(node)})
    return None


def signal_check(snapshot: StateSnapshot) -> Command[Any] | None:
    """The resume that starts a manual incident's signal check (graph.nodes.verify), when the
    thread of `snapshot` waits for one; else None."""
    waiting = pending(snapshot, "verify")
    if waiting is None or waiting[1].get("await") != "signal":
        return None
    return Command(resume={waiting[0]: {"check": "signal"}})
