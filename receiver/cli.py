"""Command line: `alertgraph serve` (also `python -m receiver`), `alertgraph check-config`."""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib
import signal
import sys
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Literal, TextIO

import structlog
import uvicorn

from receiver.app import create_app, utc_now
from receiver.backends import backends_from
from receiver.config import (
    FILE_SETTINGS,
    ConfigError,
    Settings,
    documented_settings,
    effective_settings,
    is_loopback,
    load_settings,
)
from receiver.logs import configure_logging
from receiver.pg.database import Database
from receiver.pg.errors import DatabaseUnavailable
from receiver.policies.model import PolicyError
from receiver.policies.store import read_policies

# uvicorn waits this long for in-flight requests on SIGTERM before the lifespan drains the queue.
GRACEFUL_SHUTDOWN_SECONDS = 10


@dataclass(frozen=True, slots=True)
class Finding:
    """One line a config check prints: on stdout, or on stderr when it is a `problem` (then
    check-config exits 1)."""

    text: str
    problem: bool = False


def check_backends(settings: Settings) -> list[Finding]:
    """Whether each evidence backend answers: `prometheus: reachable`, `loki: not
    configured`; an unreachable one is a problem, with the reason and a masked detail."""

    async def probe() -> dict[str, str]:
        backends = backends_from(settings)
        try:
            return await backends.reachability()
        finally:
            await backends.aclose()

    return [
        Finding(f"{name}: {state}", problem=state.startswith("unreachable"))
        for name, state in asyncio.run(probe()).items()
    ]


def check_policies(settings: Settings) -> list[Finding]:
    """Whether POLICY_FILE is valid, as start-up checks it: `policies: 3 rules from
    policies.yaml`, or the problem naming its line."""
    if settings.policy_file is None:
        return [Finding("policies: none (every proposal needs one approval)")]
    try:
        loaded = read_policies(settings.policy_file, utc_now())
    except PolicyError as error:
        return [Finding(f"policies: {error}", problem=True)]
    return [Finding(f"policies: {len(loaded.rules)} rules from {settings.policy_file.name}")]


def check_database(settings: Settings) -> list[Finding]:
    """Where the durable state lives (CHECKPOINT_URL): in memory, a SQLite file, or a
    PostgreSQL database that answers (its schema version) — or a problem: it does not
    answer, refuses the login, or is newer than this alertgraph. The URL's password is
    masked."""
    if settings.checkpoint_path is not None:
        return [Finding(f"checkpoints: SQLite file {settings.checkpoint_path}")]
    conninfo = settings.postgres_conninfo
    if conninfo is None:
        return [Finding("checkpoints: in memory (CHECKPOINT_URL unset: lost at a restart)")]
    try:
        return [Finding(f"checkpoints: {asyncio.run(_describe(conninfo, settings))}")]
    except DatabaseUnavailable as error:
        return [Finding(f"checkpoints: {error}", problem=True)]


async def _describe(conninfo: str, settings: Settings) -> str:
    return await Database(conninfo, settings.checkpoint_shown).describe()


# What `check-config` runs once the settings are valid: each returns its findings (one line
# each). Later checks (can Alertmanager, the git remote and Slack be reached?) go here.
ConfigCheck = Callable[[Settings], Iterable[Finding]]
CONFIG_CHECKS: tuple[ConfigCheck, ...] = (check_policies, check_database, check_backends)

DESCRIPTION = """\
Turns Kubernetes alerts into reviewed, committed Helm values fixes.
`alertgraph serve` runs the service; `alertgraph check-config` checks its settings."""


def package_version() -> str:
    """The installed version of alertgraph."""
    try:
        return version("alertgraph")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def settings_help() -> str:
    """The settings section of `--help`: every setting, from the Settings model itself."""
    lines = [
        "settings:",
        "  Every setting is an environment variable with a default (the README's",
        "  Configuration section documents them); `alertgraph check-config` validates the",
        "  environment and shows the values in force.",
        "",
    ]
    for doc in documented_settings():
        lines.append(f"  {doc.name} (default: {doc.default})")
        lines += textwrap.wrap(
            doc.description, width=88, initial_indent=" " * 6, subsequent_indent=" " * 6
        )
    files = ", ".join(f"{name}_FILE" for name in FILE_SETTINGS)
    lines += ["", *textwrap.wrap(f"{files}: read that secret from a file instead.", 90)]
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    """The `alertgraph` argument parser with its two commands."""
    formatter = argparse.RawDescriptionHelpFormatter
    epilog = settings_help()
    parser = argparse.ArgumentParser(
        prog="alertgraph", description=DESCRIPTION, epilog=epilog, formatter_class=formatter
    )
    parser.add_argument("--version", action="version", version=f"alertgraph {package_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "serve",
        help="run the service in the foreground (configured by environment variables)",
        description="Run the service on API_HOST:API_PORT until SIGTERM or SIGINT; a SIGTERM "
        "stop drains the queue and exits 0. Configured only by environment variables.",
        epilog=epilog,
        formatter_class=formatter,
    )
    commands.add_parser(
        "check-config",
        help="validate the environment and print the settings in force (secrets masked)",
        description="Validate the settings in the environment exactly as `serve` would, "
        "print each one with its value (secrets as ****) and where it came from, then whether "
        "each evidence backend (Prometheus, Loki) and the PostgreSQL database of CHECKPOINT_URL "
        "are reachable, unreachable (and why) or not configured. Exit 0 when valid, 2 (with "
        "one line naming the variable) when not, 1 when a configured backend or the database "
        "does not answer.",
        formatter_class=formatter,
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `alertgraph` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    if args.command == "check-config":
        return check_config()
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"alertgraph: invalid configuration: {exc}", file=sys.stderr)
        return 2
    try:
        serve(settings)
    except PolicyError as exc:  # POLICY_FILE, read by create_app
        print(f"alertgraph: invalid policy file: {exc}", file=sys.stderr)
        return 2
    except DatabaseUnavailable as exc:  # CHECKPOINT_URL=postgresql://…: checked first
        print(f"alertgraph: {exc}", file=sys.stderr)
        return 2
    return 0


