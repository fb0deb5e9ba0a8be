"""Values shared by every layer: test ids, tags, Conventional Commits."""

from __future__ import annotations

import pytest

from tracker import domain
from tracker.domain import ConventionalCommit, parse_conventional, tags_in


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("feat(parser): faster tokens", ConventionalCommit("feat", "parser", False)),
        ("feat(parser)!: new API", ConventionalCommit("feat", "parser", True)),
        ("fix!: drop py3.8", ConventionalCommit("fix", None, True)),
        ("perf: cache lookups\n\nBREAKING CHANGE: cache is on", ConventionalCommit("perf", None, True)),
        ("refactor(core): split\n\nBREAKING-CHANGE: moved", ConventionalCommit("refactor", "core", True)),
        ("Feat: capitalised type", ConventionalCommit("feat", None, False)),
        ("rune: Short circuit Ordering", None),  # a component prefix, not a type
        ("Merge pull request #12 from x/y", None),
        ("feat:no space after the colon", None),
        ("feat(scope: unclosed", None),
        ("", None),
    ],
)
def test_conventional_commit_headers(message: str, expected: ConventionalCommit | None) -> None:
    assert parse_conventional(message) == expected


def test_tags_are_hash_words_in_order_without_duplicates() -> None:
    assert tags_in("outer #simple inner #slow test #simple") == ("simple", "slow")
    assert tags_in("issue#12 is not a tag, #v1.2-rc is") == ("v1.2-rc",)


def test_test_id_is_stable_and_unicode_safe() -> None:
    assert domain.test_id("spec/é_spec.lua ünïcode") == domain.test_id("spec/é_spec.lua ünïcode")
    assert domain.test_id("a") == "0cc175b9-c0f1-b6a8-31c3-99e269772661"  # md5("a")
