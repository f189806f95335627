"""The rule catalog as the server sees it: rows for ``GET /rules`` and the words ``select``/``ignore`` accept."""

from __future__ import annotations

from requestlint.catalog import RuleRow, rule_rows
from requestlint.loader import Ruleset

__all__ = ["RuleRow", "rule_rows", "selectors"]


def selectors(ruleset: Ruleset) -> frozenset[str]:
    """Everything ``select``/``ignore`` can name: codes, names, groups, pitfalls and aliases."""
    return frozenset(
        word for rule in ruleset.rules for word in (rule.code, rule.name, rule.group, rule.pitfall, *rule.aliases)
    )
