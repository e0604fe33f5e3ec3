"""Web console benchmark: rendering /ui pages over 5,000 incidents kept in git.

Run with `.venv/bin/python tests/bench/console.py` (`--help` for the knobs). Not a pytest
module: nothing runs at import.

1. Build a GitOps repository in a temporary directory with `--incidents` incidents over
   `--days` days (tests/bench/history_repo.py, as tests/bench/history.py does) and index it
   in this process, to know what each page should list.
2. Start `python -m receiver` on it (tests/bench/history.py's `service`: one uvicorn worker,
   loopback mode — no API_KEYS — so nobody signs in) and wait for `/health/ready`.
3. One keep-alive httpx client with a cookie jar. The first page must hand out the session
   cookie, and the next page must accept it (no new one). Then `--warmup` requests rotating
   through the kinds below, each checked: 200, the incident ids the in-process index says the
   page lists (same order), an incident page showing its id and the short sha of each of its
   commits, and the language asked for. Then `--requests` sequential requests per kind, in
   turn (so drift on the machine hits every kind alike), each answer checked for 200 and its
   incident ids after its time is taken. The kinds:
   list (no params), list status=recovered, list category=oom&app=grafana, list page 2 (the
   first page's next-page link), list ?lang=ko, incident page, incident page ?lang=ko; the
   incident pages are of incidents drawn across the whole history (seeded).
   `?lang=` sets the `ui_lang` cookie; the client drops it after each such request, so the
   other kinds stay in the default language.

Target: p95 of all page requests ≤ 100 ms. Exit 0 when met, 1 when missed or a check fails.
"""

from __future__ import annotations

import argparse
import html
import importlib.metadata
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import httpx

# Run as a script, this directory is already on sys.path; say so explicitly.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import machine  # type: ignore[import-not-found]

from graph.git.history import HistoryIndex
from receiver.web.auth import COOKIE
from receiver.web.routes import LANG_COOKIE, PAGE_SIZE
from receiver.web.texts import language_of, translator

if TYPE_CHECKING:  # mypy sees this directory as the package tests.bench
    from tests.bench.history import Failed, service
    from tests.bench.history_repo import build_repo, now_utc
else:
    from history import Failed, service
    from history_repo import build_repo, now_utc

P95_TARGET_MS = 100.0
LIST_PATH = "/ui/incidents"
_ROW_ID = re.compile(r'<tr data-incident-id="([^"]+)"')
_NEXT = re.compile(r'id="next-page" href="([^"]+)"')
_HTML_LANG = re.compile(r'<html lang="([a-z]+)"')


@dataclass(frozen=True)
class Kind:
    """One kind of page request: its query, the language its page must be in and, for a list
    page, the incident ids it must list in order (None: an incident page)."""

    name: str
    params: dict[str, str]
    lang: str
    listed: list[str] | None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line; see the module docstring."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--incidents", type=int, default=5000, help="incidents in the repo (5000)")
    p.add_argument("--days", type=float, default=60.0, help="days they span (60)")
    p.add_argument("--seed", type=int, default=1, help="random seed of the mix (1)")
    p.add_argument("--requests", type=int, default=200, help="timed requests per kind (200)")
    p.add_argument("--warmup", type=int, default=35, help="checked warm-up requests (35)")
    p.add_argument("--keep", type=Path, help="build the repository here and keep it")
    return p.parse_args(argv)


def percentiles(values: list[float]) -> dict[str, float]:
    """p50/p95/p99/max of `values` (inclusive quantiles; one value is all of them)."""
    if len(values) == 1:
        return dict.fromkeys(("p50", "p95", "p99", "max"), values[0])
    q = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50": q[49], "p95": q[94], "p99": q[98], "max": max(values)}


def row(name: str, values_ms: list[float]) -> str:
    """One table line: count, p50, p95, p99 and max in milliseconds."""
    p = percentiles(values_ms)
    return (
        f"  {name:<34} n={len(values_ms):<5} p50 {p['p50']:6.2f}  p95 {p['p95']:6.2f}  "
        f"p99 {p['p99']:6.2f}  max {p['max']:7.2f} ms"
    )


def first_page_ids(
    index: HistoryIndex,
    status: str | None = None,
    category: str | None = None,
    app: str | None = None,
) -> list[str]:
    """The ids of the first console page with these filters, as the index lists them."""
    items, _ = index.items(status=status, category=category, app=app, limit=PAGE_SIZE)
    return [i.id for i in items]


