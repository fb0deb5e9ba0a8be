"""Flame graph files: the SVG is well-formed and holds the frames; the other formats read back
through tracker's own parsers to the same call tree; a differential of a profile with itself is neutral."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

import pytest

from tests.conftest import DATA
from tracker.domain import ProfileNode, TestCase
from tracker.parsers import Source, busted_flamegraph, chrome_trace, folded, speedscope
from tracker.profiles.aggregate import settle_profile
from tracker.profiles.differential import differential
from tracker.profiles.exports import render_chrome, render_folded, render_speedscope
from tracker.profiles.flametree import build
from tracker.profiles.svg import render_svg

SVG = "{http://www.w3.org/2000/svg}"
OUTER = "spec/demo_spec.lua demo plugin computes outer #heavy"
NEUTRAL = "rgb(225,225,225)"


def busted_nodes(test: str = OUTER) -> list[ProfileNode]:
    source = Source.from_path(DATA / "busted_profiler/mega_busted_failing_tests/flamegraph.json")
    run, _ = settle_profile(busted_flamegraph.parse(source)[0])
    return [node for node in run.profiles if node.test.name == test]


def frames_of(svg: str) -> dict[str, list[ET.Element]]:
    root = ET.fromstring(svg)  # raises on malformed XML
    found: dict[str, list[ET.Element]] = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "f":
            found.setdefault(group.get("data-n", ""), []).append(group)
    return found


def by_stack(nodes: Sequence[ProfileNode]) -> dict[tuple[str, ...], tuple[float, float]]:
    merged: dict[tuple[str, ...], tuple[float, float]] = {}
    for node in nodes:
        total, own = merged.get(node.stack, (0.0, 0.0))
        merged[node.stack] = (total + node.total, own + node.self_time)
    return merged


def test_svg_is_well_formed_and_holds_every_frame() -> None:
    nodes = busted_nodes()
    svg = render_svg(build(nodes), title=f"Flame graph: {OUTER}", subtitle="run 1")
    frames = frames_of(svg)
    assert set(frames) == {"all"} | {frame for node in nodes for frame in node.stack}
    join = frames["vim.fn.join"][0]
    info = join.get("data-info") or ""
    assert info.startswith("vim.fn.join: total 10.6 µs (")
    assert ", self 3.85 µs (" in info
    assert info.endswith(", 1 call(s)")
    title = join.find(f"{SVG}title")
    assert title is not None
    assert title.text == join.get("data-info")
    assert "computes outer #heavy" in svg
    assert svg.count("<script") == 1


def test_svg_hover_text_gives_total_and_self() -> None:
    nodes = [
        ProfileNode(TestCase("t"), ("main",), 1, 2.0, 0.5),
        ProfileNode(TestCase("t"), ("main", "parse"), 3, 1.5, 1.5),
    ]
    frames = frames_of(render_svg(build(nodes), title="t"))
    assert frames["parse"][0].get("data-info") == "parse: total 1.5 s (75.00%), self 1.5 s (75.00%), 3 call(s)"
    assert frames["main"][0].get("data-info") == "main: total 2 s (100.00%), self 500 ms (25.00%), 1 call(s)"


def test_a_thin_tower_of_frames_does_not_push_the_time_below_the_fold() -> None:
    """Issue: 0.4% of import frames, 40 deep, made the SVG 864 px tall with the real frames far below."""
    tower = tuple(f"import_{i}" for i in range(40))
    nodes = [
        ProfileNode(TestCase("t"), ("main",), 1, 10.0, 0.0),
        ProfileNode(TestCase("t"), ("main", "work"), 1, 9.96, 1.0),
        ProfileNode(TestCase("t"), ("main", "work", "parse"), 1, 8.96, 8.96),
        *(ProfileNode(TestCase("t"), ("main", *tower[: i + 1]), 1, 0.04, 0.04 if i == 39 else 0.0) for i in range(40)),
    ]
    svg = render_svg(build(nodes), title="t")
    root = ET.fromstring(svg)
    assert int(root.get("height", "0")) == 60 + 4 * 16 + 36  # the root, main, work, parse: no tower
    frames = frames_of(svg)
    assert "parse" in frames
    assert "import_2" not in frames
    assert (
        frames["import_1"][0].get("data-info", "").endswith("; 38 deeper frame(s), each under 1% of the run, not drawn")
    )


def test_hostile_frame_names_are_escaped() -> None:
    name = 'a<b>&"c"\x01;d'
    nodes = [ProfileNode(TestCase("t"), (name,), 1, 1.0, 1.0)]
    frames = frames_of(render_svg(build(nodes), title="<script>alert(1)</script>"))
    assert 'a<b>&"c"?;d' in frames
    assert render_folded(nodes) == 'a<b>&"c"\x01:d 1000000000\n'


def test_differential_of_a_profile_with_itself_is_all_neutral() -> None:
    nodes = busted_nodes()
    tree, movers = differential(nodes, nodes)
    assert all(frame.delta == pytest.approx(0.0) for _, frame in tree.walk())
    assert all(mover.delta == pytest.approx(0.0) for mover in movers)
    svg = render_svg(tree, title="diff", movers=movers)
    fills = {group.find(f"{SVG}rect").get("fill") for groups in frames_of(svg).values() for group in groups}  # type: ignore[union-attr]
    assert fills == {NEUTRAL}


def test_differential_marks_the_slowed_function_red_and_first() -> None:
    case = TestCase("t")
    before = [
        ProfileNode(case, ("main",), 1, 4.0, 0.0),
        ProfileNode(case, ("main", "parse"), 1, 2.0, 2.0),
        ProfileNode(case, ("main", "score"), 1, 2.0, 2.0),
    ]
    after = [
        ProfileNode(case, ("main",), 1, 8.0, 0.0),
        ProfileNode(case, ("main", "parse"), 1, 2.0, 2.0),
        ProfileNode(case, ("main", "score"), 1, 6.0, 6.0),
    ]
    tree, movers = differential(before, after)
    assert movers[0].name == "score"
    assert (movers[0].before, movers[0].after) == (2.0, 6.0)
    # scaled to the candidate's length, score went from 4 of 8 to 6 of 8: +25 points; parse the reverse
    assert movers[0].delta == pytest.approx(0.25)
    assert tree.children["main"].children["parse"].delta == pytest.approx(-0.25)
    frames = frames_of(render_svg(tree, title="diff", movers=movers))
    assert frames["score"][0].find(f"{SVG}rect").get("fill") == "rgb(235,40,40)"  # type: ignore[union-attr]
    assert frames["parse"][0].find(f"{SVG}rect").get("fill") == "rgb(40,90,235)"  # type: ignore[union-attr]


def reread(module: object, text: str, name: str) -> list[ProfileNode]:
    run = module.parse(Source.from_bytes(text.encode(), name=name))[0]  # type: ignore[attr-defined]
    return list(settle_profile(run)[0].profiles)


def rounded(values: dict[tuple[str, ...], tuple[float, float]]) -> dict[tuple[str, ...], tuple[float, float]]:
    return {stack: (round(total * 1e9, 3), round(own * 1e9, 3)) for stack, (total, own) in values.items()}


def test_speedscope_file_reads_back_to_the_same_tree() -> None:
    nodes = busted_nodes()
    back = reread(speedscope, render_speedscope(nodes, OUTER), "fg.speedscope.json")
    assert rounded(by_stack(back)) == rounded(by_stack(nodes))


def test_chrome_trace_reads_back_to_the_same_tree() -> None:
    nodes = busted_nodes()
    back = reread(chrome_trace, render_chrome(nodes, OUTER), "fg.trace.json")
    assert {s: round(t * 1e6, 2) for s, (t, _) in by_stack(back).items()} == {
        s: round(t * 1e6, 2) for s, (t, _) in by_stack(nodes).items()
    }


def test_folded_file_reads_back_to_the_same_self_times() -> None:
    nodes = busted_nodes()
    back = reread(folded, render_folded(nodes), "fg.folded")
    expected = {s: round(own * 1e9) for s, (_, own) in by_stack(nodes).items() if round(own * 1e9) > 0}
    assert {s: own for s, (_, own) in by_stack(back).items() if own > 0} == expected


def test_several_threads_become_frames_of_their_own() -> None:
    nodes = [
        ProfileNode(TestCase("t"), ("a",), 1, 1.0, 1.0, pid=1, tid=1),
        ProfileNode(TestCase("t"), ("a",), 1, 2.0, 2.0, pid=1, tid=2),
    ]
    tree = build(nodes)
    assert sorted(tree.children) == ["pid 1 / tid 1", "pid 1 / tid 2"]
    assert tree.total == 3.0
    assert render_folded(nodes) == "pid 1 / tid 1;a 1000000000\npid 1 / tid 2;a 2000000000\n"
