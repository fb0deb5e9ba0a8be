"""Call trees from spans, begin/end pairs and samples: totals and self times checked by hand,
then invariants on generated event streams."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tracker.domain import Edge, ProfileEvent, ProfileNode, ProfileSource, Span, StackSample, TestCase
from tracker.profiles.aggregate import Aggregate, aggregate

TEST = TestCase("t")


def run(events: Sequence[ProfileEvent], *, chunk_size: int = 1 << 20, scale: float = 1.0) -> Aggregate:
    source = ProfileSource(tests={"t": TEST}, events=lambda: iter(events), scale=scale)
    return aggregate(source, "events", chunk_size=chunk_size)


def table(nodes: Sequence[ProfileNode]) -> dict[tuple[str, ...], tuple[int, float, float]]:
    return {node.stack: (node.calls, node.total, node.self_time) for node in nodes}


def test_children_written_before_parents_nest_by_time() -> None:
    # The busted profiler writes a call when it returns: children first.
    result = run([Span("t", "c", 2, 3), Span("t", "b", 1, 5), Span("t", "a", 0, 10), Span("t", "b", 6, 8)])
    assert table(result.nodes) == {
        ("a",): (1, 10.0, 4.0),  # 10 - (4 + 2)
        ("a", "b"): (2, 6.0, 5.0),  # (4 - 1) + 2
        ("a", "b", "c"): (1, 1.0, 1.0),
    }
    assert result.durations == {"t": 10.0}
    assert result.warnings == ()


def test_recursion_keeps_one_node_per_stack() -> None:
    result = run([Span("t", "f", 0, 8), Span("t", "f", 1, 7), Span("t", "f", 2, 3)])
    assert table(result.nodes) == {("f",): (1, 8.0, 2.0), ("f", "f"): (1, 6.0, 5.0), ("f", "f", "f"): (1, 1.0, 1.0)}


def test_identical_spans_make_the_later_one_the_parent() -> None:
    result = run([Span("t", "inner", 0, 4), Span("t", "outer", 0, 4)])
    assert table(result.nodes) == {("outer",): (1, 4.0, 0.0), ("outer", "inner"): (1, 4.0, 4.0)}


def test_a_call_outliving_its_caller_is_clipped_and_reported() -> None:
    result = run([Span("t", "a", 0, 10), Span("t", "b", 8, 14)])
    assert table(result.nodes) == {("a",): (1, 10.0, 8.0), ("a", "b"): (1, 2.0, 2.0)}
    assert result.warnings == (
        "events: 1 call(s) that outlived their caller were clipped to the caller's end (first on pid 0 tid 0)",
    )


def test_begin_end_pairs_and_their_repairs() -> None:
    events = [
        Edge("t", "main", 0, True),
        Edge("t", "load", 1, True),
        Edge("t", "parse", 2, True),
        Edge("t", "load", 5, False),  # closes parse too
        Edge("t", "stray", 6, False),  # matches nothing
        Edge("t", "save", 7, True),
        Edge("t", "", 9, False),  # an unnamed end closes the newest call
        Edge("t", "tail", 10, True),  # closed when main ends
        Edge("t", "main", 12, False),
        Edge("t", "after", 13, True),  # never ends
        Edge("t", "", 15, False),
        Edge("t", "after", 16, True),
    ]
    result = run(events)
    assert table(result.nodes) == {
        ("main",): (1, 12.0, 4.0),
        ("main", "load"): (1, 4.0, 1.0),
        ("main", "load", "parse"): (1, 3.0, 3.0),
        ("main", "save"): (1, 2.0, 2.0),
        ("main", "tail"): (1, 2.0, 2.0),
        ("after",): (2, 2.0, 2.0),  # 13..15, then 16..16 (the thread's last timestamp)
    }
    assert {message.split(": ", 1)[1].split(" (")[0] for message in result.warnings} == {
        "2 call(s) left open inside a call that ended were closed with it",
        "1 end event(s) without a matching begin were ignored",
        "1 begin event(s) never ended were closed at the thread's last timestamp",
    }


def test_threads_and_tests_keep_their_own_trees() -> None:
    source = ProfileSource(
        tests={"t": TEST, "u": TestCase("u")},
        events=lambda: iter([Span("t", "a", 0, 2, 1, 1), Span("t", "a", 0, 3, 1, 2), Span("u", "a", 0, 5, 1, 1)]),
    )
    nodes = aggregate(source, "x").nodes
    assert sorted((n.test.name, n.pid, n.tid, n.total) for n in nodes) == [
        ("t", 1, 1, 2.0),
        ("t", 1, 2, 3.0),
        ("u", 1, 1, 5.0),
    ]


def test_samples_add_weight_along_their_stack() -> None:
    result = run([StackSample("t", ("a", "b"), 2.0), StackSample("t", ("a",), 1.0), StackSample("t", ("a", "c"), 3.0)])
    assert table(result.nodes) == {("a",): (3, 6.0, 1.0), ("a", "b"): (1, 2.0, 2.0), ("a", "c"): (1, 3.0, 3.0)}
    assert result.durations == {"t": 6.0}


def test_scale_converts_units() -> None:
    result = run([Span("t", "a", 0, 2_000_000)], scale=1e-6)
    assert result.nodes[0].total == pytest.approx(2.0)


def test_spilled_chunks_give_the_same_trees() -> None:
    events = [Span("t", f"f{i % 3}", i, i + 0.5 + (i % 2)) for i in range(40)]
    in_memory = run(events)
    spilled = run(events, chunk_size=7)
    assert spilled.spilled_chunks == 6
    assert table(spilled.nodes) == table(in_memory.nodes)


# --- invariants on generated streams ---------------------------------------------------------

frames = st.sampled_from(["a", "b", "c", "d"])


@st.composite
def nested_calls(draw: st.DrawFn, low: int = 0, high: int = 100, depth: int = 0) -> list[Span]:
    """A well-nested call tree on one thread: children inside their parent, siblings one after another."""
    spans = []
    cursor = low
    for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))):
        start = draw(st.integers(cursor, high))
        end = draw(st.integers(start, high))
        spans.append(Span("t", draw(frames), start, end))
        if end > start:
            spans += draw(nested_calls(start, end, depth + 1))
        cursor = end
    return spans


def check_invariants(result: Aggregate) -> None:
    by_thread: dict[tuple[int | str, int | str], list[ProfileNode]] = {}
    for node in result.nodes:
        assert 0.0 <= node.self_time <= node.total + 1e-9
        by_thread.setdefault((node.pid, node.tid), []).append(node)
    for nodes in by_thread.values():
        roots = sum(node.total for node in nodes if len(node.stack) == 1)
        assert sum(node.self_time for node in nodes) == pytest.approx(roots, rel=1e-9, abs=1e-9)


@settings(max_examples=150)
@given(st.lists(st.tuples(frames, st.floats(0, 100), st.floats(-5, 50), st.integers(0, 2)), max_size=40))
def test_any_spans_in_any_order_keep_self_within_total(raw: list[tuple[str, float, float, int]]) -> None:
    events: list[ProfileEvent] = [Span("t", name, start, start + length, 0, tid) for name, start, length, tid in raw]
    check_invariants(run(events))
    check_invariants(run(events, chunk_size=5))


@settings(max_examples=150)
@given(st.lists(st.tuples(frames, st.booleans(), st.floats(0, 100), st.integers(0, 1)), max_size=40))
def test_unbalanced_begin_end_streams_keep_self_within_total(raw: list[tuple[str, bool, float, int]]) -> None:
    events: list[ProfileEvent] = [
        Edge("t", name, at, begins, 0, tid) for name, begins, at, tid in sorted(raw, key=lambda e: e[2])
    ]
    check_invariants(run(events))


@settings(max_examples=100)
@given(st.data())
def test_well_nested_calls_in_any_order_give_the_same_tree(data: st.DataObject) -> None:
    spans = data.draw(nested_calls())
    # Two calls with the same start and end cannot be told apart by time: the order decides.
    assume(len({(s.start, s.end) for s in spans}) == len(spans))
    shuffled = data.draw(st.permutations(spans))
    reference = run(spans)
    check_invariants(reference)
    assert table(run(shuffled).nodes) == table(reference.nodes)
    assert reference.warnings == ()
