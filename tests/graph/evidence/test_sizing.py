"""Sizing from evidence (pure): the rounding steps at their boundaries, the guardrails, and the
rule that combines evidence with a learned target."""

from __future__ import annotations

import pytest

from graph.evidence.model import ContainerEvidence, Evidence, Measurement
from graph.evidence.sizing import (
    clean_cpu,
    clean_memory,
    container_to_size,
    human_bytes,
    size_cpu,
    size_memory,
    size_replicas,
)
from graph.patching.quantity import format_quantity
from graph.patching.remediation import Guardrails

MI, GI = 2**20, 2**30


def measured(value: float, window: str = "7d") -> Measurement:
    return Measurement(value, f"query over {window}", window)


def memory(
    peak: float | None,
    limit: float | None = 512 * MI,
    request: float | None = 256 * MI,
    p99: float | None = None,
    window: str = "7d",
) -> ContainerEvidence:
    return ContainerEvidence(
        memory_peak={} if peak is None else {window: measured(peak, window)},
        memory_p99={} if p99 is None else {window: measured(p99, window)},
        memory_limit=None if limit is None else measured(limit, "now"),
        memory_request=None if request is None else measured(request, "now"),
    )


@pytest.mark.parametrize(
    ("nbytes", "clean"),
    [
        (1, "64Mi"),
        (64 * MI, "64Mi"),
        (64 * MI + 1, "128Mi"),
        (GI - 1, "1Gi"),
        (GI, "1Gi"),
        (GI + 1, "1152Mi"),  # 128Mi steps from 1Gi
        (2 * GI - 1, "2Gi"),
        (2 * GI + 1, "2304Mi"),  # 256Mi steps from 2Gi
        (4 * GI + 1, "4608Mi"),  # 512Mi steps from 4Gi
        (8 * GI + 1, "9Gi"),  # 1Gi steps from 8Gi
        (1.71 * GI * 1.25, "2304Mi"),
    ],
)
def test_memory_rounds_up_to_the_step_of_its_size(nbytes: float, clean: str) -> None:
    assert format_quantity(clean_memory(nbytes)) == clean


@pytest.mark.parametrize(
    ("cores", "clean"),
    [
        (0.0001, "100m"),
        (0.1, "100m"),
        (0.101, "200m"),
        (0.99, "1"),
        (1.01, "1250m"),
        (3.9, "4"),
        (4.01, "4500m"),
        (6.2, "6500m"),
    ],
)
def test_cpu_rounds_up_to_the_step_of_its_size(cores: float, clean: str) -> None:
    assert format_quantity(clean_cpu(cores)) == clean


def test_human_sizes() -> None:
    assert [human_bytes(v) for v in (1.71 * GI, 512 * MI, 1.5 * GI, 2 * GI, 900 * 1024)] == [
        "1.71 GiB",
        "512 MiB",
        "1.5 GiB",
        "2 GiB",
        "900 KiB",
    ]


@pytest.mark.parametrize(
    ("peak", "limit", "target", "reason"),
    [
        (400 * MI, 256 * MI, "512Mi", "peak 400 MiB over 7 d, limit 256 MiB → 512 MiB"),
        (700 * MI, 512 * MI, "896Mi", "peak 700 MiB over 7 d, limit 512 MiB → 896 MiB"),
        (819 * MI, 512 * MI, "1Gi", "peak 819 MiB over 7 d, limit 512 MiB → 1 GiB"),
        (820 * MI, 512 * MI, "1152Mi", "peak 820 MiB over 7 d, limit 512 MiB → 1.12 GiB"),
    ],
)
def test_memory_limit_is_peak_with_headroom_rounded_up(
    peak: float, limit: float, target: str, reason: str
) -> None:
    sizing = size_memory(memory(peak, limit))

    assert (sizing.target, sizing.source, sizing.bound) == (target, "evidence", None)
    assert sizing.reason.startswith(reason + " (peak × 1.25, rounded up to a ")


