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


def test_releases_without_commits_go_by_version_in_their_own_places() -> None:
    from tracker.domain.releases import in_release_order

    oldest_first = ["abc123", "release-v1.10.0", "def456", "release-v1.9.0", "release-v1.9.0"]
    runs = list(enumerate(oldest_first))  # (position by time, sha): the two v1.9.0 runs keep their order
    assert in_release_order(runs, lambda run: run[1]) == [
        (0, "abc123"),
        (3, "release-v1.9.0"),
        (2, "def456"),
        (4, "release-v1.9.0"),
        (1, "release-v1.10.0"),
    ]
    newest_first = runs[::-1]
    assert [run[0] for run in in_release_order(newest_first, lambda run: run[1], newest_first=True)] == [1, 4, 2, 3, 0]
    # A tag that is not a version leaves the time order as it is.
    named = [(0, "release-v2.0"), (1, "release-nightly")]
    assert in_release_order(named, lambda run: run[1]) == named
