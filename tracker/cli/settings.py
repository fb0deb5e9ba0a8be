"""Settings: command-line flag > environment variable > `[tool.tracker]` in pyproject.toml > default.

Every setting is declared once, here; `tracker config` lists them with their source, and the
README's settings table is checked against this list by a test.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.cli import setting_values as values
from tracker.errors import UsageError

ENV_PREFIX = "TRACKER_"
# The original busted profiler and its successor; their variables are accepted as aliases.
LEGACY_PREFIXES = ("BUSTED_PROFILER_", "MEGA_BUSTED_PROFILER_")
KEEP = ("all", "fastest")


def _text(value: str) -> str:
    return value


def _number(value: str) -> float:
    return float(value)


def _count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError("must not be negative")
    return number


def _flag(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("expected true or false")


def _choice(*allowed: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"expected one of {', '.join(allowed)}")
        return value

    return parse


@dataclass(frozen=True)
class Setting:
    key: str
    """The key in `[tool.tracker]`."""
    default: Any
    help: str
    parse: Callable[[str], Any] = _text
    legacy: str | None = None
    """The name after BUSTED_PROFILER_ / MEGA_BUSTED_PROFILER_, for people moving over."""
    env_name: str | None = None
    """The environment variable when it is not TRACKER_ + the upper-case key."""

    @property
    def env(self) -> str:
        return self.env_name or ENV_PREFIX + self.key.upper()

    @property
    def aliases(self) -> tuple[str, ...]:
        return tuple(prefix + self.legacy for prefix in LEGACY_PREFIXES) if self.legacy else ()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "database",
        "benchmarks.db",
        "Database: a file path (SQLite) or a SQLAlchemy URL such as postgresql+psycopg://user@host/db.",
        env_name="TRACKER_DATABASE_URL",
    ),
    Setting("threshold", 10.0, "Slowdown in percent beyond which compare reports a regression and exits 1.", _number),
    Setting("strict", False, "Exit 3 instead of 0 when there is not enough data to decide.", _flag),
    Setting("fail_on_broken", True, "Exit 1 when a test that passed in the baseline fails or errors now.", _flag),
    Setting(
        "table_style",
        "lines",
        "Default output of tables: lines (plain text) or github (markdown).",
        _choice("lines", "github"),
        legacy="TABLE_STYLE",
    ),
    Setting(
        "min_change", 5.0, "Smallest change in percent that changes and history report as a change point.", _number
    ),
    Setting(
        "flamegraph_output_path",
        "flamegraphs/",
        "Where tracker flamegraph writes: a file, or a folder (ending in /) that gets one file per test.",
        legacy="FLAMEGRAPH_OUTPUT_PATH",
    ),
    Setting(
        "warn_threshold",
        None,
        "Slowdown in percent beyond which compare warns (GitHub ::warning:: annotations); none by default.",
        _number,
    ),
    Setting("fdr", 0.02, "False discovery rate compare holds across all tests of one comparison.", values.rate),
    Setting(
        "min_time", 0.0, "Tests faster than this (1ms, 500us) are judged on their absolute change.", values.duration
    ),
    Setting("window", 1, "How many baseline runs compare pools (the newest qualifying ones).", values.positive),
    Setting("noise_runs", 30, "Earlier runs per test that compare learns run-to-run noise from.", values.positive),
    Setting(
        "skip_commit_types",
        (),
        "Conventional Commit types whose runs are never a baseline, e.g. feat (a list).",
        values.names,
    ),
    Setting("any_environment", False, "Let compare take baselines from other machines or interpreters.", _flag),
    Setting(
        "thresholds",
        (),
        "Per-test thresholds in percent by glob of test names (first match wins), e.g. tests/io/*=25.",
        values.glob_map(values.percent),
    ),
    Setting("ignore", (), "Globs of test names that compare leaves out (a list).", values.names),
    Setting(
        "directions",
        (),
        "Which way is better, by glob of test or metric names: lower or higher, e.g. throughput=higher.",
        values.glob_map(values.direction),
    ),
    Setting(
        "tagged_directories",
        ("*",),
        "Globs of the #tags that tracker report gives a folder under tags/ (a list; default every tag).",
        values.names,
        legacy="TAGGED_DIRECTORIES",
    ),
    Setting(
        "keep_old_tag_directories",
        False,
        "Let tracker report keep the tags/ folders of tags that no longer exist.",
        _flag,
        legacy="KEEP_OLD_TAG_DIRECTORIES",
    ),
    Setting(
        "keep_temporary_files",
        False,
        "Keep intermediate files (tracker report: the replaced tree, beside the new one) for debugging.",
        _flag,
        legacy="KEEP_TEMPORARY_FILES",
    ),
    Setting(
        "top",
        0,
        "How many of the candidate's slowest tests compare lists after the comparison (0: none).",
        _count,
        legacy="TIMING_THRESHOLD",
    ),
    Setting(
        "maximum_tries",
        1,
        "How many times tracker run repeats the tests (or the command); every repeat is a sample.",
        values.positive,
        legacy="MAXIMUM_TRIES",
    ),
    Setting("keep", "all", "Which repeats tracker run keeps: all (every sample) or fastest.", _choice(*KEEP)),
    Setting("busted", "busted", "How tracker run busted starts busted, e.g. nvim -l busted.lua (split like a shell)."),
    Setting(
        "release",
        "",
        "Release tag of the runs tracker run stores (vX.Y.Z); empty: none (a pull-request run).",
        legacy="FLAMEGRAPH_VERSION",
    ),
)

_BY_KEY = {setting.key: setting for setting in SETTINGS}


@dataclass(frozen=True)
class Effective:
    setting: Setting
    value: Any
    source: str


class Settings:
    """The effective settings for one invocation."""

    def __init__(self, environ: Mapping[str, str], project: Mapping[str, Any], project_file: Path | None) -> None:
        self.environ = environ
        self.project = project
        self.project_file = project_file
        _reject_unknown(environ, project, project_file)

    @classmethod
    def load(cls, cwd: Path | None = None) -> Settings:
        project_file = find_pyproject(cwd or Path.cwd())
        project = read_tool_table(project_file) if project_file else {}
        return cls(os.environ, project, project_file)

    def effective(self, key: str, flag: Any = None) -> Effective:
        setting = _BY_KEY[key]
        if flag is not None:
            return Effective(setting, flag, "flag")
        for name in (setting.env, *setting.aliases):
            if name in self.environ:
                return Effective(setting, _parse(setting, self.environ[name], name), f"env {name}")
        if key in self.project:
            raw = self.project[key]
            value = _parse(setting, _as_text(raw), f"{self.project_file}: tool.tracker.{key}")
            return Effective(setting, value, str(self.project_file))
        return Effective(setting, setting.default, "default")

    def get(self, key: str, flag: Any = None) -> Any:
        return self.effective(key, flag).value

    def all(self) -> list[Effective]:
        return [self.effective(setting.key) for setting in SETTINGS]


def _as_text(raw: Any) -> str:
    """A pyproject value as the text its setting parses: lists and tables as JSON."""
    if isinstance(raw, bool):
        return str(raw).lower()
    if isinstance(raw, list | dict):
        return json.dumps(raw, default=str)
    return str(raw)


def _parse(setting: Setting, raw: str, where: str) -> Any:
    try:
        return setting.parse(raw)
    except ValueError as error:
        raise UsageError(f"{where}={raw!r} is not valid for {setting.key}: {error}") from error


def _reject_unknown(environ: Mapping[str, str], project: Mapping[str, Any], project_file: Path | None) -> None:
    known_env = {setting.env for setting in SETTINGS}
    for name in environ:
        if name.startswith(ENV_PREFIX) and name not in known_env:
            raise UsageError(f"unknown environment variable {name}; known: {', '.join(sorted(known_env))}")
    for key in project:
        if key not in _BY_KEY:
            raise UsageError(f"{project_file}: unknown key {key!r} in [tool.tracker]; known: {', '.join(_BY_KEY)}")


def find_pyproject(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists():
            return None
    return None


def read_tool_table(path: Path) -> dict[str, Any]:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"{path}: cannot read settings ({error}); fix the file") from error
    table = document.get("tool", {}).get("tracker", {})
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [tool.tracker] must be a table")
    return table
