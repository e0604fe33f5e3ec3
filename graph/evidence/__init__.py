"""Evidence from Prometheus and Loki: what the workload really used, what it logged, whether
the alert's own expression is still true.

Clients (`prometheus`, `loki`) take an injected `httpx.AsyncClient` and never raise for a
backend that is down, slow or answering errors: they return an `Unavailable` that says why.
Everything else is pure: the PromQL (`queries`), sizing from evidence (`sizing`, with its
parts `steps`, `capping` and `replicas`), the recovery state machine (`verification`) and the
fallback Loki poller (`poller`, its configuration, cursor and results in `poll_state`).
"""
