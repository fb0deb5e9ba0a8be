"""A remote's web address, read from a real repository's configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gitrepo import git, make_repo
from tracker.vcs.remotes import web_address


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/octo/widgets.git", "https://github.com/octo/widgets"),
        ("https://github.com/octo/widgets", "https://github.com/octo/widgets"),
        ("git@github.com:octo/wid.gets.git", "https://github.com/octo/wid.gets"),
        ("ssh://git@github.com/octo/widgets.git", "https://github.com/octo/widgets"),
        ("https://x-access-token:secret@github.com/octo/widgets.git", "https://github.com/octo/widgets"),
        ("https://gitlab.com/octo/widgets.git", None),
        ("/srv/git/widgets.git", None),
    ],
)
def test_a_github_remote_gives_its_web_address_without_credentials(
    tmp_path: Path, url: str, expected: str | None
) -> None:
    repo = make_repo(tmp_path / "repo")
    git(repo, "remote", "add", "origin", url)
    assert web_address(repo, "origin") == expected


def test_an_unknown_remote_gives_none(tmp_path: Path) -> None:
    assert web_address(make_repo(tmp_path / "repo"), "origin") is None
