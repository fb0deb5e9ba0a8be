"""The static HTML dashboard: an index of every test, open regressions, a page per test with its
history chart, releases and flame graphs. Self-contained: no server, no network, opens from file://."""

from tracker.reports.dashboard.model import Dashboard, Flame, Release, TestSeries
from tracker.reports.dashboard.site import MARKER, SiteSummary, write_site

__all__ = ["MARKER", "Dashboard", "Flame", "Release", "SiteSummary", "TestSeries", "write_site"]
