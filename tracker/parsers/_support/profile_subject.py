"""The test that a profile-only file stands for: named after the file, so that the same profile
written by each CI run (`profile.speedscope.json`, `trace.json`) is one test across commits."""

from __future__ import annotations

from tracker.domain import TestCase, tags_in
from tracker.parsers._support.source import Source

_SUFFIXES = (".json", ".txt", ".folded", ".collapsed", ".speedscope", ".trace", ".stacks")


def profile_subject(source: Source) -> TestCase:
    name = "stdin" if source.filename == "<stdin>" else source.filename
    stripped = True
    while stripped:
        stripped = False
        for suffix in _SUFFIXES:
            if name.lower().endswith(suffix) and len(name) > len(suffix):
                name = name[: -len(suffix)]
                stripped = True
    return TestCase(name=name, tags=tags_in(name))
