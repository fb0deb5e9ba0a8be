"""The README's table of input formats names every format, in detection order."""

from __future__ import annotations

import re

from tests.conftest import ROOT
from tracker import parsers


def test_readme_input_formats_table_lists_every_format_in_detection_order() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Input formats", 1)[1].split("\n### ", 1)[0]
    table = section.split("| format | reads | full test name |", 1)[1].split("\n\n", 1)[0]
    listed = re.findall(r"^\| `([a-z0-9-]+)` \|", table, flags=re.MULTILINE)
    assert listed == parsers.names()