def kinds(index: HistoryIndex, next_href: str) -> list[Kind]:
    """The page requests timed, in the order they take turns."""
    _, cursor = index.items(limit=PAGE_SIZE)
    second, _ = index.items(limit=PAGE_SIZE, cursor=cursor)
    page2 = {k: v[0] for k, v in parse_qs(urlsplit(next_href).query).items()}
    first = first_page_ids(index)
    turns = [
        Kind("list", {}, "en", first),
        Kind(
            "list status=recovered",
            {"status": "recovered"},
            "en",
            first_page_ids(index, status="recovered"),
        ),
        Kind(
            "list category=oom&app=grafana",
            {"category": "oom", "app": "grafana"},
            "en",
            first_page_ids(index, category="oom", app="grafana"),
        ),
        Kind("list page 2 (cursor)", page2, "en", [i.id for i in second]),
        Kind("list ?lang=ko", {"lang": "ko"}, "ko", first),
        Kind("incident page", {}, "en", None),
        Kind("incident page ?lang=ko", {"lang": "ko"}, "ko", None),
    ]
    empty = [k.name for k in turns if k.listed == []]
    if empty:  # a page that must list nothing would check nothing
        raise Failed(f"the index lists nothing for {', '.join(empty)}")
    return turns


class Incidents:
    """The incidents whose pages are asked for, drawn across the whole history (seeded), and
    what each page must show: its id as the heading and the short sha of each commit."""

    def __init__(self, index: HistoryIndex, count: int, seed: int) -> None:
        """`count` distinct incidents of `index` (all of them when it holds fewer)."""
        ordered = [i.id for i in index.ordered()]
        self.ids = random.Random(seed).sample(ordered, min(len(ordered), count))
        self._index = index
        self._texts: dict[str, list[str]] = {}

    def path(self, n: int) -> str:
        """The page of the n-th incident (they repeat when there are fewer)."""
        return f"{LIST_PATH}/{self.ids[n % len(self.ids)]}"

    def texts(self, n: int) -> list[str]:
        """What the n-th incident's page must show."""
        incident_id = self.ids[n % len(self.ids)]
        if incident_id not in self._texts:
            detail = self._index.detail(incident_id)
            if detail is None or not detail.commits:
                raise Failed(f"the index has no commits for {incident_id}")
            shas = [c.sha[:12] for c in detail.commits]
            self._texts[incident_id] = [f"<h1>{incident_id}</h1>", *shas]
        return self._texts[incident_id]


def fetch(client: httpx.Client, path: str, params: dict[str, str]) -> tuple[float, httpx.Response]:
    """(milliseconds until the whole page was read, the answer) of one GET; Failed unless 200."""
    began = time.perf_counter()
    r = client.get(path, params=params)
    ms = (time.perf_counter() - began) * 1000
    if r.status_code != 200:
        raise Failed(f"GET {path} {params} answered {r.status_code}: {r.text[:300]}")
    if LANG_COOKIE in client.cookies:  # keep `?lang=` to the request that asked for it
        client.cookies.delete(LANG_COOKIE)
    return ms, r


def check(kind: Kind, n: int, page: str, incidents: Incidents, full: bool) -> None:
    """The page shows what it should: the list's ids in order (or the n-th incident's texts)
    and, when `full`, the language asked for in <html lang> and a text of that language."""
    if kind.listed is not None:
        got = _ROW_ID.findall(page)
        if got != kind.listed:
            raise Failed(
                f"{kind.name}: lists {got[:2]}… ({len(got)}), the index {kind.listed[:2]}…"
            )
    else:
        missing = [text for text in incidents.texts(n) if text not in page]
        if missing:
            raise Failed(f"{kind.name} #{n}: the page does not show {missing[:2]}")
    if not full:
        return
    found = _HTML_LANG.search(page)
    if found is None or found.group(1) != kind.lang:
        raise Failed(f"{kind.name}: page language {found and found.group(1)}, not {kind.lang}")
    title = "incidents_title" if kind.listed is not None else "timeline"
    if translator(language_of(kind.lang, "en"))(title) not in page:
        raise Failed(f"{kind.name}: no {kind.lang} text {title!r} on the page")


