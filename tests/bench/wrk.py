"""The load generator of the ingest benchmark: wrk, its Lua script, and reading its result.

wrk (one thread) POSTs one body file over and over; the script's done() prints one JSON line that
`run_wrk` parses. Any non-2xx answer, socket timeout or connect error is a BenchError, since the
figures would be meaningless.
"""

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from errors import BenchError

# wrk script: POST the body file given after `--`; done() prints one JSON line we parse.
WRK_SCRIPT = r"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function init(args)
  local f = assert(io.open(args[1], "rb"))
  wrk.body = f:read("*a")
  f:close()
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH-RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
    .. '"mean_us": %.1f, "max_us": %d, "connect": %d, "read": %d, "write": %d, '
    .. '"status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.mean, latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def run_wrk(
    url: str, script: Path, body: Path, seconds: int, connections: int, label: str
) -> WrkResult:
    cmd = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "--timeout",
        "5s",
        "--latency",
        "-s",
        str(script),
        url,
        "--",
        str(body),
    ]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 30, check=False)
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"wrk did not finish ({label})") from exc
    if out.returncode != 0:
        raise BenchError(f"wrk failed ({label}), exit {out.returncode}:\n{out.stderr}{out.stdout}")
    match = re.search(r"^BENCH-RESULT (\{.*\})$", out.stdout, re.MULTILINE)
    if match is None:
        raise BenchError(f"no result in wrk's output ({label}):\n{out.stdout}{out.stderr}")
    data = json.loads(match.group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", out.stdout)
    bad_status = max(data["status"], int(non2xx.group(1)) if non2xx else 0)
    if bad_status or data["timeout"] or data["connect"]:
        raise BenchError(
            f"{label}: the server answered errors, the figures would be meaningless "
            f"(non-2xx/3xx: {bad_status}, timeouts: {data['timeout']}, "
            f"connect errors: {data['connect']}).\nwrk output:\n{out.stdout}"
        )
    if data["requests"] == 0:
        raise BenchError(f"{label}: wrk completed no request:\n{out.stdout}")
    return WrkResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
    )


def wrk_version() -> str:
    """wrk's own version line, without its copyright notice; "wrk: not installed" without it."""
    try:
        out = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return "wrk: not installed"
    line = ((out.stdout or out.stderr).splitlines() or ["wrk"])[0]
    return line.split(" Copyright")[0].strip()
