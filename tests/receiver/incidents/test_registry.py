"""Grouping alerts into incidents: one incident per workload problem, exact counters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.records.ids import is_incident_id
from receiver.incidents.model import IncidentStatus
from receiver.incidents.registry import Change, IncidentRegistry
from receiver.ingest.events import AlertEvent, AlertStatus
from receiver.ingest.normalize import from_postable, from_webhook
from receiver.ingest.wire import PostableAlert, WebhookAlert, WebhookMessage

T0 = datetime(2026, 11, 24, 15, 30, 12, tzinfo=UTC)
NOW = T0 + timedelta(hours=1)
GO_ZERO = datetime(1, 1, 1, tzinfo=UTC)

WORKLOADS = [("monitoring", "grafana"), ("payments", "checkout")]
PODS = ["7d9f8c6b5-x2k4p", "7d9f8c6b5-q9w7z", "6c4d9b8f7-bcdfg"]
ALERTNAMES = ["KubePodOOMKilled", "KubePodCrashLooping"]


def labels_for(workload: int, pod: int, alertname: int) -> dict[str, str]:
    """Labels as kube-state-metrics based rules produce them; no `app` label, so the workload
    has to come from the pod name."""
    namespace, app = WORKLOADS[workload]
    return {
        "alertname": ALERTNAMES[alertname],
        "namespace": namespace,
        "pod": f"{app}-{PODS[pod]}",
        "severity": "critical",
    }


# One delivery: (workload, pod, alertname, episode, resolved, via_ruler)
Delivery = tuple[int, int, int, int, bool, bool]
deliveries = st.lists(
    st.tuples(
        st.integers(0, 1),
        st.integers(0, 2),
        st.integers(0, 1),
        st.integers(0, 2),
        st.booleans(),
        st.booleans(),
    ),
    min_size=1,
    max_size=40,
)


def as_event(d: Delivery) -> AlertEvent:
    """Build the delivery as the real sender would and normalise it with the real code."""
    workload, pod, alertname, episode, resolved, via_ruler = d
    labels = labels_for(workload, pod, alertname)
    starts = T0 + timedelta(minutes=10 * episode)
    ends = starts + timedelta(minutes=5)
    if via_ruler:
        # Prometheus/Loki: no status; a firing alert's endsAt lies in the future.
        alert = PostableAlert(
            labels=labels,
            starts_at=starts,
            ends_at=ends if resolved else NOW + timedelta(minutes=4),
        )
        (event,), _ = from_postable([alert], "default", NOW)
        return event
    message = WebhookMessage(
        alerts=[
            WebhookAlert(
                status="resolved" if resolved else "firing",
                labels=labels,
                starts_at=starts,
                ends_at=ends if resolved else GO_ZERO,
            )
        ]
    )
    (event,), _ = from_webhook(message, "default", NOW)
    return event


def expected(ds: list[Delivery]) -> dict[tuple[str, str], dict[str, int]]:
    """The counters a person would count by hand, independent of arrival order: one problem
    per workload, whichever alert rules fire for it; one alert per (pod, rule)."""
    out: dict[tuple[str, str], dict[str, int]] = {}
    by_key: dict[tuple[str, str], list[Delivery]] = {}
    for d in ds:
        by_key.setdefault(WORKLOADS[d[0]], []).append(d)
    for key, group in by_key.items():
        alerts = {(d[1], d[2]) for d in group}
        latest = {a: max(d[3] for d in group if (d[1], d[2]) == a) for a in alerts}
        resolved = sum(
            1
            for a in alerts
            if any((d[1], d[2]) == a and d[3] == latest[a] and d[4] for d in group)
        )
        distinct = {(d[1], d[2], d[3], d[4]) for d in group}  # the transport does not matter
        out[key] = {
            "alerts": len(alerts),
            "resolved": resolved,
            "repeats": len(group) - len(distinct),
            "events": len(group),
        }
    return out


def run(registry: IncidentRegistry, ds: list[Delivery]) -> None:
    for d in ds:
        registry.observe(as_event(d))


def problem_of(d: Delivery) -> tuple[str, str]:
    return WORKLOADS[d[0]]


def firing_first(ds: list[Delivery]) -> list[Delivery]:
    """`ds` with, per problem, its first firing delivery moved to the front (only a firing
    alert opens an incident; from then on the arrival order must not matter). Problems
    that never fire are left out: nothing opens for them."""
    openers: dict[tuple[str, str], Delivery] = {}
    for d in ds:
        if not d[4]:
            openers.setdefault(problem_of(d), d)
    rest = list(ds)
    for d in openers.values():
        rest.remove(d)
    return [*openers.values(), *(d for d in rest if problem_of(d) in openers)]


def summary(registry: IncidentRegistry) -> dict[tuple[str, str], dict[str, int]]:
    out = {}
    for inc in registry.newest_first():
        key = (inc.key.namespace, inc.key.workload)
        assert key not in out, f"two incidents for one problem: {key}"
        out[key] = {
            "alerts": len(inc.alerts),
            "resolved": inc.resolved,
            "repeats": inc.repeats,
            "events": inc.events,
        }
    return out


@settings(max_examples=300, deadline=None)
@given(deliveries, st.randoms(use_true_random=False))
def test_any_interleaving_gives_one_incident_per_problem_with_exact_counters(
    ds: list[Delivery], rnd: object
) -> None:
    ordered = firing_first(ds)
    registry = IncidentRegistry()
    run(registry, ordered)
    assert summary(registry) == expected(ordered)
    shuffled = list(ds)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    again = IncidentRegistry()
    run(again, firing_first(shuffled))
    assert summary(again) == summary(registry)


@settings(max_examples=200, deadline=None)
@given(deliveries)
def test_only_a_firing_alert_opens_an_incident(ds: list[Delivery]) -> None:
    registry = IncidentRegistry()
    run(registry, ds)
    fired = {problem_of(d) for d in ds if not d[4]}
    assert set(summary(registry)) <= fired
    for incident in registry.newest_first():
        assert incident.first_event.status is AlertStatus.FIRING


def test_the_same_alert_through_both_paths_is_one_alert_and_one_repeat() -> None:
    registry = IncidentRegistry()
    first = registry.observe(as_event((0, 0, 0, 0, False, False)))
    second = registry.observe(as_event((0, 0, 0, 0, False, True)))
    assert (first.created, first.change) == (True, Change.NEW_ALERT)
    assert (second.created, second.change) == (False, Change.REPEAT)
    assert second.incident is first.incident
    assert set(first.incident.sources) == {"alertmanager", "ruler"}


def test_a_late_firing_resend_does_not_reopen_a_resolved_alert() -> None:
    registry = IncidentRegistry()
    opened = registry.observe(as_event((0, 0, 0, 0, False, False)))
    resolved = registry.observe(as_event((0, 0, 0, 0, True, True)))
    late = registry.observe(as_event((0, 0, 0, 0, False, True)))
    assert opened and resolved and late
    assert (resolved.change, late.change) == (Change.RESOLVED, Change.REPEAT)
    assert late.incident.resolved == 1 and late.incident.firing == 0
    refired = registry.observe(as_event((0, 0, 0, 1, False, False)))
    assert refired and refired.change is Change.REFIRED
    assert refired.incident.resolved == 0 and refired.incident.firing == 1


def test_a_resolve_with_no_open_incident_opens_nothing_nor_does_its_late_firing_resend() -> None:
    # Prometheus' first firing was dropped (it had not found its Alertmanagers yet); the
    # resolve arrives first and the firing resend of that same episode a minute later.
    registry = IncidentRegistry()
    assert registry.observe(as_event((0, 0, 0, 0, True, True))) is None
    assert registry.observe(as_event((0, 0, 0, 0, False, True))) is None
    assert registry.open_count == 0 and list(registry.newest_first()) == []
    refired = registry.observe(as_event((0, 0, 0, 1, False, False)))  # a new episode
    assert refired and refired.created and refired.change is Change.NEW_ALERT
    assert registry.open_count == 1


def test_late_alerts_join_the_finished_incident_and_a_new_episode_opens_one() -> None:
    # The Loki ruler's resolve closed the incident; Alertmanager's own resolve of the same
    # alert arrives a second later, and a firing resend of the episode after that.
    registry = IncidentRegistry()
    first = registry.observe(as_event((0, 0, 0, 0, False, True)))
    assert first and first.created
    registry.observe(as_event((0, 0, 0, 0, True, True)))
    first.incident.status = IncidentStatus.RECOVERED
    registry.close(first.incident)
    late = registry.observe(as_event((0, 0, 0, 0, True, False)))
    assert late and late.incident is first.incident and not late.created
    assert late.change is Change.REPEAT  # the same resolve through the other path
    resend = registry.observe(as_event((0, 0, 0, 0, False, False)))
    assert resend and resend.incident is first.incident and resend.change is Change.REPEAT
    assert first.incident.firing == 0  # still resolved
    other_pod = registry.observe(as_event((0, 1, 0, 0, True, False)))
    assert other_pod and other_pod.incident is first.incident  # same problem, joins it
    assert registry.open_count == 0
    nxt = registry.observe(as_event((0, 0, 0, 1, False, False)))
    assert nxt and nxt.created and nxt.incident is not first.incident


def test_only_the_newest_finished_incidents_stay_in_memory() -> None:
    registry = IncidentRegistry(keep_finished=3)
    ids = []
    for app in range(5):
        labels = {"alertname": "A", "app": f"app{app}"}
        (event,), _ = from_webhook(
            WebhookMessage(alerts=[WebhookAlert("firing", labels, T0)]), "default", T0
        )
        observed = registry.observe(event)
        assert observed
        observed.incident.status = IncidentStatus.REJECTED
        registry.close(observed.incident)
        ids.append(observed.incident.id)
    assert [registry.get(i) is not None for i in ids] == [False, False, True, True, True]
    assert registry.held == 3 and registry.open_count == 0


def test_incident_ids_follow_the_pattern_and_never_collide() -> None:
    tokens = count()
    # A token source that repeats itself forces the registry to look for free ids.
    registry = IncidentRegistry(token=lambda: f"{next(tokens) % 3:04x}")
    ids = set()
    for i in range(20):
        labels = {"alertname": "A", "app": f"app{i}"}
        message = WebhookMessage(alerts=[WebhookAlert("firing", labels, T0)])
        (event,), _ = from_webhook(message, "default", T0)
        ids.add(registry.observe(event).incident.id)
    assert len(ids) == 20
    assert all(is_incident_id(i) for i in ids)
    assert all(i.startswith("incident-20261124153012-") for i in ids)


def test_events_keep_their_firing_state_per_episode() -> None:
    registry = IncidentRegistry()
    registry.observe(as_event((1, 2, 1, 1, False, False)))
    obs = registry.observe(as_event((1, 2, 1, 2, True, True)))
    assert obs and obs.change is Change.RESOLVED
    state = obs.incident.alerts[obs.incident.first_event.fingerprint]
    assert state.status is AlertStatus.RESOLVED
    assert state.starts_at == T0 + timedelta(minutes=20)


def test_a_closed_incident_stays_readable_and_the_next_alert_opens_a_new_one() -> None:
    registry = IncidentRegistry()
    first = registry.observe(as_event((0, 0, 0, 0, False, False))).incident
    assert registry.open_count == 1
    first.status = IncidentStatus.RECOVERED
    assert first.status.terminal and not IncidentStatus.AWAITING_APPROVAL.terminal
    registry.close(first)
    registry.close(first)  # closing twice is harmless
    assert registry.open_count == 0 and registry.get(first.id) is first
    nxt = registry.observe(as_event((0, 0, 0, 1, False, False)))
    assert nxt.created and nxt.incident.id != first.id
    registry.close(first)  # an old incident never closes its successor
    assert registry.open_count == 1
    assert [i.id for i in registry.newest_first()] == [nxt.incident.id, first.id]


def test_an_open_incident_keeps_its_alerts_for_the_workflow_a_finished_one_only_counts() -> None:
    registry = IncidentRegistry()
    opened = registry.observe(as_event((0, 0, 0, 0, False, False)))
    joined = registry.observe(as_event((0, 1, 1, 0, False, False)))
    assert opened and joined and joined.incident is opened.incident
    assert joined.change is Change.NEW_ALERT and not joined.created
    incident = opened.incident
    assert [a.name for a in incident.alerts.values()] == ALERTNAMES
    assert all(a.event is not None for a in incident.alerts.values())
    incident.status = IncidentStatus.CLOSED
    registry.close(incident)
    assert all(a.event is None for a in incident.alerts.values())  # memory stays flat
    assert [a.name for a in incident.alerts.values()] == ALERTNAMES
