"""How every command finds the tests a user names: a full name, an id, a glob or a part of the name.

One set of rules for `history`, `changes --test`, `profile` and `flamegraph`, tried in order until
one finds something: the id (or at least its first 8 characters), the full name (taken as it is,
since test names often hold brackets that a glob would read as sets), a glob, a part of the name,
a part of the name in any case.
"""

from __future__ import annotations

import fnmatch
import glob
from collections.abc import Callable, Collection, Mapping

from tracker.errors import UsageError

Matcher = Callable[[Mapping[str, str], str], list[str]]
SHOWN = 10


def _by_id(tests: Mapping[str, str], text: str) -> list[str]:
    if text in tests:
        return [text]
    return [t for t in tests if len(text) >= 8 and t.startswith(text.lower())]


def _by_name(tests: Mapping[str, str], text: str) -> list[str]:
    return [t for t, name in tests.items() if name == text]


def _by_glob(tests: Mapping[str, str], text: str) -> list[str]:
    return [t for t, name in tests.items() if fnmatch.fnmatchcase(name, text)] if glob.has_magic(text) else []


def _by_part(tests: Mapping[str, str], text: str) -> list[str]:
    return [t for t, name in tests.items() if text in name]


def _by_part_any_case(tests: Mapping[str, str], text: str) -> list[str]:
    return [t for t, name in tests.items() if text.casefold() in name.casefold()]


MATCHERS: tuple[Matcher, ...] = (_by_id, _by_name, _by_glob, _by_part, _by_part_any_case)


def _typed(text: str, flag: str | None) -> str:
    return f"{flag} {text!r}" if flag else repr(text)


def matching_tests(tests: Mapping[str, str], text: str, *, flag: str | None = None) -> list[str]:
    """Ids of TESTS (id -> full name) that TEXT names, by the first rule that finds any."""
    for matcher in MATCHERS:
        found = matcher(tests, text)
        if found:
            return found
    raise UsageError(f"no test matches {_typed(text, flag)}; `tracker tests` lists the ids and names")


def one_test(tests: Mapping[str, str], text: str, *, flag: str | None = None, prefer: Collection[str] = ()) -> str:
    """The one test TEXT names; among several, the one in PREFER (say, the profiled ones) if only one is."""
    found = matching_tests(tests, text, flag=flag)
    if len(found) > 1:
        found = [test_id for test_id in found if test_id in prefer] or found
    if len(found) == 1:
        return found[0]
    names = sorted(tests[t] for t in found)
    shown = "\n  ".join(names[:SHOWN]) + (f"\n  ... and {len(names) - SHOWN} more" if len(names) > SHOWN else "")
    raise UsageError(f"{_typed(text, flag)} matches {len(found)} tests; give more of the name or the id:\n  {shown}")
