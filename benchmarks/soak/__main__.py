"""`make soak`: the long fuzzing variant and the crash, idempotency and concurrency experiments.

    python -m benchmarks.soak [--inputs N] [--kills N] [--report-kills N] [--publish-kills N]
        [--publishers N] [--seed S] [--findings DIR] [--only FORMAT ...] [--experiments NAME ...]

Exit 1 when a parser crashed, ran out of time or memory, or an experiment failed; the figures are
printed either way. PostgreSQL writers run when TRACKER_SOAK_POSTGRES_URL (or the test suite's
TRACKER_TEST_POSTGRES_URL, as `scripts/with-postgres` sets it) names a server.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from benchmarks.soak import experiments, publish_kills, report_kills
from benchmarks.soak.fuzz import CLEAN
from benchmarks.soak.fuzz_runner import FuzzFigures, fuzz


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.soak", description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000, help="mutated inputs per parser [10000]")
    parser.add_argument("--kills", type=int, default=100, help="ingests killed at random moments [100]")
    parser.add_argument("--report-kills", type=int, default=100, help="reports killed at random moments [100]")
    parser.add_argument("--publish-kills", type=int, default=50, help="publishes killed at random moments [50]")
    parser.add_argument("--publishers", type=int, default=8, help="publishers racing for one remote branch [8]")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--seconds", type=float, default=5.0, help="CPU-time bound per input [5]")
    parser.add_argument("--memory-mb", type=int, default=2048, help="address-space bound per parser process [2048]")
    parser.add_argument("--scale", type=int, default=2, help="size of the resource mutations [2]")
    parser.add_argument("--findings", type=Path, default=Path("soak-findings"), help="where reproducers go")
    parser.add_argument("--only", nargs="*", default=[], help="fuzz only these formats")
    parser.add_argument(
        "--experiments", nargs="*", default=None, help="run only these experiments (0 --inputs skips fuzzing)"
    )
    return parser.parse_args()


def main() -> int:
    args = _arguments()
    failures = 0
    if args.inputs > 0:
        figures = fuzz(args.inputs, args.seed, args.seconds, args.memory_mb, args.scale, args.findings, args.only)
        _print_fuzz(figures)
        failures = sum(n for kind, n in figures.outcomes.items() if kind not in CLEAN)
    with tempfile.TemporaryDirectory(prefix="tracker-soak-") as work:
        folder = Path(work)
        for name, experiment in _experiments(folder, args).items():
            start = time.perf_counter()
            try:
                result = experiment()
            except AssertionError as error:
                failures += 1
                result = {"FAILED": str(error)}
            print(f"{name}: {_shown(result)} [{time.perf_counter() - start:.0f} s]", flush=True)
    print(f"soak: {'FAILED' if failures else 'ok'} ({failures} failure(s))")
    return 1 if failures else 0


Experiment = Callable[[], dict[str, object]]


def _experiments(folder: Path, args: argparse.Namespace) -> dict[str, Experiment]:
    seed = args.seed
    chosen: dict[str, Experiment] = {
        "kills": lambda: experiments.kills(folder / "kills", args.kills, seed),
        "idempotency": lambda: experiments.idempotency(folder / "idempotency", seed),
        "sqlite writers": lambda: experiments.writers(folder, str(folder / "writers.db"), 8, seed),
        "snapshot": lambda: experiments.snapshot(folder, seed),
        "report kills": lambda: report_kills.report_kills(folder / "report-kills", args.report_kills, seed),
        "report snapshot": lambda: report_kills.report_snapshot(folder / "report-snapshot", seed),
        "publish kills": lambda: publish_kills.publish_kills(folder / "publish-kills", args.publish_kills, seed),
        "publishers": lambda: publish_kills.publishers(folder / "publishers", args.publishers, seed),
    }
    url = experiments.postgres_url()
    if url:
        chosen["postgresql writers"] = lambda: experiments.writers(folder, _fresh_postgres(url), 16, seed)
    else:
        print("postgresql writers: not run (no TRACKER_SOAK_POSTGRES_URL; run under scripts/with-postgres)")
    if args.experiments is not None:
        unknown = set(args.experiments) - set(chosen)
        if unknown:
            raise SystemExit(f"unknown experiments {sorted(unknown)}; known: {', '.join(chosen)}")
        chosen = {name: run for name, run in chosen.items() if name in args.experiments}
    return chosen


def _fresh_postgres(url: str) -> str:
    from sqlalchemy import create_engine, text

    name = f"soak_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    base, _, query = url.partition("?")
    return f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")


def _print_fuzz(figures: FuzzFigures) -> None:
    total = sum(figures.inputs.values())
    print(f"fuzz: {total} inputs in {figures.seconds:.0f} s over {len(figures.inputs)} parsers")
    print("  inputs per parser: " + ", ".join(f"{name} {n}" for name, n in sorted(figures.inputs.items())))
    print("  outcomes: " + ", ".join(f"{kind} {n}" for kind, n in figures.outcomes.most_common()))
    print(f"  peak memory of a parser process: {figures.peak_kib / 1024:.0f} MiB")
    print(f"  slowest input: {figures.slowest[0]:.2f} s ({figures.slowest[1]})")
    print(f"  parser processes killed and restarted: {figures.kills}")
    for signature, path in sorted(figures.findings.items()):
        print(f"  finding: {signature} -> {path}")


def _shown(result: object) -> str:
    if isinstance(result, dict):
        return ", ".join(f"{key} {value}" for key, value in result.items())
    return str(result)


if __name__ == "__main__":
    raise SystemExit(main())
