"""Shell completion of test names (`tracker --install-completion` sets it up in the shell).

Completion runs on every Tab, so it must be quick and must never fail: any error means no
suggestions. It reads the database the settings name, as the command itself would.
"""

from __future__ import annotations

MOST = 200


def test_names(incomplete: str) -> list[str]:
    """Full names of stored tests that start with what was typed so far (shells complete prefixes)."""
    try:
        from tracker.cli.settings import Settings
        from tracker.store import Store

        with Store(Settings.load().get("database")) as store:
            names = sorted(info.name for info in store.tests())
    except Exception:  # completion must never break the shell; no database means no suggestions
        return []
    return [name for name in names if name.startswith(incomplete)][:MOST]