def session(client: httpx.Client) -> tuple[float, str]:
    """The first page: it must set the session cookie, which the next page accepts.
    (milliseconds of that first page, its next-page link)."""
    first_ms, r = fetch(client, LIST_PATH, {})
    if COOKIE not in r.cookies or COOKIE not in client.cookies:
        raise Failed(f"the first page set no {COOKIE} cookie (set: {list(r.cookies)})")
    _, again = fetch(client, LIST_PATH, {})
    if COOKIE in again.cookies:
        raise Failed("the second page handed out a new session: the cookie was not accepted")
    found = _NEXT.search(r.text)
    if found is None:
        raise Failed("the first page has no next-page link")
    return first_ms, html.unescape(found.group(1))


def http_phase(
    client: httpx.Client, index: HistoryIndex, args: argparse.Namespace
) -> tuple[float, dict[str, list[float]]]:
    """(first page ms, per kind the milliseconds of its timed requests)."""
    first_ms, next_href = session(client)
    turns = kinds(index, next_href)
    total = args.warmup + args.requests * len(turns)
    incidents = Incidents(index, total, args.seed)
    timed: dict[str, list[float]] = {k.name: [] for k in turns}
    for i in range(total):
        kind = turns[i % len(turns)]
        # An incident page shows the i-th incident drawn: a different one every request.
        path = LIST_PATH if kind.listed is not None else incidents.path(i)
        ms, r = fetch(client, path, kind.params)
        warm = i < args.warmup
        if not warm:
            timed[kind.name].append(ms)
        check(kind, i, r.text, incidents, full=warm)
    return first_ms, timed


def header(args: argparse.Namespace) -> None:
    """The machine and the run, as the other benchmarks print them."""
    print("alertgraph web console benchmark")
    for line in machine():
        if line.startswith("Client:"):
            line = (
                f"Client:  httpx {importlib.metadata.version('httpx')}, one keep-alive conn, "
                "cookie jar"
            )
        print("  " + line)
    print(f"  Git:     {subprocess.check_output(['git', '--version'], text=True).strip()}")
    print(
        f"  Run:     {args.incidents:,} incidents over {args.days:g} days (seed {args.seed}); "
        f"{args.warmup} checked warm-up + {args.requests:,} requests per kind, in turn"
    )
    print(flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 when the target is met, 1 otherwise."""
    args = parse_args(argv)
    header(args)
    with tempfile.TemporaryDirectory(prefix="alertgraph-console-") as tmp:
        repo = args.keep or Path(tmp) / "gitops"
        try:
            built = build_repo(repo, args.incidents, args.days, args.seed, now_utc())
            print(f"Repository: {built.commits:,} commits after the seed in {built.seconds:.1f} s")
            index = HistoryIndex(repo, "main")
            index.build()
            with service(repo, Path(tmp) / "service.log") as (base, started):
                print(f"Service ready (/health/ready 200) {started:.2f} s after start")
                with httpx.Client(base_url=base, timeout=10.0) as client:
                    first_ms, timed = http_phase(client, index, args)
        except Failed as exc:
            print(f"\nFAILED: {exc}", file=sys.stderr)
            return 1
    print(f"  first page (new session): {first_ms:.1f} ms; session cookie kept by the jar")
    every = [ms for values in timed.values() for ms in values]
    print(f"\nLatency ({len(every):,} sequential page requests, {args.incidents:,} incidents)")
    for name, values in timed.items():
        print(row(name, values))
    print(row("all pages", every))
    p95 = percentiles(every)["p95"]
    slowest = max(timed, key=lambda name: percentiles(timed[name])["p95"])
    ok = p95 <= P95_TARGET_MS
    print(
        f"\n  {'PASS' if ok else 'FAIL'}  page render p95 (all pages): {p95:.2f} ms "
        f"(target ≤ {P95_TARGET_MS:g} ms, {p95 / P95_TARGET_MS:.2f}× the target)"
    )
    print(f"  INFO  slowest kind by p95: {slowest}, {percentiles(timed[slowest])['p95']:.2f} ms")
    flags = " ".join(argv if argv is not None else sys.argv[1:])
    print(f"Reproduce: .venv/bin/python tests/bench/console.py {flags}".rstrip())
    if not ok:
        print("TARGET MISSED: page render p95")
        return 1
    print("All targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
