"""Settings: flag > environment > pyproject.toml > default, and the README documents every one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.conftest import ROOT
from tracker.cli.settings import SETTINGS, Settings
from tracker.errors import UsageError


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


def test_unknown_keys_and_variables_are_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"unknown key 'treshold' in \[tool\.tracker\]"):
        _settings(tmp_path, {}, "[tool.tracker]\ntreshold = 5\n")
    with pytest.raises(UsageError, match="unknown environment variable TRACKER_TRESHOLD"):
        Settings({"TRACKER_TRESHOLD": "5"}, {}, None)


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


def test_bad_setting_exits_2_through_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    outcome = run("runs", env={"TRACKER_NOPE": "1"})
    assert outcome.exit_code == 2
    assert "unknown environment variable TRACKER_NOPE" in outcome.stderr


def test_readme_documents_every_setting_and_nothing_else() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Settings", 1)[1]
    rows = re.findall(r"^\| `(\w+)` \| `(\w+)`(?: \(aliases ([^)]*)\))? \|", section, re.MULTILINE)
    documented = {key: (env, tuple(re.findall(r"`(\w+)`", aliases))) for key, env, aliases in rows}
    declared = {s.key: (s.env, s.aliases) for s in SETTINGS}
    assert documented == declared
