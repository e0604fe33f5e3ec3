"""Which silences an incident holds survives a restart: the incident table keeps them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from receiver.incidents.table import IncidentTable
from receiver.silences.records import SilenceRecord, active_by_fingerprint, expired, with_record
from tests.receiver.silences.test_matchers import GRAFANA, incident_of

NOW = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)


def record(silence_id: str, fingerprint: str, ends_in: timedelta) -> SilenceRecord:
    return SilenceRecord(
        id=silence_id,
        fingerprint=fingerprint,
        alertname="KubePodOOMKilled",
        ends_at=NOW + ends_in,
        created_by="alertgraph (alice)",
        comment="incident-x: silenced for 2h by alice from Slack",
    )


def test_silences_are_kept_across_a_restart_by_the_incident_table(tmp_path: Path) -> None:
    incident = incident_of(GRAFANA)
    fp = incident.first_event.fingerprint
    incident.live.silences = expired(
        [record("s-1", fp, timedelta(hours=2)), record("s-2", "other", timedelta(hours=1))],
        ["s-2"],
        NOW,
    )
    table = IncidentTable(tmp_path / "incidents.db")
    table.save(incident)
    table.close()

    [loaded] = IncidentTable(tmp_path / "incidents.db").open_incidents()
    assert loaded.live.silences == incident.live.silences
    assert loaded.live.silences[1].expired_at == NOW
    assert active_by_fingerprint(loaded.live.silences, NOW) == {fp: "s-1"}


def test_one_record_per_alert_an_extension_replaces_it() -> None:
    first = record("s-1", "fp-a", timedelta(hours=2))
    other = record("s-2", "fp-b", timedelta(hours=2))
    extended = record("s-3", "fp-a", timedelta(hours=4))
    assert with_record(with_record([first], other), extended) == [extended, other]
    assert active_by_fingerprint([first], NOW + timedelta(hours=2)) == {}  # ended on its own
