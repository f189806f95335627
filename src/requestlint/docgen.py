"""Rule documentation, generated from the rule file and its tested cases (never written by hand).

Sections follow ruff's order: What it does, Why is this bad?, Known problems, Example, Use instead,
References. Examples are the cases marked ``doc: true``; the case tests guarantee they behave as shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from requestlint.bundled import bundled_rules_dir
from requestlint.edits import PART_FIXES, SAFE
from requestlint.engine import drafts_for
from requestlint.errors import InputError
from requestlint.loader import cases_path, load_cases_file, load_rules, rule_files
from requestlint.pitfalls import CATEGORIES, Category, Pitfall, registry
from requestlint.schema import CasesFile, RuleSpec
from requestlint.scoring import __doc__ as SCORING_DOC


def rule_path(directory: Path, rule: RuleSpec) -> Path | None:
    return next((p for p in rule_files(directory) if p.stem == rule.code), None)


def cases_for(directory: Path, rule: RuleSpec) -> CasesFile | None:
    path = rule_path(directory, rule)
    if path is None or not cases_path(path).is_file():
        return None
    return load_cases_file(cases_path(path))


def explain(code: str, extra_dirs: Sequence[Path] = ()) -> str:
    """The documentation ``requestlint explain CODE`` prints: a pitfall's page, or a rule's (code, name or alias)."""
    wanted = code.strip()
    rules = load_rules(tuple(extra_dirs)).rules
    if wanted.lower() in CATEGORIES:
        return render_pitfall(registry().get(wanted.lower()), list(rules))
    for rule in rules:
        if wanted.upper() in (rule.code, *rule.aliases) or wanted == rule.name:
            cases = None
            for directory in (bundled_rules_dir(), *extra_dirs):
                cases = cases or cases_for(directory, rule)
            return render_rule(rule, cases)
    raise InputError(f"no rule {code!r}; 'requestlint rules' lists them")


def _block(text: str) -> str:
    return "```\n" + text.rstrip("\n") + "\n```"


def render_rule(rule: RuleSpec, cases: CasesFile | None) -> str:
    kinds = ", ".join(k.value for k in drafts_for(rule))
    parts = [
        f"# {rule.code} · {rule.name}",
        "",
        f"*{rule.pitfall}* · {rule.severity.value} · scope: {rule.scope.value} · drafts: {kinds} · "
        f"check: {rule.check} · {rule.status}",
        "",
        "## What it does",
        rule.summary.strip(),
        "",
        "## Why is this bad?",
        rule.why.strip(),
    ]
    if rule.known_problems:
        parts += ["", "## Known problems", rule.known_problems.strip()]
    doc_cases = [c for c in (cases.cases.values() if cases else []) if c.doc]
    for case in (c for c in doc_cases if c.should_fire):
        parts += ["", "## Example", _block(case.text)]
        matches = [e.match for e in case.expect if e.match]
        if matches:
            parts.append("Flagged: " + ", ".join(f"`{m}`" for m in matches))
        for fixed in (e.fixed.strip() for e in case.expect if e.fixed):
            parts += (
                ["After `requestlint fix`:", _block(fixed)]
                if "\n" in fixed
                else [f"After `requestlint fix`: `{fixed}`"]
            )
    for case in (c for c in doc_cases if not c.should_fire):
        parts += ["", "## Use instead", _block(case.text)]
    parts += ["", "## Suggestion", rule.suggestion.principle]
    if rule.suggestion.replacements:
        parts.append("Replacement templates (the first one the draft can fill is offered):")
        parts += [f"- `{t}`" for t in rule.suggestion.replacements]
    if rule.suggestion.fix is not None:
        how = (
            "applied by `requestlint fix`"
            if rule.suggestion.fix in SAFE
            else "a content edit, applied by `requestlint fix --unsafe-fixes`"
        )
        when = (
            "on every mark it counts in its scope"
            if rule.suggestion.fix in PART_FIXES
            else "when the filled replacement has no blank left"
        )
        parts += ["", f"Fix: `{rule.suggestion.fix}` ({how}) {when}."]
    parts += ["", "## References"] + [f"- {ref}" for ref in rule.references]
    return "\n".join(parts) + "\n"


def render_pitfall(category: Category, rules: list[RuleSpec]) -> str:
    """One pitfall or category: what it means, the guide's corrected form, the kinds it applies to, its rules."""
    kinds = ", ".join(kind.value for kind in category.drafts)
    parts = [f"# {category.id}: {category.label}", "", category.summary, ""]
    if isinstance(category, Pitfall):
        parts += [f"Corrected form: {category.corrected}.", ""]
    parts += [f"Applies to: {kinds} (a rule may name its own kinds).", "", "| code | name | severity | summary |"]
    parts.append("|---|---|---|---|")
    for rule in sorted((r for r in rules if r.pitfall == category.id), key=lambda r: r.code):
        parts.append(f"| {rule.code} | {rule.name} | {rule.severity.value} | {rule.summary} |")
    return "\n".join(parts) + "\n"


def render_index(rules: list[RuleSpec]) -> str:
    lines = [
        "# Rules",
        "",
        "Generated by `requestlint docs --index`; do not edit by hand. `requestlint explain CODE` shows one rule,",
        "`requestlint explain PITFALL` one pitfall (e.g. `requestlint explain generic-thanks`).",
        "",
        "## Pitfalls and categories",
        "",
        "From `rules/_pitfalls.yml`. Pitfalls are the guide's; the categories beside them hold hints and mechanics.",
        "",
        "| id | label | applies to | corrected form |",
        "|---|---|---|---|",
    ]
    for category in registry().all:
        corrected = category.corrected if isinstance(category, Pitfall) else "(category)"
        kinds = ", ".join(kind.value for kind in category.drafts)
        lines.append(f"| {category.id} | {category.label} | {kinds} | {corrected} |")
    lines += ["", "## Rules", "", "| code | name | pitfall | severity | summary |", "|---|---|---|---|---|"]
    for rule in sorted(rules, key=lambda r: r.code):
        lines.append(f"| {rule.code} | {rule.name} | {rule.pitfall} | {rule.severity.value} | {rule.summary} |")
    return "\n".join(lines) + "\n"


def render_scoring() -> str:
    return (SCORING_DOC or "").strip() + "\n"