def test_the_longest_window_with_data_decides() -> None:
    container = ContainerEvidence(
        memory_peak={"1h": measured(480 * MI, "1h"), "24h": measured(900 * MI, "24h")},
        memory_limit=measured(512 * MI, "now"),
    )

    sizing = size_memory(container)

    assert sizing.target == "1152Mi" and "over 24 h" in sizing.reason


def test_a_peak_that_fits_the_limit_leaves_it_to_the_step_rule() -> None:
    sizing = size_memory(memory(300 * MI, 512 * MI))

    assert sizing.target is None and sizing.source == "none"
    assert sizing.reason == (
        "peak 300 MiB over 7 d, limit 512 MiB: fits with ×1.25 headroom: the sampled usage "
        "does not explain it, the step rule applies"
    )


def test_request_keeps_its_ratio_or_follows_p99() -> None:
    ratio_kept = size_memory(
        memory(1.71 * GI, 512 * MI, 256 * MI, p99=400 * MI), guardrails=Guardrails(max_factor=5)
    )
    p99_higher = size_memory(
        memory(1.71 * GI, 512 * MI, 64 * MI, p99=1.3 * GI), guardrails=Guardrails(max_factor=5)
    )
    no_request = size_memory(memory(1.71 * GI, 512 * MI, None), guardrails=Guardrails(max_factor=5))

    assert (ratio_kept.target, ratio_kept.request) == ("2304Mi", "1152Mi")
    assert (p99_higher.target, p99_higher.request) == ("2304Mi", "1408Mi")  # 1.3Gi → 128Mi step
    assert no_request.request is None


def test_max_scale_factor_caps_and_says_so() -> None:
    sizing = size_memory(memory(1.71 * GI, 512 * MI))

    assert (sizing.target, sizing.bound) == ("1536Mi", "max_scale_factor")
    assert sizing.reason.endswith(
        "would be 2.25 GiB; capped by MAX_SCALE_FACTOR=3, still below the observed peak)"
    )


def test_max_memory_caps_when_it_is_the_lower_bound() -> None:
    sizing = size_memory(
        memory(3.5 * GI, 2 * GI), guardrails=Guardrails(max_memory="3Gi", max_factor=3.0)
    )

    assert (sizing.target, sizing.bound) == ("3Gi", "max_memory")
    assert "capped by MAX_MEMORY=3Gi, still below the observed peak" in sizing.reason


def test_the_values_files_limit_is_the_current_one_when_given() -> None:
    sizing = size_memory(memory(1.71 * GI, 512 * MI), current_limit="1Gi")

    assert sizing.target == "2304Mi" and "limit 1 GiB" in sizing.reason


@pytest.mark.parametrize(
    ("learned", "target", "source"),
    [
        ("3Gi", "3Gi", "learned"),  # the larger of the two
        ("1Gi", "2304Mi", "evidence"),
        ("2304Mi", "2304Mi", "evidence"),  # a tie goes to the evidence
        ("256Mi", "2304Mi", "evidence"),  # a learned value below the current one is ignored
        ("lots", "2304Mi", "evidence"),  # a hand-edited patterns file
    ],
)
def test_evidence_and_learned_target_combine_to_the_larger(
    learned: str, target: str, source: str
) -> None:
    sizing = size_memory(
        memory(1.71 * GI, 512 * MI), learned=learned, guardrails=Guardrails(max_factor=8)
    )

    assert (sizing.target, sizing.source) == (target, source)


def test_learned_target_alone_without_evidence_and_still_capped() -> None:
    sizing = size_memory(memory(None, 512 * MI), learned="4Gi")

    assert (sizing.target, sizing.source, sizing.bound) == ("1536Mi", "learned", "max_scale_factor")
    assert sizing.reason == (
        "limit 512 MiB → 1.5 GiB (the learned 4Gi, would be 4 GiB; capped by MAX_SCALE_FACTOR=3)"
    )


