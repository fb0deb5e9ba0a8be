"""`tracker publish --site`: the dashboard on a branch of its own, served by GitHub Pages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from tracker.cli.options import note
from tracker.cli.settings import Settings, option_help

if TYPE_CHECKING:
    from tracker.api.publish import PublishOptions
    from tracker.store import Store

SITE = typer.Option(
    None,
    "--site/--no-site",
    help=option_help("publish_site", "Also put the dashboard at the root of --site-branch, for GitHub Pages"),
)
SITE_BRANCH = typer.Option(
    None, "--site-branch", help=option_help("site_branch", "The branch the dashboard is published to")
)


def publish_site_if_asked(
    store: Store, settings: Settings, results: PublishOptions, *, site: bool | None, site_branch: str | None
) -> None:
    """Publish the dashboard when --site (or its setting) asks for it, beside the RESULTS; say where it went."""
    if not settings.get("publish_site", site):
        return
    from tracker.api.publish_site import SiteOptions, publish_site
    from tracker.errors import UsageError

    branch = settings.get("site_branch", site_branch)
    if branch == results.branch:
        raise UsageError(f"--site-branch {branch} is the results branch; give the site a branch of its own (gh-pages)")
    options = SiteOptions(branch=branch, history_branch=results.base, remote=results.remote, push=results.push)
    published = publish_site(store, Path.cwd(), options)
    if published.commit is None:
        note(f"{branch} already holds this dashboard; nothing to commit")
        return
    where = "pushed" if published.pushed else "committed"
    size = published.site.bytes / 1e6
    note(f"{where} the dashboard ({published.site.series} series, {size:.1f} MB) to {branch}: {published.commit}")
