"""The schema, as typed SQLAlchemy models. Alembic migrations create and change it; never `create_all`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Text, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Times stored as naive UTC (SQLite has no time zones) and read back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Commit(Base):
    __tablename__ = "commits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha: Mapped[str] = mapped_column(String(64), unique=True)
    subject: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    time: Mapped[datetime | None] = mapped_column(UTCDateTime)
    parents: Mapped[list[str]] = mapped_column(JSON, default=list)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    type: Mapped[str | None] = mapped_column(String(40))
    scope: Mapped[str | None] = mapped_column(String(100))
    breaking: Mapped[bool] = mapped_column(default=False)


class Run(Base):
    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commit_id: Mapped[int | None] = mapped_column(ForeignKey("commits.id"), index=True)
    branch: Mapped[str | None] = mapped_column(String(200), index=True)
    tag: Mapped[str | None] = mapped_column(String(200))
    time: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    format: Mapped[str] = mapped_column(String(60))
    tool: Mapped[str] = mapped_column(String(60))
    source: Mapped[str] = mapped_column(Text)
    environment: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    fingerprint: Mapped[str] = mapped_column(String(12))
    digest: Mapped[str] = mapped_column(String(64), unique=True)


class Test(Base):
    __tablename__ = "tests"
    __test__ = False

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    file: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    line: Mapped[int | None] = mapped_column(Integer)
    """Where in FILE the test is written (1-based), as the latest input that names one gave it."""


class Metric(Base):
    __tablename__ = "metrics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    unit: Mapped[str] = mapped_column(String(40))
    direction: Mapped[str] = mapped_column(String(10))


class Result(Base):
    """One metric of one test in one run: status, sample count and summary statistics."""

    __tablename__ = "results"

    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    test_id: Mapped[str] = mapped_column(ForeignKey("tests.id"), primary_key=True, index=True)
    metric_id: Mapped[int] = mapped_column(ForeignKey("metrics.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(10))
    n: Mapped[int | None] = mapped_column(Integer)
    mean: Mapped[float | None] = mapped_column(Float)
    median: Mapped[float | None] = mapped_column(Float)
    stddev: Mapped[float | None] = mapped_column(Float)
    min: Mapped[float | None] = mapped_column(Float)
    max: Mapped[float | None] = mapped_column(Float)
    q1: Mapped[float | None] = mapped_column(Float)
    q3: Mapped[float | None] = mapped_column(Float)
    resolution: Mapped[float | None] = mapped_column(Float)
    """The step the tool writes values in (0.01 s for JUnit's two decimals); None when fine enough."""


class Sample(Base):
    """One raw value (canonical unit) of a result."""

    __tablename__ = "samples"

    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    test_id: Mapped[str] = mapped_column(ForeignKey("tests.id"), primary_key=True)
    metric_id: Mapped[int] = mapped_column(ForeignKey("metrics.id"), primary_key=True)
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[float] = mapped_column(Float)


class ProfileNode(Base):
    """One stack (frame names, root to leaf) of a test's aggregated call tree in one run."""

    __tablename__ = "profile_nodes"
    __table_args__ = (Index("ix_profile_nodes_run_test", "run_id", "test_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    test_id: Mapped[str] = mapped_column(ForeignKey("tests.id"))
    pid: Mapped[str] = mapped_column(String(40))
    tid: Mapped[str] = mapped_column(String(40))
    stack: Mapped[list[str]] = mapped_column(JSON)
    calls: Mapped[int] = mapped_column(Integer)
    total: Mapped[float] = mapped_column(Float)
    self_time: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20), default="s")
    """"s" for times; "samples" or "bytes" when a profile counts something else."""
