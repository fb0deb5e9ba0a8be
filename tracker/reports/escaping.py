"""One escaping policy for every text tracker writes: terminal, CI log, markdown, CSV, JSON, SVG.

Names come from result files, so they may hold anything: terminal escapes, carriage returns, NUL,
right-to-left overrides that make a line read differently than it is, markdown and HTML. Each
renderer calls the function for its medium here; none escapes on its own.

- Control characters (C0, DEL, C1) and bidirectional formatting characters are shown as visible
  escapes (`\\x1b`, `\\n`, `\\u202e`) in every plain-text medium: terminal tables, CSV, markdown,
  GitHub annotations and SVG text. JSON keeps the exact value, written as `\\uXXXX` escapes.
- Markdown also gets HTML and its own syntax (`|`, backticks, emphasis, links) escaped.
- SVG gets XML's special characters escaped.
- Tables shorten very long cells in the middle; JSON and CSV keep names whole.
"""

from __future__ import annotations

import html
import re

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Characters that reorder the text around them (Trojan Source): marks, embeddings, overrides, isolates."""

_UNSAFE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}\\ud800-\\udfff\\ufffe\\uffff]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
_MARKDOWN = re.compile(r"([\\`*_\[\]|])")

_JSON_UNSAFE = re.compile(f"[\\x7f-\\x9f{BIDI_CONTROLS}\\u2028\\u2029\\ud800-\\udfff]")

TABLE_CELL_WIDTH = 300
"""Longest cell of a table, whatever the width (real test names stay whole; a 10,000-character one
keeps its start and end). On a terminal, names are also shortened to fit its width."""


def _visible(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_text(text: str) -> str:
    """Control, bidirectional and unpaired surrogate characters as visible escapes; the rest unchanged."""
    return _UNSAFE.sub(lambda match: _visible(match[0]), text)


def shorten_middle(text: str, width: int = TABLE_CELL_WIDTH) -> str:
    """TEXT at most WIDTH characters: its start and end joined by an ellipsis (test names differ at both ends)."""
    if len(text) <= width:
        return text
    keep = width - 1
    head = (keep + 1) // 2
    return f"{text[:head]}…{text[len(text) - (keep - head) :]}"


def terminal_cell(text: str) -> str:
    """A cell of a table printed to a terminal or a CI log."""
    return shorten_middle(escape_text(text))


def escape_markdown(text: str) -> str:
    """Safe inside GitHub markdown, a table cell included: no HTML, no column or line breaks, no markup."""
    return _MARKDOWN.sub(r"\\\1", html.escape(escape_text(text), quote=False))


def markdown_cell(text: str) -> str:
    return escape_markdown(shorten_middle(escape_text(text)))


def csv_cell(text: str) -> str:
    """A CSV field: whole, with control and bidirectional characters visible (csv quotes the rest)."""
    return escape_text(text)


def escape_xml(text: str, *, quote: bool = True) -> str:
    """SVG or XML text or attribute: visible escapes for what XML 1.0 forbids or what reorders text."""
    return html.escape(escape_text(text), quote=quote)


def annotation_data(text: str) -> str:
    """The message of a GitHub Actions workflow command (`::error::MESSAGE`) on one log line."""
    return escape_text(text).replace("%", "%25")


def annotation_property(text: str) -> str:
    """A property value of a workflow command (`title=...`)."""
    return annotation_data(text).replace(":", "%3A").replace(",", "%2C")


def json_text(document: str) -> str:
    """JSON text with DEL, C1 and bidirectional characters written as `\\uXXXX` (the parsed value is unchanged)."""
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match[0]):04x}", document)
