"""Hostile test names shared by every test of an output: each renderer must keep its layout with all of them."""

from __future__ import annotations

HOSTILE_NAMES: tuple[str, ...] = (
    "../../etc/passwd",
    "..\\..\\windows\\system32",
    "test\x1b[31mred\x1b[0m\x07bell",
    "line one\nline two",
    "carriage\rreturn overwrites",
    "nul\x00inside",
    "delete\x7f and c1 \x9b31m",
    "rtl \u202eevil\u202c txt",
    "mark \u200f and isolate \u2066x\u2069",
    "pipe | in | markdown",
    "back`tick` and ```fence```",
    "<script>alert(1)</script>",
    "html &amp; <b>bold</b> \"quoted\" 'single'",
    "*emphasis* _under_ [link](http://x) ![img](y) # heading",
    "percent %0A %25 and colon::error::x",
    "comma, semicolon; tab\there",
    "x" * 10_000,
)
"""Path traversal, terminal escapes, newline, CR, NUL, DEL/C1, right-to-left overrides and marks,
markdown and HTML syntax, workflow-command syntax, and a 10,000-character name."""

UNSAFE_CHARACTERS = frozenset(
    [chr(c) for c in range(0x20) if c != 0x0A]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + list("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
"""What no text output may carry raw (a newline only between lines, never inside a name)."""


def raw_unsafe(text: str) -> set[str]:
    """The unsafe characters present in TEXT."""
    return set(text) & UNSAFE_CHARACTERS
