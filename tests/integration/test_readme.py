"""The README's shell examples, run as written against the service with its zero-configuration
default, and their answers checked: an example that does not show what it says is a bug.

The sections below are read from README.md, their ```sh blocks concatenated into one bash
script (they share `$ID`) and run with `set -euo pipefail` in the service's working directory,
so `data/gitops` is the service's default repository. The only change made to them is the
port: `localhost:8000` becomes the test's free port.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.integration.conftest import Launcher, start_service

README = Path(__file__).resolve().parents[2] / "README.md"
SECTIONS = (
    "From alert to commit",
    "Incident history: git is the database",
    "Learning from what people said",
)
MARK = "=== README block"
TOOLS_HINT = "install curl and jq (apt-get install curl jq), which the README's examples use"


def shell_blocks(text: str, sections: tuple[str, ...]) -> list[str]:
    """The ```sh blocks of the `## ` sections named, in README order."""
    blocks: list[str] = []
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        title, _, body = section.partition("\n")
        if title.strip() in sections:
            blocks += re.findall(r"^```sh\n(.*?)^```", body, flags=re.M | re.S)
    return blocks


def require_tools() -> None:
    missing = [tool for tool in ("bash", "curl", "jq") if shutil.which(tool) is None]
    if not missing:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{', '.join(missing)} not found on PATH in CI; {TOOLS_HINT}", pytrace=False)
    pytest.skip(TOOLS_HINT)


def json_values(text: str) -> list[object]:
    """Every JSON value printed one after the other in `text` (jq's pretty output included)."""
    decoder, values, position = json.JSONDecoder(), [], 0
    text = text.strip()
    while position < len(text):
        if text[position] not in "{[":
            position = text.find("\n", position) + 1 or len(text)  # a line of plain text
            continue
        value, position = decoder.raw_decode(text, position)
        values.append(value)
        while position < len(text) and text[position].isspace():
            position += 1
    return values


def test_the_readme_examples_run_and_show_what_they_say(
    launch: Launcher, http: httpx.Client, tmp_path: Path
) -> None:
    require_tools()
    blocks = shell_blocks(README.read_text(), SECTIONS)
    assert len(blocks) == 3, "README sections or their examples moved: update SECTIONS"
    # The default GIT_REPO_PATH, ./data/gitops, relative to the service's working directory.
    service = start_service(launch, http, tmp_path, GIT_REPO_PATH="./data/gitops")
    script = ["set -euo pipefail"]
    for n, block in enumerate(blocks):
        script += [
            f"echo '{MARK} {n}'",
            block.replace("localhost:8000", f"localhost:{service.port}"),
        ]
    script.append('echo; echo "ID=$ID"')  # curl -s prints no newline after its answer
    run = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")},
    )
    assert run.returncode == 0, f"{run.stdout}\n{run.stderr}"
    outputs = re.split(rf"^{MARK} \d+$", run.stdout, flags=re.M)[1:]
    loop, history, learning = outputs
    learning, _, incident_id = learning.rpartition("\nID=")
    incident_id = incident_id.strip()

    # The whole loop: a proposal with a diff, the approval committed, the fix in git.
    shown, approved = json_values(loop)
    assert isinstance(shown, dict) and isinstance(approved, dict)
    assert shown["status"] == "awaiting_approval" and shown["diff"] and shown["diff_sha256"]
    assert "OOM" in shown["root_cause"] or "memory" in shown["root_cause"]
    assert approved == {"incident_id": incident_id, "status": "committed"}
    assert "fix(grafana): raise memory limit 512Mi→1Gi" in loop
    assert f"Incident-Id: {incident_id}" in loop

    # The list example names a filter that the loop's incident passes; the detail has its
    # commit.
    listed, detail = json_values(history)
    assert isinstance(listed, dict) and isinstance(detail, dict)
    assert [item["id"] for item in listed["items"]] == [incident_id]
    assert detail["summary"] and detail["commits"]
    assert detail["commits"][0].startswith("fix(grafana): raise memory limit 512Mi→1Gi")

    # Negative feedback is committed.
    (feedback,) = json_values(learning)
    assert isinstance(feedback, dict)
    assert feedback["file"] == f"examples/{incident_id}/feedback_negative.json"
    assert feedback["commit_sha"]