def cpu(
    p99: float, p95: float, throttled: dict[str, float], limit: float | None = 0.5
) -> ContainerEvidence:
    return ContainerEvidence(
        cpu_p99={"7d": measured(p99)},
        cpu_p95={"7d": measured(p95)},
        cpu_throttled_ratio={w: measured(r, w) for w, r in throttled.items()},
        cpu_limit=None if limit is None else measured(limit, "now"),
        cpu_request=measured(0.25, "now"),
    )


def test_cpu_from_p99_when_not_throttled() -> None:
    sizing = size_cpu(cpu(0.45, 0.3, {"7d": 0.02}))

    assert (sizing.target, sizing.request) == ("600m", "300m")
    assert sizing.reason == (
        "CPU p99 450m over 7 d, throttled 2% of periods over 7 d, limit 500m → 600m "
        "(p99 × 1.25, rounded up)"
    )


def test_recent_throttling_raises_cpu_beyond_what_usage_shows() -> None:
    sizing = size_cpu(cpu(0.48, 0.45, {"1h": 0.6, "24h": 0.3, "7d": 0.08}))

    assert sizing.target == "800m"  # 500m × 1.6
    assert "throttled 60% of periods over 1 h" in sizing.reason


def test_cpu_without_a_limit_is_not_raised() -> None:
    sizing = size_cpu(cpu(0.45, 0.3, {}, limit=None))

    assert sizing.target is None and sizing.reason.startswith("no CPU limit")


def test_cpu_capped_by_max_cpu() -> None:
    sizing = size_cpu(cpu(3.9, 3.0, {}, limit=2.0), guardrails=Guardrails(max_cpu="4"))

    assert (sizing.target, sizing.bound) == ("4", "max_cpu")
    assert "capped by MAX_CPU=4" in sizing.reason


def workload(**fields: float) -> Evidence:
    evidence = Evidence("shop", "checkout", 0.0)
    for name, value in fields.items():
        setattr(evidence, name, measured(value, "now"))
    return evidence


@pytest.mark.parametrize(
    ("fields", "setting", "target"),
    [
        ({"hpa_current": 4, "hpa_max": 4, "hpa_peak": 4}, "maxReplicas", "5"),
        ({"hpa_current": 3, "hpa_max": 4, "hpa_peak": 4}, "maxReplicas", "5"),  # peak saturated
        ({"hpa_current": 8, "hpa_max": 8}, "maxReplicas", "10"),
        ({"hpa_current": 2, "hpa_max": 10, "hpa_peak": 5}, "maxReplicas", None),
        ({"replicas": 2}, "replicas", "3"),
        ({"replicas": 8}, "replicas", "10"),
        ({}, "replicas", None),
    ],
)
def test_replicas_from_hpa_saturation(
    fields: dict[str, float], setting: str, target: str | None
) -> None:
    sizing = size_replicas(workload(**fields))

    assert (sizing.setting, sizing.target) == (setting, target)


def test_replicas_capped_by_max_replicas() -> None:
    sizing = size_replicas(workload(hpa_current=20, hpa_max=20), guardrails=Guardrails())

    assert sizing.target is None and sizing.bound == "max_replicas"
    assert "already at the guardrail" in sizing.reason


def test_the_container_to_size() -> None:
    evidence = Evidence("shop", "checkout", 0.0)
    evidence.containers = {
        "istio-proxy": memory(90 * MI),
        "checkout": memory(400 * MI),
        "worker": memory(900 * MI),
    }

    assert container_to_size(evidence, "worker") == ("worker", evidence.containers["worker"])
    assert container_to_size(evidence)[0] == "checkout"  # type: ignore[index]
    del evidence.containers["checkout"]
    assert container_to_size(evidence, "missing")[0] == "worker"  # type: ignore[index]
    assert container_to_size(Evidence("shop", "x", 0.0)) is None
