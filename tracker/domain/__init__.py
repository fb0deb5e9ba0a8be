"""Values shared by every layer, by concern. Standard library only."""

from tracker.domain.commits import (
    COMMIT_TYPES,
    CommitInfo,
    CommitSummary,
    ConventionalCommit,
    parse_conventional,
    short_commit,
)
from tracker.domain.history import ChangeKind, ChangePoint, HistoryPoint
from tracker.domain.measures import TIME, Direction, Measurement, Metric, Status, Summary, TestCase, tags_in, test_id
from tracker.domain.policy import Policy, RuleConstants
from tracker.domain.profiles import Edge, FunctionChange, FunctionStat, ProfileEvent, ProfileSource, Span, StackSample
from tracker.domain.progress import SILENT, Progress
from tracker.domain.runs import ParsedRun, ProfileNode, RunInfo, TestInfo, environment_fingerprint
from tracker.domain.verdicts import Comparison, Reason, TestComparison, Verdict

__all__ = [
    "COMMIT_TYPES",
    "SILENT",
    "TIME",
    "ChangeKind",
    "ChangePoint",
    "CommitInfo",
    "CommitSummary",
    "Comparison",
    "ConventionalCommit",
    "Direction",
    "Edge",
    "FunctionChange",
    "FunctionStat",
    "HistoryPoint",
    "Measurement",
    "Metric",
    "ParsedRun",
    "Policy",
    "ProfileEvent",
    "ProfileNode",
    "ProfileSource",
    "Progress",
    "Reason",
    "RuleConstants",
    "RunInfo",
    "Span",
    "StackSample",
    "Status",
    "Summary",
    "TestCase",
    "TestComparison",
    "TestInfo",
    "Verdict",
    "environment_fingerprint",
    "parse_conventional",
    "short_commit",
    "tags_in",
    "test_id",
]
