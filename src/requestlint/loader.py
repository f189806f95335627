"""Finding, reading and validating rule files and their cases.

Bundled rules live in the package (``requestlint/_rules`` in a wheel) or, in a source checkout, in the
repository's ``rules/`` folder. Users add folders of their own; they go through the same validation.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from re import _constants as _sre  # type: ignore[attr-defined]  # the parser behind re.compile: see _regex_problem
from re import _parser as _sre_parser  # type: ignore[attr-defined]
from typing import Any

from pydantic import TypeAdapter, ValidationError
from spacy.schemas import validate_token_pattern

from requestlint import schema, yamlfile
from requestlint.bundled import bundled_rules_dir
from requestlint.errors import RuleLoadError
from requestlint.schema import CasesFile, MoveFile, RuleSpec
from requestlint.usercache import cached, digest_of_files
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
        and not any(part.startswith("_") for part in p.relative_to(directory).parts)  # _moves/, _pitfalls.yml, ...
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
        for j, token in enumerate(pattern):
            for keys, regex in _regexes(token):
                problem = _regex_problem(regex)
                if problem:
                    shown = regex if len(regex) <= 60 else f"{regex[:60]}..."
                    raise RuleLoadError(f"REGEX {shown!r} {problem}", path=path, line=lines.line_for((*loc, j, *keys)))

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
    """The bundled rules and moves, then those in ``extra_dirs`` (codes and names unique across all).

    Loading checks every file strictly and is slow for a cold start, so a loaded set is kept in the user cache
    under the bytes of the files it came from (``usercache``): an edited or added file loads afresh.
    """
    directories = [bundled_rules_dir(), *extra_dirs]
    sources = [path for directory in directories if directory.is_dir() for path in source_files(directory)]
    # what decides how those files load: the pitfall registry and the code that validates (a checkout may edit it)
    sources += [bundled_rules_dir() / "_pitfalls.yml", Path(__file__), Path(schema.__file__), *yamlfile.READER_FILES]
    where = digest_of_files([], *map(str, directories))[:12]  # one entry per set of folders
    key = digest_of_files(sources, *map(str, directories))
    return cached(f"rules-{where}", key, lambda: load_rules_from(directories))


def source_files(directory: Path) -> list[Path]:
    """The files of a rule folder that ``load_rules_from`` reads: its moves and its rules."""
    return [*sorted((directory / MOVES_DIR).glob(f"*{RULE_SUFFIX}")), *rule_files(directory)]


def load_cases_file(path: Path) -> CasesFile:
    data, lines = load_yaml(path)
    try:
        return CasesFile.model_validate(data)
    except ValidationError as exc:
        raise _pydantic_error(exc, path, lines) from None


def cases_path(rule_path: Path) -> Path:
    return rule_path.with_name(rule_path.stem + CASES_SUFFIX)


# Regular expressions in token patterns.
#
# spaCy runs every REGEX with Python's backtracking ``re`` (a ``search`` on each token) inside its matcher, in C
# and holding the interpreter lock: no timeout can interrupt it, and ``re`` has no mode that cannot backtrack.
# So a REGEX is judged by its shape at load time, erring towards refusing. Backtracking explodes when the same
# characters can be split between quantifiers in many ways: a repeated group whose text can be split more than
# one way (``(a+)+``, ``(a|a)*``, ``(\d{1,2})+``: exponential), or quantifiers in a row that can take the same
# characters (``a*a*a*``, thirty ``a?``). The characters of each part are worked out on a sample alphabet that
# holds every character the pattern names, so two literal sets or ranges overlap exactly when they share one.

_MAX_SPLITS = 1000
"""Ways a run of bounded quantifiers in a row may split the same characters (``\\d{1,2}:?\\d{0,2}`` has 12)."""

_MAX_REGEX_DEPTH = 50
_REPEATS = frozenset({_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT})
_CATEGORIES = {
    _sre.CATEGORY_DIGIT: r"\d",
    _sre.CATEGORY_NOT_DIGIT: r"\D",
    _sre.CATEGORY_SPACE: r"\s",
    _sre.CATEGORY_NOT_SPACE: r"\S",
    _sre.CATEGORY_WORD: r"\w",
    _sre.CATEGORY_NOT_WORD: r"\W",
}
_SAMPLE = (
    "".join(map(chr, range(0x100)))
    + "\u0131\u0130\u017f\u212a\u212b\u03a9\u03c9\u0416\u0436\u4e2d\u0663\u2003\u2019\u0301\ufb00\U0001f600"
)
"""Characters every set is tried on besides the pattern's own: Latin-1, case-folding oddities, other scripts."""

