"""Every registered format module satisfies `parsers.Format`, at run time as mypy checks it statically."""

from __future__ import annotations

import inspect
from types import ModuleType

from tracker import parsers
from tracker.parsers import Format


def test_every_registered_format_is_a_format_with_one_line_texts_and_a_unique_name() -> None:
    for module in parsers.FORMATS:
        assert isinstance(module, Format), module
        for text in (module.NAME, module.DESCRIPTION, module.EXAMPLE):
            assert isinstance(text, str) and text.strip() and "\n" not in text, (module, text)
    assert len(set(parsers.names())) == len(parsers.FORMATS)


def test_sniff_and_parse_take_the_source_alone() -> None:
    for module in parsers.FORMATS:
        for function in (module.sniff, module.parse):
            assert list(inspect.signature(function).parameters) == ["source"], (module, function)


def test_a_module_without_parse_is_not_a_format() -> None:
    half = ModuleType("half")
    for name, value in {"NAME": "half", "DESCRIPTION": "sniffs only", "EXAMPLE": "x", "sniff": bool}.items():
        setattr(half, name, value)
    assert not isinstance(half, Format)
    setattr(half, "parse", list)  # noqa: B010 (mypy knows no attributes of a bare module)
    assert isinstance(half, Format)
