"""The command line, through ``requestlint.cli.main`` (and one real subprocess): output, formats, exit codes."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from requestlint import __version__
from requestlint.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, GC_THRESHOLDS, main
from requestlint.loader import load_rules
from requestlint.pitfalls import CATEGORIES

GOOD = """\
Subject: 20-minute call about your move from teaching into UX research?

Dear Ms. Chen,

I am a junior at Ohio State studying psychology, and I read your article on how your classroom experience \
shapes your onboarding research at Duolingo.

Would you be willing to speak with me for 20 minutes in the next two weeks about how you moved from teaching \
into UX research? I would especially like to hear which skills from teaching carried over.

I will follow up next Tuesday with a few times that might suit you.

Best regards,
Sam Lee
Ohio State University '26
"""

BAD = """\
hey!! i saw ur profile on linkedin and ur job looks awesome. is ur company hiring interns this summer? \
can u refer me?? let me know
"""

# Warnings (a vague ask, a next step left to the reader) but no error.
WARNINGS_ONLY = """\
Subject: Question about your move from teaching into UX research

Dear Ms. Chen,

I am a junior at Ohio State studying psychology, and I read your article on how your classroom experience \
shapes your onboarding research at Duolingo.

Could we chat sometime? I would be grateful for any advice.

Let me know.

Best regards,
Sam Lee
"""

BROKEN_RULE = """\
code: XTR01
name: extra.no-sorry
pitfall: informal-tone
check: phrase
severity: warning
scope: body
{phrases_line}
message: "'{{match}}' apologises for asking"
short: Apology
summary: Flags apologising for writing.
why: |
  Apologising for writing undercuts the request before it is made.
references:
  - "House style guide"
suggestion:
  principle: State your request without apologising for it
"""


@pytest.fixture
def drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with the three drafts; also the current folder, so no settings file applies."""
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "warnings.txt").write_text(WARNINGS_ONLY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict]]:  # type: ignore[type-arg]
    code, out, _ = run(capsys, *argv)
    return code, json.loads(out)


def user_rule_dir(tmp_path: Path, phrases_line: str = "phrases: [sorry to bother you]") -> Path:
    folder = tmp_path / "house_rules"
    folder.mkdir(exist_ok=True)
    (folder / "XTR01.yml").write_text(BROKEN_RULE.format(phrases_line=phrases_line), encoding="utf-8")
    return folder


# --- check: exit codes and output ---------------------------------------------------------------------------


@pytest.mark.model
def test_cli_check_good_draft_exits_0(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "good.txt")
    assert code == EXIT_OK == 0
    assert re.fullmatch(r"good\.txt: request \(\d+% sure\), score 100/100, no pitfalls\n", out)
    assert err == ""


@pytest.mark.model
def test_cli_check_bad_draft_exits_1(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "bad.txt")
    assert code == EXIT_FINDINGS == 1
    assert "bad.txt:1:1: TON01" in out
    assert "[error]" in out
    assert re.match(r"bad\.txt: request \(\d+% sure\), score 0/100, pitfalls: ", out.rstrip().splitlines()[-1])


@pytest.mark.model
def test_cli_check_json_one_report_per_input_in_order(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, reports = run_json(capsys, "check", "--format", "json", "bad.txt", "good.txt", "warnings.txt")
    assert code == EXIT_FINDINGS
    assert isinstance(reports, list)
    assert [r["source"] for r in reports] == ["bad.txt", "good.txt", "warnings.txt"]
    bad, good, warnings = reports
    assert good["score"] == 100.0 and good["findings"] == []
    assert bad["score"] == 0.0
    assert {f["severity"] for f in bad["findings"]} >= {"error", "warning"}
    assert bad["pitfalls"]["informal-tone"]["present"] is True
    assert bad["pitfalls"]["vague-subject"]["codes"] == ["SUB01"]
    assert 0.0 < warnings["score"] < 100.0
    assert all(r["kind"] == "request" and r["schema_version"] == "1" for r in reports)
    assert [p["part"] for p in good["parts"]] == ["subject", "greeting", "body", "closing", "signature"]


@pytest.mark.model
def test_cli_check_stdin(drafts: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(BAD.encode("utf-8"))))
    code, reports = run_json(capsys, "check", "--format", "json", "-")
    assert code == EXIT_FINDINGS
    assert len(reports) == 1
    assert reports[0]["source"] == "-"
    assert "TON01" in {f["code"] for f in reports[0]["findings"]}


