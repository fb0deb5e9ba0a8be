"""github-action-benchmark custom JSON: `[{"name", "unit", "value", "range", "extra"}, ...]`.

The file does not say which way is better; the workflow's `tool:` does. Detection reads it as
`customSmallerIsBetter`, the common case; pass `--format custom-bigger-is-better` for
`customBiggerIsBetter` files. Each value is one sample; `range` becomes the standard deviation.
"""

from __future__ import annotations

from tracker.domain import ParsedRun
from tracker.parsers._support.fields import JsonFields
from tracker.parsers._support.source import Source
from tracker.parsers.github_action_benchmark import read_benches

NAME = "custom-smaller-is-better"
DESCRIPTION = "github-action-benchmark customSmallerIsBetter JSON array (also the default for such arrays)"
EXAMPLE = '[{"name":"No logging","unit":"ns","value":1847.38,"range":10.2}]'
TOOL = "customSmallerIsBetter"


def sniff(source: Source) -> bool:
    head = source.head().lstrip()
    return head.startswith("[") and all(f'"{key}"' in head for key in ("name", "unit", "value"))


def parse(source: Source) -> list[ParsedRun]:
    return read(source, NAME, TOOL)


def read(source: Source, name: str, tool: str) -> list[ParsedRun]:
    fields = JsonFields(source.name)
    benches = fields.array(source.json(), "$")
    measurements = read_benches(fields, benches, "$", tool)
    return [ParsedRun(format=name, tool=tool, source=source.name, measurements=measurements)]
