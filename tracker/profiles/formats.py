"""The flame graph files tracker writes. Standard library only: the command line imports it at startup."""

from __future__ import annotations

from enum import StrEnum


class FlameFormat(StrEnum):
    SVG = "svg"
    SPEEDSCOPE = "speedscope"
    CHROME = "chrome"
    FOLDED = "folded"

    @property
    def extension(self) -> str:
        return {"svg": ".svg", "speedscope": ".speedscope.json", "chrome": ".trace.json", "folded": ".folded"}[self]
