"""requestlint: lint informational-interview request emails for the documented pitfalls."""

from __future__ import annotations

__version__ = "0.1.0"

from requestlint.api import check, check_many
from requestlint.config import Settings
from requestlint.models import PITFALLS, DraftKind, Finding, Report, Severity

__all__ = [
    "PITFALLS",
    "DraftKind",
    "Finding",
    "Report",
    "Settings",
    "Severity",
    "__version__",
    "check",
    "check_many",
]
