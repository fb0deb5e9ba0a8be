"""`tracker report`: the tree of a database holding a busted suite and a pytest suite."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.report.trees import (
    BUSTED_TREE,
    RELEASES,
    clean_environment,
    files,
    folders_of,
    ingest_suites,
    links,
    report,
    save_releases,
    table_rows,
)
from tracker.domain import Direction, Metric
from tracker.domain import test_id as id_of
from tracker.reports.tree.paths import TEST_FOLDER

OUTER = "spec/demo_spec.lua demo plugin computes outer #heavy"


@pytest.fixture(scope="module")
def suites(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("suites") / "benchmarks.db")
    with clean_environment():
        ingest_suites(db)
    return db


@pytest.fixture(scope="module")
def tree(suites: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "out"
    with clean_environment():
        outcome = report(suites, out)
    assert outcome.exit_code == 0, outcome.stderr
    return out


def test_layout(tree: Path) -> None:
    top = {p.name for p in tree.iterdir()}
    assert top == {
        ".tracker-report", "README.md", "by_release", "mean.svg", "median.svg", "profile.json",
        "standard_deviation.svg", "tags",
    }  # fmt: skip
    folders = folders_of(tree)
    assert f"{id_of(OUTER)}-spec_demo_spec.lua_demo_plugin_computes_outer_heavy" in folders
    assert len(folders) == 4 + 22  # busted: three tests and the whole suite; tubular v03: 22 benchmarks
    for name in folders:
        assert TEST_FOLDER.match(name) and len(name.encode()) < 100
        inside = {p.name for p in (tree / "by_release" / name).iterdir()}
        assert {"README.md", "profile.json", "timing.svg", ".tracker-report"} <= inside
    busted = tree / "by_release" / f"{id_of(OUTER)}-spec_demo_spec.lua_demo_plugin_computes_outer_heavy"
    assert {"flamegraph.json", "flamegraph.svg"} <= {p.name for p in busted.iterdir()}
    assert sorted(p.name for p in (tree / "tags").iterdir() if p.is_dir()) == ["heavy", "simple"]
    assert (tree / "tags" / "heavy" / "by_release" / "README.md").is_file()


def test_suite_statistics_match_the_original_profiler(tmp_path: Path) -> None:
    """The original busted profiler's own profile.json of each release (microseconds) gives the
    same total, median, mean and standard deviation as the tree drawn from what was ingested."""
    db = str(tmp_path / "busted.db")
    assert run("ingest", BUSTED_TREE, "--commit", "b" * 40, "--db", db).exit_code == 0
    assert report(db, tmp_path / "out").exit_code == 0
    drawn = json.loads((tmp_path / "out" / "profile.json").read_text())["releases"]
    assert [r["release"] for r in drawn] == list(RELEASES)
    for row in drawn:
        (original,) = (BUSTED_TREE / "all" / "artifacts").glob(f"{row['release']}-*/profile.json")
        statistics = json.loads(original.read_text())["statistics"]
        for ours, theirs in (
            ("total", "total"),
            ("median", "median"),
            ("mean", "mean"),
            ("standard_deviation", "standard_deviation"),
        ):
            assert row[ours] * 1e6 == pytest.approx(statistics[theirs], rel=1e-9), (row["release"], ours)
        assert (row["platform"], row["cpu"]) == ("Linux", "AMD EPYC")


def test_readme_names_the_test_in_full_and_sorts_slowest_first(tree: Path) -> None:
    folder = tree / "by_release" / f"{id_of(OUTER)}-spec_demo_spec.lua_demo_plugin_computes_outer_heavy"
    page = (folder / "README.md").read_text()
    assert f"```text\n{OUTER}\n```" in page
    assert "| v1.1.0 | 2026-11-27 | 1 | 4.74 ms | 4.74 ms | 4.74 ms | - | 4.74 ms |" in page
    counts_and_names = [(row[0], row[-1]) for row in table_rows(page, "## Profile of v1.1.0")]
    assert counts_and_names[0] == ("1", "vim.fn.join")
    top = (tree / "README.md").read_text()
    slowest = table_rows(top, "## Slowest tests of v1.1.0")
    medians = [_seconds(row[2]) for row in slowest]
    assert medians == sorted(medians, reverse=True) and len(slowest) == 20
    assert "tubular" not in top  # names come from the tests, not the files
    assert "busted suite" not in "".join(row[1] for row in slowest)


def _seconds(text: str) -> float:
    number, unit = text.split()
    return float(number) * {"s": 1, "ms": 1e-3, "µs": 1e-6, "ns": 1e-9}[unit]


@pytest.fixture(scope="module")
def stepped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight releases of one test that doubles in time at v1.4 (seeded noise), and a steady one."""
    rng = random.Random(13)
    releases = []
    for minor in range(8):
        level = 0.010 if minor < 4 else 0.020
        samples = [level * (1 + rng.gauss(0, 0.01)) for _ in range(5)]
        releases.append(
            (f"v1.{minor}", {"spec/step_spec.lua doubles": samples, "spec/steady_spec.lua steady": [0.005] * 3})
        )
    root = tmp_path_factory.mktemp("stepped")
    save_releases(str(root / "b.db"), releases)
    with clean_environment():
        assert report(str(root / "b.db"), root / "out").exit_code == 0
    return root / "out"


def test_a_step_between_releases_is_a_marked_change_point(stepped: Path) -> None:
    folder = stepped / "by_release" / f"{id_of('spec/step_spec.lua doubles')}-spec_step_spec.lua_doubles"
    (change,) = json.loads((folder / "profile.json").read_text())["change_points"]
    assert (change["previous_release"], change["release"], change["direction"]) == ("v1.3", "v1.4", "regression")
    assert change["change_pct"] == pytest.approx(100, abs=3)
    chart = (folder / "timing.svg").read_text()
    assert (
        'class="change regression"' in chart and ">v1.4</text>" in chart and "8 releases, oldest on the left" in chart
    )
    assert "- v1.3 -> v1.4: 10 ms -> 20 ms (+" in (folder / "README.md").read_text()
    assert 'class="change regression"' in (stepped / "mean.svg").read_text()


