"""A copy of the small busted project under tests/data, in a temporary folder that is the cwd."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests import external
from tests.conftest import DATA

LPATH = "--lpath=./lua/?.lua;./lua/?/init.lua"


@pytest.fixture
def busted_path() -> str:
    """Debian's busted: tests that run it are skipped without it (and fail in CI)."""
    return external.busted()


@pytest.fixture(params=["lua", "lua5.1", "luajit"])
def busted_command(request: pytest.FixtureRequest, busted_path: str) -> str:
    """busted as Debian runs it (Lua 5.2 here), and on Lua 5.1 and LuaJIT, for --busted."""
    if request.param == "lua":
        return "busted"
    return f"{external.lua(request.param)} {busted_path}"


@pytest.fixture
def busted_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, busted_path: str) -> Path:
    project = tmp_path / "project"
    shutil.copytree(DATA / "busted_project", project)
    monkeypatch.chdir(project)
    return project
