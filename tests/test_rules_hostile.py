"""Hostile rule packs (issue 12): user rules load in bounded time and memory, or fail with ``file:line: RLE...``.

Each reproducer from the issue is here: a REGEX that backtracks catastrophically (in a rule and in a move), a
"billion laughs" file, a format spec in a message, an invalid regex, a recursive alias, 50,000-level nesting,
``!!python/name:`` tags and the ``<<:`` merge key. Loading the bundled rules again and again must not grow memory.
"""

from __future__ import annotations

import gc
import re
import signal
import time
import tracemalloc
from pathlib import Path
from types import FrameType

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import VALID_RULE, load_error, write_rule
from requestlint.bundled import bundled_rules_dir
from requestlint.cli import main
from requestlint.errors import RuleLoadError
from requestlint.loader import MOVES_DIR, _regex_problem, load_rules_from
from requestlint.schema import PatternRule
from requestlint.yamlfile import MAX_BYTES, load_yaml

RULE = VALID_RULE.replace("check: phrase", "check: pattern").replace(
    "phrases: [yo]", 'patterns:\n  - [{TEXT: {REGEX: "^yo$"}}]'
)
REGEX_LINE = 8
MESSAGE_LINE = 9

MOVE = """\
name: greet
description: a greeting
match:
  - patterns:
      - [{LOWER: hello}]
"""


def assert_names(error: RuleLoadError, path: Path, line: int, fragment: str) -> None:
    assert str(error).startswith(f"{path}:{line}: RLE101 "), str(error)
    assert fragment in str(error)


def with_regex(regex: str) -> str:
    return RULE.replace('"^yo$"', yaml.safe_dump(regex, default_style='"').strip())


# -- regular expressions --------------------------------------------------------------------------------------

CATASTROPHIC = [
    r"^(a+)+$",  # the reproducer
    r"(a*)*b",
    r"(a|a)*b",
    r"^(\d{1,2})+x$",
    r"(\w+\s?)+$",
    r"^(([a-z])+.)+[A-Z]([a-z])+$",
    r"(.*a){20}",
    r"(x+x+)+y",
    r"(?:\d{1,2}\d?,)+!",
    r"^a*a*a*a*a*a*a*a*$",
    r"(\d+)(\d+)!",
    "a?" * 30 + "a" * 30,
]

SAFE = [
    r"^\d{1,2}(st|nd|rd|th)$",
    r"^\d{1,2}/\d{1,2}(/\d{2,4})?$",
    r"(?i)^(first|second|1st|\d+(st|nd|rd|th))-?year$",
    r"^[a-z]{3,}ing$",
    r"([a-z]+\.)+com",
    r"(?:am|pm)+",
    r"(\d{2})+",
    r"\d+,\d+",
    r"(?>a+)+b",
    r"\w+(\s\w+)*",
    r"a*(ba*)*c",
    r"[\U0001F300-\U0001FAFF\u2600-\u27BF]",
]


@pytest.mark.parametrize("regex", CATASTROPHIC)
def test_catastrophic_regex_is_refused_at_load(tmp_path: Path, regex: str) -> None:
    path = write_rule(tmp_path, with_regex(regex))
    assert_names(load_error(tmp_path), path, REGEX_LINE, "catastrophic backtracking")


@pytest.mark.parametrize("regex", SAFE)
def test_safe_regex_loads(tmp_path: Path, regex: str) -> None:
    write_rule(tmp_path, with_regex(regex))
    assert [rule.code for rule in load_rules_from([tmp_path]).rules] == ["ZZZ01"]


def test_catastrophic_regex_in_a_move_is_refused(tmp_path: Path) -> None:
    path = write_rule(tmp_path, MOVE.replace("{LOWER: hello}", '{TEXT: {REGEX: "^(a+)+$"}}'), f"{MOVES_DIR}/greet.yml")
    assert_names(load_error(tmp_path), path, 5, "REGEX '^(a+)+$' can take very long")


def test_catastrophic_regex_in_dependency_and_extension_attrs_is_refused(tmp_path: Path) -> None:
    text = MOVE.replace(
        "  - patterns:\n      - [{LOWER: hello}]",
        '  - dependency:\n      - - {RIGHT_ID: a, RIGHT_ATTRS: {LOWER: {REGEX: "(a|a)*"}}}',
    )
    path = write_rule(tmp_path, text, f"{MOVES_DIR}/greet.yml")
    assert_names(load_error(tmp_path), path, 5, "catastrophic backtracking")


