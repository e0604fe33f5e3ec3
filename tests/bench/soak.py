"""Soak benchmark: memory of the real service while incidents run from trigger to git, and after.

Run with `make bench` or `.venv/bin/python tests/bench/soak.py --help`. Not a pytest module.

One `python -m receiver` with its default settings (in-memory checkpoints, a fresh GitOps
repository in a temporary directory, LOG_LEVEL=warning) is driven through `--count` incidents,
`--concurrency` at a time. Each is a manual trigger for its own workload (`soak-<n>`, which has
no values file, so the proposal is a refusal and the decision commits the record), then a
decision — every third one rejected, the others approved — which ends it (`committed` or
`rejected`): one git commit per incident. That is a finished incident's whole life, as the
service keeps (or should let go of) it.

The service's resident memory (VmRSS from /proc) is read after a second of quiet at the start
and at each of `--marks` (default 2,000 and 10,000 finished incidents). Finished incidents live
in git; the registry, the checkpoints of finished threads and every per-incident cache must let
them go, so memory must stay flat. Target (issue 10): growth between the first two marks
≤ 20 MiB. Missing it is reported, not an error (exit 0); errors (a non-2xx answer, an incident
that does not finish, commits missing) exit 1.
"""

import argparse
import asyncio
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from errors import BenchError
from report import machine
from servers import Server, running

GROWTH_TARGET_MIB = 20.0
DEADLINE = 30.0  # seconds one incident may take from trigger to its end
QUIET = 1.0  # seconds of no load before reading memory
FINISHED = {"committed", "rejected"}
# The start-up probe: a resolved alert with no incident to join, so it opens none.
PROBE = (
    b'{"version":"4","groupKey":"{}:{}","status":"resolved","receiver":"soak","alerts":'
    b'[{"status":"resolved","labels":{"alertname":"SoakProbe"},'
    b'"startsAt":"2026-01-01T00:00:00Z","endsAt":"2026-01-01T00:01:00Z"}]}'
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--marks", default="2000,10000", help="finished incidents at which to read RSS")
    p.add_argument("--concurrency", type=int, default=4, help="incidents in flight at once (4)")
    return p.parse_args(argv)


def rss_mib(server: Server) -> float:
    """The service's resident set size, MiB (VmRSS of /proc/<pid>/status)."""
    for line in Path(f"/proc/{server.proc.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise BenchError("no VmRSS in /proc/<pid>/status")


class Driver:
    """Runs incidents through trigger → proposal → decision → finished."""

    def __init__(self, server: Server) -> None:
        import httpx

        self.http = httpx.AsyncClient(base_url=server.base, timeout=DEADLINE)
        self.finished = 0

    async def close(self) -> None:
        await self.http.aclose()

    async def _ok(self, method: str, url: str, **kwargs: Any) -> Any:
        r = await self.http.request(method, url, **kwargs)
        if r.status_code >= 300:
            raise BenchError(f"{method} {url} answered {r.status_code}: {r.text[:300]}")
        return r.json()

    async def _status(self, incident_id: str, wanted: set[str]) -> dict[str, Any]:
        deadline = time.monotonic() + DEADLINE
        while True:
            status: dict[str, Any] = await self._ok("GET", f"/api/incidents/{incident_id}/status")
            if status["status"] in wanted:
                return status
            if status["status"] in ("failed", "commit_failed") or time.monotonic() > deadline:
                raise BenchError(f"{incident_id} is {status['status']}: {status.get('reason')}")
            await asyncio.sleep(0.005)

    async def one(self, n: int) -> None:
        labels = {"app": f"soak-{n}", "namespace": "soak"}
        body = {"log_text": "OOMKilled: container exceeded its memory limit", "labels": labels}
        accepted = await self._ok("POST", "/api/incidents/trigger", json=body)
        shown = await self._status(accepted["incident_id"], {"awaiting_approval"})
        decision = "reject" if n % 3 == 0 else "approve"
        await self._ok(
            "POST",
            f"/api/incidents/{shown['id']}/feedback",
            json={"decision": decision, "user": "soak", "diff_sha256": shown["diff_sha256"]},
        )
        await self._status(shown["id"], FINISHED)
        self.finished += 1

    async def run(self, start: int, count: int, concurrency: int) -> None:
        numbers = iter(range(start, start + count))

        async def worker() -> None:
            for n in numbers:
                await self.one(n)

        await asyncio.gather(*(worker() for _ in range(concurrency)))


async def soak(server: Server, marks: list[int], concurrency: int) -> list[tuple[int, float]]:
    """RSS at the start and at each mark, after a moment of quiet; prints as it goes."""
    driver = Driver(server)
    readings: list[tuple[int, float]] = []
    try:
        await asyncio.sleep(QUIET)
        readings.append((0, rss_mib(server)))
        print(f"  {0:>7} finished  RSS {readings[-1][1]:7.1f} MiB", flush=True)
        began = time.monotonic()
        for mark in marks:
            await driver.run(driver.finished, mark - driver.finished, concurrency)
            await asyncio.sleep(QUIET)
            readings.append((mark, rss_mib(server)))
            rate = driver.finished / (time.monotonic() - began)
            print(
                f"  {mark:>7} finished  RSS {readings[-1][1]:7.1f} MiB   ({rate:.0f} incidents/s)",
                flush=True,
            )
    finally:
        await driver.close()
    return readings


def commits(repo: Path) -> int:
    out = subprocess.run(
        ["git", "-C", str(repo), "log", "--format=%(trailers:key=Incident-Id,valueonly)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return sum(1 for line in out.splitlines() if line.strip())


def report(readings: list[tuple[int, float]]) -> bool:
    (_, start), *marked = readings
    print()
    print(f"  RSS at start {start:.1f} MiB")
    for (count, rss), (_, before) in zip(marked, readings, strict=False):
        print(f"  RSS after {count:>6} incidents {rss:7.1f} MiB  (+{rss - before:.1f} MiB)")
    if len(marked) < 2:
        return True
    (first, at_first), (second, at_second) = marked[0], marked[1]
    growth = at_second - at_first
    per = growth * 1024 / (second - first)
    ok = growth <= GROWTH_TARGET_MIB
    print(
        f"  growth {first}→{second}: {growth:+.1f} MiB ({per:+.2f} KiB per incident); "
        f"target ≤ {GROWTH_TARGET_MIB:.0f} MiB: {'PASS' if ok else 'FAIL'} "
        f"({growth / GROWTH_TARGET_MIB:.2f}× the target)"
    )
    return ok


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupted)
    marks = sorted({int(m) for m in args.marks.split(",") if m.strip()})
    if not marks or marks[0] < 1 or args.concurrency < 1:
        print("--marks must be positive counts and --concurrency ≥ 1", file=sys.stderr)
        return 2
    print("Soak: memory while incidents run to their end (tests/bench/soak.py)")
    for line in machine():
        print(f"  {line}")
    print(f"  marks {marks}, {args.concurrency} at a time, default settings (in-memory state)")
    try:
        with tempfile.TemporaryDirectory(prefix="alertgraph-soak-") as tmp:
            workdir = Path(tmp)
            with running("service", workdir, PROBE) as server:
                try:
                    readings = asyncio.run(soak(server, marks, args.concurrency))
                except BenchError as exc:
                    raise BenchError(f"{exc}\n--- service log ---\n{server.log_tail()}") from None
            made = commits(workdir / "gitops")
            if made != marks[-1]:
                raise BenchError(f"{made} incident commits in git for {marks[-1]} incidents")
    except BenchError as exc:
        print(f"\nBENCH ERROR: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    if not report(readings):
        print("A target was missed (reported, not an error).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
