"""What every request handler needs: the server's settings, its rule catalog and its check worker."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from fastapi.exceptions import RequestValidationError

from requestlint.catalog import RuleRow
from requestlint.config import Settings
from requestlint.loader import load_rules
from requestlint.schema import RuleSpec
from requestlint.server.catalog import rule_rows, selectors
from requestlint.server.class_grader import ClassGrader
from requestlint.server.worker import CheckWorker


@dataclass(frozen=True)
class ServerState:
    settings: Settings
    rules: dict[str, RuleSpec]
    rows: list[RuleRow]
    selectors: frozenset[str]
    worker: CheckWorker
    classes: ClassGrader

    @classmethod
    def build(cls, settings: Settings, timeout: float) -> ServerState:
        # Loading the rules here makes a broken rule folder fail at start-up, not at the first request.
        ruleset = load_rules(tuple(settings.extra_rule_dirs))
        return cls(
            settings=settings,
            rules={rule.code: rule for rule in ruleset.rules},
            rows=rule_rows(ruleset, settings),
            selectors=selectors(ruleset),
            worker=CheckWorker(settings, timeout),
            classes=ClassGrader(settings),
        )

    def check_selectors(self, field: str, values: list[str]) -> None:
        """422 for a selector that names no rule: the CLI would silently run nothing, an API client should know."""
        errors = [
            {
                "loc": ("body", field, index),
                "msg": f"{value!r} names no rule (a code, name, group or pitfall; see GET /rules)",
                "type": "value_error",
                "input": value,
            }
            for index, value in enumerate(values)
            if value not in self.selectors
        ]
        if errors:
            raise RequestValidationError(errors)


def server_state(request: Request) -> ServerState:
    state: ServerState = request.app.state.requestlint
    return state
