"""Finding what `tracker profile` and `tracker flamegraph` draw: the test (id, name, glob or part
of the name) and the run holding its profile."""

from __future__ import annotations

from tracker.api.test_names import one_test
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
    test_id = one_test(tests, text, prefer=store.profiled_tests())
    return test_id, tests[test_id]


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
