"""Structure-aware mutations of real input files, each a pure function of the input and a seeded rng.

They aim at what breaks readers of benchmark files: truncation, deep nesting, huge numbers and
strings, bad encodings, duplicate keys, NaN and infinities, negative values, and plain byte damage.
SCALE bounds the sizes (1 for the test suite's short run, larger for `make soak`).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

Mutation = Callable[[bytes, random.Random, int], bytes]

MAX_BYTES = 4 * 1024 * 1024
"""Largest input per unit of SCALE: large enough to show cost that grows faster than the input."""

_NUMBER = re.compile(rb"(?<![\w.])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_STRING = re.compile(rb'"(?:[^"\\\n]|\\.){0,200}"')
_MEMBER = re.compile(rb'"(?:[^"\\\n]|\\.){1,80}"\s*:\s*(?:"(?:[^"\\\n]|\\.){0,200}"|-?\d[\d.eE+-]*|true|false|null)')
_TAG = re.compile(rb"<([A-Za-z][\w:-]*)[^<>]*>")


def _pick(pattern: re.Pattern[bytes], data: bytes, rng: random.Random) -> re.Match[bytes] | None:
    matches = list(pattern.finditer(data, 0, min(len(data), 1 << 20)))
    return rng.choice(matches) if matches else None


def _replace(data: bytes, match: re.Match[bytes] | None, new: bytes) -> bytes:
    if match is None:
        return data + new
    return data[: match.start()] + new + data[match.end() :]


def truncate(data: bytes, rng: random.Random, scale: int) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def deep_nesting(data: bytes, rng: random.Random, scale: int) -> bytes:
    """A nested array, object or element as deep as 1,000 x SCALE where a value or a tag was."""
    depth = rng.randint(100, 1000 * scale)
    if _TAG.search(data[:4096]):
        nested = b"<a>" * depth + b"</a>" * depth
        match = _pick(_TAG, data, rng)
        return data if match is None else data[: match.end()] + nested + data[match.end() :]
    opener, closer = rng.choice([(b"[", b"]"), (b'{"k":', b"}")])
    return _replace(
        data, _pick(_NUMBER, data, rng) or _pick(_STRING, data, rng), opener * depth + b"1" + closer * depth
    )


def huge_number(data: bytes, rng: random.Random, scale: int) -> bytes:
    digits = rng.choice([b"9" * rng.randint(300, 5000 * scale), b"1e999", b"-1e999", b"1" + b"0" * 400 + b".5e-9999"])
    return _replace(data, _pick(_NUMBER, data, rng), digits)


def huge_string(data: bytes, rng: random.Random, scale: int) -> bytes:
    text = rng.choice([b"x", b"\\u00e9", b"ab,", b" "]) * rng.randint(1000, 150_000 * scale)
    match = _pick(_STRING, data, rng)
    if match is None:
        cut = rng.randrange(len(data) + 1)
        return data[:cut] + text + data[cut:]
    return _replace(data, match, b'"' + text + b'"')


def bad_encoding(data: bytes, rng: random.Random, scale: int) -> bytes:
    choice = rng.randrange(5)
    if choice == 0:
        return b"\xff\xfe" + data.decode("utf-8", "replace").encode("utf-16-le")
    if choice == 1:
        cut = rng.randrange(len(data) + 1)
        return data[:cut] + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00", b"\xe2\x82"]) + data[cut:]
    if choice == 2:
        return data.replace(b'encoding="UTF-8"', b'encoding="utf-1e9"').replace(
            b"<?xml version", b'<?xml encoding="x-nope" version', 1
        )
    if choice == 3:
        return data.decode("utf-8", "replace").encode("latin-1", "replace")
    return b"\xef\xbb\xbf\xef\xbb\xbf" + data


def duplicate_key(data: bytes, rng: random.Random, scale: int) -> bytes:
    match = _pick(_MEMBER, data, rng)
    if match is None:
        return data + data[: rng.randrange(len(data) + 1)]
    return data[: match.end()] + b"," + match.group(0) + data[match.end() :]


def non_finite(data: bytes, rng: random.Random, scale: int) -> bytes:
    return _replace(data, _pick(_NUMBER, data, rng), rng.choice([b"NaN", b"Infinity", b"-Infinity", b"nan", b"inf"]))


def negative(data: bytes, rng: random.Random, scale: int) -> bytes:
    match = _pick(_NUMBER, data, rng)
    if match is None:
        return data
    value = match.group(0)
    return _replace(data, match, value[1:] if value.startswith(b"-") else rng.choice([b"-", b"-0"]) + value)


def zero(data: bytes, rng: random.Random, scale: int) -> bytes:
    return _replace(data, _pick(_NUMBER, data, rng), rng.choice([b"0", b"0.0", b"-0", b"1e-400"]))


def byte_damage(data: bytes, rng: random.Random, scale: int) -> bytes:
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not damaged:
            break
        at = rng.randrange(len(damaged))
        action = rng.randrange(3)
        if action == 0:
            damaged[at] = rng.randrange(256)
        elif action == 1:
            del damaged[at : at + rng.randint(1, 64)]
        else:
            damaged[at:at] = damaged[at : at + rng.randint(1, 256)]
    return bytes(damaged)


def many_lines(data: bytes, rng: random.Random, scale: int) -> bytes:
    """One line repeated many times: what grows linearly must stay linear."""
    lines = data.splitlines(keepends=True) or [data]
    line = rng.choice(lines)
    return data + line * min(rng.randint(100, 5000 * scale), MAX_BYTES * scale // max(len(line), 1))


def empty(data: bytes, rng: random.Random, scale: int) -> bytes:
    return rng.choice([b"", b" \n", b"{}", b"[]", b"null", b"<a/>", b"\x00" * 64])


MUTATIONS: dict[str, Mutation] = {
    "truncate": truncate,
    "deep_nesting": deep_nesting,
    "huge_number": huge_number,
    "huge_string": huge_string,
    "bad_encoding": bad_encoding,
    "duplicate_key": duplicate_key,
    "non_finite": non_finite,
    "negative": negative,
    "zero": zero,
    "byte_damage": byte_damage,
    "many_lines": many_lines,
    "empty": empty,
}


def mutate(
    data: bytes, rng: random.Random, scale: int, names: list[str] | None = None, max_bytes: int | None = None
) -> tuple[bytes, list[str]]:
    """One to three mutations in a row (NAMES, else any); the mutated input, cut at MAX_BYTES, and the
    names of the mutations applied."""
    applied = names or [rng.choice(list(MUTATIONS)) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
    for name in applied:
        data = MUTATIONS[name](data, rng, scale)[: max_bytes or MAX_BYTES * scale]
    return data, applied
