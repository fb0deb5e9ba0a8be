"""A small XML tree with line numbers, read with the standard library's expat parser.

Elements keep the line they start on, so that a bad value is reported as `file:line N`. Entity
declarations are refused (no entity expansion attacks); whitespace before the XML declaration,
which some tools write, is skipped while keeping line numbers right.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from tracker.errors import InputError
from tracker.parsers._support.limits import MAX_DEPTH
from tracker.parsers._support.source import Source

_CHUNK = 1 << 20


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def find(self, tag: str) -> Node | None:
        return next((child for child in self.children if child.tag == tag), None)

    def iter(self, tag: str) -> Iterator[Node]:
        """Every descendant (and self) with TAG, in document order (no recursion: depth costs nothing)."""
        pending = [self]
        while pending:
            node = pending.pop()
            if node.tag == tag:
                yield node
            pending.extend(reversed(node.children))


class _Refused(Exception):
    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def read_xml(source: Source) -> Node:
    """The document's root element; malformed XML is an `InputError` with the line and column."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[Node] = []
    roots: list[Node] = []
    skipped_lines = 0

    def start(tag: str, attrs: dict[str, str]) -> None:
        if len(stack) >= MAX_DEPTH:
            raise _Refused(f"XML nested deeper than {MAX_DEPTH} elements, beyond tracker's limit")
        node = Node(tag, attrs, parser.CurrentLineNumber + skipped_lines)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def end(tag: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        if stack:
            stack[-1].parts.append(data)

    def refuse(*args: object) -> None:
        raise _Refused("XML entity declarations are not accepted")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.EntityDeclHandler = refuse
    with source.open() as stream:
        first = stream.read(_CHUNK)
        stripped = first.removeprefix(b"\xef\xbb\xbf").lstrip()
        skipped_lines = first[: len(first) - len(stripped)].count(b"\n")
        try:
            chunk = stripped
            while chunk:
                parser.Parse(chunk, False)
                chunk = stream.read(_CHUNK)
            parser.Parse(b"", True)
        except expat.ExpatError as error:
            where = f"line {error.lineno + skipped_lines} column {error.offset + 1}"
            message = expat.errors.messages[error.code]
            raise InputError(source.name, f"invalid XML: {message}; is the file complete?", where=where) from None
        except _Refused as refusal:
            where = f"line {parser.CurrentLineNumber + skipped_lines}"
            raise InputError(source.name, refusal.problem, where=where) from None
        except (LookupError, ValueError) as error:  # an encoding Python does not know
            raise InputError(
                source.name, f"the XML declaration names an encoding tracker cannot read ({error})"
            ) from None
    if not roots:
        raise InputError(source.name, "no XML element found; the file is empty")
    return roots[0]
