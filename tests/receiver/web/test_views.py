"""The console's pure drawing: the evidence chart and the side-by-side diff."""

from __future__ import annotations

import pytest

from receiver.web import live
from receiver.web.charts import amount, chart_data, chart_svg
from receiver.web.diffs import split_rows, unified_rows
from receiver.web.texts import translator

DIFF = """--- a/values.yaml
+++ b/values.yaml
@@ -1,3 +1,3 @@
 resources:
-  memory: 1Gi
+  memory: 2Gi
 cpu: 1
"""

EVIDENCE = {
    "rows": [
        {"signal": "restarts", "subject": "grafana", "values": {"24h": "3"}},
        {
            "signal": "memory",
            "subject": "grafana",
            "values": {"peak 7d": "1.71 GiB", "p99 7d": "900 MiB", "limit": "1 GiB"},
        },
    ],
    "missing": [],
}


def test_the_chart_draws_readings_against_the_old_and_new_limit_in_text() -> None:
    assert amount("1.71 GiB") == 1.71 * 1024**3 and amount("480m") == 0.48
    assert amount("1.5 cores") == 1.5 and amount("soon") is None
    data = chart_data(EVIDENCE, {"resources.limits.memory": "2Gi"})
    assert data is not None and data.signal == "memory"
    assert data.old_limit == (1024**3, "1 GiB") and data.new_limit == (2 * 1024**3, "2Gi")
    svg = str(chart_svg(data, translator("ko")))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "기존 한도 1 GiB" in svg and "새 한도 2Gi" in svg and "1.71 GiB" in svg
    assert chart_data({"rows": EVIDENCE["rows"][:1]}, {}) is None
    assert chart_data(None, {}) is None


def test_a_chart_label_from_an_alert_is_escaped() -> None:
    evidence = {"rows": [{"signal": "cpu", "subject": "<script>", "values": {"p99 7d": "480m"}}]}
    data = chart_data(evidence, {})
    assert data is not None
    svg = str(chart_svg(data, translator("en")))
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_the_diff_is_classed_and_paired_side_by_side() -> None:
    kinds = [line.kind for line in unified_rows(DIFF)]
    assert kinds == ["file", "file", "hunk", "ctx", "del", "add", "ctx"]
    pairs = split_rows(DIFF)
    changed = [p for p in pairs if p.old is not None and p.old.kind == "del"]
    assert len(changed) == 1 and changed[0].new is not None
    assert (changed[0].old.text, changed[0].new.text) == ("  memory: 1Gi", "  memory: 2Gi")


async def test_an_idle_event_stream_sends_keepalives_and_ends_on_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(live, "KEEPALIVE", 0.01)
    feed = live.LiveFeed()
    lines = [line async for line in feed.stream("en", 0.05)]
    assert lines[0] == f"retry: {live.RETRY_MS}\n\n"
    assert lines[1:] and set(lines[1:]) == {": keepalive\n\n"}
    assert feed.listeners == 0  # the page's queue is gone with its stream
