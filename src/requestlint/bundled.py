"""Where the bundled rule folder is: inside the package in a wheel, or the repository's ``rules/`` in a checkout.

Kept apart from the loader (which imports spaCy) so that reading the email structure needs no NLP stack.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from requestlint.errors import RuleLoadError


def bundled_rules_dir() -> Path:
    packaged = Path(str(resources.files("requestlint") / "_rules"))
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "rules"
    if checkout.is_dir():
        return checkout
    raise RuleLoadError("the bundled rules are missing from this installation", path=packaged)
