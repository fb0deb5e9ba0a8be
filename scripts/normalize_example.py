"""Make a freshly ingested example database byte-for-byte reproducible.

The ingest time is the only value that depends on the clock; it is set to the run's own time.
The file is compacted and left in rollback-journal mode so it is a single self-contained file.
"""

from __future__ import annotations

import sqlite3
import sys


def normalize(path: str) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.execute("UPDATE runs SET ingested_at = COALESCE(time, '1970-01-01 00:00:00')")
        connection.commit()
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("VACUUM")
    finally:
        connection.close()


if __name__ == "__main__":
    normalize(sys.argv[1])
