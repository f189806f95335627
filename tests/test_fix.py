"""``requestlint fix`` and ``requestlint.fix``: typed edits applied, checked again, the rest of the draft kept."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from requestlint import Settings, fix
from requestlint.cli import main
from requestlint.edits import apply_edits
from requestlint.errors import InputError

pytestmark = pytest.mark.model

OFF = Settings(languagetool="off")
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "drafts"
SUBJECT = "Subject: Ohio State economics student - 20 minutes on your move into consulting?\n\n"
BODY = (
    "I am a third-year economics student at Ohio State University. Could you spare 20 minutes in the next two "
    "weeks to tell me how you moved from analytics into consulting? I will call your office on Tuesday morning "
    "to find a time that suits you.\n\nBest regards,\nDana Lee\n"
)
GOOD = SUBJECT + "Dear Ms. Ortiz,\n\n" + BODY


def test_fix_text_speak() -> None:
    draft = GOOD.replace("Could you spare", "Could u spare")
    result = fix(draft, settings=OFF)
    assert result.text == GOOD
    assert [(a.code, a.edit.op) for a in result.applied] == [("TON03", "replace")]
    assert (result.before.score, result.after.score) == (90.0, 100.0)


def test_fix_greeting_keeps_the_name_once() -> None:
    result = fix(GOOD.replace("Dear Ms. Ortiz,", "Hey Marcus,"), settings=OFF)
    assert result.text == GOOD.replace("Dear Ms. Ortiz,", "Dear Marcus,")
    assert "Marcus, Marcus" not in result.text


def test_fix_writes_a_missing_subject_from_the_drafts_facts() -> None:
    body = BODY.replace(
        "Ohio State University.", "Ohio State University, and I am interested in management consulting."
    )
    result = fix("Dear Ms. Ortiz,\n\n" + body, settings=OFF)
    assert result.text == (
        "Subject: Informational interview request: Ohio State University student interested in management "
        "consulting\n\nDear Ms. Ortiz,\n\n" + body
    )
    assert result.after.score == 100.0


def test_fix_deletes_an_emoji_with_its_space() -> None:
    result = fix(GOOD.replace("University.", "University 🙂."), settings=OFF)
    assert result.text == GOOD


def test_a_template_with_blanks_is_advice_not_an_edit() -> None:
    result = fix(GOOD.replace("Dear Ms. Ortiz,", "Hi there,"), settings=OFF)
    [greeting] = [f for f in result.before.findings if f.code == "TON12"]
    assert greeting.suggestion.replacement == "Dear Ms./Mr./Dr. [last name],"
    assert greeting.suggestion.edits == [] and result.applied == []


def test_content_fixes_need_unsafe() -> None:
    draft = (
        "Subject: hi\n\nDear Ms. Ortiz,\n\nI am a former teacher hoping to move into instructional design. "
        "Could we talk sometime?\n\nBest,\nDana"
    )
    safe = fix(draft, settings=OFF)
    assert all(a.edit.safe for a in safe.applied)
    assert "Could we talk sometime?" in safe.text and safe.unsafe_available > 0
    unsafe = fix(draft, unsafe=True, settings=OFF)
    assert "Could we talk sometime?" not in unsafe.text
    assert "Would you be willing to speak with me for 20 minutes about instructional design?" in unsafe.text
    assert unsafe.after.score > safe.after.score


def test_an_edit_of_a_word_inside_a_word_is_not_offered() -> None:
    # the tokenizer reads "im" as "i" + "m": capitalising that "i" would write "Im"
    result = fix(GOOD.replace("I am a third-year", "im a third-year"), settings=OFF)
    assert "Im a third-year" not in result.text


def test_fix_refuses_an_encoded_body() -> None:
    with pytest.raises(InputError, match="cannot edit it in place"):
        fix(EXAMPLES / "eml" / "latin1-quoted-printable-request.eml", settings=OFF)


# --- the command line -----------------------------------------------------------------------------------------


def test_cli_fix_prints_the_corrected_draft_and_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(GOOD.replace("Could you spare", "Could u spare"), encoding="utf-8")
    assert main(["fix", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == GOOD
    assert f"{path}: 1 fix(es) applied, 0 warning(s) or error(s) left" in err
    assert path.read_text(encoding="utf-8") != GOOD, "without --write the file is left alone"
    assert main(["fix", "--diff", str(path)]) == 0
    diff = capsys.readouterr().out
    assert "-I am a third-year economics student at Ohio State University. Could u spare" in diff
    assert "+I am a third-year economics student at Ohio State University. Could you spare" in diff


def test_cli_fix_write_keeps_crlf(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    draft = GOOD.replace("Dear Ms. Ortiz,", "Hey Marcus,").replace("Could you", "Could u")
    path.write_bytes(draft.replace("\n", "\r\n").encode("utf-8"))
    assert main(["fix", "--write", str(path)]) == 0
    expected = GOOD.replace("Dear Ms. Ortiz,", "Dear Marcus,").replace("\n", "\r\n")
    assert path.read_bytes() == expected.encode("utf-8")


def test_cli_fix_write_changes_only_the_subject_of_an_eml(tmp_path: Path) -> None:
    headers = (
        "From: Dana Lee <dana@example.edu>\r\nTo: Marisol Ortiz <mortiz@example.com>\r\n"
        "Date: Tue, 3 Mar 2026 09:00:00 -0500\r\nMessage-ID: <abc@example.edu>\r\nSubject: {subject}\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    )
    body = (
        "Dear Ms. Ortiz,\n\n"
        + BODY.replace("Ohio State University.", "Ohio State University, and I am interested in management consulting.")
    ).replace("\n", "\r\n")
    path = tmp_path / "request.eml"
    path.write_bytes((headers.format(subject="Question") + body).encode("utf-8"))
    assert main(["fix", "--write", str(path)]) == 0
    subject = "Informational interview request: Ohio State University student interested in management consulting"
    assert path.read_bytes() == (headers.format(subject=subject) + body).encode("utf-8")


def test_cli_fix_refuses_what_it_cannot_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one, two = tmp_path / "a.txt", tmp_path / "b.txt"
    for path in (one, two):
        path.write_text(GOOD, encoding="utf-8")
    assert main(["fix", str(one), str(two)]) == 2
    assert "use --diff or --write for several" in capsys.readouterr().err
    cp1252 = tmp_path / "old.txt"
    cp1252.write_bytes(GOOD.replace("Could you", "Could u").replace("Dana", "Dan\xe9").encode("cp1252"))
    assert main(["fix", "--write", str(cp1252)]) == 2
    assert "is not UTF-8" in capsys.readouterr().err
    assert main(["check", "--fix", "-"]) == 2


def test_cli_check_fix_writes_then_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(GOOD.replace("Could you", "Could u"), encoding="utf-8")
    assert main(["check", "--fix", "--format", "json", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == GOOD
    assert '"findings": []' in capsys.readouterr().out


# --- properties over every bundled example ------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*/*.txt")), ids=lambda p: f"{p.parent.name}/{p.name}")
@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_fix_properties_on_the_examples(path: Path, unsafe: bool) -> None:
    draft = path.read_text(encoding="utf-8")
    result = fix(draft, unsafe=unsafe, settings=OFF)
    before = sum(f.severity.rank >= 1 for f in result.before.findings)
    after = sum(f.severity.rank >= 1 for f in result.after.findings)
    assert after <= before, "a fix must never leave more warnings and errors"
    assert result.text == apply_edits(draft, [a.edit for a in result.applied])
    assert not re.search(r"\{[a-z_]+\}|\[[^\]]*\]", "".join(a.edit.text for a in result.applied))
    words = re.findall(r"[A-Za-z']+", result.text.lower())
    doubled = {a for a, b in itertools.pairwise(words) if a == b}
    assert doubled <= set(re.findall(r"\b([a-z']+) \1\b", draft.lower())), "a fix doubled a word"
    touched = [(a.edit.start, a.edit.end) for a in result.applied]
    offset = 0
    for line in draft.splitlines(keepends=True):
        start, end = offset, offset + len(line)
        offset = end
        if not any(s <= end and start <= e for s, e in touched):
            assert line in result.text, f"an untouched line changed: {line!r}"


def test_the_class_report_shows_each_fix_as_corrected_wording(tmp_path: Path) -> None:
    from requestlint.grading import grade_class

    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "ana.txt").write_text(GOOD.replace("Could you", "Could u"), encoding="utf-8")
    (folder / "bo.txt").write_text(GOOD.replace("Dear Ms. Ortiz,", "Hi there,"), encoding="utf-8")
    grade_class([folder], tmp_path / "out", settings=OFF)
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "Fix: <del>u</del> → <ins>you</ins>" in html
    assert "Try: “Dear Ms./Mr./Dr. [last name],”" in html, "a template with a blank stays advice"


FOLLOW_UP = (
    "Date: Mon, 2 Mar 2026 09:00:00 -0500\nSubject: Following up: 20 minutes on consulting\n\nDear Ms. Ortiz,\n\n"
    "I wrote to you on February 20 to ask whether you might have 20 minutes to talk about how you moved from "
    "analytics into consulting. I know this is a busy time. Let me know if you are free.\n\nBest regards,\nDana Lee\n"
)


def test_a_follow_up_gets_follow_up_wording_and_a_date_from_its_date_header() -> None:
    result = fix(FOLLOW_UP, unsafe=True, settings=OFF)
    assert result.before.kind.value == "follow-up"
    assert result.text == FOLLOW_UP.replace(
        "Let me know if you are free.",
        "If it would help, I will call your office on the morning of Tuesday, 10 March to find a time that suits you.",
    )


def test_a_request_names_the_first_tuesday_three_days_after_it_was_written() -> None:
    draft = "Date: Thu, 5 Mar 2026 09:00:00 -0500\n" + GOOD.replace(
        "I will call your office on Tuesday morning to find a time that suits you.", "Let me know what works."
    )
    [nxt] = [f for f in fix(draft, settings=OFF).before.findings if f.code == "NXT01"]
    assert nxt.suggestion.replacement == (
        "I will call your office on the morning of Tuesday, 10 March to see whether a time in the following week "
        "would suit you."
    )
    undated = draft.split("\n", 1)[1]
    [nxt] = [f for f in fix(undated, settings=OFF).before.findings if f.code == "NXT01"]
    assert nxt.suggestion.replacement is not None and "next Tuesday morning" in nxt.suggestion.replacement


def test_no_suggestion_carries_a_flagged_job_ask() -> None:
    from requestlint import check

    draft = (
        "Subject: Summer internship at Lumen\n\nDear Ms. Park,\n\nI am a third-year architecture student at Georgia "
        "Tech, and I am interested in a summer internship. Are there any internship openings on your team this "
        "summer? I will call your office on Tuesday to find a time.\n\nBest regards,\nDana Lee"
    )
    report = check(draft, settings=OFF)
    assert any(f.pitfall == "asks-for-job" for f in report.findings)
    suggested = [f.suggestion.replacement or "" for f in report.findings]
    suggested += [e.text for f in report.findings for e in f.suggestion.edits]
    assert not [text for text in suggested if "internship" in text.lower()], suggested


def test_a_rule_reported_once_fixes_every_occurrence() -> None:
    draft = GOOD.replace("I am a third-year", "i am a third-year").replace("I will call", "i will call")
    draft = draft.replace("University.", "University 🙂.").replace("morning to", "morning 🙂 to")
    result = fix(draft, settings=OFF)
    assert [f.code for f in result.before.findings].count("TON08") == 1, "the rule still reports it once"
    assert result.text == GOOD


def test_an_emoji_goes_with_its_modifiers_and_i_m_is_capitalised() -> None:
    draft = GOOD.replace("University.", "University 👍🏽 👨‍👩‍👧 🌪️.").replace("I am a third-year", "i'm a third-year")
    result = fix(draft, settings=OFF)
    assert result.text == GOOD.replace("I am a third-year", "I'm a third-year")


def test_exclamation_marks_are_calmed_where_they_stand() -> None:
    draft = (
        GOOD.replace("consulting?\n\n", "consulting!!\n\n", 1)
        .replace("Dear Ms. Ortiz,", "Dear Ms. Ortiz!!")
        .replace("Ohio State University.", "Ohio State University!! My site is example.com/hi!there.")
        .replace("into consulting?", "into consulting?!")
        .replace("suits you.", "suits you!")
        .replace("Best regards,", "Best regards!!")
    )
    result = fix(draft, settings=OFF)
    # the subject loses its marks, the greeting and sign-off get commas, the body keeps its first mark only
    assert result.text == GOOD.replace("consulting?\n\n", "consulting\n\n", 1).replace(
        "Ohio State University.", "Ohio State University! My site is example.com/hi!there."
    )
    assert {a.code for a in result.applied} <= {"TON06", "TON07"}
    assert not {"TON06", "TON07"} & {f.code for f in result.after.findings}


def test_sentences_get_their_capitals_and_a_brand_keeps_its_own() -> None:
    lower = (
        "i am a third-year economics student at Ohio State University. could you spare 20 minutes in the next "
        "two weeks to tell me how you moved from analytics into consulting? iPhone apps are my hobby. i will "
        "call your office on Tuesday morning to find a time that suits you."
    )
    draft = GOOD.replace(BODY.split("\n\n")[0], lower)
    result = fix(draft, settings=Settings(languagetool="off", select=["TON09"]))
    assert "I am a third-year" in result.text and "? iPhone apps" in result.text
    assert "Could you spare" in result.text and "I will call" in result.text
    assert [a.code for a in result.applied] == ["TON09"] * 3


def test_every_rule_with_a_replacement_or_a_measured_informal_mark_says_how_it_edits() -> None:
    from requestlint.loader import load_rules

    rules = load_rules(()).rules
    without = [r.code for r in rules if r.suggestion.replacements and r.suggestion.fix is None]
    assert without == [], "a replacement nobody can apply: give the rule a suggestion.fix"
    tone_metrics = [r for r in rules if r.pitfall == "informal-tone" and r.check == "metric"]
    assert tone_metrics and all(r.suggestion.fix is not None for r in tone_metrics)


def test_a_subject_written_above_a_greeting_that_is_also_fixed() -> None:
    """A bare draft starting with its greeting: the new header goes in at offset 0 and the greeting is replaced
    from offset 0; both apply, the header first (they used to count as overlapping)."""
    draft = "Hey Marcus,\n\n" + BODY
    result = fix(draft, settings=OFF)
    assert result.text.startswith("Subject: ")
    assert result.text.split("\n\n", 1)[1] == "Dear Marcus,\n\n" + BODY
    assert {a.code for a in result.applied} >= {"SUB01", "TON01"}
    assert result.left_out == []


def test_two_insertions_at_one_point_are_one_too_many() -> None:
    from requestlint.fixing import _overlaps
    from requestlint.models import Edit

    insert = Edit(op="insert", start=5, end=5, text="a", safe=True)
    assert _overlaps(insert, Edit(op="insert", start=5, end=5, text="b", safe=True))
    assert not _overlaps(insert, Edit(op="replace", start=5, end=9, text="x", safe=True))
    assert not _overlaps(insert, Edit(op="replace", start=1, end=5, text="x", safe=True))
    assert _overlaps(insert, Edit(op="replace", start=3, end=7, text="x", safe=True))
