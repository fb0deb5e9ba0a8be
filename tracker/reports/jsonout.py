"""JSON output of results: dataclasses, enums and times as plain JSON values."""

from __future__ import annotations

import dataclasses
import json
import math
from datetime import datetime
from enum import Enum
from typing import Any

from tracker.reports.escaping import json_text

_PLAIN = (str, int, bool, type(None))


def to_jsonable(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:  # most values of a long comparison: answered first
        return value
    if kind is float:
        return value if math.isfinite(value) else None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def render_json(value: Any) -> str:
    return json_text(json.dumps(to_jsonable(value), indent=2, ensure_ascii=False)) + "\n"
