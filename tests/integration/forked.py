"""The service run in a process forked from a warm interpreter (see conftest `fork_server`).

Importing the service takes seconds; tests that restart it many times fork it instead from a
fork server that imported it once. The child is the real service: `receiver.cli.main`, in a
process group of its own, with its own environment, working directory and log file.
"""

from __future__ import annotations

import os
import sys


def serve(env: dict[str, str], cwd: str, log_path: str) -> None:
    """Become the service: a new session, output to `log_path`, `env` as the environment."""
    os.setsid()
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    for fd in (1, 2):
        os.dup2(log, fd)
    os.close(log)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    from receiver.cli import main

    sys.exit(main(["serve"]))
