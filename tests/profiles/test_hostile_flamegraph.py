"""Flame-graph SVGs hold the shared hostile names as valid XML, with nothing raw that reorders text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tests.hostile import HOSTILE_NAMES, raw_unsafe
from tracker.domain import ProfileNode, TestCase
from tracker.profiles.flametree import build
from tracker.profiles.svg import render_svg


def test_flame_graph_svg_of_hostile_function_names_is_valid_xml() -> None:
    test = TestCase("hostile")
    nodes = [
        ProfileNode(test, ("main", name), calls=1, total=1e-3 * (i + 1), self_time=1e-3 * (i + 1))
        for i, name in enumerate(HOSTILE_NAMES)
    ]
    svg = render_svg(build(nodes), title=HOSTILE_NAMES[7], subtitle=HOSTILE_NAMES[3])
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert raw_unsafe(svg.replace("\n", " ")) == set()
    assert "<script>alert" not in svg
