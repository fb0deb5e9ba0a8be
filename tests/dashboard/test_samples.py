"""The raw values behind each chart point: packed into the data files, they decode to the stored values."""

from __future__ import annotations

import json
import math
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import run
from tests.dashboard import history
from tests.dashboard.test_site import decode, load, median_codes, signed, unpack
from tests.profiles.browser import open_page
from tracker.domain import test_id as id_of
from tracker.reports.dashboard.compact import SAMPLE_STEP, sample_codes, vlq


def decoded_samples(record: dict[str, Any]) -> list[list[float]]:
    codes = unpack(record["s"])
    medians = decode(record, median_codes(record))
    counts = [record["sn"]] * len(medians) if isinstance(record["sn"], int) else unpack(record["sn"])
    log, out, k = record["scale"][0] == "log", [], 0
    for median, count in zip(medians, counts, strict=True):
        values, code = [], 0
        for j in range(min(count, record["sk"])):
            c = codes[k]
            k += 1
            code = signed(c) if j == 0 else code + c
            values.append(median * math.exp(code * record["ss"]) if log else median + code * record["ss"])
        out.append(values)
    assert k == len(codes)
    return out


def stored(database: Path | str, name: str) -> dict[str, list[float]]:
    """Commit sha -> the sorted raw values of test NAME, from the database."""
    found: dict[str, list[float]] = {}
    with sqlite3.connect(database) as connection:
        for sha, value in connection.execute(
            "SELECT commits.sha, samples.value FROM samples JOIN runs ON runs.id = samples.run_id"
            " JOIN commits ON commits.id = runs.commit_id WHERE samples.test_id = ?",
            (str(id_of(name)),),
        ):
            found.setdefault(sha, []).append(value)
    return {sha: sorted(values) for sha, values in found.items()}


def record_of(site: Path, name: str) -> dict[str, Any]:
    key = str(id_of(name))
    record: dict[str, Any] = load(site / "data" / f"t-{key[:2]}.js")[key]
    return record


def test_numbers_pack_five_bits_to_a_character() -> None:
    assert vlq([0, 31, 32, 1000]) == "A" + "f" + "gB" + "of"
    assert unpack(vlq([0, 31, 32, 1000, 2**40])) == [0, 31, 32, 1000, 2**40]


def test_values_pack_around_the_median_as_a_signed_start_and_gaps() -> None:
    codes = sample_codes([1.0, 10.0], [3, 1], [0.999, 1.0, 1.002, 10.0], log=True, step=SAMPLE_STEP)
    assert codes == [3, 2, 4, 0]  # -2 steps (zigzag 3), then gaps of 2 and 4; the second commit: 0
    assert sample_codes([0.0], [2], [-1.0, 2.0], log=False, step=0.5) == [3, 6]


def test_every_value_of_every_commit_decodes_to_the_stored_one(site: Path, generated_db: str) -> None:
    for name in (history.REGRESSED, history.UNDONE, history.HOSTILE[0]):
        record = record_of(site, name)
        values = stored(generated_db, name)
        assert record["sn"] == 5 and len(median_codes(record)) == history.COMMITS
        decoded = decoded_samples(record)
        for i, commit in enumerate(decoded):
            assert commit == pytest.approx(values[history.sha(i)], rel=SAMPLE_STEP / 2 + 1e-9)


def test_a_commit_with_many_values_keeps_25_evenly_by_rank(tmp_path: Path) -> None:
    document = history.document()
    document["runs"] = document["runs"][:3]
    many = [0.001 * (1 + k / 100) for k in range(40)]
    for run_ in document["runs"]:
        result = run_["results"][0]
        result.update(samples=many[::-1], n=40, median=sorted(many)[20], min=many[0], max=many[-1])
        run_.pop("profiles", None)
    source = tmp_path / "many.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    database = tmp_path / "many.db"
    assert run("ingest", "--db", database, source).exit_code == 0
    assert run("dashboard", "--db", database, "--out", tmp_path / "site").exit_code == 0
    record = record_of(tmp_path / "site", document["runs"][0]["results"][0]["test"])
    assert record["sn"] == 40 and record["sk"] == 25
    picks = [many[round(k * 39 / 24)] for k in range(25)]  # the smallest, the largest, evenly between
    for commit in decoded_samples(record):
        assert commit == pytest.approx(picks, rel=SAMPLE_STEP / 2 + 1e-9)
    key = str(id_of(document["runs"][0]["results"][0]["test"]))
    page = open_page(tmp_path / "site" / "test.html", tmp_path / "chromium", f"id={key}&at=1")
    assert page.console == []
    listed = re.search(r"25 of the 40 samples, evenly by rank: (.*)", page.dom)
    assert listed is not None
    # the smallest may come back as 999.9 µs: values are read with their units
    scale = {"s": 1.0, "ms": 1e-3, "µs": 1e-6}
    shown = [float(number) * scale[unit] for number, unit in re.findall(r"([\d.]+) (s|ms|µs)\b", listed[1])]
    assert shown == [pytest.approx(value, rel=7.5e-4) for value in picks]
