"""The incident table: what is written is what a restarted service reads back."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import msgspec

from receiver.incidents.model import IncidentStatus
from receiver.incidents.registry import IncidentRegistry
from receiver.incidents.table import IncidentTable, dump_incident, load_incident
from receiver.ingest.normalize import from_postable, from_webhook
from receiver.ingest.wire import PostableAlert, WebhookMessage
from tests.conftest import CAPTURE_NOW, fixture_bytes


def observed() -> IncidentRegistry:
    """A registry that saw the captured OOM notification (two alerts, one incident)."""
    message = msgspec.json.decode(
        fixture_bytes("am-webhook-firing-2-alerts.json"), type=WebhookMessage
    )
    registry = IncidentRegistry()
    registry.observe_batch(from_webhook(message, "default", CAPTURE_NOW)[0])
    return registry


def test_an_incident_reads_back_as_it_was_written() -> None:
    (incident,) = observed().newest_first()
    incident.status = IncidentStatus.AWAITING_APPROVAL
    incident.live.diff = "--- a/x\n+++ b/x\n"
    incident.live.changes = {"resources.limits.memory": "1Gi"}
    incident.live.slack_channel, incident.live.slack_ts = "C1", "1764650000.000100"
    incident.live.verifying_since = CAPTURE_NOW + timedelta(minutes=2)
    back = load_incident(dump_incident(incident))
    assert back.id == incident.id and back.key == incident.key
    assert back.status is IncidentStatus.AWAITING_APPROVAL
    assert back.first_event == incident.first_event
    assert back.alerts == incident.alerts and back.seen == incident.seen
    assert (back.events, back.repeats, back.sources) == (
        incident.events,
        incident.repeats,
        incident.sources,
    )
    assert back.live == incident.live


def test_the_table_returns_unfinished_incidents_and_skips_unreadable_rows(tmp_path: Path) -> None:
    path = tmp_path / "state" / "incidents.db"
    table = IncidentTable(path)
    (incident,) = observed().newest_first()
    incident.status = IncidentStatus.AWAITING_APPROVAL
    table.save(incident)
    incident.live.reason = "saved twice: the newest wins"
    table.save(incident)
    (done,) = observed().newest_first()
    done.status = IncidentStatus.RECOVERED
    table.save(done)
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO incidents VALUES ('incident-x', 'analyzing', 1, 'not json')")
    table.close()

    reopened = IncidentTable(path)
    (back,) = reopened.open_incidents()
    assert back.id == incident.id and back.live.reason == "saved twice: the newest wins"
    assert reopened.unreadable == ["incident-x"]
    (finished,) = reopened.finished_incidents(10)
    assert finished.id == done.id and finished.status is IncidentStatus.RECOVERED
    assert reopened.finished_incidents(0) == []
    registry = IncidentRegistry()
    registry.restore(back)
    assert registry.get(back.id) is back and registry.open_count == 1
    reopened.close()


def test_a_row_written_before_clusters_still_loads_and_takes_new_alerts_of_its_workload(
    tmp_path: Path,
) -> None:
    (incident,) = observed().newest_first()
    incident.status = IncidentStatus.AWAITING_APPROVAL
    document = msgspec.json.decode(dump_incident(incident))
    # The shape rows had before clusters: (tenant, namespace, workload, alertname) and
    # alerts as [startsAt, status, statuses].
    document["key"] = ["default", "monitoring", "grafana", "KubePodOOMKilled"]
    for fingerprint, alert in document["alerts"].items():
        document["alerts"][fingerprint] = alert[:3]
    path = tmp_path / "incidents.db"
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE incidents (id TEXT PRIMARY KEY, status TEXT NOT NULL, "
            "open INTEGER NOT NULL, document BLOB NOT NULL)"
        )
        db.execute(
            "INSERT INTO incidents VALUES (?, 'awaiting_approval', 1, ?)",
            (incident.id, msgspec.json.encode(document)),
        )
    table = IncidentTable(path)
    (back,) = table.open_incidents()
    table.close()
    assert back.id == incident.id and set(back.alerts) == set(incident.alerts)
    registry = IncidentRegistry()
    registry.restore(back)
    crash = PostableAlert(
        labels={
            "alertname": "KubePodCrashLooping",
            "namespace": "monitoring",
            "deployment": "grafana",
        }
    )
    (event,), _ = from_postable([crash], "default", CAPTURE_NOW)
    observation = registry.observe(event)
    assert observation is not None and observation.incident is back
    assert not observation.created and len(back.alerts) == 3
