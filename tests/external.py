"""Parts outside Python that some tests need: skipped where missing, failed in CI.

One rule for every part, so a machine without PostgreSQL, busted or Chromium still runs the rest
of the suite and says once, at the end, what it left out and how to install it.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class Part:
    name: str
    packages: str
    """The Debian packages that bring it (scripts/system-packages installs the same list)."""


PARTS = {
    "postgresql": Part("a PostgreSQL server", "postgresql"),
    "busted": Part("busted", "lua-busted"),
    "luajit": Part("LuaJIT", "luajit"),
    "lua5.1": Part("Lua 5.1", "lua5.1"),
    "chromium": Part("headless Chromium", "chromium chromium-driver"),
}

# Read once at import: the tests' own fixture clears TRACKER_* variables before each test.
_POSTGRES_URL = os.environ.get("TRACKER_TEST_POSTGRES_URL")

missing: dict[str, str] = {}
"""Parts some test needed and did not find, by name, with the advice, for the summary lines."""


def require(key: str, found: str | None, advice: str = "") -> str:
    """FOUND (a path or URL) when the part is there; else skip the test, or fail it when CI is set."""
    if found:
        return found
    part = PARTS[key]
    advice = advice or f"install it with: make test (as root or with sudo) or sudo apt-get install {part.packages}"
    if os.environ.get("CI"):
        pytest.fail(f"{part.name} is needed and not available; {advice}")
    missing[part.name] = advice
    pytest.skip(f"{part.name} is not available here; {advice}")


def busted() -> str:
    return require("busted", shutil.which("busted"))


def lua(interpreter: str) -> str:
    """A Lua interpreter that Debian's busted also runs on (`luajit`, `lua5.1`)."""
    return require(interpreter, shutil.which(interpreter))


def chromium() -> str:
    return require("chromium", shutil.which("chromium") or shutil.which("chromium-browser"))


def postgres_url() -> str:
    url = _POSTGRES_URL
    if not url and any(Path("/usr/lib/postgresql").glob("*/bin/initdb")):  # installed, not started
        return require("postgresql", url, "run the tests with make test, which starts a throw-away server")
    return require("postgresql", url)


def summary_lines() -> list[str]:
    return [f"skipped the tests that need {name}: {advice}" for name, advice in missing.items()]
