"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "commits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("time", sa.DateTime(), nullable=True),
        sa.Column("parents", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=True),
        sa.Column("scope", sa.String(length=100), nullable=True),
        sa.Column("breaking", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commits")),
        sa.UniqueConstraint("sha", name=op.f("uq_commits_sha")),
    )
    op.create_table(
        "metrics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metrics")),
        sa.UniqueConstraint("name", name=op.f("uq_metrics_name")),
    )
    op.create_table(
        "tests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("file", sa.Text(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tests")),
    )
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commit_id", sa.Integer(), nullable=True),
        sa.Column("branch", sa.String(length=200), nullable=True),
        sa.Column("tag", sa.String(length=200), nullable=True),
        sa.Column("time", sa.DateTime(), nullable=True),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.Column("format", sa.String(length=60), nullable=False),
        sa.Column("tool", sa.String(length=60), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("environment", sa.JSON(), nullable=False),
        sa.Column("fingerprint", sa.String(length=12), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["commit_id"], ["commits.id"], name=op.f("fk_runs_commit_id_commits")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runs")),
        sa.UniqueConstraint("digest", name=op.f("uq_runs_digest")),
    )
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_runs_branch"), ["branch"], unique=False)
        batch_op.create_index(batch_op.f("ix_runs_commit_id"), ["commit_id"], unique=False)

    op.create_table(
        "profile_nodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("test_id", sa.String(length=36), nullable=False),
        sa.Column("pid", sa.String(length=40), nullable=False),
        sa.Column("tid", sa.String(length=40), nullable=False),
        sa.Column("stack", sa.JSON(), nullable=False),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("self_time", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f("fk_profile_nodes_run_id_runs"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["test_id"], ["tests.id"], name=op.f("fk_profile_nodes_test_id_tests")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_nodes")),
    )
    with op.batch_alter_table("profile_nodes", schema=None) as batch_op:
        batch_op.create_index("ix_profile_nodes_run_test", ["run_id", "test_id"], unique=False)

    op.create_table(
        "results",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("test_id", sa.String(length=36), nullable=False),
        sa.Column("metric_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("n", sa.Integer(), nullable=True),
        sa.Column("mean", sa.Float(), nullable=True),
        sa.Column("median", sa.Float(), nullable=True),
        sa.Column("stddev", sa.Float(), nullable=True),
        sa.Column("min", sa.Float(), nullable=True),
        sa.Column("max", sa.Float(), nullable=True),
        sa.Column("q1", sa.Float(), nullable=True),
        sa.Column("q3", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["metric_id"], ["metrics.id"], name=op.f("fk_results_metric_id_metrics")),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f("fk_results_run_id_runs"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["test_id"], ["tests.id"], name=op.f("fk_results_test_id_tests")),
        sa.PrimaryKeyConstraint("run_id", "test_id", "metric_id", name=op.f("pk_results")),
    )
    with op.batch_alter_table("results", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_results_test_id"), ["test_id"], unique=False)

    op.create_table(
        "samples",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("test_id", sa.String(length=36), nullable=False),
        sa.Column("metric_id", sa.Integer(), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["metric_id"], ["metrics.id"], name=op.f("fk_samples_metric_id_metrics")),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f("fk_samples_run_id_runs"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["test_id"], ["tests.id"], name=op.f("fk_samples_test_id_tests")),
        sa.PrimaryKeyConstraint("run_id", "test_id", "metric_id", "idx", name=op.f("pk_samples")),
    )


def downgrade() -> None:
    op.drop_table("samples")
    with op.batch_alter_table("results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_results_test_id"))

    op.drop_table("results")
    with op.batch_alter_table("profile_nodes", schema=None) as batch_op:
        batch_op.drop_index("ix_profile_nodes_run_test")

    op.drop_table("profile_nodes")
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_runs_commit_id"))
        batch_op.drop_index(batch_op.f("ix_runs_branch"))

    op.drop_table("runs")
    op.drop_table("tests")
    op.drop_table("metrics")
    op.drop_table("commits")
