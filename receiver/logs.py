"""Logging: structlog for our lines, and the same renderer for uvicorn's and the stdlib's.

One line per event, JSON by default (`LOG_FORMAT=console` for humans). Request bodies are
never logged, and every value of every line — tracebacks included — goes through
`graph.masking` first, so a token in an alert, a git error or a comment never reaches the log.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any, Literal

import structlog

from graph.masking import mask_value

_LEVELS = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "error": logging.ERROR,
}


_PLAIN_KEYS = frozenset({"timestamp", "level", "logger"})


def mask_event(_logger: Any, _method: str, event: MutableMapping[str, Any]) -> dict[str, Any]:
    """Structlog processor: secrets masked in every value of the line (see graph.masking)."""
    return {k: v if k in _PLAIN_KEYS else mask_value(v) for k, v in event.items()}


def configure_logging(
    fmt: Literal["json", "console"] = "json", level: str = "info", stream: Any = None
) -> None:
    """Route structlog and stdlib logging (uvicorn, litestar) through one renderer to `stream`."""
    shared: list[structlog.typing.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            *shared,
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,  # so a reconfiguration (tests, reload) takes effect
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            mask_event,
            renderer,
        ],
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(_LEVELS.get(level, logging.INFO))
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "litestar"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
