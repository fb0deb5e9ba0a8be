"""Finding what `tracker profile` and `tracker flamegraph` draw: the test (id, name, glob or part
of the name) and the run holding its profile."""

from __future__ import annotations

import fnmatch
import glob

from tracker.domain import RunInfo
from tracker.errors import UsageError
from tracker.store import Store


def resolve_test(store: Store, text: str | None, run_ref: str | None = None) -> tuple[str, str]:
    """The test TEXT names: an id, a full name, a glob or a unique substring; among profiled tests first.
    None: the test with the largest profile in the run (the newest run with a profile when no --run)."""
    tests = {info.id: info.name for info in store.tests()}
    if text is None:
        run = store.run(run_ref) if run_ref else None
        if run_ref and run is None:
            raise UsageError(f"no run matches {run_ref!r} (--run takes a run id, a commit sha or a tag)")
        sizes = store.profiled_tests(run.id if run else _newest_profiled_run(store))
        if not sizes:
            raise UsageError("no profiles stored; ingest a trace, speedscope or folded file first (tracker formats)")
        test_id = max(sizes, key=lambda key: (sizes[key], key))
        return test_id, tests.get(test_id, test_id)
    profiled = store.profiled_tests()
    for matcher in (_by_id, _by_name, _by_glob, _by_substring, _by_substring_any_case):
        found = matcher(tests, text)
        if len(found) > 1:
            found = [test_id for test_id in found if test_id in profiled] or found
        if len(found) == 1:
            return found[0], tests[found[0]]
        if len(found) > 1:
            shown = "\n  ".join(sorted(tests[t] for t in found)[:10])
            raise UsageError(f"{text!r} matches {len(found)} tests; give more of the name or the id:\n  {shown}")
    raise UsageError(f"no test matches {text!r}; `tracker tests` lists the ids and names")


def _by_id(tests: dict[str, str], text: str) -> list[str]:
    return [text] if text in tests else [t for t in tests if len(text) >= 8 and t.startswith(text.lower())]


def _by_name(tests: dict[str, str], text: str) -> list[str]:
    return [t for t, name in tests.items() if name == text]


def _by_glob(tests: dict[str, str], text: str) -> list[str]:
    return [t for t, name in tests.items() if fnmatch.fnmatchcase(name, text)] if glob.has_magic(text) else []


def _by_substring(tests: dict[str, str], text: str) -> list[str]:
    return [t for t, name in tests.items() if text in name]


def _by_substring_any_case(tests: dict[str, str], text: str) -> list[str]:
    return [t for t, name in tests.items() if text.casefold() in name.casefold()]


def _newest_profiled_run(store: Store) -> int | None:
    newest = [store.profiled_run_ids(test_id)[:1] for test_id in store.profiled_tests()]
    runs = {run.id: index for index, run in enumerate(store.runs())}
    ids = [ids[0] for ids in newest if ids]
    return min(ids, key=lambda run_id: runs.get(run_id, len(runs))) if ids else None


def profiled_run(store: Store, ref: str | None, test_id: str, name: str, flag: str) -> RunInfo:
    """The run REF names (by default the newest holding a profile of the test), which must hold one."""
    having = store.profiled_run_ids(test_id)
    if not having:
        raise UsageError(f"no run holds a profile of {name!r}; ingest a profile of it first")
    run = store.run(ref) if ref else store.run(str(having[0]))
    if run is None:
        raise UsageError(f"no run matches {ref!r} ({flag} takes a run id, a commit sha or a tag)")
    if run.id not in having:
        runs = ", ".join(str(r) for r in having[:10])
        raise UsageError(f"run {run.id} holds no profile of {name!r}; runs that do: {runs} (pass one with {flag})")
    return run
