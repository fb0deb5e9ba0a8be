"""A copy of the small busted project under tests/data, in a temporary folder that is the cwd."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA

LPATH = "--lpath=./lua/?.lua;./lua/?/init.lua"


@pytest.fixture
def busted_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = tmp_path / "project"
    shutil.copytree(DATA / "busted_project", project)
    monkeypatch.chdir(project)
    return project
