"""Writing a report's pages, charts and documents into a (staging) folder."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from tracker.reports.tree.charts import suite_chart, test_chart
from tracker.reports.tree.documents import suite_document, test_document
from tracker.reports.tree.model import SUITE_STATISTICS, Report, Section, TestReport
from tracker.reports.tree.paths import folder_for_test, inside, tag_folders
from tracker.reports.tree.swap import write_marker
from tracker.reports.tree.test_page import test_readme
from tracker.reports.tree.top_pages import by_release_readme, section_readme

TestFiles = Callable[[TestReport], Mapping[str, str]]
"""The extra files of a test folder (flame graphs), by name, drawn when the folder is written."""


class TreeWriter:
    """Writes files under ROOT and remembers, per folder, the entries it made (for the markers)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.made: dict[str, set[str]] = {"": set()}

    def write(self, relative: str, content: str) -> None:
        path = inside(self.root, relative)
        parts = relative.split("/")
        for depth in range(len(parts)):
            folder = "/".join(parts[:depth])
            self.made.setdefault(folder, set()).add(parts[depth])
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as file:
            file.write(content)

    def finish(self) -> None:
        for folder, entries in self.made.items():
            write_marker(self.root / folder if folder else self.root, entries)


def write_tree(
    root: Path, report: Report, test_files: TestFiles, folder_written: Callable[[], object] = lambda: None
) -> list[str]:
    """The whole tree under ROOT; returns the test folder names. FOLDER_WRITTEN is called after each
    test folder (a progress display counts them)."""
    writer = TreeWriter(root)
    folders = {test.test_id: folder_for_test(test.test_id, test.name) for test in report.everything.tests}
    releases = {release.name: release for release in report.releases}
    for test in report.everything.tests:
        base = f"by_release/{folders[test.test_id]}"
        extra = dict(test_files(test))
        if any(t.median is not None for t in test.timings):
            extra["timing.svg"] = test_chart(test, report.releases)
        extra["profile.json"] = test_document(test, releases)
        for name, content in sorted(extra.items()):
            writer.write(f"{base}/{name}", content)
        writer.write(f"{base}/README.md", test_readme(test, report.releases, sorted(extra), report.style))
        folder_written()
    tags = tag_folders(section.tag for section in report.tags if section.tag is not None)
    _write_section(writer, "", report, report.everything, folders, tags)
    for section in report.tags:
        assert section.tag is not None
        _write_section(writer, f"tags/{tags[section.tag]}/", report, section, folders, {})
    writer.finish()
    return sorted(folders.values())


def _write_section(
    writer: TreeWriter, base: str, report: Report, section: Section, folders: Mapping[str, str], tags: Mapping[str, str]
) -> None:
    """A top README with its charts and a by_release/ README; a tag's pages link to the test
    folders of the top by_release/ rather than copying them."""
    to_tests = "../" * base.count("/")
    what = "every test" if section.tag is None else f"tests tagged #{section.tag}"
    for statistic in SUITE_STATISTICS if section.suite else ():
        changes = section.suite_changes.get(statistic, ())
        writer.write(f"{base}{statistic}.svg", suite_chart(statistic, section.suite, report.releases, changes, what))
    writer.write(f"{base}profile.json", suite_document(section, list(report.releases)))
    writer.write(f"{base}README.md", section_readme(report, section, folders, f"{to_tests}by_release/", tags))
    writer.write(
        f"{base}by_release/README.md",
        by_release_readme(report, section, folders, f"../{to_tests}by_release/" if base else ""),
    )
