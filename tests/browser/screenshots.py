"""Screenshots of the web console for the README: `make screenshots` (needs Debian's Chromium).

Starts the real service (`python -m receiver`) on a free loopback port with a GitOps
repository in a temp dir, posts the captured OOM alert and an expired certificate, waits until
the OOM incident awaits approval, and writes the incident list and that incident, in English
and Korean, as docs/console-{list,incident}-{en,ko}.png (or under the directory given).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from playwright.async_api import async_playwright

from tests.browser.conftest import CHROMIUM_FLAGS, INSTALL_HINT
from tests.integration.conftest import _free_port, service_environment
from tests.receiver.helpers import certificate_expired, firing

READY_SECONDS = 30.0
LANGUAGES = ("en", "ko")


def _until(what: str, check: Any, within: float = READY_SECONDS) -> Any:
    """The first truthy `check()` within `within` seconds (transport errors count as no)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.TransportError):
            result = check()
            if result:
                return result
        time.sleep(0.1)
    raise SystemExit(f"timed out waiting for {what}")


def _incident(http: httpx.Client, base: str) -> str:
    """Post the alerts; the OOM incident's id once it awaits approval."""
    for body in (certificate_expired(), firing()):
        http.post(f"{base}/webhooks/alertmanager", json=body).raise_for_status()

    def awaiting() -> str | None:
        for item in http.get(f"{base}/api/incidents").json()["items"]:
            status = http.get(f"{base}/api/incidents/{item['id']}/status").json()
            if status["status"] == "awaiting_approval":
                return str(item["id"])
        return None

    found: str = _until("an incident awaiting approval", awaiting)
    return found


async def _shoot(chromium: str, base: str, incident_id: str, out: Path, profile: Path) -> None:
    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            profile,
            executable_path=chromium,
            headless=True,
            args=list(CHROMIUM_FLAGS),
            viewport={"width": 1280, "height": 800},
        )
        page = context.pages[0] if context.pages else await context.new_page()
        for lang in LANGUAGES:
            await page.goto(f"{base}/ui/incidents?lang={lang}")
            await page.locator(f'#incidents tr[data-incident-id="{incident_id}"]').wait_for()
            await page.screenshot(path=out / f"console-list-{lang}.png", full_page=True)
            await page.goto(f"{base}/ui/incidents/{incident_id}")
            await page.locator("#diff").wait_for()
            await page.screenshot(path=out / f"console-incident-{lang}.png", full_page=True)
        await context.close()


def main(argv: list[str] | None = None) -> int:
    """Write the four console screenshots; 0 on success."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", nargs="?", default="docs", type=Path, help="where to write")
    out: Path = parser.parse_args(argv).out
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit(INSTALL_HINT)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="alertgraph-screenshots-") as tmp:
        port = _free_port()
        env = service_environment(
            API_HOST="127.0.0.1",
            API_PORT=str(port),
            GIT_REPO_PATH=str(Path(tmp) / "gitops"),
            RATE_LIMIT_PER_SECOND="0",
        )
        with (Path(tmp) / "service.log").open("wb") as log:
            service = subprocess.Popen(
                [sys.executable, "-m", "receiver"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        base = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(timeout=5.0, trust_env=False) as http:
                _until("the service", lambda: http.get(f"{base}/health/ready").is_success)
                incident_id = _incident(http, base)
            asyncio.run(_shoot(chromium, base, incident_id, out, Path(tmp) / "profile"))
        finally:
            os.killpg(service.pid, signal.SIGTERM)
            service.wait(timeout=20)
    print(f"wrote {', '.join(str(p) for p in sorted(out.glob('console-*.png')))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
