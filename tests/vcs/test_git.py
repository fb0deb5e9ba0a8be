"""Commits read from a real git repository, many at once."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from tests.gitrepo import commit, git, make_repo
from tracker.vcs.git import commits_between, read_commit, read_commits


def test_shas_prefixes_tags_and_relative_names_resolve_and_unknown_names_are_left_out(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    first = commit(
        repo, "feat(parser): tokens\n\nBody line\n\nBREAKING CHANGE: new API", date="2026-01-02T03:04:05+01:00"
    )
    second = commit(repo, "fix: ünïcode subject", date="2026-02-03T04:05:06+00:00")
    git(repo, "tag", "v1.0.0", first)
    git(repo, "tag", "-a", "v1.1.0", "-m", "release", second)
    git(repo, "tag", "also-second", second)
    revs = [first, second[:8], "HEAD", "v1.0.0", "v1.1.0", "HEAD~1", "series-history-12", "time-20210101T020000Z"]
    found = read_commits(repo, [*revs, first])
    assert {rev: info.sha for rev, info in found.items()} == {
        first: first,
        second[:8]: second,
        "HEAD": second,
        "v1.0.0": first,
        "v1.1.0": second,
        "HEAD~1": first,
    }
    old = found[first]
    assert (old.subject, old.body, old.author, old.email) == (
        "feat(parser): tokens",
        "Body line\n\nBREAKING CHANGE: new API",
        "Ada Lovelace",
        "ada@example.org",
    )
    assert old.time == datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=1)))
    assert old.tags == ("v1.0.0",) and old.parents == ()
    assert found["HEAD"].subject == "fix: ünïcode subject"
    assert found["HEAD"].tags == ("also-second", "v1.1.0")
    assert found["HEAD"].parents == (first,)
    assert read_commit(repo, "v1.0.0") == old
    assert [c.sha for c in commits_between(repo, first, second) or []] == [second]


def test_outside_a_repository_nothing_is_known(tmp_path: Path) -> None:
    assert read_commits(tmp_path, ["HEAD", "abc123"]) == {}
    assert read_commits(tmp_path, []) == {}
    assert read_commit(tmp_path) is None
    assert commits_between(tmp_path, "a", "b") is None
