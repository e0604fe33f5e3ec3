"""The example configs in examples/ are valid for the real tools they are meant for."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.integration
def test_alertmanager_example_passes_amtool(alertmanager_bin: str) -> None:
    amtool = Path(alertmanager_bin).with_name("amtool")
    out = subprocess.run(
        [str(amtool), "check-config", str(EXAMPLES / "alertmanager" / "alertmanager.yml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "SUCCESS" in out.stdout


@pytest.mark.integration
def test_prometheus_example_passes_promtool(prometheus_bin: str) -> None:
    promtool = Path(prometheus_bin).with_name("promtool")
    out = subprocess.run(
        [str(promtool), "check", "config", str(EXAMPLES / "prometheus" / "prometheus.yml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
