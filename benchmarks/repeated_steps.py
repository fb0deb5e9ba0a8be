"""A labelled history where the same tests step again and again: the gate after a real step.

Each benchmark of a steady kind (samples with a 1-5% coefficient of variation, whole runs
shifted by 0.3%) gets two or three lasting steps, all of one spacing: 3, 4, 8 or 30 commits apart
(the noise model's name says which), with sizes from +20% to 200x (and some speed-ups); a fifth of
the benchmarks never change. Right after a step of any size the gate must still see the next one,
and a step followed by steady runs must not make later pairs look noisy.
"""

from __future__ import annotations

import numpy as np

from benchmarks.eval_gate import History

COMMITS = 80
BENCHMARKS = 100
SAMPLES = 10
GAPS = (3, 4, 8, 30)
FACTORS = (1.2, 1.5, 2.0, 5.0, 200.0, 0.5, 0.8)
FIRST_STEP = 12


def repeated_steps(seed: int = 2024) -> History:
    rng = np.random.default_rng(seed)
    levels = np.empty((COMMITS, BENCHMARKS))
    change = np.zeros((COMMITS, BENCHMARKS))
    samples = np.empty((COMMITS, BENCHMARKS, SAMPLES))
    models = []
    for b in range(BENCHMARKS):
        step = np.ones(COMMITS)
        if b % 5 == 4:
            models.append("steps: none")
        else:
            gap = GAPS[b % 4]
            models.append(f"steps: {gap} apart")
            count = 3 if gap < 30 else 2
            for commit in FIRST_STEP + gap * np.arange(count) + int(rng.integers(0, 10)):
                factor = float(rng.choice(FACTORS))
                step[commit:] *= factor
                change[commit, b] = factor - 1.0
        levels[:, b] = 10 ** rng.uniform(-5, -1) * step
        cv = rng.uniform(0.01, 0.05)
        run_shift = np.exp(0.003 * rng.standard_normal((COMMITS, 1)))
        samples[:, b, :] = levels[:, b][:, None] * run_shift * (1 + cv * rng.standard_normal((COMMITS, SAMPLES)))
    ratios = samples / levels[:, :, None]
    cv_all = ratios.std(axis=(0, 2)) / ratios.mean(axis=(0, 2))
    names = [f"tests/bench/test_steps.py::test_{b:03d}" for b in range(BENCHMARKS)]
    shas = [f"{c:040x}" for c in range(COMMITS)]
    return History("repeated-steps", samples, levels, names, models, cv_all, change, shas)
