"""The comparison's renderings: GitHub's comment limit, hostile test names, annotation escaping."""

from __future__ import annotations

import numpy as np

from tests.stats.frames import history, side
from tracker.api.compare import CompareResult
from tracker.domain import FunctionChange, RunInfo, Verdict
from tracker.reports.annotations import github_annotations
from tracker.reports.comparison import comparison_table, explain_verdict
from tracker.reports.comparison_markdown import GITHUB_COMMENT_LIMIT, comparison_markdown
from tracker.reports.table import render_text
from tracker.stats.compare import compare
from tracker.stats.policy import Policy

RUN = RunInfo(2, "c" * 40, "main", None, None, "pytest-benchmark", "pytest-benchmark", "x.json", "abc")
BASE = RunInfo(1, "b" * 40, "main", None, None, "pytest-benchmark", "pytest-benchmark", "x.json", "abc")


def _result(names: list[str], slower: dict[str, float]) -> CompareResult:
    rng = np.random.default_rng(1)
    before = {name: (1e-3 * (1 + 0.01 * rng.standard_normal(5))).tolist() for name in names}
    after = {name: [v * slower.get(name, 1.0) for v in values] for name, values in before.items()}
    past = history({name: [1e-3, 1.001e-3, 0.999e-3, 1e-3] for name in names})
    comparison = compare(side(before, run_id=1), side(after, run_id=2), Policy(), np.random.default_rng(0), past)
    return CompareResult(
        RUN, BASE, comparison, baselines=(BASE,), source="previous runs of branch main", history_runs=4
    )


def test_markdown_stays_under_githubs_comment_limit_by_summarising_the_tail() -> None:
    names = [f"tests/test_generated.py::test_case_with_a_rather_long_name[{i}]" for i in range(3000)]
    result = _result(names, dict.fromkeys(names[:400], 1.5))
    assert result.comparison is not None and result.comparison.count(Verdict.REGRESSED) == 400
    text = comparison_markdown(result, top=20)
    assert len(text) < GITHUB_COMMENT_LIMIT
    assert text.count("<details>") == text.count("</details>") == 3
    # each table ends in one row that sums up the rows left out; so does the list of explanations
    assert text.count(" more tests (") == 2
    assert "- … and 340 more: see `tracker compare --format csv`" in text
    assert "| … 2885 more tests (285 regressed, 2600 unchanged): see tracker compare --format csv |" in text
    assert text.startswith("### Benchmark comparison: **400 regressed, 2600 unchanged**")


def test_small_comparisons_are_rendered_whole() -> None:
    names = [f"t{i}" for i in range(30)]
    text = comparison_markdown(_result(names, {"t3": 1.5}))
    assert "more tests" not in text
    assert text.count("| t") == 31  # one notable row, then all 30


def test_hostile_names_cannot_break_the_layouts() -> None:
    hostile = "tests/x.py::test[a|b]\n<script>alert(1)</script> `tick` %0A"
    result = _result([hostile, "plain"], {hostile: 1.5})
    markdown = comparison_markdown(result)
    assert "<script>" not in markdown
    escaped = "tests/x.py::test\\[a\\|b\\]\\\\n&lt;script&gt;alert(1)&lt;/script&gt; \\`tick\\` %0A"
    assert f"| {escaped} |" in markdown
    assert f"- **{escaped}**: +50.0%" in markdown
    text = render_text(comparison_table(result))
    assert "test[a|b]\\n<script>" in text and "\n<script>" not in text
    (annotation,) = github_annotations(result.comparison)  # type: ignore[arg-type]
    assert annotation.startswith("::error title=Benchmark regression::tests/x.py::test[a|b]\\n<script>")
    assert "%250A" in annotation and "\n" not in annotation


def test_function_changes_are_listed_under_their_regression() -> None:
    result = _result(["slow", "same"], {"slow": 1.5})
    assert result.comparison is not None
    slow_id = next(row.test_id for row in result.comparison.rows if row.test_name == "slow")
    grew = (FunctionChange("parse", 1e-3, 4e-3), FunctionChange("io.read", 2e-3, 2.5e-3))
    result = CompareResult(RUN, BASE, result.comparison, baselines=(BASE,), source="x", functions={slow_id: grew})
    text = render_text(comparison_table(result))
    assert "    self time of parse: 1 ms -> 4 ms (+3 ms)" in text
    assert "  - self time of io.read: 2 ms -&gt; 2.5 ms (+500 µs)" in comparison_markdown(result)


def test_each_verdict_says_why_with_the_numbers_it_rests_on() -> None:
    rng = np.random.default_rng(3)
    steady = (1e-3 * np.exp(0.01 * rng.standard_normal(20))).tolist()
    wandering = (1e-3 * np.exp(0.12 * rng.standard_normal(20))).tolist()
    spiky = [v * (1.8 if i in (4, 11) else 1.0) for i, v in enumerate(steady)]
    fast_baseline = [*steady[:-1], 0.8e-3]
    base = {name: [1e-3] * 5 for name in ("slower", "noisy", "spiky")} | {"fast baseline": [0.8e-3] * 5}
    cand = {"slower": [1.3e-3] * 5, "noisy": [1.3e-3] * 5, "spiky": [1.7e-3] * 5, "fast baseline": [1e-3] * 5}
    past = history({"slower": steady, "noisy": wandering, "spiky": spiky, "fast baseline": fast_baseline})
    comparison = compare(side(base, run_id=1), side(cand, run_id=2), Policy(), np.random.default_rng(0), past)
    why = {row.test_name: explain_verdict(row, comparison) for row in comparison.rows}
    assert why["slower"].startswith("+30.0% [") and "slower beyond 10% and significant" in why["slower"]
    assert why["slower"].endswith("per run from 20 earlier run(s); +30.3% against the median of the recent runs")
    assert "within the noise" in why["noisy"] and "from 20 earlier run(s)" in why["noisy"]
    assert why["fast baseline"].startswith("+25.0% [")
    assert "against the median of the recent runs: the baseline run itself was unusual" in why["fast baseline"]
    assert "but 2 earlier runs spiked this far and came back" in why["spiky"]
    assert [row.test_name for row in comparison.rows if row.verdict is Verdict.REGRESSED] == ["slower"]
