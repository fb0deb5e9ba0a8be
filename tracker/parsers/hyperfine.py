"""hyperfine `--export-json`: one test per command, its `times` (seconds) the samples.

The test is named after the command. With `--parameter-scan` or `--parameter-list` the command
line already carries its parameter values; when it does not (a `--command-name` was given), the
`parameters` are appended as `[name=value, ...]` so that each combination stays its own test.
`user` and `system` are the mean CPU times: they go
into the summaries of the `user_time` and `system_time` metrics. A command that failed in some
runs (`--ignore-failure`, a non-zero entry in `exit_codes`) is a failed test whose successful
runs are still samples, so that a flaky command is visible but not silently averaged.
"""

from __future__ import annotations

from typing import Any

from tracker.domain import TIME, ParsedRun, Status, Summary
from tracker.parsers._support import units
from tracker.parsers._support.collect import Collector, test_case
from tracker.parsers._support.fields import JsonFields
from tracker.parsers._support.source import Source

NAME = "hyperfine"
DESCRIPTION = "hyperfine --export-json: raw times of each command are the samples"
EXAMPLE = '{"results":[{"command":"sleep 0.1","mean":0.107,"times":[0.105,0.107,...],"exit_codes":[0,0,...]}]}'


def sniff(source: Source) -> bool:
    head = source.head().lstrip()
    return head.startswith("{") and '"results"' in head and '"command"' in head and '"times"' in head


def parse(source: Source) -> list[ParsedRun]:
    fields = JsonFields(source.name)
    document = fields.object(source.json(), "$")
    collector = Collector()
    for index, result in enumerate(fields.array(document.get("results"), "$.results")):
        path = f"$.results[{index}]"
        _read_result(fields, collector, fields.object(result, path), path)
    return [ParsedRun(format=NAME, tool="hyperfine", source=source.name, measurements=collector.measurements())]


def _read_result(fields: JsonFields, collector: Collector, result: dict[str, Any], path: str) -> None:
    command = fields.string(result.get("command"), f"{path}.command")
    times = fields.array(result.get("times") or [], f"{path}.times")
    values = [fields.number(value, f"{path}.times[{i}]") for i, value in enumerate(times)]
    codes = fields.array(result.get("exit_codes") or [], f"{path}.exit_codes")
    failed = [i for i, code in enumerate(codes) if code not in (0, None)]
    if failed and len(codes) == len(values):
        values = [value for i, value in enumerate(values) if i not in set(failed)]
    numbers = {
        key: fields.optional_number(result.get(key), f"{path}.{key}")
        for key in ("mean", "median", "stddev", "min", "max")
    }
    test = test_case(_named(command, result.get("parameters")))
    status = Status.FAILED if failed else Status.PASSED
    collector.add(test, TIME, values, summary=Summary(n=len(times), **numbers), status=status)
    for key in ("user", "system"):
        mean = fields.optional_number(result.get(key), f"{path}.{key}")
        if mean is not None:
            collector.add(test, units.time(f"{key}_time"), summary=Summary(n=len(times), mean=mean), status=status)


def _named(command: str, parameters: Any) -> str:
    if not isinstance(parameters, dict) or all(str(value) in command for value in parameters.values()):
        return command
    return f"{command} [{', '.join(f'{key}={value}' for key, value in parameters.items())}]"
