"""Rule files are validated strictly: every mistake is an error naming the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import VALID_RULE as GOOD
from conftest import load_error, write_rule
from requestlint.errors import RuleLoadError
from requestlint.loader import load_rules_from


def test_loader_accepts_valid_rule(tmp_path: Path) -> None:
    write_rule(tmp_path, GOOD)
    ruleset = load_rules_from([tmp_path])
    assert [rule.code for rule in ruleset.rules] == ["ZZZ01"]


@pytest.mark.parametrize(
    ("change", "line", "fragment"),
    [
        (("phrases: [yo]", "phrases: [yo]\nphrase: [hey]"), 8, "unknown key 'phrase'"),
        (("severity: warning", "severity: loud"), 5, "severity"),
        (("phrases: [yo]", "phrases: [yo]\nphrases: [hey]"), 8, "duplicate key 'phrases'"),
        (("scope: greeting", "scope:"), 6, "empty value"),
        (("check: phrase", "check: phrases"), 4, "check"),
        (("phrases: [yo]", "phrases: [yo, on]"), 7, "quote the word"),
        (("message: \"'{match}' is casual\"", 'message: "{nope} is casual"'), 8, "placeholder"),
        (("phrases: [yo]", "phrases: [yo"), 8, "invalid YAML"),
        (("pitfall: informal-tone", "pitfall: rude-tone"), 3, "unknown pitfall or category 'rude-tone'"),
    ],
)
def test_loader_errors_name_file_and_line(tmp_path: Path, change: tuple[str, str], line: int, fragment: str) -> None:
    path = write_rule(tmp_path, GOOD.replace(*change))
    error = load_error(tmp_path)
    assert error.path == str(path)
    assert error.line == line
    assert fragment in str(error)
    assert str(error).startswith(f"{path}:{line}: RLE101")


def test_loader_rejects_invalid_spacy_pattern(tmp_path: Path) -> None:
    text = GOOD.replace("check: phrase", "check: pattern").replace(
        "phrases: [yo]", "patterns:\n  - [{LOWER: yo}]\n  - [{LOWR: yo}]"
    )
    write_rule(tmp_path, text)
    error = load_error(tmp_path)
    assert error.line == 9
    assert "invalid spaCy token pattern" in str(error)


def test_loader_rejects_unknown_move(tmp_path: Path) -> None:
    text = GOOD.replace("check: phrase", "check: require").replace("phrases: [yo]", "require:\n  - move: nowhere")
    write_rule(tmp_path, text)
    error = load_error(tmp_path)
    assert "unknown move 'nowhere'" in str(error)
    assert error.line == 8


def test_loader_requires_file_name_to_be_code(tmp_path: Path) -> None:
    write_rule(tmp_path, GOOD, name="zzz/ZZZ02.yml")
    assert "file name must be the rule code" in str(load_error(tmp_path))


def test_loader_rejects_duplicate_codes_across_folders(tmp_path: Path) -> None:
    write_rule(tmp_path / "a", GOOD)
    write_rule(tmp_path / "b", GOOD)
    with pytest.raises(RuleLoadError, match="already used"):
        load_rules_from([tmp_path / "a", tmp_path / "b"])


def test_loader_loads_moves_and_skips_them_as_rules(tmp_path: Path) -> None:
    (tmp_path / "_moves").mkdir()
    (tmp_path / "_moves" / "greet.yml").write_text(
        "name: greet\ndescription: a greeting\nmatch:\n  - phrases: [yo]\n", encoding="utf-8"
    )
    text = GOOD.replace("check: phrase", "check: require").replace("phrases: [yo]", "require:\n  - move: greet")
    write_rule(tmp_path, text)
    ruleset = load_rules_from([tmp_path])
    assert sorted(ruleset.moves) == ["greet"]
    assert [r.code for r in ruleset.rules] == ["ZZZ01"]


def test_loader_rejects_an_unknown_move_inside_a_move(tmp_path: Path) -> None:
    (tmp_path / "_moves").mkdir()
    (tmp_path / "_moves" / "both.yml").write_text(
        "name: both\ndescription: two in one sentence\nmatch:\n  - all:\n      - phrases: [yo]\n"
        "      - move: nowhere\n",
        encoding="utf-8",
    )
    error = load_error(tmp_path)
    assert "unknown move 'nowhere'" in str(error) and error.path and error.path.endswith("both.yml")
    assert error.line == 6


def test_loader_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(RuleLoadError, match="does not exist"):
        load_rules_from([tmp_path / "nope"])
