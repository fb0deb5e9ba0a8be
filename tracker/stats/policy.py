"""How to judge: the `Policy` lives in `tracker.domain.policy`, where reports can read it too."""

from tracker.domain.policy import Policy

__all__ = ["Policy"]
