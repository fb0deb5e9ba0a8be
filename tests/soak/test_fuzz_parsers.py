"""The short fuzzing variant: every parser, mutated corpus files, a parsed run or a clean refusal.

Derandomized, so CI sees the same inputs every time; `make soak` runs the long variant in
memory-bounded child processes. Inputs are kept small here (256 KiB) so the suite stays quick.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.soak.fuzz import CLEAN, classify, corpus_seeds, seeds, signature
from benchmarks.soak.mutations import MUTATIONS, mutate
from tracker import parsers

HANG_GUARD_SECONDS = 120.0
"""Not a timing assertion: only keeps a runaway input from hanging the suite."""


@pytest.mark.parametrize("module", parsers.FORMATS, ids=lambda module: module.NAME)
@settings(max_examples=30, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(
    pick=st.integers(min_value=0, max_value=10_000),
    names=st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=1, max_size=3),
    rng_seed=st.integers(min_value=0, max_value=2**32),
)
def test_mutated_inputs_are_parsed_or_refused(
    module: parsers.Format, pick: int, names: list[str], rng_seed: int
) -> None:
    corpus = seeds(module)
    seed_name, content = corpus[pick % len(corpus)]
    data, _ = mutate(content, random.Random(rng_seed), 1, names, max_bytes=256 * 1024)
    outcome = classify(module, data, seed_name, HANG_GUARD_SECONDS)
    assert outcome.kind in CLEAN, signature(module, outcome)


def test_every_format_but_four_has_real_seeds_from_the_corpus() -> None:
    """The others start from their one-line example (the busted tree is a folder, never one file)."""
    found = corpus_seeds()
    unseeded = {name for name, paths in found.items() if not paths}
    assert unseeded == {"busted-profiler-tree", "csv", "custom-bigger-is-better", "tracker-json"}
    assert sum(len(paths) for paths in found.values()) > 300