@pytest.mark.model
def test_cli_check_stdin_and_file_in_order(
    drafts: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))))
    code, reports = run_json(capsys, "check", "--format", "json", "bad.txt", "-")
    assert code == EXIT_FINDINGS
    assert [r["source"] for r in reports] == ["bad.txt", "-"]
    assert reports[1]["score"] == 100.0


@pytest.mark.model
@pytest.mark.parametrize(
    ("fail_on", "expected"), [(None, EXIT_FINDINGS), ("warning", EXIT_FINDINGS), ("error", EXIT_OK), ("info", 1)]
)
def test_cli_check_fail_on_with_warnings_only(
    drafts: Path, capsys: pytest.CaptureFixture[str], fail_on: str | None, expected: int
) -> None:
    args = ["check", "--format", "json", "warnings.txt"]
    if fail_on:
        args += ["--fail-on", fail_on]
    code, reports = run_json(capsys, *args)
    severities = {f["severity"] for f in reports[0]["findings"]}
    assert "warning" in severities and "error" not in severities  # the draft is what this test needs
    assert code == expected


@pytest.mark.model
@pytest.mark.parametrize(("fail_on", "expected"), [("error", EXIT_FINDINGS), ("info", EXIT_OK)])
def test_cli_check_fail_on_error_and_clean(
    drafts: Path, capsys: pytest.CaptureFixture[str], fail_on: str, expected: int
) -> None:
    target = "bad.txt" if fail_on == "error" else "good.txt"
    code, _, _ = run(capsys, "check", "--fail-on", fail_on, target)
    assert code == expected


