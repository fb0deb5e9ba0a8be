"""One format fuzzed in a child process with a memory bound: one JSON line per input on stdout.

    python -m benchmarks.soak.fuzz_worker FORMAT FIRST COUNT SEED SECONDS MEMORY_MB SCALE FINDINGS

Before each input it prints {"start": i}, so that the parent knows which input a kill interrupted.
"""

from __future__ import annotations

import json
import random
import resource
import sys
from pathlib import Path

from benchmarks.soak.fuzz import CLEAN, classify, save_finding, seeds, signature
from benchmarks.soak.mutations import mutate
from tracker import parsers


def main(argv: list[str]) -> None:
    name, first, count, seed, seconds, memory_mb, scale, findings = argv
    limit = int(memory_mb) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    module = parsers.by_name(name)
    corpus = seeds(module)
    for index in range(int(first), int(count)):
        rng = random.Random(f"{seed}:{name}:{index}")
        seed_name, content = rng.choice(corpus)
        data, applied = mutate(content, rng, int(scale))
        print(json.dumps({"start": index, "size": len(data)}), flush=True)
        outcome = classify(module, data, seed_name, float(seconds))
        line: dict[str, object] = {"index": index, "kind": outcome.kind, "size": len(data)}
        if outcome.kind not in CLEAN:
            line["signature"] = signature(module, outcome)
            line["finding"] = str(save_finding(Path(findings), module, outcome, data, applied))
        print(json.dumps(line), flush=True)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"peak_kib": usage.ru_maxrss}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