@pytest.mark.parametrize(
    ("regex", "fragment"),
    [
        ("([", "not a valid regular expression: unterminated character set"),
        ("(?<=a+)b", "not a valid regular expression: look-behind requires fixed-width pattern"),
        ("(" * 2000 + ")" * 2000, "nests its groups too deeply"),
        ("(" * 60 + "a" + ")" * 60, "nests its groups more than 50 deep"),
    ],
    ids=["invalid", "variable-lookbehind", "recursion", "deep"],
)
def test_broken_regex_is_a_load_error(tmp_path: Path, regex: str, fragment: str) -> None:
    path = write_rule(tmp_path, with_regex(regex))
    assert_names(load_error(tmp_path), path, REGEX_LINE, fragment)


_ATOMS = st.sampled_from(["a", "b", "[ab]", r"\w", r"\d", r"\s", ".", "a?", "(?:a|b)"])
_QUANTIFIERS = st.sampled_from(["", "", "*", "+", "?", "{1,3}", "{2}"])


def _regex_strategy() -> st.SearchStrategy[str]:
    piece = st.builds(lambda atom, quantifier: atom + quantifier, _ATOMS, _QUANTIFIERS)
    sequence = st.lists(piece, min_size=1, max_size=4).map("".join)
    return st.recursive(
        sequence,
        lambda inner: (
            st.builds(
                lambda parts, quantifier: "(?:" + "|".join(parts) + ")" + quantifier,
                st.lists(inner, min_size=1, max_size=2),
                _QUANTIFIERS,
            )
            | st.lists(inner, min_size=2, max_size=3).map("".join)
        ),
        max_leaves=6,
    )


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_regex_strategy())
def test_every_regex_the_loader_accepts_runs_quickly_on_hostile_words(body: str) -> None:
    regex = f"^{body}$"
    if _regex_problem(regex) is not None:
        return
    compiled = re.compile(regex)

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, expire)  # ``re`` checks for signals while it backtracks
    try:
        for word in ("a" * 60 + "!", "ab" * 30 + "!", "a1" * 30 + "!", "a " * 30 + "!", "1" * 60 + "!"):
            signal.setitimer(signal.ITIMER_REAL, 1.0)
            try:
                compiled.search(word)
            except TimeoutError:
                pytest.fail(f"accepted REGEX {regex!r} took over 1 s on {word!r}")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, previous)


# -- message and replacement templates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "fragment"),
    [
        ("{match:>999999999}", "placeholder {match:>999999999} has a format spec or conversion; write {match}"),
        ("{match!r}", "placeholder {match!r} has a format spec or conversion"),
        ("{match:{value}}", "has a format spec"),
        ("{} is casual", "unknown placeholder(s) ['{}']"),
        ("{match.__class__}", "unknown placeholder(s) ['{match.__class__}']"),
        ("'{match is casual", "message: Value error, expected '}' before end of string"),
    ],
    ids=["spec", "conversion", "nested-spec", "positional", "attribute", "unclosed"],
)
def test_message_allows_plain_placeholders_only(tmp_path: Path, message: str, fragment: str) -> None:
    path = write_rule(
        tmp_path, RULE.replace("\"'{match}' is casual\"", yaml.safe_dump(message, default_style='"').strip())
    )
    assert_names(load_error(tmp_path), path, MESSAGE_LINE, fragment)


def test_replacement_allows_plain_placeholders_only(tmp_path: Path) -> None:
    text = RULE + '  replacements: ["Dear {recipient:*^999999999},"]\n'
    path = write_rule(tmp_path, text)
    appended = len(RULE.splitlines()) + 1
    assert_names(load_error(tmp_path), path, appended, "placeholder {recipient:*^999999999} has a format spec")


# -- YAML -----------------------------------------------------------------------------------------------------

BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_billion_laughs_fails_fast_in_little_memory(tmp_path: Path) -> None:
    path = write_rule(tmp_path, BILLION_LAUGHS)
    assert len(BILLION_LAUGHS) < 1024
    tracemalloc.start()
    started = time.perf_counter()
    try:
        error = load_error(tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 5
    assert peak < 64 * 2**20
    assert str(error).startswith(f"{path}:")
    assert "more than 50,000 values once aliases are expanded" in str(error)


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("a: &x [1, *x]\n", 1, "alias *x is inside the value it names (a recursive alias)"),
        ("a: 1\nb: &x {c: [*x]}\n", 2, "recursive alias"),
        ("a: " + "[" * 50_000 + "]" * 50_000 + "\n", 1, "nested more than 50 levels deep"),
        ("".join("  " * i + f"k{i}:\n" for i in range(60)) + "  " * 60 + "v\n", 50, "nested more than 50 levels"),
        (
            "a: !!python/name:os.system\n",
            1,
            "YAML tags are not allowed (found 'tag:yaml.org,2002:python/name:os.system')",
        ),
        ("a: !!python/object/apply:os.system [ls]\n", 1, "YAML tags are not allowed"),
        ("a: !!str yes\n", 1, "YAML tags are not allowed"),
        ("base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n", 3, "merge keys (<<) are not supported"),
        ("a: =\n", 1, "cannot read '=' as a YAML value: quote it if it is text"),
        ("a: 2024-13-45\n", 1, "cannot read '2024-13-45' as a YAML value"),
        ("a: " + "9" * 5000 + "\n", 1, "cannot read '" + "9" * 40 + "...' as a YAML value"),
        (
            "".join(f"a{i}: &a{i} " + "[" * 45 + (f"*a{i - 1}" if i else "x") + "]" * 45 + "\n" for i in range(3)),
            1,
            "nested more than 50 levels deep once aliases are expanded",
        ),
        ("a: [" + ", ".join(["1"] * 50_001) + "]\n", 1, "more than 50,000 values in one file"),
    ],
    ids=[
        "recursive-alias",
        "recursive-alias-in-mapping",
        "50000-levels",
        "block-nesting",
        "python-name-tag",
        "python-object-tag",
        "str-tag",
        "merge-key",
        "value-tag",
        "bad-date",
        "huge-int",
        "alias-chain-depth",
        "too-many-values",
    ],
)
def test_hostile_yaml_is_a_load_error(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    path = write_rule(tmp_path, text)
    assert_names(load_error(tmp_path), path, line, fragment)


def test_oversized_file_is_a_load_error(tmp_path: Path) -> None:
    path = write_rule(tmp_path, "a: " + "x" * MAX_BYTES + "\n")
    error = load_error(tmp_path)
    assert str(error) == f"{path}: RLE101 file is larger than {MAX_BYTES:,} bytes"


def test_anchors_and_aliases_within_bounds_still_load(tmp_path: Path) -> None:
    text = RULE.replace('  - [{TEXT: {REGEX: "^yo$"}}]', "  - [&yo {LOWER: yo}]\n  - [{LOWER: hey}, *yo]")
    write_rule(tmp_path, text)
    (rule,) = load_rules_from([tmp_path]).rules
    assert isinstance(rule, PatternRule)
    assert rule.patterns == [[{"LOWER": "yo"}], [{"LOWER": "hey"}, {"LOWER": "yo"}]]


@pytest.mark.parametrize("move", ["owned-next-step", "proposed-times", "topic-focus"])
def test_bundled_moves_with_aliases_read_as_plain_yaml_does(move: str) -> None:
    path = bundled_rules_dir() / MOVES_DIR / f"{move}.yml"
    assert "*" in path.read_text(encoding="utf-8")
    assert load_yaml(path)[0] == yaml.safe_load(path.read_text(encoding="utf-8"))


def test_cli_reports_a_hostile_rule_pack_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write_rule(tmp_path / "pack", BILLION_LAUGHS)
    assert main(["rules", "--rules-dir", str(tmp_path / "pack")]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"requestlint: error: {path.resolve()}:")
    assert "RLE101" in err
    assert "Traceback" not in err


# -- memory ---------------------------------------------------------------------------------------------------


def test_loading_the_bundled_rules_again_leaks_nothing() -> None:
    folder = bundled_rules_dir()
    load_rules_from([folder])  # caches that fill once (spaCy's schemas, compiled regexes)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(2):
            load_rules_from([folder])
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 2**20, f"{grown / 2**20:.1f} MiB kept after 2 loads"