_NESTED = "a repeated group can match the same text in more than one way, as in (a+)+, (a|a)* or (\\d{1,2})+"
_IN_A_ROW = "quantifiers in a row can share the same characters, as in a*a*, \\w+\\s?\\w+ or thirty a?"


class _Backtracking(Exception):
    """A REGEX whose matching time can explode on some words."""


@dataclass(frozen=True)
class _Shape:
    """What a part of a regex can match, as far as backtracking is concerned."""

    chars: frozenset[str]  # the characters it can consume, among the alphabet
    first: frozenset[str]  # those it can start with
    nullable: bool  # it can match the empty string
    splits: float  # ways it can match different lengths at one place (inf: an unbounded quantifier)


_ZERO_WIDTH = _Shape(frozenset(), frozenset(), True, 1)


def _check_runs(shapes: list[_Shape], repeated: bool) -> None:
    """Refuse quantifiers in a row that can take the same characters (``repeated``: inside a repeated group).

    Inside a repeated group a second way to split a text is multiplied by every repetition, so none is allowed.
    """
    for i, head in enumerate(shapes):
        if head.splits <= 1:
            continue
        run = [head]
        for other in shapes[i + 1 :]:
            shared = bool(other.first & head.chars)  # ``head`` could also take what ``other`` starts with
            if other.splits > 1 and shared:
                run.append(other)
            elif not (other.nullable or shared):
                break  # ``head`` has to stop where this part starts: the run ends here
        if len(run) < 2:
            continue
        if repeated:
            raise _Backtracking(_NESTED)
        unbounded = sum(math.isinf(shape.splits) for shape in run)
        if unbounded > 1 or math.prod(s.splits for s in run if not math.isinf(s.splits)) > _MAX_SPLITS:
            raise _Backtracking(_IN_A_ROW)


def _joined(shapes: list[_Shape]) -> _Shape:
    first: set[str] = set()
    for shape in shapes:
        first |= shape.first
        if not shape.nullable:
            break
    return _Shape(
        frozenset().union(*(shape.chars for shape in shapes)),
        frozenset(first),
        all(shape.nullable for shape in shapes),
        math.prod(shape.splits for shape in shapes),
    )


class _RegexShapes:
    def __init__(self, alphabet: str) -> None:
        self.alphabet = alphabet
        self.sets: dict[tuple[str, int], frozenset[str]] = {}

    def sequence(self, items: Any, flags: int, repeated: bool) -> list[_Shape]:
        """The shapes of a sequence's parts, with groups opened up, so that runs across groups are seen."""
        shapes = [self.part(op, av, part_flags, repeated) for op, av, part_flags in _flatten(items, flags)]
        _check_runs(shapes, repeated)
        return shapes

    def part(self, op: Any, av: Any, flags: int, repeated: bool) -> _Shape:
        if op in (_sre.LITERAL, _sre.NOT_LITERAL, _sre.ANY, _sre.IN):
            chars = self.charset(_set_source(op, av), flags)
            return _Shape(chars, chars, False, 1)
        if op in _REPEATS:
            low, high, body = av
            shapes = self.sequence(body, flags, repeated or high > 1)
            if high > 1:  # the next repetition starts where this one may end
                _check_runs(shapes + shapes, True)
            inner = _joined(shapes)
            if op is _sre.POSSESSIVE_REPEAT:
                splits = 1.0  # never gives back what it took
            else:
                splits = math.inf if high == _sre.MAXREPEAT else (high - low + 1) * inner.splits
            return _Shape(inner.chars, inner.first, low == 0 or inner.nullable, splits)
        if op is _sre.BRANCH or op is _sre.GROUPREF_EXISTS:
            branches = av[1] if op is _sre.BRANCH else [av[1], av[2] or []]
            options = [_joined(self.sequence(branch, flags, repeated)) for branch in branches]
            ambiguous = sum(o.nullable for o in options) > 1 or any(
                o.first & other.first for i, o in enumerate(options) for other in options[i + 1 :]
            )
            if ambiguous and repeated:
                raise _Backtracking(_NESTED)
            return _Shape(
                frozenset().union(*(o.chars for o in options)),
                frozenset().union(*(o.first for o in options)),
                any(o.nullable for o in options),
                sum(o.splits for o in options) if ambiguous else max(o.splits for o in options),
            )
        if op is _sre.ATOMIC_GROUP:  # like a lookaround, never backtracked into once it has matched
            inner = _joined(self.sequence(av, flags, False))
            return _Shape(inner.chars, inner.first, inner.nullable, 1)
        if op in (_sre.ASSERT, _sre.ASSERT_NOT):
            self.sequence(av[1], flags, False)
            return _ZERO_WIDTH
        if op is _sre.AT:
            return _ZERO_WIDTH
        anything = frozenset(self.alphabet)  # a back-reference: any text, fixed once its group has matched
        return _Shape(anything, anything, True, 1)

    def charset(self, source: str, flags: int) -> frozenset[str]:
        key = (source, flags & (re.IGNORECASE | re.ASCII | re.DOTALL))
        if key not in self.sets:
            one = re.compile(*key)
            self.sets[key] = frozenset(ch for ch in self.alphabet if one.fullmatch(ch))
        return self.sets[key]


