"""Which Alertmanager silences an incident holds: one `SilenceRecord` per silenced alert, kept
in the incident's live view (so the status API shows them and, with CHECKPOINT_URL, the
incident table keeps them across a restart).

Pure: these functions only read and replace records; Alertmanager is receiver.silences.client's.
This module imports nothing of the incident model, which imports it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import msgspec


class SilenceRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One silence created for one alert of an incident: Alertmanager's `id`, the alert's
    `fingerprint` and name, until when it silences (`ends_at`), who asked (`created_by`,
    e.g. "alertgraph (alice)"), the comment it carries, and when the service expired it
    (None while it has not)."""

    id: str
    fingerprint: str
    alertname: str = ""
    ends_at: datetime
    created_by: str
    comment: str
    expired_at: datetime | None = None

    def active(self, now: datetime) -> bool:
        """True while the silence has neither been expired nor reached its end."""
        return self.expired_at is None and self.ends_at > now


def active_by_fingerprint(records: Iterable[SilenceRecord], now: datetime) -> dict[str, str]:
    """The id of each alert's silence that still silences at `now`, by fingerprint."""
    return {r.fingerprint: r.id for r in records if r.active(now)}


def with_record(records: Iterable[SilenceRecord], record: SilenceRecord) -> list[SilenceRecord]:
    """`records` with `record` replacing the one of its alert (an extended silence), or
    added: one record per alert, in the order the alerts were first silenced."""
    kept = list(records)
    for index, old in enumerate(kept):
        if old.fingerprint == record.fingerprint:
            kept[index] = record
            return kept
    kept.append(record)
    return kept


def expired(
    records: Iterable[SilenceRecord], ids: Iterable[str], at: datetime
) -> list[SilenceRecord]:
    """`records` with those whose id is in `ids` marked expired `at`."""
    done = set(ids)
    return [
        msgspec.structs.replace(r, expired_at=at) if r.id in done and r.expired_at is None else r
        for r in records
    ]


def record_lines(records: Iterable[SilenceRecord]) -> list[str]:
    """One line per silence for the incident's record in git ("KubePodOOMKilled
    4c6f2a0e9d1b7a35 silenced by alertgraph (alice) until 2026-11-24T05:39:00+00:00"), plus
    when it was expired; not masked (the record builder masks)."""
    lines = []
    for r in records:
        line = f"{r.alertname or 'alert'} {r.fingerprint} silenced by {r.created_by} until "
        line += r.ends_at.isoformat()
        if r.expired_at is not None:
            line += f", expired {r.expired_at.isoformat()}"
        lines.append(line)
    return lines
