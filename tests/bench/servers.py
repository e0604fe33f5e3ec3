"""The servers the ingest benchmark measures: starting, probing, stopping them, and their CPU time.

- `bare` and `bare-onepass`: the two bare Litestar apps (`serve_bare`), each started as a
  subprocess of the benchmark script itself (`ingest.py --serve-bare PORT` /
  `--serve-bare-onepass PORT`);
- `service`: `python -m receiver`, with a queue large enough that it never answers 503.

Each runs on one of two stacks, named after a slash (`service/h11`, `bare/fast`):

- `fast`: as installed, httptools + uvloop (dependencies of the package);
- `h11`: the pure-Python h11 + asyncio, the service as it was before it depended on them. The
  process is started in an interpreter where httptools and uvloop cannot be imported, so
  `receiver.cli.serving_stack` falls back exactly as on a machine without them.

`running` checks in /proc/<pid>/maps that the process loaded the stack's C modules (fast) or
none of them (h11). Each runs as a single-worker uvicorn process on a free loopback port;
`running` waits until it answers the webhook and stops it afterwards. `cpu_seconds` reads its
CPU time from /proc.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from errors import BenchError

REPO = Path(__file__).resolve().parents[2]
# The benchmark's entry point: its hidden --serve-bare* flags start the bare apps below.
ENTRY_POINT = Path(__file__).resolve().with_name("ingest.py")
WEBHOOK_PATH = "/webhooks/alertmanager"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 20.0  # uvicorn's graceful shutdown (10 s) plus the queue drain
# Every round starts these in this order, alternating the stacks; `bare/fast` is the acceptance
# baseline of `service/fast`, `service/h11` the service as it was (the speed-up's baseline).
KINDS = ("bare/h11", "service/h11", "bare/fast", "bare-onepass/fast", "service/fast")
STACKS = {"h11": "h11 + asyncio", "fast": "httptools + uvloop"}
# The C extension modules each stack loads; /proc/<pid>/maps shows whether a process has them.
FAST_MODULES = ("uvloop/loop.", "httptools/parser/parser.")
# Starts `python ARGS...` as if httptools and uvloop were not installed: a None entry in
# sys.modules makes `import` raise ImportError. ARGS is `-m MODULE ...` or `SCRIPT ...`.
WITHOUT_FAST_STACK = """
import runpy, sys
sys.modules.update(httptools=None, uvloop=None)
del sys.argv[0]
if sys.argv[0] == "-m":
    del sys.argv[0]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
else:
    runpy.run_path(sys.argv[0], run_name="__main__")
