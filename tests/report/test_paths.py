"""Folder names: safe characters only, under 100 bytes, never leaving the tree."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain import test_id as id_of
from tracker.errors import UsageError
from tracker.reports.tree.paths import TEST_FOLDER, folder_for_test, inside, sanitize, tag_folders


def test_the_original_profilers_rule_with_a_limit() -> None:
    assert sanitize("spec/demo_spec.lua demo plugin computes outer #heavy", 62) == (
        "spec_demo_spec.lua_demo_plugin_computes_outer_heavy"
    )
    assert sanitize("../..", 62) == "_"
    assert sanitize("a..", 62) == "a"
    name = "x" * 300
    assert folder_for_test(id_of(name), name) == f"{id_of(name)}-{'x' * 62}"


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_any_name_gives_a_safe_test_folder(name: str) -> None:
    folder = folder_for_test(str(uuid.UUID(int=len(name))), name)
    assert TEST_FOLDER.match(folder)
    assert len(folder.encode()) < 100


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=80), min_size=1, max_size=8))
def test_tag_folders_are_safe_and_distinct_ignoring_case(tags: list[str]) -> None:
    folders = tag_folders(tags)
    assert set(folders) == set(tags)
    names = list(folders.values())
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert name not in {".", ".."} and "/" not in name and len(name.encode()) < 100
        assert name.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}


def test_inside_refuses_a_way_out(tmp_path: Path) -> None:
    assert inside(tmp_path, "a/b.md") == tmp_path / "a" / "b.md"
    for bad in ("../x", "/etc/passwd", "a/../../x", ".", "a\x00b"):
        with pytest.raises(UsageError):
            inside(tmp_path, bad)