def check_config(
    checks: Sequence[ConfigCheck] = CONFIG_CHECKS,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Load the settings from the environment and print them, then what each of `checks`
    found; 0 valid, 2 invalid (one line on stderr), 1 when a check found a problem."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"alertgraph: invalid configuration: {exc}", file=err)
        return 2
    rows = [("SETTING", "VALUE", "FROM")]
    rows += [(s.name, s.value, s.source) for s in effective_settings(settings)]
    name_width = max(len(r[0]) for r in rows) + 2
    value_width = max(len(r[1]) for r in rows) + 2
    print(f"alertgraph {package_version()}: the configuration is valid.", file=out)
    for name, value, source in rows:
        print(f"{name:<{name_width}}{value:<{value_width}}{source}", file=out)
    problems = 0
    for check in checks:
        for finding in check(settings):
            problems += finding.problem
            if finding.problem:
                print(f"alertgraph: {finding.text}", file=err)
            else:
                print(finding.text, file=out)
    return 1 if problems else 0


@dataclass(frozen=True, slots=True)
class ServingStack:
    """The HTTP parser and event loop uvicorn serves with."""

    http: Literal["httptools", "h11"]
    loop: Literal["uvloop", "asyncio"]

    @property
    def fast(self) -> bool:
        """Both C implementations (uvicorn's `standard` extra) are in use."""
        return self.http == "httptools" and self.loop == "uvloop"

    def describe(self) -> str:
        """The start-up log line naming the stack, with a hint when it is not the fast one."""
        text = f"serving with {self.http} + {self.loop}"
        return text if self.fast else f"{text} (install uvicorn[standard] for speed)"


def _importable(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def serving_stack(importable: Callable[[str], bool] = _importable) -> ServingStack:
    """httptools + uvloop when they import (the package depends on them), else uvicorn's
    pure-Python h11 and asyncio's own loop, each chosen on its own as uvicorn's "auto" does."""
    return ServingStack(
        http="httptools" if importable("httptools") else "h11",
        loop="uvloop" if importable("uvloop") else "asyncio",
    )


def _stopped(signum: int, frame: object) -> None:
    raise SystemExit(0)


def serve(settings: Settings) -> None:
    """Run the service in the foreground until SIGINT/SIGTERM; a SIGTERM stop exits 0."""
    configure_logging(settings.log_format, settings.log_level)
    conninfo = settings.postgres_conninfo
    if conninfo is not None:  # a wrong password or host: one line, not uvicorn's traceback
        asyncio.run(Database(conninfo, settings.checkpoint_shown).reachable())
    # uvicorn restores this handler after its graceful shutdown and re-raises the SIGTERM it
    # caught; exiting 0 instead of dying by the signal tells Kubernetes the stop was clean.
    signal.signal(signal.SIGTERM, _stopped)
    log = structlog.get_logger("alertgraph")
    if not settings.api_keys:
        # Config validation already refused a non-loopback API_HOST without keys unless
        # ALLOW_UNAUTHENTICATED=true.
        log.warning(
            f"no API_KEYS set: /api/* needs no key; bound to {settings.api_host} only"
            if is_loopback(settings.api_host)
            else f"no API_KEYS set and ALLOW_UNAUTHENTICATED=true: /api/* is open to anyone "
            f"who can reach {settings.api_host}",
            host=settings.api_host,
        )
    log.info(
        "starting",
        host=settings.api_host,
        port=settings.api_port,
        docs=f"http://{settings.api_host}:{settings.api_port}/docs",
    )
    stack = serving_stack()
    # The pure-Python stack works but answers ~40 % fewer webhook requests/s: worth a warning.
    (log.info if stack.fast else log.warning)(stack.describe(), http=stack.http, loop=stack.loop)
    try:
        uvicorn.run(
            create_app(settings),
            host=settings.api_host,
            port=settings.api_port,
            http=stack.http,
            loop=stack.loop,
            log_config=None,
            access_log=settings.access_log,
            lifespan="on",
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
            server_header=False,
        )
    finally:
        # Everything is stopped and written down. Without this the interpreter's last garbage
        # collections walk every object of the loaded libraries: 0.4-0.9 s of an idle stop.
        gc.freeze()
