"""What the ingest benchmark prints: the machine header, each run's line, and the final report.

The report holds the results table, the per-round ratios (COMPARISONS), the acceptance verdicts
(the fast stack's speed-up over the service on h11 + asyncio, the fast service against `bare` on
the same stack, alerts/s: the targets below), the informational cost of the service's own work
against `bare-onepass`, and the evidence that the service did the work. `print_report` returns
the targets missed; ingest.py exits 1 on any.
"""

import argparse
import contextlib
import importlib.metadata
import os
import platform
import statistics
import sys
from pathlib import Path

from evidence import Evidence
from figures import Cell, Ratios, Run
from servers import KINDS
from wrk import wrk_version

RATIO_TARGET = 0.8  # service/fast against bare/fast, every body
SPEEDUP_TARGET = 1.4  # service/fast against service/h11 (the service as it was)
SPEEDUP_BODY = "2 alerts"  # the body the speed-up target applies to
ALERTS_PER_SECOND_TARGET = 50_000
TARGET_BODY = "100 alerts"  # the body the alerts/s target applies to
REPRODUCE = "make bench   (= .venv/bin/python tests/bench/ingest.py)"


def machine() -> list[str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = []
    for dist in ("litestar", "uvicorn", "msgspec", "h11", "httptools", "uvloop"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions.append(f"{dist} {importlib.metadata.version(dist)}")
    load = "unknown"
    with contextlib.suppress(OSError):
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return [
        f"CPU:     {cpu}, {os.cpu_count()} cores ({usable} usable)",
        f"OS:      {platform.system()} {platform.release()} ({platform.machine()})",
        f"Python:  {platform.python_implementation()} {platform.python_version()}",
        f"Libs:    {', '.join(versions)}",
        f"Client:  {wrk_version()}",
        f"Loadavg: {load} (before the run; other work on the machine skews the figures)",
    ]


def print_header(args: argparse.Namespace) -> None:
    print("alertgraph ingest benchmark")
    for line in machine():
        print("  " + line)
    print(
        f"  Run:     wrk -t1 -c{args.connections} -d{args.duration:g}s, {args.warmup:g}s warm-up, "
        f"{args.rounds} rounds of {' / '.join(KINDS)} in turn, median;\n"
        "           one uvicorn worker each; h11: h11 + asyncio, fast: httptools + uvloop\n"
        "           (each process's stack checked in /proc/<pid>/maps)"
    )
    print(
        "  CPU:     server process utime+stime (/proc/<pid>/stat) over each measured run, "
        "per request wrk completed;\n"
        "           for the service the window runs until its queue has drained"
    )
    print()
    sys.stdout.flush()


def print_run(name: str, run: Run, alerts: int, drain: tuple[float, float] | None) -> None:
    """One measured run as it finishes; `drain`: the service's queue (depth, seconds to drain)."""
    result = run.wrk
    line = (
        f"{name:<34} {result.rps:>7,.0f} req/s {result.rps * alerts:>9,.0f} alerts/s"
        f"  CPU {run.cpu_us:6,.0f} us/req ({run.busy:4.0%} of a core)"
        f"  p50 {result.p50_ms:5.2f} ms  p99 {result.p99_ms:6.2f} ms"
    )
    if drain is not None:
        depth, seconds = drain
        line += f"  queue after run {depth:,.0f} (drained in {seconds:.2f}s)"
    print(line, flush=True)


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _span(values: list[float], fmt: str = ".2f") -> str:
    return f"{min(values):{fmt}}-{max(values):{fmt}}"


# (numerator, denominator, what the ratio says), printed round by round.
COMPARISONS = (
    ("service/fast", "service/h11", "the fast stack's speed-up"),
    ("service/fast", "bare/fast", "service against bare, fast stack"),
    ("service/h11", "bare/h11", "service against bare, h11 stack"),
    ("service/fast", "bare-onepass/fast", "service against bare-onepass, fast stack"),
)


def print_report(
    cells: dict[tuple[str, str], Cell],
    bodies: list[tuple[str, Path, int]],
    evidence: Evidence | None,
    args: argparse.Namespace,
) -> list[str]:
    """Everything after the runs: tables, verdicts, evidence and how to reproduce the run;
    returns the targets missed."""
    n = len(cells[(KINDS[0], bodies[0][0])].runs)
    _print_results(cells, bodies, n)
    # ratios[(numerator, denominator, body)], round by round.
    ratios = {
        (top, base, label): Ratios.of(cells[(base, label)], cells[(top, label)])
        for top, base, _ in COMPARISONS
        for label, *_ in bodies
    }
    _print_ratios(cells, bodies, ratios, n)
    misses = _print_acceptance(cells, bodies, ratios, n)
    _print_own_work(cells, bodies, ratios, n)
    if evidence is not None:
        _print_evidence(evidence)
    print()
    print(f"Reproduce: {REPRODUCE}")
    print(
        f"  options: --duration {args.duration:g} --warmup {args.warmup:g} "
        f"--rounds {args.rounds} --connections {args.connections}"
    )
    if misses:
        print()
        print("TARGET MISSED: " + "; ".join(misses))
    else:
        print("All targets met.")
    return misses


def _print_results(
    cells: dict[tuple[str, str], Cell], bodies: list[tuple[str, Path, int]], n: int
) -> None:
    header = (
        f"{'body':<12}{'server':<19}{'req/s':>9}{'CPU us/req':>12}{'alerts/s':>11}"
        f"{'p50 / p99 ms':>16}{'req/s over rounds':>21}"
    )
    print(f"Results (median of {n} rounds; h11: h11 + asyncio, fast: httptools + uvloop)")
    print(header)
    print("-" * len(header))
    for label, _, alerts in bodies:
        for kind in KINDS:
            cell = cells[(kind, label)]
            print(
                f"{label if kind == KINDS[0] else '':<12}{kind:<19}{cell.rps:>9,.0f}"
                f"{cell.cpu_us:>12,.0f}{cell.rps * alerts:>11,.0f}"
                f"{f'{cell.p50:.2f} / {cell.p99:.2f}':>16}{cell.spread():>21}"
            )


def _print_ratios(
    cells: dict[tuple[str, str], Cell],
    bodies: list[tuple[str, Path, int]],
    ratios: dict[tuple[str, str, str], Ratios],
    n: int,
) -> None:
    print()
    print("Ratios round by round (round i of each, same round)")
    rounds = "".join(f"{f'r{i}':>7}" for i in range(1, n + 1))
    header = f"{'body':<12}{'ratio':<46}{rounds}{'median':>8}{'of medians':>12}"
    print(header)
    print("-" * len(header))
    for label, *_ in bodies:
        first = True
        for top, base, _ in COMPARISONS:
            t, b, r = cells[(top, label)], cells[(base, label)], ratios[(top, base, label)]
            for name, values, of_medians in (
                (f"req/s  {top} / {base}", r.rps, t.rps / b.rps),
                (f"CPU/req  {base} / {top}", r.cpu, b.cpu_us / t.cpu_us),
            ):
                cols = "".join(f"{v:>7.2f}" for v in values)
                print(
                    f"{label if first else '':<12}{name:<46}{cols}"
                    f"{statistics.median(values):>8.2f}{of_medians:>12.2f}"
                )
                first = False


def _ratio_line(
    cells: dict[tuple[str, str], Cell],
    ratios: dict[tuple[str, str, str], Ratios],
    top: str,
    base: str,
    label: str,
    target: float | None,
) -> bool:
    """Print one requests/s ratio with its verdict (INFO without a target) and its CPU ratio;
    True unless it misses its target."""
    t, b, r = cells[(top, label)], cells[(base, label)], ratios[(top, base, label)]
    ok = target is None or r.rps_median >= target
    verdict = "INFO" if target is None else _verdict(ok)
    goal = "informational" if target is None else f"target >= {target}"
    print(
        f"{verdict}  {label}: {top}/{base} requests/s = {r.rps_median:.2f} ({goal}; median of "
        f"{len(r.rps)} per-round ratios {_span(r.rps)}; {base} {b.spread()}, {top} "
        f"{t.spread()} req/s over the rounds)"
    )
    print(
        f"      {label}: CPU-capacity ratio {base}/{top} CPU per request = {r.cpu_median:.2f} "
        f"(per round {_span(r.cpu)}; {base} {b.cpu_us:,.0f} us/req, {top} {t.cpu_us:,.0f} us/req)"
    )
    return ok


def _print_acceptance(
    cells: dict[tuple[str, str], Cell],
    bodies: list[tuple[str, Path, int]],
    ratios: dict[tuple[str, str, str], Ratios],
    n: int,
) -> list[str]:
    """The verdicts: the fast stack's speed-up over the service as it was, the fast service
    against `bare` (data: JSONBody[WebhookMessage]) on the same stack, and alerts/s; returns
    the targets missed."""
    misses: list[str] = []
    print()
    print("Acceptance (service CPU includes its queue drain):")
    for label, _, alerts in bodies:
        speedup = SPEEDUP_TARGET if label == SPEEDUP_BODY else None
        if not _ratio_line(cells, ratios, "service/fast", "service/h11", label, speedup):
            misses.append(
                f"service/fast / service/h11 on {label} is "
                f"{ratios[('service/fast', 'service/h11', label)].rps_median:.2f} < {speedup}"
            )
        if not _ratio_line(cells, ratios, "service/fast", "bare/fast", label, RATIO_TARGET):
            misses.append(
                f"service/fast / bare/fast on {label} is "
                f"{ratios[('service/fast', 'bare/fast', label)].rps_median:.2f} < {RATIO_TARGET}"
            )
        _ratio_line(cells, ratios, "service/h11", "bare/h11", label, None)
        if label == TARGET_BODY:
            svc = cells[("service/fast", label)]
            aps = svc.rps * alerts
            ok = aps >= ALERTS_PER_SECOND_TARGET
            print(
                f"{_verdict(ok)}  {label}: service/fast {aps:,.0f} alerts/s "
                f"(target >= {ALERTS_PER_SECOND_TARGET:,}; one fully busy worker: "
                f"{alerts * 1e6 / svc.cpu_us:,.0f} alerts/s of CPU)"
            )
            if not ok:
                misses.append(f"{aps:,.0f} alerts/s < {ALERTS_PER_SECOND_TARGET:,}")
    return misses


def _print_own_work(
    cells: dict[tuple[str, str], Cell],
    bodies: list[tuple[str, Path, int]],
    ratios: dict[tuple[str, str, str], Ratios],
    n: int,
) -> None:
    print()
    print(
        "Cost of the service's own work (normalise + queue + group) against a handler that "
        "decodes as cheaply as the service\n"
        "(`bare-onepass`: body: RawBody + receiver.ingest.wire.decode_webhook), fast stack; "
        "informational, not a target:"
    )
    for label, _, alerts in bodies:
        one, svc = cells[("bare-onepass/fast", label)], cells[("service/fast", label)]
        r = ratios[("service/fast", "bare-onepass/fast", label)]
        _ratio_line(cells, ratios, "service/fast", "bare-onepass/fast", label, None)
        own = svc.cpu_us - one.cpu_us
        per_alert = f" = {own / alerts:,.1f} us per alert" if label == TARGET_BODY else ""
        print(
            f"      {label}: service's own work = {own:,.0f} us per request{per_alert} "
            f"(service CPU {svc.cpu_us:,.0f} - bare-onepass CPU {one.cpu_us:,.0f} us/req, "
            f"medians; per round {_span(r.cpu_extra, ',.0f')} us)"
        )
    saved = ", ".join(
        f"{cells[('bare/fast', label)].cpu_us - cells[('bare-onepass/fast', label)].cpu_us:,.0f}"
        f" us/req on {label}"
        for label, *_ in bodies
    )
    print(
        f"      For reference, the decode itself: bare CPU - bare-onepass CPU = {saved} "
        "(Litestar's two-pass `data:` against the one-pass decoder)"
    )


def _print_evidence(evidence: Evidence) -> None:
    print()
    print("Service did the work (last service session, after its queue drained):")
    print(
        f"  alertgraph_alerts_received_total     {evidence.received:>12,.0f}"
        f"   (wrk saw {evidence.expected_min:,} answered 200)"
    )
    print(f"  alertgraph_alerts_deduplicated_total {evidence.deduplicated:>12,.0f}")
    print(f"  alertgraph_alerts_rejected_total     {evidence.rejected:>12,.0f}")
    print(f"  alertgraph_queue_depth               {evidence.depth_after_drain:>12,.0f}")
    print(
        f"  GET /api/incidents: {len(evidence.incidents)} incident(s) holding "
        f"{evidence.grouped:,} alert events"
    )
    for item in evidence.incidents[:5]:
        print(
            f"    {item['id']}  {item['alertname']} {item['namespace']}/{item['app']}"
            f"  counters={item['counters']}"
        )
