"""Every default a user can change, written once.

The decision rule's `Policy`, the baseline choice, change-point detection and the command-line
settings all take their defaults from here. Plain constants with no imports, so that the help
texts can show them without loading the rest of tracker (`tracker --help` stays fast).
"""

THRESHOLD_PCT = 10.0
"""A significant slowdown beyond this many percent is a regression."""
WARN_THRESHOLD_PCT: float | None = None
"""No warning level unless one is set."""
FDR = 0.02
"""False discovery rate held across all tests of one comparison."""
MIN_TIME = 0.0
"""Seconds: no fast-test floor unless one is set."""
BASELINE_WINDOW = 1
"""Baseline runs pooled: the newest qualifying one."""
HISTORY_RUNS = 30
"""Earlier runs per test (the baseline's included) that the noise model learns from."""
MIN_CHANGE_PCT = 5.0
"""Smallest change, in percent of the level before, that change-point detection keeps."""
FAIL_ON_BROKEN = True
"""A test that passed in the baseline and fails or errors in the candidate fails the gate (exit 1)."""
