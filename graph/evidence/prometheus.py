"""A small client for the Prometheus HTTP query API — what Prometheus, Thanos Query, Mimir
and VictoriaMetrics serve under `<base>/api/v1/`.

Calls: instant `query`, `query_range`, and the rules API (`/api/v1/rules`) to find an alert's
expression by name. Queries are POSTed form-encoded (long PromQL does not hit URL limits).
`X-Scope-OrgID` is set per call (the incident's tenant, for Mimir / Cortex / Thanos
tenancy). Every answer is parsed from the documented envelope
`{"status":"success","data":{"resultType":"vector|matrix|scalar","result":…},"warnings":[…]}`;
sample values are strings and may be `"NaN"`, `"+Inf"`, `"-Inf"`. Nothing raises for a
backend problem: a call returns `QueryResult` or `Unavailable`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph.evidence.backend import (
    Answer,
    QueryApi,
    Unavailable,
    bad_response,
    http_error,
)

BACKEND = "prometheus"


@dataclass(frozen=True, slots=True)
class Series:
    """One series of a result: its labels (without `__name__` when the query dropped it) and
    its points as (unix seconds, value); an instant vector or a scalar has one point."""

    labels: Mapping[str, str]
    points: tuple[tuple[float, float], ...]

    @property
    def value(self) -> float:
        """The last point's value (the only one for an instant vector or a scalar)."""
        return self.points[-1][1]


@dataclass(frozen=True, slots=True)
class QueryResult:
    """A successful query: `result_type` is `vector`, `matrix` or `scalar` (a scalar is one
    series without labels); the backend's warnings are kept."""

    result_type: str
    series: tuple[Series, ...]
    warnings: tuple[str, ...] = ()

    def finite(self) -> tuple[Series, ...]:
        """The series whose last value is a finite number (NaN and ±Inf say nothing about a
        size)."""
        return tuple(s for s in self.series if math.isfinite(s.value))


class PrometheusClient(QueryApi):
    """The query API of one Prometheus-compatible backend at `base_url` (e.g.
    `http://prometheus:9090`, `http://mimir/prometheus`). `http` is created by the caller once
    and closed at shutdown; `timeout` is the default total time per call."""

    BACKEND = BACKEND

    async def query(
        self,
        expr: str,
        *,
        at: float | None = None,
        tenant: str | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - per call, also httpx's per-phase timeout
    ) -> QueryResult | Unavailable:
        """An instant query evaluated at `at` (unix seconds; the backend's now when None)."""
        form = {"query": expr}
        if at is not None:
            form["time"] = _seconds(at)
        return await self._post("/api/v1/query", form, tenant, timeout)

    async def query_range(
        self,
        expr: str,
        *,
        start: float,
        end: float,
        step: float,
        tenant: str | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - per call, also httpx's per-phase timeout
    ) -> QueryResult | Unavailable:
        """A range query from `start` to `end` (unix seconds, both inclusive) every `step`
        seconds; a `matrix` result."""
        form = {"query": expr, "start": _seconds(start), "end": _seconds(end), "step": f"{step:g}"}
        return await self._post("/api/v1/query_range", form, tenant, timeout)

    async def alert_expression(
        self,
        alertname: str,
        *,
        tenant: str | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - per call
    ) -> str | Unavailable | None:
        """The PromQL of the alerting rule called `alertname` from `/api/v1/rules?type=alert`;
        None when no loaded rule has that name (the first one wins if several do)."""
        answer = await self.request(
            "GET",
            "/api/v1/rules",
            params={"type": "alert"},
            tenant=tenant,
            timeout=timeout,
        )
        if isinstance(answer, Unavailable):
            return answer
        data = _data(answer)
        if isinstance(data, Unavailable):
            return data
        return _rule_expression(data, alertname)

    async def probe(self, *, tenant: str | None = None) -> Unavailable | None:
        """None when the backend answers a trivial query (`vector(1)`); else why not. For
        `check-config` and the start-up log."""
        result = await self.query("vector(1)", tenant=tenant)
        return result if isinstance(result, Unavailable) else None

    async def _post(
        self, path: str, form: dict[str, str], tenant: str | None, limit: float | None
    ) -> QueryResult | Unavailable:
        answer = await self.request(
            "POST",
            path,
            data=form,
            tenant=tenant,
            timeout=limit,
        )
        if isinstance(answer, Unavailable):
            return answer
        return parse_query_answer(answer, BACKEND)


def _seconds(value: float) -> str:
    return f"{value:.3f}"


def parse_query_answer(answer: Answer, backend: str = BACKEND) -> QueryResult | Unavailable:
    """A query answer (Prometheus, or Loki's metric queries, which share the envelope) as a
    `QueryResult`, or the `Unavailable` saying what was wrong with it."""
    data = _data(answer, backend)
    if isinstance(data, Unavailable):
        return data
    result_type, result = data.get("resultType"), data.get("result")
    try:
        if result_type == "vector" and isinstance(result, list):
            series = tuple(_series(item, "value") for item in result if "value" in item)
        elif result_type == "matrix" and isinstance(result, list):
            series = tuple(_series(item, "values") for item in result if "values" in item)
        elif result_type == "scalar" and isinstance(result, list):
            series = (Series({}, (_point(result),)),)
        else:
            return bad_response(backend, f"unsupported result type {result_type!r}")
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        return bad_response(backend, f"malformed {result_type} result: {exc}")
    warnings = data.get("_warnings", ())
    return QueryResult(str(result_type), series, tuple(str(w) for w in warnings))


def _data(answer: Answer, backend: str = BACKEND) -> dict[str, Any] | Unavailable:
    """The `data` object of a success envelope (with the top-level warnings tucked in)."""
    if not 200 <= answer.status < 300:
        return http_error(backend, answer)
    try:
        document: Any = json.loads(answer.body)
    except ValueError:
        return bad_response(backend, f"not JSON: {answer.body[:100]!r}")
    if not isinstance(document, dict):
        return bad_response(backend, "the answer is not a JSON object")
    if document.get("status") != "success":
        return bad_response(backend, f"status {document.get('status')!r}: {document.get('error')}")
    data = document.get("data")
    if not isinstance(data, dict):
        return bad_response(backend, "the answer has no data object")
    warnings = document.get("warnings")
    return {**data, "_warnings": warnings if isinstance(warnings, list) else []}


def _series(item: dict[str, Any], key: str) -> Series:
    labels = item.get("metric") or item.get("stream") or {}
    if not isinstance(labels, dict):
        raise ValueError("labels are not an object")
    raw = item[key]
    points = (_point(raw),) if key == "value" else tuple(_point(p) for p in raw)
    return Series({str(k): str(v) for k, v in labels.items()}, points)


def _point(raw: Any) -> tuple[float, float]:
    """`[<unix seconds>, "<value>"]`; the value may be "NaN", "+Inf", "-Inf"."""
    timestamp, value = raw[0], raw[1]
    if not isinstance(value, str):
        raise ValueError(f"sample value {value!r} is not a string")
    return float(timestamp), float(value)


def _rule_expression(data: dict[str, Any], alertname: str) -> str | None:
    groups = data.get("groups")
    if not isinstance(groups, list):
        return None
    for group in groups:
        rules = group.get("rules") if isinstance(group, dict) else None
        for rule in rules if isinstance(rules, list) else ():
            if (
                isinstance(rule, dict)
                and rule.get("type") == "alerting"
                and rule.get("name") == alertname
                and isinstance(rule.get("query"), str)
            ):
                return str(rule["query"])
    return None
