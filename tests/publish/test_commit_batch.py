"""Many commits read from git at once give what reading them one by one gives."""

from __future__ import annotations

from pathlib import Path

from tests.gitrepo import commit, git, make_repo
from tracker.publish import git as single
from tracker.publish.commit_batch import read_commits


def test_batch_lookup_matches_one_by_one_for_shas_prefixes_tags_and_unknown_names(tmp_path: Path) -> None:
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
    expected = {rev: single.read_commit(repo, rev) for rev in revs}
    assert found == {rev: info for rev, info in expected.items() if info is not None}
    assert set(found) == set(revs[:6])
    assert found["HEAD"].tags == ("also-second", "v1.1.0")
    assert found[first].parents == () and found["HEAD"].parents == (first,)


def test_outside_a_repository_nothing_is_known(tmp_path: Path) -> None:
    assert read_commits(tmp_path, ["HEAD", "abc123"]) == {}
    assert read_commits(tmp_path, []) == {}
