"""tracker: a benchmark-history regression tracker."""

__version__ = "0.1.0"
