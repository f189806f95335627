"""requestlint: lint informational-interview request emails for the documented pitfalls."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from requestlint.api import check, check_many
    from requestlint.config import Settings
    from requestlint.fixing import FixResult, fix
    from requestlint.models import DraftKind, Finding, Report, Severity
    from requestlint.pitfalls import PITFALLS

# Loaded on first use, not on import: `requestlint sendmail` must be able to start (and fail open, handing
# the mail on) even when spaCy or the model is broken, so importing the package must not import them.
_LAZY = {
    "check": "requestlint.api",
    "check_many": "requestlint.api",
    "fix": "requestlint.fixing",
    "FixResult": "requestlint.fixing",
    "Settings": "requestlint.config",
    "PITFALLS": "requestlint.pitfalls",
    "DraftKind": "requestlint.models",
    "Finding": "requestlint.models",
    "Report": "requestlint.models",
    "Severity": "requestlint.models",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'requestlint' has no attribute {name!r}")


__all__ = [
    "PITFALLS",
    "DraftKind",
    "Finding",
    "FixResult",
    "Report",
    "Settings",
    "Severity",
    "__version__",
    "check",
    "check_many",
    "fix",
]
