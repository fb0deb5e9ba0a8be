"""Run every benchmark module (`benchmarks/bench_*.py`, each with a `main()`), in name order.

Each runs in a process of its own, so that peak-memory figures (taken from the children a
benchmark starts) belong to that benchmark alone.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> None:
    failed = []
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        print(f"== {path.stem}", flush=True)
        if subprocess.run([sys.executable, "-m", f"benchmarks.{path.stem}"], check=False).returncode != 0:
            failed.append(path.stem)
    if failed:
        sys.exit(f"benchmarks failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
