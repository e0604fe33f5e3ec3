"""Command line: `alertgraph serve` (also `python -m receiver`)."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence

import structlog
import uvicorn

from receiver.app import create_app
from receiver.config import ConfigError, Settings, is_loopback, load_settings
from receiver.logs import configure_logging

# uvicorn waits this long for in-flight requests on SIGTERM before the lifespan drains the queue.
GRACEFUL_SHUTDOWN_SECONDS = 10


def _stopped(signum: int, frame: object) -> None:
    raise SystemExit(0)


def serve(settings: Settings) -> None:
    """Run the service in the foreground until SIGINT/SIGTERM; a SIGTERM stop exits 0."""
    configure_logging(settings.log_format, settings.log_level)
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
    uvicorn.run(
        create_app(settings),
        host=settings.api_host,
        port=settings.api_port,
        log_config=None,
        access_log=settings.access_log,
        lifespan="on",
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        server_header=False,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `alertgraph` command; returns the exit status."""
    parser = argparse.ArgumentParser(prog="alertgraph", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("serve", help="run the service (configured by environment variables)")
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"alertgraph: invalid configuration: {exc}", file=sys.stderr)
        return 2
    serve(settings)
    return 0
