"""The site's files: every test listed, names escaped, data that decodes, atomic and repeatable builds."""

from __future__ import annotations

import itertools
import json
import math
import re
import shutil
from pathlib import Path
from typing import Any

from tests.cli.helpers import run
from tests.conftest import ROOT, finished_process_id
from tests.dashboard import history
from tests.dashboard.conftest import REPO
from tracker.domain import test_id as id_of
from tracker.reports.dashboard.compact import DIGITS
from tracker.reports.dashboard.encode import script_json


def load(path: Path) -> Any:
    """The JSON a data file hands to its registration function."""
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def unpack(text: str) -> list[int]:
    """The page's decoder of packed numbers, in Python."""
    out, value, shift = [], 0, 0
    for char in text:
        digit = DIGITS.index(char)
        value += (digit & 31) << shift
        if digit & 32:
            shift += 5
            continue
        out.append(value)
        value, shift = 0, 0
    return out


def signed(code: int) -> int:
    return -(code + 1) // 2 if code % 2 else code // 2


def median_codes(record: dict[str, Any]) -> list[int]:
    """The medians' codes: signed steps from the commit before."""
    return list(itertools.accumulate(signed(step) for step in unpack(record["v"])))


def spread_codes(record: dict[str, Any], key: str) -> list[int | None]:
    return [None if code == 0 else signed(code - 1) for code in unpack(record[key])]


def decode(record: dict[str, Any], codes: list[int]) -> list[float]:
    kind, low, step = record["scale"]
    return [math.exp(low + c * step) if kind == "log" else low + c * step for c in codes]


def rows(page: str) -> list[str]:
    return re.findall(r"<tr[^>]*><th scope=\"row\"[^>]*>.*?</tr>", page)


def test_the_index_lists_every_test_of_the_example_database(tmp_path: Path) -> None:
    database = tmp_path / "example.db"
    shutil.copy(ROOT / "benchmarks.db.example", database)
    outcome = run("dashboard", "--db", database, "--out", tmp_path / "site")
    assert outcome.exit_code == 0, outcome.stderr
    tests = run("tests", "--db", database, "--format", "json")
    names = {t["name"] for t in json.loads(tests.stdout)}
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert len(rows(index)) == len(names) == 44
    assert "44 series over 6 commits" in index
    assert "dashboard written to" in outcome.stderr


def test_hostile_names_are_text_everywhere(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in index
    assert "<img src=x" not in index
    assert "<script>window.pwned" not in index
    assert "&quot;double&quot; and &#x27;single&#x27; &amp; ../../etc/passwd" in index
    assert "\x01" not in index and "control\ufffdchar" in index
    for data in (site / "data").iterdir():
        text = data.read_text(encoding="utf-8")
        assert "<" not in text and ">" not in text and "\u2028" not in text and "\u2029" not in text
    regressions = (site / "regressions.html").read_text(encoding="utf-8")
    assert "read &lt;large&gt; files &amp; &quot;quoted&quot; names" in regressions


def test_script_json_escapes_what_ends_a_script_and_reads_back_the_same() -> None:
    value = {"name": "</script><!-- \u2028\u2029 & 'x'"}
    text = script_json(value)
    assert "</" not in text and "<!--" not in text and "\u2028" not in text
    assert json.loads(text) == value


def test_open_regressions_are_listed_with_commit_links_and_undone_ones_are_not(site: Path) -> None:
    regressions = (site / "regressions.html").read_text(encoding="utf-8")
    listed = rows(regressions) or re.findall(r"<tr><td>.*?</tr>", regressions)
    assert len(listed) == 1
    assert history.REGRESSED in listed[0] and "+50" in listed[0]
    assert f'href="{REPO}/commit/{history.sha(history.STEP_AT)}"' in listed[0]
    assert history.UNDONE not in regressions
    index = (site / "index.html").read_text(encoding="utf-8")
    regressed = [row for row in rows(index) if "data-regressed" in row]
    assert len(regressed) == 1 and history.REGRESSED in regressed[0]


def test_a_data_file_holds_the_series_within_its_quantisation(site: Path) -> None:
    key = str(id_of(history.REGRESSED))
    record = load(site / "data" / f"t-{key[:2]}.js")[key]
    assert record["name"] == history.REGRESSED and record["tags"] == ["io"]
    codes = median_codes(record)
    assert len(codes) == history.COMMITS and "steps" not in record
    values = decode(record, codes)
    for i, value in enumerate(values):
        assert math.isclose(value, history.level(history.REGRESSED, i), rel_tol=0.03)
    lows, highs = spread_codes(record, "lo"), spread_codes(record, "hi")
    assert None not in lows and None not in highs
    low = decode(record, [v - d for v, d in zip(codes, lows, strict=True) if d is not None])
    high = decode(record, [v + d for v, d in zip(codes, highs, strict=True) if d is not None])
    assert all(lo <= value <= hi for lo, value, hi in zip(low, values, high, strict=True))
    assert [c[0] for c in record["changes"]] == [history.STEP_AT]
    assert [r[0] for r in record["releases"]] == list(history.RELEASES.values())
    assert record["flame"] == f"flame/{key}.svg" and record["diff"] == f"flame/{key}-diff.svg"
    assert record["against"] == "release v1.2.0"
    assert (site / record["diff"]).read_text(encoding="utf-8").startswith("<?xml")
    commits = load(site / "data" / "commits.js")
    assert len(commits) == history.COMMITS and commits[history.STEP_AT][2] == "feat"


def test_a_rebuild_of_the_same_data_is_byte_identical(generated_db: str, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run("dashboard", "--db", generated_db, "--out", out).exit_code == 0
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert run("dashboard", "--db", generated_db, "--out", out).exit_code == 0
    second = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert first == second
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # nothing left beside it


def test_a_folder_that_tracker_did_not_write_is_never_replaced(generated_db: str, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    outcome = run("dashboard", "--db", generated_db, "--out", out)
    assert outcome.exit_code == 2
    assert "holds files that tracker did not write" in outcome.stderr
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_without_a_repository_address_commits_are_not_links(generated_db: str, tmp_path: Path) -> None:
    assert run("dashboard", "--db", generated_db, "--out", tmp_path / "site").exit_code == 0
    regressions = (tmp_path / "site" / "regressions.html").read_text(encoding="utf-8")
    assert "/commit/" not in regressions and f"<code>{history.sha(history.STEP_AT)[:10]}</code>" in regressions


def test_a_repository_address_must_be_a_web_address(generated_db: str, tmp_path: Path) -> None:
    outcome = run("dashboard", "--db", generated_db, "--out", tmp_path / "site", "--repo-url", "javascript:alert(1)")
    assert outcome.exit_code == 2 and "is not a web address" in outcome.stderr
    assert not (tmp_path / "site").exists()


def test_a_build_killed_between_the_renames_is_undone_by_the_next_build(generated_db: str, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run("dashboard", "--db", generated_db, "--out", out).exit_code == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    gone = finished_process_id()
    out.replace(tmp_path / f".site.tracker-aside-{gone}-x1")  # the old site aside, the new one never placed
    (tmp_path / f".site.tracker-new-{gone}-x2" / "data").mkdir(parents=True)
    assert run("dashboard", "--db", generated_db, "--out", out).exit_code == 0
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
    assert out.stat().st_mode & 0o777 == 0o755  # served as it is: readable by all
