"""A small program to profile: makes records, splits them, scores them, fingerprints them.

Version 2: `score` deliberately slowed (each row is scored five times); the rest is `../v1/workload.py`.
"""

from __future__ import annotations

import hashlib


def make_records(count: int) -> list[str]:
    return [f"item-{i},{i % 97},{(i * 7919) % 10007}" for i in range(count)]


def tokenize(records: list[str]) -> list[list[str]]:
    return [line.split(",") for line in records]


def score(rows: list[list[str]]) -> int:
    total = 0
    for _name, small, large in rows:
        for _ in range(5):
            total += int(small) * int(large) % 1013
    return total


def fingerprint(rows: list[list[str]]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(row[0].encode())
    return digest.hexdigest()


def main() -> None:
    results = []
    for _ in range(12):
        rows = tokenize(make_records(60_000))
        results.append((score(rows), fingerprint(rows)))
    print(results[-1])


if __name__ == "__main__":
    main()
