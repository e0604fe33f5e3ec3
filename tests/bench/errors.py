"""The one error of the ingest benchmark (tests/bench/ingest.py): figures would be meaningless."""


class BenchError(Exception):
    """The run cannot produce meaningful figures (server errors, no start-up, ...)."""
