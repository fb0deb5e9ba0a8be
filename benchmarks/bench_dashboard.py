"""`tracker dashboard` on 2,000 tests x 500 commits: build time, site size, and how long the index
and a test page take to load in headless Chromium (targets: index under 2 s, site under 20 MB).

The history comes from the labelled generator (`../shared/datasets/gen.py -C 500 -B 2000 -k 5`,
seed 7) as pytest-benchmark files (five samples per commit, so every point has a spread band: the
larger data files), ingested into a fresh SQLite database. Load times are read from the page
itself: the navigation's `loadEventStart` (parsing, styles and scripts of the index; the test page
adds its data file and draws its chart before its load event), as the median and the best of
five cold starts (the best says most about the page on a machine that others share), with the
page's timing marks (parsed, scripts run, first paint).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GENERATOR = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "gen.py"
COMMITS, TESTS, SAMPLES, REPEATS, BUILDS = 500, 2_000, 5, 5, 2
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def tracker(*args: str) -> float:
    # tracker refuses TRACKER_* variables it does not know, such as this benchmark's own
    env = {k: v for k, v in os.environ.items() if k != "TRACKER_BENCH_GENERATOR"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tracker", *args], check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - started


def cpu_seconds(browser: str, page: Path, profile: Path) -> float:
    """CPU seconds (user + system) of a whole Chromium process that opens PAGE: unlike the wall
    clock, it hardly depends on what else the machine runs."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True,
        check=True,
        timeout=120,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def load_ms(browser: str, page: Path, query: str, profile: Path, marker: str) -> tuple[float, str]:
    """The page's own load time in ms, read from the attribute MARKER its script sets, and its timing marks."""
    done = subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri() + query],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    found = re.search(rf'{marker}="(\d+)"', done.stdout)
    if found is None:
        raise SystemExit(f"{page}: the page did not report {marker}")
    marks = re.search(r'data-timing="([^"]*)"', done.stdout)
    return float(found[1]), marks[1] if marks else ""


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="a database already holding this history (from an earlier run): no generating")
    parser.add_argument("--builds", type=int, default=BUILDS, help=f"how many times to build the site [{BUILDS}]")
    return parser.parse_args()


def generate_and_ingest(generator: Path, root: Path, database: str) -> float:
    """The labelled history as pytest-benchmark files, ingested into DATABASE; the ingest's seconds."""
    subprocess.run(
        [
            *(sys.executable, str(generator), "-C", str(COMMITS), "-B", str(TESTS), "-k", str(SAMPLES)),
            *("--seed", "7", "--out", str(root / "data"), "--writers", "pytest"),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return tracker("ingest", "--db", database, str(root / "data" / "pytest-benchmark"))


def main() -> None:
    arguments = options()
    generator = Path(os.environ.get("TRACKER_BENCH_GENERATOR", GENERATOR))
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not (arguments.db or generator.is_file()) or browser is None:
        print(f"skipped: needs the generator at {generator} and chromium")
        return
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        database = arguments.db or str(root / "bench.db")
        ingest_s = None if arguments.db else generate_and_ingest(generator, root, database)
        site = root / "site"
        build = [tracker("dashboard", "--db", database, "--out", str(site)) for _ in range(arguments.builds)]
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        index_bytes = (site / "index.html").stat().st_size
        data_bytes = sum(p.stat().st_size for p in (site / "data").glob("*.js"))
        chunk = max(p.stat().st_size for p in (site / "data").glob("t-*.js"))
        first = re.search(r'href="test\.html\?id=([^"]+)"', (site / "index.html").read_text(encoding="utf-8"))
        assert first is not None
        profile = root / "chromium"
        index = [load_ms(browser, site / "index.html", "", profile, "data-load-ms") for _ in range(REPEATS)]
        index_ms = [ms for ms, _ in index]
        page_ms = [time_page(browser, site, first[1], profile) for _ in range(REPEATS)]
        (root / "empty.html").write_text("<!DOCTYPE html><title>empty</title>", encoding="utf-8")
        empty = [cpu_seconds(browser, root / "empty.html", profile) for _ in range(REPEATS)]
        full = [cpu_seconds(browser, site / "index.html", profile) for _ in range(REPEATS)]
    if ingest_s is not None:
        print(f"ingest {COMMITS} commits x {TESTS} tests x {SAMPLES} samples (pytest-benchmark): {ingest_s:.1f} s")
    print(f"tracker dashboard ({len(build)} builds): median {statistics.median(build):.1f} s (min {min(build):.1f} s)")
    print(
        f"site: {size / 1e6:.1f} MB (index.html {index_bytes / 1e6:.2f} MB, data files {data_bytes / 1e6:.1f} MB, "
        f"largest {chunk / 1e3:.0f} kB)"
    )
    fastest = min(index)
    print(
        f"index load in headless Chromium ({REPEATS} runs): median {statistics.median(index_ms):.0f} ms, "
        f"best {fastest[0]:.0f} ms ({fastest[1]})"
    )
    extra = statistics.median(full) - statistics.median(empty)
    print(f"index CPU beyond an empty page ({REPEATS} runs, Chromium's user + system time): {extra:.2f} s")
    print(f"test page, whole process ({REPEATS} runs): median {statistics.median(page_ms):.2f} s")
    print("targets: index under 2 s, site under 20 MB")


def time_page(browser: str, site: Path, key: str, profile: Path) -> float:
    """Wall clock of a Chromium process that opens a test page and waits for its chart (a whole browser start)."""
    started = time.perf_counter()
    done = subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", (site / "test.html").as_uri() + f"?id={key}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    if 'data-ready="true"' not in done.stdout:
        raise SystemExit(f"the page of test {key} did not draw its chart")
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
