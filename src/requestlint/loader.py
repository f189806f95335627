"""Finding, reading and validating rule files and their cases.

Bundled rules live in the package (``requestlint/_rules`` in a wheel) or, in a source checkout, in the
repository's ``rules/`` folder. Users add folders of their own; they go through the same validation.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from spacy.schemas import validate_token_pattern

from requestlint.bundled import bundled_rules_dir
from requestlint.errors import RuleLoadError
from requestlint.schema import CasesFile, MoveFile, RuleSpec
from requestlint.yamlfile import LineMap, load_yaml

RULE_SUFFIX = ".yml"
CASES_SUFFIX = ".cases.yml"

_RULE_ADAPTER: TypeAdapter[RuleSpec] = TypeAdapter(RuleSpec)


MOVES_DIR = "_moves"
"""Shared matchers; every folder whose name starts with "_" holds data other than rules."""


@dataclass(frozen=True)
class Ruleset:
    rules: tuple[RuleSpec, ...]
    moves: dict[str, MoveFile]


def rule_files(directory: Path) -> list[Path]:
    return sorted(
        p
        for p in directory.rglob(f"*{RULE_SUFFIX}")
        if not p.name.endswith(CASES_SUFFIX)
        and p.is_file()
        and not any(part.startswith("_") for part in p.relative_to(directory).parts[:-1])
    )


@dataclass(frozen=True)
class _LoadedMove:
    move: MoveFile
    data: Any
    lines: LineMap
    path: Path


def load_move_file(path: Path) -> _LoadedMove:
    data, lines = load_yaml(path)
    try:
        move = MoveFile.model_validate(data)
    except ValidationError as exc:
        raise _pydantic_error(exc, path, lines) from None
    _validate_patterns(data, path, lines)
    if move.name != path.stem:
        raise RuleLoadError(
            f"file name must be the move name: {move.name}{RULE_SUFFIX}",
            path=path,
            line=lines.line_for(["name"]),
        )
    return _LoadedMove(move, data, lines, path)


def _check_move_refs(data: Any, moves: dict[str, MoveFile], path: Path, lines: LineMap) -> None:
    def visit(node: Any, loc: tuple[str | int, ...]) -> None:
        if isinstance(node, dict):
            name = node.get("move")
            if isinstance(name, str) and name not in moves:
                known = ", ".join(sorted(moves)) or "none"
                raise RuleLoadError(
                    f"unknown move {name!r} (known: {known})", path=path, line=lines.line_for((*loc, "move"))
                )
            for key, value in node.items():
                visit(value, (*loc, key))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                visit(item, (*loc, i))

    visit(data, ())


def _first(errors: list[Any]) -> Any:
    """The most useful error first: an unknown key explains the 'missing' error that usually comes with it."""
    return sorted(errors, key=lambda e: e["type"] != "extra_forbidden")[0]


def _did_you_mean(key: object, error: Any) -> str:
    import difflib

    known = [str(k) for k in (error.get("ctx") or {}).get("expected", [])]
    if not known:
        from requestlint import schema

        known = [
            name
            for model in (
                schema.RuleBase,
                schema.PhraseRule,
                schema.SwapRule,
                schema.PatternRule,
                schema.DependencyRule,
                schema.MetricRule,
                schema.RequireRule,
            )
            for name in model.model_fields
        ]
    close = difflib.get_close_matches(str(key), known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _pydantic_error(
    exc: ValidationError, path: Path, lines: LineMap, prefix: Sequence[str | int] = ()
) -> RuleLoadError:
    errors = exc.errors()
    error = _first(errors)
    raw_loc = list(error["loc"])
    if raw_loc and raw_loc[0] in _CHECK_TAGS:
        raw_loc = raw_loc[1:]  # the discriminated union's tag, not a key of the file
    loc = [part for part in raw_loc if not (isinstance(part, str) and part in _MATCHER_MODELS)]
    line = lines.line_for([*prefix, *loc])
    where = ".".join(str(part) for part in loc) or "file"
    if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
        kinds = ", ".join(sorted(_CHECK_TAGS))
        line = lines.line_for([*prefix, *loc, "check"])
        found = error.get("input", {}).get("check") if isinstance(error.get("input"), dict) else None
        what = f"unknown check kind {found!r}" if found else "missing key 'check'"
        return RuleLoadError(f"{what} (one of: {kinds})", path=path, line=line)
    if error["type"] == "extra_forbidden":
        message = f"unknown key {loc[-1]!r}{_did_you_mean(loc[-1], error)}"
    elif error["type"] == "missing":
        message = f"missing required key {where!r}"
    else:
        message = f"{where}: {error['msg']}"
        if isinstance(error.get("input"), bool):
            message += " (YAML reads bare yes/no/on/off as booleans: quote the word)"
    # A misspelt key also makes the right one "missing"; that echo is not another problem.
    others = [
        e for e in errors if e is not error and not (error["type"] == "extra_forbidden" and e["type"] == "missing")
    ]
    if others:
        message += f" (and {len(others)} more problem(s))"
    return RuleLoadError(message, path=path, line=line)


_CHECK_TAGS = frozenset({"phrase", "swap", "pattern", "dependency", "metric", "require"})
_MATCHER_MODELS = frozenset({"PhraseMatch", "PatternMatch", "DependencyMatch", "MoveRef"})


def _validate_patterns(data: Any, path: Path, lines: LineMap) -> None:
    """Run spaCy's own token-pattern validator over every embedded pattern."""

    def visit(node: Any, loc: tuple[str | int, ...]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("patterns",) and isinstance(value, list):
                    for i, pattern in enumerate(value):
                        _check_pattern(pattern, (*loc, key, i))
                elif key == "dependency" and isinstance(value, list):
                    for i, pattern in enumerate(value):
                        for j, token in enumerate(pattern if isinstance(pattern, list) else []):
                            if isinstance(token, dict) and "RIGHT_ATTRS" in token:
                                _check_pattern([token["RIGHT_ATTRS"]], (*loc, key, i, j, "RIGHT_ATTRS"))
                else:
                    visit(value, (*loc, key))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                visit(item, (*loc, i))

    def _check_pattern(pattern: Any, loc: tuple[str | int, ...]) -> None:
        if not isinstance(pattern, list):
            raise RuleLoadError("a token pattern must be a list of token specs", path=path, line=lines.line_for(loc))
        errors = validate_token_pattern(pattern)
        if errors:
            raise RuleLoadError(f"invalid spaCy token pattern: {errors[0]}", path=path, line=lines.line_for(loc))

    visit(data, ())


def load_rule_file(path: Path, moves: dict[str, MoveFile]) -> RuleSpec:
    data, lines = load_yaml(path)
    if not isinstance(data, dict):
        raise RuleLoadError("a rule file must be a mapping of keys", path=path, line=1)
    try:
        rule = _RULE_ADAPTER.validate_python(data)
    except ValidationError as exc:
        raise _pydantic_error(exc, path, lines) from None
    _validate_patterns(data, path, lines)
    _check_move_refs(data, moves, path, lines)
    if path.stem != rule.code:
        raise RuleLoadError(
            f"file name must be the rule code: {rule.code}{RULE_SUFFIX}",
            path=path,
            line=lines.line_for(["code"]),
        )
    return rule


def load_rules_from(directories: Sequence[Path]) -> Ruleset:
    moves: dict[str, MoveFile] = {}
    loaded: list[_LoadedMove] = []
    for directory in directories:
        if not directory.is_dir():
            raise RuleLoadError("rule folder does not exist", path=directory)
        for path in sorted((directory / MOVES_DIR).glob(f"*{RULE_SUFFIX}")):
            entry = load_move_file(path)
            if entry.move.name in moves:
                raise RuleLoadError(f"move {entry.move.name!r} is defined twice", path=path, line=1)
            moves[entry.move.name] = entry.move
            loaded.append(entry)
    for entry in loaded:  # a move may use other moves (in an ``all:``); all are known only now
        _check_move_refs(entry.data, moves, entry.path, entry.lines)
    rules: list[RuleSpec] = []
    seen: dict[str, Path] = {}
    for directory in directories:
        for path in rule_files(directory):
            rule = load_rule_file(path, moves)
            for ident in (rule.code, rule.name, *rule.aliases):
                if ident in seen:
                    raise RuleLoadError(f"{ident!r} is already used by {seen[ident]}", path=path, line=1)
                seen[ident] = path
            rules.append(rule)
    return Ruleset(tuple(rules), moves)


@functools.cache
def load_rules(extra_dirs: tuple[Path, ...] = ()) -> Ruleset:
    """The bundled rules and moves, then those in ``extra_dirs`` (codes and names unique across all)."""
    return load_rules_from([bundled_rules_dir(), *extra_dirs])


def load_cases_file(path: Path) -> CasesFile:
    data, lines = load_yaml(path)
    try:
        return CasesFile.model_validate(data)
    except ValidationError as exc:
        raise _pydantic_error(exc, path, lines) from None


def cases_path(rule_path: Path) -> Path:
    return rule_path.with_name(rule_path.stem + CASES_SUFFIX)
