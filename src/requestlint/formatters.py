"""Rendering reports for people (text) and for programs (JSON, JSON Lines)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from requestlint.models import Finding, Report

_RED, _YELLOW, _BLUE, _DIM, _BOLD, _RESET = "\033[31m", "\033[33m", "\033[34m", "\033[2m", "\033[1m", "\033[0m"


def _location(name: str, finding: Finding) -> str:
    # Something missing has no position; linters and editors expect one, so it points at the start.
    line, column = (finding.span.line, finding.span.column) if finding.span else (1, 1)
    return f"{name}:{line}:{column}:"


def render_text(reports: Sequence[Report], *, color: bool = False) -> str:
    """``file:line:col: CODE message [severity]`` per finding, the suggestion under it, then a summary."""

    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    lines: list[str] = []
    for report in reports:
        name = report.source or "<draft>"
        for finding in report.findings:
            severity = finding.severity.value
            tint = {"error": _RED, "warning": _YELLOW, "info": _BLUE}[severity]
            missing = "" if finding.span else " (missing)"
            lines.append(
                f"{_location(name, finding)} {paint(finding.code, _BOLD)} {finding.message}{missing} "
                f"[{paint(severity, tint)}]"
            )
            hint = finding.suggestion.principle
            if finding.suggestion.replacement:
                hint += f" -> {finding.suggestion.replacement!r}"
            lines.append(paint(f"    suggestion: {hint}", _DIM))
        present = [p for p, result in report.pitfalls.items() if result.present]
        sure = "" if report.kind_overridden else f" ({report.kind_confidence:.0%} sure)"
        summary = f"{name}: {report.kind.value}{sure}, score {report.score:g}/100"
        summary += f", pitfalls: {', '.join(present)}" if present else ", no pitfalls"
        lines.append(paint(summary, _BOLD))
        lines.extend(f"{name}: note: {note}" for note in report.notes)
    return "\n".join(lines) + "\n"


def render_json(reports: Sequence[Report]) -> str:
    """A JSON array with one report per input, in input order."""
    return json.dumps([r.model_dump(mode="json") for r in reports], indent=2, ensure_ascii=False) + "\n"


def render_jsonl(reports: Sequence[Report]) -> str:
    return "".join(r.model_dump_json() + "\n" for r in reports)


FORMATS = {"text": render_text, "json": render_json, "jsonl": render_jsonl}