@pytest.mark.model
def test_cli_check_fail_on_from_config(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (drafts / "requestlint.toml").write_text('fail_on = "error"\n', encoding="utf-8")
    assert run(capsys, "check", "warnings.txt")[0] == EXIT_OK
    assert run(capsys, "check", "--fail-on", "warning", "warnings.txt")[0] == EXIT_FINDINGS


@pytest.mark.model
@pytest.mark.parametrize(
    ("options", "expected_rules"),
    [
        (["--select", "TON01,TON03"], {"TON01", "TON03"}),
        (["--select", "TON01", "--select", "tone.text-speak"], {"TON01", "TON03"}),
        (["--select", "asks-for-job"], {"JOB01", "JOB02", "JOB03", "JOB04"}),
        (["--select", "tone", "--ignore", "TON03,tone.slang,TON05"], None),
    ],
    ids=["comma-codes", "repeated-code-and-name", "pitfall", "group-minus-ignored"],
)
def test_cli_check_select_ignore(
    drafts: Path, capsys: pytest.CaptureFixture[str], options: list[str], expected_rules: set[str] | None
) -> None:
    code, reports = run_json(capsys, "check", "--format", "json", *options, "bad.txt")
    ran = set(reports[0]["rules_run"])
    if expected_rules is None:
        tone = {r.code for r in load_rules().rules if r.group == "tone" and r.status == "stable"}
        expected_rules = tone - {"TON03", "TON04", "TON05"}
    assert ran == expected_rules
    codes = {f["code"] for f in reports[0]["findings"]}
    assert codes and codes <= ran
    assert code == EXIT_FINDINGS


# --- check: errors exit 2 -----------------------------------------------------------------------------------


def test_cli_check_missing_file_exits_2(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "good.txt", "missing.txt")
    assert code == EXIT_ERROR == 2
    assert out == ""
    assert err == "requestlint: error: missing.txt: RLE301 no such file\n"


def test_cli_check_folder_exits_2(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (drafts / "week1").mkdir()
    code, _, err = run(capsys, "check", "week1")
    assert code == EXIT_ERROR
    assert err.startswith("requestlint: error: week1: RLE301 is a folder")


def test_cli_check_binary_file_exits_2(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (drafts / "resume.pdf").write_bytes(b"%PDF-1.4\n\x00\x00binary")
    code, _, err = run(capsys, "check", "resume.pdf")
    assert code == EXIT_ERROR
    assert "resume.pdf: RLE301" in err and "NUL" in err


def test_cli_check_missing_config_exits_2(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "--config", "nope.toml", "good.txt")
    assert code == EXIT_ERROR
    assert "nope.toml: RLE201 settings file not found" in err


def test_cli_check_bad_config_exits_2(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (drafts / "requestlint.toml").write_text('select = ["tone"]\nfailon = "error"\n', encoding="utf-8")
    code, _, err = run(capsys, "check", "good.txt")
    assert code == EXIT_ERROR
    assert f"{(drafts / 'requestlint.toml').resolve()}:2: RLE201 unknown setting 'failon'" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--fail-on", "critical", "good.txt"],
        ["check", "good.txt", "--fail-on"],
        ["check", "--format", "xml", "good.txt"],
        ["check"],
        ["lint", "good.txt"],
    ],
    ids=["bad-fail-on", "fail-on-without-value", "bad-format", "no-input", "unknown-command"],
)
def test_cli_usage_errors_exit_2(drafts: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "usage: requestlint" in capsys.readouterr().err


def test_cli_bad_fail_on_names_choices(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["check", "--fail-on", "critical", "good.txt"])
    err = capsys.readouterr().err
    assert "invalid choice: 'critical'" in err
    assert "'error'" in err and "'warning'" in err and "'info'" in err


# --- rules --------------------------------------------------------------------------------------------------


def test_cli_rules_json_lists_every_rule(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, rows = run_json(capsys, "rules", "--format", "json")
    assert code == EXIT_OK
    bundled = load_rules().rules
    assert [row["code"] for row in rows] == [r.code for r in bundled]
    for row, rule in zip(rows, bundled, strict=True):
        assert row["enabled"] is (rule.status == "stable")
        assert row["name"] == rule.name
        assert row["severity"] == rule.severity.value
        assert isinstance(row["drafts"], list) and row["drafts"]
    assert {"ASK03", "JOB01", "SUB01", "TON01"} <= {row["code"] for row in rows}


@pytest.mark.parametrize(
    ("options", "enabled"),
    [
        (["--select", "TON01,ASK03"], {"TON01", "ASK03"}),
        (["--select", "ask", "--select", "SUB01"], {"ASK01", "ASK02", "ASK03", "SUB01"}),
        (
            ["--select", "vague-subject,asks-for-job"],
            {"SUB01", "SUB02", "SUB03", "SUB04", "JOB01", "JOB02", "JOB03", "JOB04"},
        ),
        (["--select", "job", "--ignore", "job.asks-for-referral,JOB03,JOB04"], {"JOB01"}),
        (["--select", "nextstep", "--ignore", "passive-next-step"], set()),
    ],
    ids=["codes", "group-and-code", "pitfalls", "ignore-name-and-code", "ignore-pitfall"],
)
def test_cli_rules_select_ignore(
    drafts: Path, capsys: pytest.CaptureFixture[str], options: list[str], enabled: set[str]
) -> None:
    code, rows = run_json(capsys, "rules", "--format", "json", *options)
    assert code == EXIT_OK
    assert {row["code"] for row in rows if row["enabled"]} == enabled
    assert len(rows) == len(load_rules().rules)  # disabled rules are still listed


def test_cli_rules_ignore_only(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, rows = run_json(capsys, "rules", "--format", "json", "--ignore", "informal-tone, length")
    disabled = {row["code"] for row in rows if not row["enabled"]}
    expected = {r.code for r in load_rules().rules if r.pitfall in ("informal-tone", "length")}
    assert disabled == expected


def test_cli_rules_text_marks_disabled(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "--ignore", "TON01")
    assert code == EXIT_OK
    lines = out.splitlines()
    assert len(lines) == len(load_rules().rules)
    assert next(line for line in lines if " TON01 " in line).startswith("- TON01")
    assert next(line for line in lines if " TON02 " in line).startswith("  TON02")


def test_cli_rules_user_rule_dir(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = user_rule_dir(drafts)
    code, rows = run_json(capsys, "rules", "--format", "json", "--rules-dir", str(folder))
    assert code == EXIT_OK
    extra = [row for row in rows if row["code"] == "XTR01"]
    assert extra == [
        {
            "code": "XTR01",
            "name": "extra.no-sorry",
            "pitfall": "informal-tone",
            "severity": "warning",
            "scope": "body",
            "short": "Apology",
            "summary": "Flags apologising for writing.",
            "status": "stable",
            "check": "phrase",
            "drafts": ["request", "follow-up", "thank-you", "other"],
            "enabled": True,
        }
    ]


# --- broken user rules exit 2 naming file and line ----------------------------------------------------------


@pytest.mark.parametrize(
    ("phrases_line", "line", "message"),
    [
        ("phrases: [sorry to bother you]\nautofix: true", 8, "unknown key 'autofix'"),
        pytest.param(
            "phrase: [sorry to bother you]",
            7,
            "unknown key 'phrase' (did you mean 'phrases'?)",
        ),
    ],
    ids=["extra-key", "misspelt-key"],
)
def test_cli_rules_dir_broken_rule_exits_2(
    drafts: Path, capsys: pytest.CaptureFixture[str], phrases_line: str, line: int, message: str
) -> None:
    folder = user_rule_dir(drafts, phrases_line)
    code, out, err = run(capsys, "rules", "--rules-dir", str(folder))
    assert code == EXIT_ERROR
    assert out == ""
    path = (folder / "XTR01.yml").resolve()
    assert err == f"requestlint: error: {path}:{line}: RLE101 {message}\n"


@pytest.mark.model
def test_cli_check_rules_dir_broken_rule_exits_2(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = user_rule_dir(drafts, "phrases: [sorry to bother you]\nautofix: true")
    code, out, err = run(capsys, "check", "--rules-dir", str(folder), "good.txt")
    assert code == EXIT_ERROR
    assert out == ""
    assert f"{(folder / 'XTR01.yml').resolve()}:8: RLE101 unknown key 'autofix'" in err


def test_cli_rules_dir_missing_folder_exits_2(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "rules", "--rules-dir", "no_such_rules")
    assert code == EXIT_ERROR
    assert "no_such_rules: RLE101 rule folder does not exist" in err


# --- explain ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ASK03", "ask03", "ask.unbounded"])
def test_cli_explain_rule(drafts: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, err = run(capsys, "explain", name)
    assert code == EXIT_OK
    assert err == ""
    assert out.startswith("# ASK03 \u00b7 ask.unbounded\n")
    assert "## What it does\nFlags an ask that names neither" in out
    assert "## Why is this bad?\n" in out
    assert out.index("## What it does") < out.index("## Why is this bad?") < out.index("## References")


def test_cli_explain_user_rule(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = user_rule_dir(drafts)
    code, out, _ = run(capsys, "explain", "XTR01", "--rules-dir", str(folder))
    assert code == EXIT_OK
    assert out.startswith("# XTR01 \u00b7 extra.no-sorry\n")
    assert "- House style guide" in out


def test_cli_explain_scoring(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "--scoring")
    assert code == EXIT_OK
    assert "score = clamp(100 - sum(weight(f) for f in findings), 0, 100)" in out
    assert "error 15, warning 10, info 0" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["explain", "NOPE99"], "RLE301 no rule 'NOPE99'; 'requestlint rules' lists them"),
        (["explain"], "RLE301 give a rule code"),
    ],
)
def test_cli_explain_errors_exit_2(
    drafts: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == EXIT_ERROR
    assert out == ""
    assert err.startswith("requestlint: error: ")
    assert message in err


# --- schema and docs ----------------------------------------------------------------------------------------


def test_cli_schema_all(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == EXIT_OK
    schemas = json.loads(out)
    assert set(schemas) == {"report", "rule", "cases"}
    report = schemas["report"]
    assert report["title"] == "Report"
    assert {"score", "findings", "pitfalls", "kind", "parts", "schema_version"} <= set(report["properties"])
    assert "RuleSpec" in schemas["rule"]
    assert "Finding" in report["$defs"]


@pytest.mark.parametrize(("which", "key"), [("report", "properties"), ("cases", "properties"), ("rule", "RuleSpec")])
def test_cli_schema_one(drafts: Path, capsys: pytest.CaptureFixture[str], which: str, key: str) -> None:
    code, out, _ = run(capsys, "schema", which)
    assert code == EXIT_OK
    schema = json.loads(out)
    assert key in schema
    assert "report" not in schema


def test_cli_docs_writes_one_page_per_rule(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = drafts / "site" / "rules"
    code, _, _ = run(capsys, "docs", "--out", str(out_dir))
    assert code == EXIT_OK
    codes = sorted(r.code for r in load_rules().rules)
    assert sorted(p.name for p in out_dir.iterdir()) == sorted([f"{c}.md" for c in codes] + ["index.md"])
    page = (out_dir / "ASK03.md").read_text(encoding="utf-8")
    assert page.startswith("# ASK03 \u00b7 ask.unbounded\n")
    assert "## Why is this bad?" in page
    index = (out_dir / "index.md").read_text(encoding="utf-8")
    assert index.startswith("# Rules\n")
    pitfalls, rules = index.split("\n## Rules\n")
    assert [line.split(" | ")[0].lstrip("| ") for line in rules.splitlines() if line.startswith("| ")][1:] == codes
    ids = [line.split(" | ")[0].lstrip("| ") for line in pitfalls.splitlines() if line.startswith("| ")][1:]
    assert ids == list(CATEGORIES)


def test_cli_explain_a_pitfall(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "no-context")
    assert code == EXIT_OK
    assert out.startswith("# no-context: No context\n")
    assert "Applies to: follow-up" in out and "| FUP05 | followup.no-context |" in out


def test_cli_docs_index_only(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "docs", "--index", "RULES.md")
    assert code == EXIT_OK
    assert (drafts / "RULES.md").read_text(encoding="utf-8").startswith("# Rules\n")
    assert sorted(p.name for p in drafts.iterdir()) == ["RULES.md", "bad.txt", "good.txt", "warnings.txt"]


def test_cli_docs_without_target_exits_2(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "docs")
    assert code == EXIT_ERROR
    assert "give --out DIR and/or --index FILE" in err


# --- version ------------------------------------------------------------------------------------------------


def test_cli_version_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"requestlint {__version__}\n"


def test_cli_version_subprocess(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "requestlint", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout == f"requestlint {__version__}\n"
    assert result.stderr == ""


def test_cli_command_process_exits_with_main_code_and_its_collector_settings(tmp_path: Path) -> None:
    draft = tmp_path / "bad.txt"
    draft.write_text(BAD, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "requestlint", "check", str(draft)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == EXIT_FINDINGS and "score" in result.stdout
    # entry() runs main in a process of its own: rare collections, and none over what exists at exit
    probe = (
        "import atexit, gc\n"
        "from requestlint import cli\n"
        "atexit.register(lambda: print(gc.get_threshold(), gc.get_freeze_count() > 0))\n"
        "cli.main = lambda: 3\n"
        "cli.entry()\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 3
    assert result.stdout.strip() == f"{GC_THRESHOLDS} True"


def test_cli_main_leaves_the_callers_collector_alone(capsys: pytest.CaptureFixture[str]) -> None:
    import gc

    before = gc.get_threshold()
    assert main(["rules"]) == EXIT_OK
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
