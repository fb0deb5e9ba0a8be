"""github-action-benchmark `customBiggerIsBetter` JSON: the same array, every metric higher-is-better.

Detection cannot tell it from `customSmallerIsBetter`; it is read only when asked for with
`--format custom-bigger-is-better`.
"""

from __future__ import annotations

from tracker.domain import ParsedRun
from tracker.parsers._support.source import Source
from tracker.parsers.gab_custom import read

NAME = "custom-bigger-is-better"
DESCRIPTION = "github-action-benchmark customBiggerIsBetter JSON array (only with --format)"
EXAMPLE = '[{"name":"Throughput","unit":"req/s","value":70}]'
TOOL = "customBiggerIsBetter"


def sniff(source: Source) -> bool:
    return False  # the same shape as the smaller-is-better array: never guessed


def parse(source: Source) -> list[ParsedRun]:
    return read(source, NAME, TOOL)
