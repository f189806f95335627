"""The rule catalog as a list of rows: what `requestlint rules --format json` and `GET /rules` show."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from requestlint.config import Settings
from requestlint.engine import drafts_for, select_rules
from requestlint.loader import Ruleset
from requestlint.models import DraftKind, Part, Severity


class RuleRow(BaseModel):
    """One rule as ``requestlint rules --format json`` lists it."""

    code: str
    name: str
    pitfall: str
    severity: Severity
    scope: Part
    check: str
    status: Literal["stable", "preview"]
    summary: str
    short: str
    drafts: list[DraftKind]
    enabled: bool = Field(description="True when the server's settings run this rule")


def rule_rows(ruleset: Ruleset, settings: Settings) -> list[RuleRow]:
    """The same rows, in the same order, as ``requestlint rules --format json``."""
    active = {rule.code for rule in select_rules(ruleset.rules, settings)}
    return [
        RuleRow(
            code=rule.code,
            name=rule.name,
            pitfall=rule.pitfall,
            severity=rule.severity,
            scope=rule.scope,
            check=rule.check,
            status=rule.status,
            summary=rule.summary,
            short=rule.short,
            drafts=list(drafts_for(rule)),
            enabled=rule.code in active,
        )
        for rule in ruleset.rules
    ]