"""


# --- the bare server ---------------------------------------------------------------------------


def serve_bare(port: int, onepass: bool) -> None:
    """Serve a Litestar app whose only handler decodes a WebhookMessage and answers 200.

    `onepass=False` (`bare`): the body is declared `data: JSONBody[WebhookMessage]`, Litestar's
    own two-pass decoding. `onepass=True` (`bare-onepass`): the body is taken as `RawBody` and
    decoded by `receiver.ingest.wire.decode_webhook`, exactly as receiver/api/ingest.py
    does. The app is built with `logging_config=None` like receiver/app.py, so only the service's
    own work differs from `bare-onepass`. It serves on the stack `receiver.cli.serving_stack`
    picks, as the service does.
    """
    import uvicorn
    from litestar import Litestar, post
    from litestar.params import JSONBody, RawBody

    from receiver.cli import GRACEFUL_SHUTDOWN_SECONDS, serving_stack
    from receiver.config import load_settings
    from receiver.ingest.wire import WebhookMessage, decode_webhook

    @post(WEBHOOK_PATH, status_code=200)
    async def webhook_litestar(data: JSONBody[WebhookMessage]) -> None:
        return None

    @post(WEBHOOK_PATH, status_code=200)
    async def webhook_onepass(body: RawBody) -> None:
        decode_webhook(body)

    app = Litestar(
        route_handlers=[webhook_onepass if onepass else webhook_litestar],
        request_max_body_size=load_settings({}).max_body_bytes,
        debug=False,
        logging_config=None,
        openapi_config=None,
    )
    # The same options as receiver.cli.serve.
    stack = serving_stack()
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        http=stack.http,
        loop=stack.loop,
        log_config=None,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        server_header=False,
    )


# --- processes -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    name: str
    port: int
    proc: subprocess.Popen[bytes]
    log_path: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def _service_env(port: int, workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        API_HOST="127.0.0.1",
        API_PORT=str(port),
        QUEUE_MAXSIZE="10000000",  # measure ingest, never 503 "queue full"
        LOG_LEVEL="warning",
        LOG_FORMAT="json",
        ACCESS_LOG="false",
        GIT_REPO_PATH=str(workdir / "gitops"),
        RATE_LIMIT_PER_SECOND="0",  # the benches poll from one client as fast as they can
        # Blank means unset: no auth, no Loki, no Slack, whatever the caller's environment says.
        WEBHOOK_TOKEN="",
        API_KEYS="",
        LOKI_URL="",
        SLACK_BOT_TOKEN="",
        SLACK_SIGNING_SECRET="",
        SLACK_CHANNEL="",
    )
    return env


@contextlib.contextmanager
def running(
    kind: str, workdir: Path, probe_body: bytes, settings: dict[str, str] | None = None
) -> Iterator[Server]:
    """Start the service or a bare app (`service`, `bare/h11`: kind/stack, fast when no stack is
    named; the service with `settings` on top of the bench's), wait until it answers the
    webhook on that stack, stop it after."""
    app, _, stack = kind.partition("/")
    port = free_port()
    log_path = workdir / f"{app}-{stack or 'fast'}-{port}.log"
    if app == "service":
        args = ["-m", "receiver"]
        env = {**_service_env(port, workdir), **(settings or {})}
    else:
        flag = {"bare": "--serve-bare", "bare-onepass": "--serve-bare-onepass"}[app]
        args = [str(ENTRY_POINT), flag, str(port)]
        env = dict(os.environ)
    prefix = ["-c", WITHOUT_FAST_STACK] if stack == "h11" else []
    cmd = [sys.executable, *prefix, *args]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            cmd, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log
        )
    server = Server(kind, port, proc, log_path)
    try:
        _wait_ready(server, probe_body)
        _check_stack(server, stack or "fast")
        yield server
    finally:
        _stop(server)


def _wait_ready(server: Server, probe_body: bytes) -> None:
    import httpx

    deadline = time.monotonic() + START_TIMEOUT
    last = "no answer"
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise BenchError(
                f"{server.name} exited with {server.proc.returncode} during start-up:\n"
                f"{server.log_tail()}"
            )
        try:
            r = httpx.post(
                server.base + WEBHOOK_PATH,
                content=probe_body,
                headers={"Content-Type": "application/json"},
                timeout=2.0,
            )
        except httpx.TransportError as exc:
            last = repr(exc)
            time.sleep(0.1)
            continue
        if r.status_code == 200:
            return
        raise BenchError(f"{server.name} answered the probe with {r.status_code}: {r.text[:500]}")
    raise BenchError(f"{server.name} did not start within {START_TIMEOUT:.0f}s ({last})")


def _check_stack(server: Server, stack: str) -> None:
    """Fail unless the process has loaded both of the fast stack's C modules (`fast`) or
    neither (`h11`): the figures would be labelled with the wrong stack otherwise."""
    try:
        maps = Path(f"/proc/{server.proc.pid}/maps").read_text()
    except OSError as exc:
        raise BenchError(f"cannot read the memory map of {server.name}: {exc}") from exc
    loaded = [module for module in FAST_MODULES if module in maps]
    expected = list(FAST_MODULES) if stack == "fast" else []
    if loaded != expected:
        raise BenchError(
            f"{server.name} was to run on {STACKS[stack]} but has loaded {loaded or 'neither'} "
            f"of {', '.join(FAST_MODULES)}"
        )


def _stop(server: Server) -> None:
    proc = server.proc
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


def cpu_seconds(server: Server) -> float:
    """The server process's CPU time so far (user + system, all its threads), in seconds.

    Fields 14 and 15 of /proc/<pid>/stat, in clock ticks; the command name (field 2) may hold
    spaces and parentheses, so the fields are counted from the last `)`.
    """
    try:
        stat = Path(f"/proc/{server.proc.pid}/stat").read_text()
    except OSError as exc:
        raise BenchError(f"cannot read the CPU time of {server.name}: {exc}") from exc
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
