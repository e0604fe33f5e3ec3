"""Replicas benchmark: one replica against two on the same PostgreSQL, same machine.

Run with `make bench` or `.venv/bin/python tests/bench/replicas.py --help`. Not a pytest module.

A PostgreSQL server (Debian's package, started in a temporary folder with its durable
defaults; tests/pg.py) and a bare git remote; then `python -m receiver` with
`CHECKPOINT_URL=postgresql://…` once alone and once as a pair (the first leads, the second
follows), each round on a fresh database, alternating, `--rounds` times:

1. Ingest: wrk (1 thread) posts the captured 2-alert webhook body for `--seconds`: 16
   connections to the one replica, or 8 to each of the two (two wrk processes at once).
   Every answer is a committed inbox row; requests/s is the sum over the replicas.
2. Alert → proposal: `--count` new incidents at `--rate`/s, the webhook sent to the replicas in
   turn, each polled on the replica it was sent to (a follower forwards the status request),
   until `awaiting_approval` (tests/bench/workflow.py's client).

The machine has two cores for the database, the replicas, wrk and this script, so a second
replica cannot add CPU here: the figures say what a second replica costs and what it shares,
not how it scales on separate nodes. Printed, not a target (issue 17 asks to print both).
"""

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tests.pg

from concurrent.futures import ThreadPoolExecutor

from errors import BenchError
from report import machine
from servers import Server, running
from workflow import FIXTURE, FIXTURES, Client, _probe_body, load, percentiles, row
from wrk import WRK_SCRIPT, run_wrk

from tests.pg import PostgresMissing, PostgresServer, postgres_bindir

REPRODUCE = "make bench   (then: .venv/bin/python tests/bench/replicas.py)"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--seconds", type=int, default=5, help="wrk seconds per ingest run (5)")
    p.add_argument("--rate", type=float, default=5.0, help="new incidents per second (5)")
    p.add_argument("--count", type=int, default=40, help="incidents per round (40)")
    p.add_argument("--rounds", type=int, default=2, help="rounds per setup, alternating (2)")
    p.add_argument("--poll-ms", type=float, default=5.0, help="polling interval, ms (5)")
    p.add_argument("--fixtures", type=Path, default=FIXTURES, help="the real fixtures")
    return p.parse_args(argv)


@contextmanager
def replicas(
    count: int, database: PostgresServer, workdir: Path, probe: bytes
) -> Iterator[list[Server]]:
    """`count` replicas on a fresh database and a fresh bare remote, the first leading."""
    remote = workdir / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    url = database.url(database.create_database())
    with ExitStack() as stack:
        servers = []
        for n in range(count):
            folder = workdir / f"replica-{n}"
            folder.mkdir()
            settings = {
                "CHECKPOINT_URL": url,
                "GIT_REMOTE": str(remote),
                "REPLICA_NAME": f"r{n}",
                "UI_SESSION_SECRET": "bench",
            }
            servers.append(stack.enter_context(running("service", folder, probe, settings)))
        yield servers


def ingest(servers: list[Server], body: Path, script: Path, seconds: int) -> float:
    """Requests/s over all replicas, wrk on each at once (16 connections in all)."""
    per = 16 // len(servers)
    with ThreadPoolExecutor(len(servers)) as pool:
        results = list(
            pool.map(
                lambda s: run_wrk(
                    f"{s.base}/webhooks/alertmanager", script, body, seconds, per, s.name
                ),
                servers,
            )
        )
    return sum(r.rps for r in results)


async def proposals(
    servers: list[Server], template: dict[str, Any], args: argparse.Namespace, tag: str
) -> list[float]:
    """Alert → awaiting_approval latencies, the incidents shared out over the replicas."""
    clients = [Client(s, template, args.poll_ms) for s in servers]
    try:
        share = args.count // len(clients)
        rate = args.rate / len(clients)
        runs = [load(c, rate, share, f"{tag}-r{n}") for n, c in enumerate(clients)]
        return [ms for latencies in await asyncio.gather(*runs) for ms in latencies]
    finally:
        for client in clients:
            await client.close()


def one_round(
    count: int,
    database: PostgresServer,
    template: dict[str, Any],
    args: argparse.Namespace,
    n: int,
    files: tuple[Path, Path],
) -> tuple[float, list[float]]:
    with ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="alertgraph-bench-replicas-"))
        servers = stack.enter_context(replicas(count, database, Path(tmp), _probe_body(template)))
        rps = ingest(servers, files[0], files[1], args.seconds)
        time.sleep(2)  # the leader catches up with the inbox before the next phase
        latencies = asyncio.run(proposals(servers, template, args, f"bench-{count}-{n}"))
        return rps, latencies


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    fixture = (args.fixtures / FIXTURE).resolve()
    if not fixture.is_file():
        print(f"fixture missing: {fixture} (pass --fixtures DIR)", file=sys.stderr)
        return 2
    try:
        bindir = postgres_bindir()
    except PostgresMissing as missing:
        print(f"PostgreSQL not found: {missing}", file=sys.stderr)
        return 2
    template = json.loads(fixture.read_bytes())
    print("alertgraph replicas benchmark: 1 replica against 2 on one PostgreSQL")
    for line in machine():
        print("  " + line)
    print(
        f"  Run:     PostgreSQL {bindir.parent.name} (fsync on); {args.rounds} rounds of 1 then 2 "
        f"replicas; ingest: wrk {args.seconds} s, 16 connections in all, 2-alert body;\n"
        f"           alert → proposal: {args.count} incidents at {args.rate:g}/s shared out\n"
    )
    sys.stdout.flush()
    began = time.monotonic()
    results: dict[int, tuple[list[float], list[float]]] = {1: ([], []), 2: ([], [])}
    database = PostgresServer(durable=True, bindir=bindir)
    with tempfile.TemporaryDirectory(prefix="alertgraph-bench-wrk-") as scratch:
        script = Path(scratch) / "post.lua"
        script.write_text(WRK_SCRIPT)
        try:
            database.start()
            for n in range(args.rounds):
                for count in (1, 2):
                    rps, latencies = one_round(
                        count, database, template, args, n, (fixture, script)
                    )
                    results[count][0].append(rps)
                    results[count][1].extend(latencies)
                    print(f"round {n + 1}: {count} replica(s): ingest {rps:,.0f} req/s")
                    sys.stdout.flush()
        except BenchError as exc:
            print(f"\nBENCH ERROR: {exc}", file=sys.stderr)
            return 1
        finally:
            database.destroy()
    print()
    ones, twos = results[1][0], results[2][0]
    for count in (1, 2):
        rounds = ", ".join(f"{rps:,.0f}" for rps in results[count][0])
        print(
            f"{count} replica(s): ingest {statistics.mean(results[count][0]):,.0f} req/s "
            f"(mean; rounds: {rounds})"
        )
        print(row("alert → awaiting_approval", results[count][1]))
    ratios = [two / one for one, two in zip(ones, twos, strict=True)]
    one_p50 = percentiles(results[1][1])["p50"]
    two_p50 = percentiles(results[2][1])["p50"]
    print(
        f"\n  2 ÷ 1 replicas: ingest {statistics.median(ratios):.2f}× (median of the per-round "
        f"ratios {', '.join(f'{r:.2f}' for r in ratios)}), alert → proposal p50 "
        f"{two_p50 / one_p50:.2f}×"
    )
    print(f"Reproduce: {REPRODUCE}")
    print(f"Total run time: {time.monotonic() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