def _flatten(items: Any, flags: int) -> Iterator[tuple[Any, Any, int]]:
    """The parts of a sequence with its groups opened up, each with the flags that hold for it."""
    for op, av in items:
        if op is _sre.SUBPATTERN:
            _, add_flags, del_flags, body = av
            yield from _flatten(body, (flags | add_flags) & ~del_flags)
        else:
            yield op, av, flags


def _subpatterns(op: Any, av: Any) -> list[Any]:
    if op is _sre.SUBPATTERN:
        return [av[3]]
    if op in _REPEATS:
        return [av[2]]
    if op is _sre.BRANCH:
        return list(av[1])
    if op in (_sre.ASSERT, _sre.ASSERT_NOT):
        return [av[1]]
    if op is _sre.ATOMIC_GROUP:
        return [av]
    if op is _sre.GROUPREF_EXISTS:
        return [branch for branch in av[1:] if branch is not None]
    return []


def _set_source(op: Any, av: Any) -> str:
    """A regex for the one-character set ``op``, to try each character of the alphabet on."""
    if op is _sre.LITERAL:
        return re.escape(chr(av))
    if op is _sre.NOT_LITERAL:
        return f"[^{re.escape(chr(av))}]"
    if op is _sre.ANY:
        return "."
    negate, parts = "", []
    for kind, value in av:
        if kind is _sre.NEGATE:
            negate = "^"
        elif kind is _sre.LITERAL:
            parts.append(re.escape(chr(value)))
        elif kind is _sre.RANGE:
            parts.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        else:
            parts.append(_CATEGORIES.get(value, r"\s\S"))
    return f"[{negate}{''.join(parts)}]"


def _walk(tree: Any) -> tuple[int, str]:
    """How deeply the pattern nests, and the alphabet to try its sets on (without recursion: it may nest deep)."""
    depth, codes = 0, set(map(ord, _SAMPLE))
    stack = [(1, tree)]
    while stack:
        level, items = stack.pop()
        depth = max(depth, level)
        for op, av in items:
            if op in (_sre.LITERAL, _sre.NOT_LITERAL):
                codes.add(av)
            elif op is _sre.IN:
                for kind, value in av:
                    if kind is _sre.LITERAL:
                        codes.add(value)
                    elif kind is _sre.RANGE:  # both ends and some points between
                        codes.update(range(value[0], value[1] + 1, max(1, (value[1] - value[0]) // 16)), [value[1]])
            stack.extend((level + 1, sub) for sub in _subpatterns(op, av))
    chars = {chr(code) for code in codes}
    variants = {v for ch in chars for v in (ch.lower(), ch.upper(), ch.casefold()) if len(v) == 1}
    return depth, "".join(sorted(chars | variants))


def _regex_problem(pattern: str) -> str | None:
    """What is wrong with ``pattern`` as a REGEX: invalid, or prone to catastrophic backtracking."""
    try:
        re.compile(pattern)
        tree = _sre_parser.parse(pattern)
    except re.error as exc:
        return f"is not a valid regular expression: {exc}"
    except RecursionError:  # the standard library parses recursively
        return "nests its groups too deeply"
    depth, alphabet = _walk(tree)
    if depth > _MAX_REGEX_DEPTH:
        return f"nests its groups more than {_MAX_REGEX_DEPTH} deep"
    try:
        _RegexShapes(alphabet).sequence(tree, tree.state.flags, False)
    except _Backtracking as exc:
        return (
            f"can take very long on some words (catastrophic backtracking): {exc}; "
            "rewrite it so that each character can be matched in only one way"
        )
    return None


def _regexes(spec: dict[Any, Any], keys: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every REGEX value in a token spec (``{"TEXT": {"REGEX": ...}}``, also under ``_`` extensions)."""
    for key, value in spec.items():
        if isinstance(key, str) and key.upper() == "REGEX":
            yield (*keys, key), value
        elif isinstance(value, dict):
            yield from _regexes(value, (*keys, key))