def test_profile_json_follows_the_documented_schema(tree: Path, stepped: Path) -> None:
    docs = (Path(__file__).parents[2] / "docs" / "report-tree.md").read_text()
    test_section, suite_section = docs.split("## `by_release/{UUID}-{name}/profile.json`")[1].split(
        "## `profile.json` (top"
    )
    test_documents = sorted([*tree.glob("by_release/*/profile.json"), *stepped.glob("by_release/*/profile.json")])
    suite_documents = [tree / "profile.json", *tree.glob("tags/*/profile.json"), stepped / "profile.json"]
    for documents, section in ((test_documents, test_section), (suite_documents, suite_section)):
        documented = set(re.findall(r"^\| `([\w.\[\]]+)` \|", section, re.MULTILINE))
        for document in documents:
            assert _keys(json.loads(document.read_text())) <= documented, document
        assert documented <= set().union(*(_keys(json.loads(d.read_text())) for d in documents))


def _keys(value: object, prefix: str = "") -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            found |= {prefix + key} | _keys(inner, prefix + key + ".")
    elif isinstance(value, list):
        for item in value:
            found |= _keys(item, prefix[:-1] + "[].")
    return found


def test_every_link_of_every_readme_points_to_a_file(tree: Path) -> None:
    readmes = sorted(tree.rglob("README.md"))
    assert len(readmes) == 2 + 26 + 2 * 2
    checked = 0
    for readme in readmes:
        for target in links(readme):
            assert "://" not in target and not target.startswith("/"), (readme, target)
            assert (readme.parent / target).resolve().is_file(), (readme, target)
            assert (readme.parent / target).resolve().is_relative_to(tree.resolve())
            checked += 1
    assert checked > 100


def test_a_rewrite_without_new_data_is_byte_identical(suites: str, tree: Path, tmp_path: Path) -> None:
    before = files(tree)
    again = tmp_path / "again"
    assert report(suites, again).exit_code == 0
    assert files(again) == before
    assert report(suites, again).exit_code == 0
    assert files(again) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again"]  # nothing temporary left beside it


def test_release_option_draws_the_tree_as_of_that_release(suites: str, tmp_path: Path) -> None:
    outcome = report(suites, tmp_path / "old", "--release", "v1.0.1")
    assert outcome.exit_code == 0
    page = (tmp_path / "old" / "README.md").read_text()
    assert page.startswith("# Benchmark report: v1.0.1\n") and "v1.1.0" not in page
    wrong = report(suites, tmp_path / "none", "--release", "v9")
    assert wrong.exit_code == 2 and "--release 'v9' is not a release" in wrong.stderr


def test_lines_style_writes_plain_columns(suites: str, tmp_path: Path) -> None:
    outcome = report(suites, tmp_path / "lines", env={"TRACKER_TABLE_STYLE": "lines"})
    assert outcome.exit_code == 0
    page = (tmp_path / "lines" / "README.md").read_text()
    assert "|---" not in page and "|:---" not in page
    assert re.search(r"```text\nRelease +Date +Platform", page)


def test_the_example_database_without_tags_gets_a_release_per_commit(tmp_path: Path) -> None:
    example = Path(__file__).parents[2] / "benchmarks.db.example"
    outcome = report(str(example), tmp_path / "example")
    assert outcome.exit_code == 0, outcome.stderr
    page = (tmp_path / "example" / "README.md").read_text()
    assert page.startswith("# Benchmark report: a8602eec32\n")
    assert "each commit with runs stands in for a release" in page
    assert len(folders_of(tmp_path / "example")) == 44
    changes = table_rows(page, "## Changes since 0e98578500")
    assert changes[0][0].startswith("[tests/misc/test\\_SetValueTransformer.py")
    assert changes[0][-1].startswith("+")


def test_sqlite_and_postgresql_draw_the_same_tree(database: str, tmp_path: Path) -> None:
    save_releases(database, [("v1.0", {OUTER: [0.004, 0.005]}), ("v1.1", {OUTER: [0.006, 0.007, 0.008]})])
    out = tmp_path / "out"
    assert report(database, out).exit_code == 0
    document = json.loads((out / "by_release" / folders_of(out)[0] / "profile.json").read_text())
    assert [(r["release"], r["n"], r["median"]) for r in document["releases"]] == [
        ("v1.0", 2, pytest.approx(0.0045)),
        ("v1.1", 3, pytest.approx(0.007)),
    ]
    assert document["test"]["tags"] == ["heavy"]


def test_a_suite_without_times_has_its_own_metric_and_no_suite_charts(tmp_path: Path) -> None:
    throughput = Metric("throughput", "1/s", Direction.HIGHER_IS_BETTER)
    save_releases(str(tmp_path / "b.db"), [("v1", {"parse": [100.0, 120.0]}), ("v2", {"parse": [90.0]})], throughput)
    out = tmp_path / "out"
    assert report(str(tmp_path / "b.db"), out).exit_code == 0
    assert not (out / "mean.svg").exists()
    assert "No test is timed in seconds" in (out / "README.md").read_text()
    document = json.loads((out / "by_release" / folders_of(out)[0] / "profile.json").read_text())
    assert (document["metric"], document["unit"]) == ("throughput", "1/s")
    assert [r["median"] for r in document["releases"]] == [110.0, 90.0]
    for readme in out.rglob("README.md"):
        assert all((readme.parent / target).is_file() for target in links(readme))
