"""Settings: flag > environment > pyproject.toml > default, and the README documents every one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from tests.cli.helpers import run
from tests.conftest import DATA, ROOT
from tracker.api.changes import DetectionSettings
from tracker.api.compare import Baseline
from tracker.cli.main import app
from tracker.cli.settings import SETTINGS, Settings
from tracker.domain import Policy
from tracker.errors import UsageError

TUBULAR = sorted((DATA / "pytest_benchmark").glob("tubular__history__v0*"))


def _settings(tmp_path: Path, environ: dict[str, str], pyproject: str | None = None) -> Settings:
    tmp_path.mkdir(exist_ok=True)
    if pyproject is not None:
        (tmp_path / "pyproject.toml").write_text(pyproject)
    loaded = Settings.load(tmp_path)
    return Settings(environ, loaded.project, loaded.project_file)


def test_precedence_flag_env_pyproject_default(tmp_path: Path) -> None:
    settings = _settings(tmp_path, {"TRACKER_THRESHOLD": "7"}, "[tool.tracker]\nthreshold = 5\nstrict = true\n")
    assert settings.effective("threshold", 3.0).value == 3.0
    assert settings.effective("threshold").value == 7.0
    assert settings.effective("threshold").source == "env TRACKER_THRESHOLD"
    assert settings.effective("strict").value is True
    assert settings.effective("strict").source == str(tmp_path / "pyproject.toml")
    assert settings.effective("table_style").value == "lines"
    assert settings.effective("table_style").source == "default"


def test_legacy_busted_profiler_variables_are_aliases(tmp_path: Path) -> None:
    assert _settings(tmp_path, {"BUSTED_PROFILER_TABLE_STYLE": "github"}).get("table_style") == "github"
    assert _settings(tmp_path, {"MEGA_BUSTED_PROFILER_TABLE_STYLE": "github"}).get("table_style") == "github"
    both = _settings(tmp_path, {"TRACKER_TABLE_STYLE": "lines", "BUSTED_PROFILER_TABLE_STYLE": "github"})
    assert both.get("table_style") == "lines"


def test_unknown_keys_are_errors_that_name_the_closest_key(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"unknown key 'treshold' in \[tool\.tracker\]; did you mean 'threshold'\?"):
        _settings(tmp_path, {}, "[tool.tracker]\ntreshold = 5\n")


def test_unknown_variables_are_warnings_that_name_the_closest_setting() -> None:
    settings = Settings({"TRACKER_TRESHOLD": "5", "TRACKER_HOST": "ci-7", "PATH": "/bin"}, {}, None)
    assert settings.warnings == [
        "TRACKER_HOST is not a tracker setting and is ignored; `tracker config` lists the settings",
        "TRACKER_TRESHOLD is not a tracker setting and is ignored; did you mean TRACKER_THRESHOLD?",
    ]
    assert settings.get("threshold") == 10.0
    assert Settings({"TRACKER_DATABASE": "x.db"}, {}, None).warnings == [
        "TRACKER_DATABASE is not a tracker setting and is ignored; did you mean TRACKER_DATABASE_URL?"
    ]


def test_bad_values_name_the_source(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="TRACKER_TABLE_STYLE='fancy' is not valid for table_style"):
        _settings(tmp_path, {"TRACKER_TABLE_STYLE": "fancy"}).get("table_style")


def test_config_command_shows_values_and_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.tracker]\ndatabase = "ci/b.db"\n')
    outcome = run("config", env={"TRACKER_THRESHOLD": "4"})
    assert outcome.exit_code == 0
    lines = {line.split()[0]: line.split()[1:] for line in outcome.stdout.splitlines()[2:]}
    assert lines["database"][:2] == ["ci/b.db", str(tmp_path / "pyproject.toml")]
    assert lines["threshold"][:3] == ["4.0", "env", "TRACKER_THRESHOLD"]


def test_unknown_variable_warns_on_stderr_and_the_command_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    db = str(tmp_path / "benchmarks.db")
    assert run("ingest", *TUBULAR[:2], "--db", db).exit_code == 0
    outcome = run("runs", "--db", db, env={"TRACKER_TRESHOLD": "5"})
    assert outcome.exit_code == 0
    assert outcome.stderr == (
        "tracker: warning: TRACKER_TRESHOLD is not a tracker setting and is ignored; did you mean TRACKER_THRESHOLD?\n"
    )
    assert len(outcome.stdout.splitlines()) == 4  # title, header, two runs
    (tmp_path / "pyproject.toml").write_text("[tool.tracker]\ntreshold = 5\n")
    refused = run("runs", "--db", db)
    assert (
        refused.exit_code == 2
        and "unknown key 'treshold' in [tool.tracker]; did you mean 'threshold'?" in refused.stderr
    )


def test_readme_documents_every_setting_and_nothing_else() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Settings", 1)[1]
    rows = re.findall(r"^\| `(\w+)` \| `(\w+)`(?: \(aliases ([^)]*)\))? \| `?([^`|]*)`? \|", section, re.MULTILINE)
    documented = {key: (env, tuple(re.findall(r"`(\w+)`", aliases)), default) for key, env, aliases, default in rows}
    declared = {s.key: (s.env, s.aliases, s.shown_default) for s in SETTINGS}
    assert documented == declared


def _options(command: Any, path: str = "tracker") -> Iterator[tuple[str, Any]]:
    """Every option of every command (Typer's own click), with the command's name."""
    for name, sub in getattr(command, "commands", {}).items():
        yield from _options(sub, f"{path} {name}")
    for param in command.params:
        if param.param_type_name == "option":
            yield path, param


def test_flag_help_names_the_variable_and_default_the_settings_declare() -> None:
    by_env = {s.env: s for s in SETTINGS}
    flags_seen: set[tuple[str, str]] = set()
    for command, option in _options(typer.main.get_command(app)):
        bracket = re.search(r"\[env (\w+); default ([^\]]*)\]\.$", option.help or "")
        assert (bracket is None) == ("[env" not in (option.help or "")), (command, option.opts)
        if bracket:
            setting = by_env[bracket[1]]
            assert bracket[2] == setting.shown_default, (command, option.opts)
            flags_seen.update((setting.key, flag) for flag in option.opts if flag == setting.flag)
    with_flag = {(s.key, s.flag) for s in SETTINGS if s.flag}
    assert with_flag <= flags_seen  # every flag that sets a setting says which variable and default


def test_the_library_defaults_are_the_settings_defaults() -> None:
    defaults = {s.key: s.default for s in SETTINGS}
    rule, choice, detection = Policy(), Baseline(), DetectionSettings()
    assert (defaults["threshold"], defaults["warn_threshold"], defaults["fdr"], defaults["min_time"]) == (
        rule.threshold_pct, rule.warn_threshold_pct, rule.fdr, rule.min_time,
    )  # fmt: skip
    assert (defaults["thresholds"], defaults["ignore"], defaults["directions"]) == (
        rule.thresholds, rule.ignore, rule.directions,
    )  # fmt: skip
    assert (defaults["window"], defaults["noise_runs"]) == (choice.window, choice.history_runs)
    assert defaults["min_change"] == detection.min_change_pct
    assert Settings({}, {}, None).policy() == rule


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("db") / "benchmarks.db")
    assert run("ingest", *TUBULAR[:2], "--db", db).exit_code == 0
    return db


# (command, key, flag, text of the value, TOML of the value, the problem every source is told)
BAD_VALUES = [
    (
        "compare",
        "threshold",
        "--threshold",
        "-5",
        "-5",
        "a slowdown threshold in percent must not be negative; give one such as 10",
    ),
    ("compare", "threshold", "--threshold", "nan", "nan", "not a finite number; give one such as 10"),
    ("compare", "warn_threshold", "--warn-threshold", "-inf", "-inf", "not a finite number; give one such as 5"),
    ("compare", "fdr", "--fdr", "inf", "inf", "a false discovery rate is between 0 and 1, such as 0.02"),
    ("compare", "min_time", "--min-time", "1e999", '"1e999"', "not a finite number; give one such as 1ms"),
    ("compare", "window", "--window", "0", "0", "must be at least 1"),
    ("compare", "top", "--top", "-1", "-1", "must be at least 0"),
    ("changes", "min_change", "--min-change", "nan", "nan", "not a finite number; give one such as 5"),
]


@pytest.mark.parametrize(("command", "key", "flag", "text", "toml", "problem"), BAD_VALUES)
def test_a_bad_value_is_refused_alike_from_every_source(
    two_runs: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    key: str,
    flag: str,
    text: str,
    toml: str,
    problem: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    env = next(s.env for s in SETTINGS if s.key == key)
    shown = repr(text) if key == "min_time" else text  # text flags are quoted, numbers are not
    from_flag = run(command, "--db", two_runs, f"{flag}={text}")
    from_env = run(command, "--db", two_runs, env={env: text})
    (tmp_path / "pyproject.toml").write_text(f"[tool.tracker]\n{key} = {toml}\n")
    from_pyproject = run(command, "--db", two_runs)
    expected = (
        f"{flag} {shown}: {problem}",
        f"{env}='{text}' is not valid for {key}: {problem}",
        f"{tmp_path / 'pyproject.toml'}: tool.tracker.{key}='{text}' is not valid for {key}: {problem}",
    )
    for outcome, message in zip((from_flag, from_env, from_pyproject), expected, strict=True):
        assert (outcome.exit_code, outcome.stdout) == (2, "")
        assert outcome.stderr == f"tracker: error: {message}\n"


def test_per_test_thresholds_are_checked_like_the_threshold(two_runs: str) -> None:
    outcome = run("compare", "--db", two_runs, env={"TRACKER_THRESHOLDS": "tests/io/*=25,*slow*=nan"})
    assert outcome.exit_code == 2
    assert "TRACKER_THRESHOLDS='tests/io/*=25,*slow*=nan' is not valid for thresholds: not a finite number" in (
        outcome.stderr
    )
