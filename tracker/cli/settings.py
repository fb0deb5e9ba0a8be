"""Settings: command-line flag > environment variable > `[tool.tracker]` in pyproject.toml > default.

Every setting is declared once, here, with its default (from `tracker.defaults` where the
library has one) and the kind of value it takes; every value is checked here, whichever
source it comes from. `tracker config` lists them with their source; the help texts of their
flags and the README's settings table are checked against this list by a test.
"""

from __future__ import annotations

import difflib
import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from tracker import defaults
from tracker.cli import setting_values as values
from tracker.errors import UsageError

if TYPE_CHECKING:
    from tracker.domain import Policy

ENV_PREFIX = "TRACKER_"
# The original busted profiler and its successor; their variables are accepted as aliases.
LEGACY_PREFIXES = ("BUSTED_PROFILER_", "MEGA_BUSTED_PROFILER_")
KEEP = ("all", "fastest")


@dataclass(frozen=True)
class Setting:
    key: str
    """The key in `[tool.tracker]`."""
    default: Any
    help: str
    kind: values.Kind = values.TEXT
    """How its text is read and what a valid value is, whatever the source."""
    flag: str | None = None
    """The command-line flag that sets it, where one does."""
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

    @property
    def shown_default(self) -> str:
        """The default as the README and the help texts write it."""
        if self.default is None or self.default in ((), ""):
            return "none"
        if isinstance(self.default, bool):
            return str(self.default).lower()
        if isinstance(self.default, float):
            return f"{self.default:g}"
        if isinstance(self.default, tuple):  # a list, as an environment variable writes it
            return ",".join(str(item) for item in self.default)
        return str(self.default)

    def option_help(self, text: str) -> str:
        """TEXT, then where else the value comes from: `[env TRACKER_X; default 10].`"""
        return f"{text} [env {self.env}; default {self.shown_default}]."


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "database",
        "benchmarks.db",
        "Database: a file path (SQLite) or a SQLAlchemy URL such as postgresql+psycopg://user@host/db.",
        flag="--db",
        env_name="TRACKER_DATABASE_URL",
    ),
    Setting(
        "threshold",
        defaults.THRESHOLD_PCT,
        "Slowdown in percent beyond which compare reports a regression and exits 1.",
        values.percent("a slowdown threshold", "10"),
        flag="--threshold",
    ),
    Setting("strict", False, "Exit 3 instead of 0 when there is not enough data to decide.", values.FLAG, "--strict"),
    Setting(
        "fail_on_broken",
        defaults.FAIL_ON_BROKEN,
        "Exit 1 when a test that passed in the baseline fails or errors now (compare).",
        values.FLAG,
        "--fail-on-broken",
    ),
    Setting(
        "table_style",
        "lines",
        "Default output of tables: lines (plain text) or github (markdown).",
        values.choice("lines", "github"),
        legacy="TABLE_STYLE",
    ),
    Setting(
        "min_change",
        defaults.MIN_CHANGE_PCT,
        "Smallest change in percent that changes and history report as a change point.",
        values.percent("a change", "5"),
        flag="--min-change",
    ),
    Setting(
        "flamegraph_output_path",
        "flamegraphs/",
        "Where tracker flamegraph writes: a file, or a folder (ending in /) that gets one file per test.",
        flag="--output",
        legacy="FLAMEGRAPH_OUTPUT_PATH",
    ),
    Setting(
        "warn_threshold",
        defaults.WARN_THRESHOLD_PCT,
        "Slowdown in percent beyond which compare warns (GitHub ::warning:: annotations); none by default.",
        values.percent("a slowdown threshold", "5"),
        flag="--warn-threshold",
    ),
    Setting(
        "fdr",
        defaults.FDR,
        "False discovery rate compare holds across all tests of one comparison.",
        values.RATE,
        flag="--fdr",
    ),
    Setting(
        "min_time",
        defaults.MIN_TIME,
        "Tests faster than this (1ms, 500us) are judged on their absolute change.",
        values.DURATION,
        flag="--min-time",
    ),
    Setting(
        "window",
        defaults.BASELINE_WINDOW,
        "How many baseline runs compare pools (the newest qualifying ones).",
        values.POSITIVE,
        flag="--window",
    ),
    Setting(
        "noise_runs",
        defaults.HISTORY_RUNS,
        "Earlier runs per test that compare learns run-to-run noise from.",
        values.POSITIVE,
    ),
    Setting(
        "skip_commit_types",
        (),
        "Conventional Commit types whose runs are never a baseline, e.g. feat (a list).",
        values.NAMES,
        flag="--skip-commit-types",
    ),
    Setting(
        "any_environment",
        False,
        "Let compare take baselines from other machines or interpreters.",
        values.FLAG,
        flag="--any-environment",
    ),
    Setting(
        "thresholds",
        (),
        "Per-test thresholds in percent by glob of test names (first match wins), e.g. tests/io/*=25.",
        values.glob_map(values.percent("a slowdown threshold", "25")),
    ),
    Setting("ignore", (), "Globs of test names that compare leaves out (a list).", values.NAMES),
    Setting(
        "directions",
        (),
        "Which way is better, by glob of test or metric names: lower or higher, e.g. throughput=higher.",
        values.glob_map(values.DIRECTION),
    ),
    Setting(
        "tagged_directories",
        ("*",),
        "Globs of the #tags that tracker report gives a folder under tags/ (a list; default every tag).",
        values.NAMES,
        legacy="TAGGED_DIRECTORIES",
    ),
    Setting(
        "keep_old_tag_directories",
        False,
        "Let tracker report keep the tags/ folders of tags that no longer exist.",
        values.FLAG,
        legacy="KEEP_OLD_TAG_DIRECTORIES",
    ),
    Setting(
        "keep_temporary_files",
        False,
        "Keep intermediate files (tracker report: the replaced tree, beside the new one) for debugging.",
        values.FLAG,
        legacy="KEEP_TEMPORARY_FILES",
    ),
    Setting(
        "top",
        0,
        "How many of the candidate's slowest tests compare lists after the comparison (0: none).",
        values.COUNT,
        flag="--top",
        legacy="TIMING_THRESHOLD",
    ),
    Setting(
        "maximum_tries",
        1,
        "How many times tracker run repeats the tests (or the command); every repeat is a sample.",
        values.POSITIVE,
        flag="--repeat",
        legacy="MAXIMUM_TRIES",
    ),
    Setting(
        "keep", "all", "Which repeats tracker run keeps: all (every sample) or fastest.", values.choice(*KEEP), "--keep"
    ),
    Setting(
        "busted",
        "busted",
        "How tracker run busted starts busted, e.g. nvim -l busted.lua (split like a shell).",
        flag="--busted",
    ),
    Setting(
        "publish_site",
        False,
        "Let tracker publish also put the dashboard on site_branch (for GitHub Pages).",
        values.FLAG,
        flag="--site",
    ),
    Setting(
        "site_branch",
        "gh-pages",
        "The branch tracker publish --site writes the dashboard to (its root; nothing else is on it).",
        flag="--site-branch",
    ),
    Setting(
        "release",
        "",
        "Release tag of the runs tracker run stores (vX.Y.Z); empty: none (a pull-request run).",
        flag="--tag",
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
        _reject_unknown_keys(project, project_file)
        self.warnings = unknown_variables(environ)
        """Unknown TRACKER_* variables: other tools share the prefix, so they are only warned about."""

    @classmethod
    def load(cls, cwd: Path | None = None) -> Settings:
        project_file = find_pyproject(cwd or Path.cwd())
        project = read_tool_table(project_file) if project_file else {}
        settings = cls(os.environ, project, project_file)
        for warning in settings.warnings:
            typer.echo(f"tracker: warning: {warning}", err=True)
        return settings

    def effective(self, key: str, flag: Any = None) -> Effective:
        setting = _BY_KEY[key]
        if flag is not None:
            return Effective(setting, _accept(setting, flag), "flag")
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

    def policy(
        self,
        *,
        threshold: float | None = None,
        warn_threshold: float | None = None,
        fdr: float | None = None,
        min_time: float | str | None = None,
        fail_on_broken: bool | None = None,
    ) -> Policy:
        """The decision rule from these flags, the environment, pyproject.toml and the defaults."""
        from tracker.domain import Direction, Policy

        return Policy(
            threshold_pct=self.get("threshold", threshold),
            warn_threshold_pct=self.get("warn_threshold", warn_threshold),
            fdr=self.get("fdr", fdr),
            min_time=self.get("min_time", min_time),
            thresholds=self.get("thresholds"),
            ignore=self.get("ignore"),
            directions=tuple((glob, Direction(way)) for glob, way in self.get("directions")),
            fail_on_broken=self.get("fail_on_broken", fail_on_broken),
        )


def option_help(key: str, text: str) -> str:
    """The help of the flag that sets KEY: TEXT, its environment variable and its default."""
    return _BY_KEY[key].option_help(text)


def _as_text(raw: Any) -> str:
    """A pyproject value as the text its setting parses: lists and tables as JSON."""
    if isinstance(raw, bool):
        return str(raw).lower()
    if isinstance(raw, list | dict):
        return json.dumps(raw, default=str)
    return str(raw)


def _parse(setting: Setting, raw: str, where: str) -> Any:
    try:
        return setting.kind.parse(raw)
    except ValueError as error:
        raise UsageError(f"{where}={raw!r} is not valid for {setting.key}: {error}") from error


def _accept(setting: Setting, value: Any) -> Any:
    try:
        return setting.kind.accept(value)
    except ValueError as error:
        shown = f"{value:g}" if isinstance(value, float) else repr(value) if isinstance(value, str) else value
        raise UsageError(f"{setting.flag or setting.key} {shown}: {error}") from error


def unknown_variables(environ: Mapping[str, str]) -> list[str]:
    """A warning for each TRACKER_* variable that is no setting, naming the closest one."""
    known = {setting.env.removeprefix(ENV_PREFIX): setting.env for setting in SETTINGS}
    warnings = []
    for name in sorted(environ):
        if not name.startswith(ENV_PREFIX) or name in known.values():
            continue
        close = difflib.get_close_matches(name.removeprefix(ENV_PREFIX), known, n=1)
        hint = f"did you mean {known[close[0]]}?" if close else "`tracker config` lists the settings"
        warnings.append(f"{name} is not a tracker setting and is ignored; {hint}")
    return warnings


def _reject_unknown_keys(project: Mapping[str, Any], project_file: Path | None) -> None:
    """[tool.tracker] is tracker's alone: a key it does not know is a mistake."""
    for key in project:
        if key not in _BY_KEY:
            close = difflib.get_close_matches(key, _BY_KEY, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise UsageError(
                f"{project_file}: unknown key {key!r} in [tool.tracker]; {hint}known: {', '.join(_BY_KEY)}"
            )


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
