"""What a proposal changes in a Helm values file: the analyzer picks it, the patcher applies it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RemediationKind(StrEnum):
    """The values changes the workflow knows how to make."""

    RAISE_MEMORY = "raise_memory"  # memory limit × factor, request raised to keep the ratio
    RAISE_CPU = "raise_cpu"  # CPU limit × factor
    RELAX_PROBES = (
        "relax_probes"  # probe timeoutSeconds / failureThreshold / initialDelaySeconds up
    )
    SCALE_OUT = "scale_out"  # replicaCount × factor (rounded up)
    GROW_PERSISTENCE = "grow_persistence"  # persistence.size × factor
    REVERT_IMAGE_TAG = "revert_image_tag"  # image.tag back to the previous value in git history


@dataclass(frozen=True, slots=True)
class Remediation:
    """One values change to propose.

    `factor` applies to the multiplying kinds; `target`, a learned value (`2Gi`, `1500m`, `6`),
    replaces the step when it is above the current value (graph.learning.patterns: what worked,
    or what the feedback named).
    """

    kind: RemediationKind
    factor: float = 1.0
    target: str | None = None


@dataclass(frozen=True, slots=True)
class Guardrails:
    """Limits no proposal may exceed.

    A change beyond them is not proposed and the proposal says why. Quantities are Kubernetes
    quantities (`8Gi`, `4`, `500m`).
    """

    max_memory: str = "16Gi"
    max_cpu: str = "8"
    max_replicas: int = 20
    max_factor: float = 3.0
