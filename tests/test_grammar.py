"""The LanguageTool layer: unit tests without a server, integration tests against the real server.

The integration tests need the server from tools/languagetool (`lt-server fetch` once, an install step that
downloads the jars from Maven Central). The session fixture ``languagetool_server`` (conftest.py) uses this
checkout's server (`lt-server url`), and starts it from the cached jars when it is not running; the tests are
skipped, with the reason, when Java is absent or the jars have not been fetched.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import requestlint
from requestlint import Settings
from requestlint.grammar import GrammarChecker, GrammarHit, keep, own_segments
from requestlint.source import read_draft
from requestlint.structure import analyse_structure

DRAFT = textwrap.dedent(
    """\
    Subject: Cornell junior - 20 minutes on your path into health policy?

    Dear Ms. Kowalczyk,

    I am writting to ask whether you would be willing to speak with me. I am a junior at Cornell studying
    applied economics, and I hope to recieve your advice about Brightwater Analytics. We could meet at they're office
    next week if you have 20 minutes. I will call your office on Tuesday morning.

    Best regards,
    Kira Jonesova
    kira.jonesova@cornell.edu | (607) 555-1212

    On Mon, Mar 3, 2025 at 9:14 AM Dana Ruiz <dana@example.org> wrote:
    > Hi Kira, definately write to her, she is grate.
    """
)


def test_grammar_segments_map_back_to_the_input() -> None:
    source = read_draft(DRAFT)
    segments = own_segments(source, analyse_structure(source))
    assert segments.text.startswith("Cornell junior - 20 minutes on your path into health policy?\n\nDear Ms.")
    assert "definately" not in segments.text, "quoted text is never checked"
    assert "kira.jonesova@cornell.edu" not in segments.text, "the signature is not checked"
    for word in ("writting", "recieve", "Kowalczyk", "Best regards"):
        at = segments.text.index(word)
        start = segments.to_source(at)
        assert DRAFT[start : start + len(word)] == word


@pytest.mark.parametrize(
    ("category", "text", "words", "kept"),
    [
        ("TYPOS", "Kowalczyk", set(), False),  # overlaps an allowed span (a name)
        ("TYPOS", "writting", set(), True),
        ("TYPOS", "Brightwater", {"brightwater"}, False),  # the user's allow-list
        ("GRAMMAR", "Kowalczyk", set(), True),  # only spelling consults the allow-list
    ],
)
def test_grammar_keep(category: str, text: str, words: set[str], kept: bool) -> None:
    allowed = [(10, 19)]
    start = 10 if text == "Kowalczyk" else 40
    assert keep(start, start + len(text), category, text, allowed, words) is kept


def test_grammar_off_reports_off() -> None:
    checker = GrammarChecker("auto", None, 2.0)
    if os.environ.get("REQUESTLINT_LANGUAGETOOL_URL"):
        pytest.skip("REQUESTLINT_LANGUAGETOOL_URL is set in this environment")
    assert checker.mode == "off"
    assert checker.check("I am writting.") is None
    assert checker.status().state == "off"


def test_grammar_local_mode_never_downloads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LTP_PATH", str(tmp_path))  # language_tool_python's download folder, empty
    monkeypatch.delenv("LTP_JAR_DIR_PATH", raising=False)
    checker = GrammarChecker("local", None, 2.0)
    assert checker.check("I am writting.") is None
    status = checker.status()
    assert status.state == "unavailable" and "never downloads" in (status.detail or "")


def test_grammar_unreachable_server_is_reported_not_raised() -> None:
    """No server on the port: the other checks run, the report says grammar is unavailable, nothing hangs."""
    code = textwrap.dedent(
        f"""
        import requestlint
        report = requestlint.check({DRAFT.replace("Dear Ms.", "hey Ms.")!r}, settings=requestlint.Settings(
            languagetool="remote", languagetool_url="http://127.0.0.1:9", languagetool_timeout=2))
        print(report.grammar.state, any(f.code.startswith("LT-") for f in report.findings), len(report.findings))
        print(report.notes)
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    first, notes = done.stdout.splitlines()[:2]
    state, has_lt, count = first.split()
    assert (state, has_lt) == ("unavailable", "False") and int(count) > 0
    assert "grammar checks unavailable" in notes


# --- against the real LanguageTool server -------------------------------------------------------------


@pytest.fixture
def lt_settings(languagetool_server: str) -> Settings:
    return Settings(languagetool="remote", languagetool_url=languagetool_server, languagetool_timeout=30)


@pytest.mark.model
@pytest.mark.languagetool
def test_grammar_real_server_flags_misspellings_at_their_spans(lt_settings: Settings) -> None:
    report = requestlint.check(DRAFT, settings=lt_settings)
    assert report.grammar.state == "ok"
    found = {f.match: f for f in report.findings if f.code.startswith("LT-")}
    assert {"writting", "recieve", "they're"} <= set(found)
    for word, fix in (("writting", "writing"), ("recieve", "receive"), ("they're", "their")):
        finding = found[word]
        assert finding.span is not None and DRAFT[finding.span.start : finding.span.end] == word
        assert finding.suggestion.replacement == fix
        assert finding.pitfall == "mechanics"


@pytest.mark.model
@pytest.mark.languagetool
def test_grammar_real_server_leaves_names_addresses_quotes_and_signature_alone(lt_settings: Settings) -> None:
    report = requestlint.check(DRAFT, settings=lt_settings)
    matched = {f.match for f in report.findings if f.code.startswith("LT-")}
    for untouchable in ("Kowalczyk", "Brightwater", "Jonesova", "definately", "grate", "kira.jonesova@cornell.edu"):
        assert untouchable not in matched


@pytest.mark.model
@pytest.mark.languagetool
def test_grammar_real_server_allow_list_from_settings(languagetool_server: str) -> None:
    draft = DRAFT.replace("writting", "flexiroo")  # not a name: lowercase, so spaCy does not tag it PROPN
    plain = requestlint.check(draft, settings=Settings(languagetool="remote", languagetool_url=languagetool_server))
    allowed = requestlint.check(
        draft,
        settings=Settings(languagetool="remote", languagetool_url=languagetool_server, languagetool_allow=["Flexiroo"]),
    )

    def spelled(report: requestlint.Report) -> set[str | None]:
        return {f.match for f in report.findings if f.code.startswith("LT-")}

    assert "flexiroo" in spelled(plain)
    assert "flexiroo" not in spelled(allowed) and "recieve" in spelled(allowed)


@pytest.mark.model
@pytest.mark.languagetool
def test_grammar_real_server_results_are_cached_per_text(lt_settings: Settings) -> None:
    checker = GrammarChecker("remote", lt_settings.languagetool_url, 30)
    first = checker.check("I am writting to you.")
    assert first is not None and [h.rule_id for h in first] == ["MORFOLOGIK_RULE_EN_US"]
    assert isinstance(first[0], GrammarHit)
    assert checker.check("I am writting to you.") is first


@pytest.mark.model
def test_grammar_whole_part_hints_do_not_hide_spelling() -> None:
    from requestlint.api import _engine
    from requestlint.grammar import grammar_findings
    from requestlint.models import Finding, Part, Severity, Span, Suggestion

    source = read_draft(DRAFT)
    engine = _engine(Settings(languagetool="off"))
    document, prepared = next(engine.parse([engine.prepare(source)]))
    at = prepared.segments.text.index("writting")
    hit = GrammarHit(
        at, at + len("writting"), "MORFOLOGIK_RULE_EN_US", "TYPOS", "Possible spelling mistake", ("writing",)
    )
    body = document.structure.body
    assert body is not None

    def finding(start: int, end: int) -> Finding:
        return Finding(
            code="LEN02",
            name="length.too-short",
            pitfall="length",
            severity=Severity.INFO,
            message="m",
            scope=Part.BODY,
            span=Span(start=start, end=end, line=1, column=1),
            match=None,
            suggestion=Suggestion(principle="p"),
            weight=0,
        )

    whole_body = [finding(*body)]
    assert [f.match for f in grammar_findings(document, prepared.segments, [hit], whole_body, Settings())] == [
        "writting"
    ]
    start = DRAFT.index("writting")
    same_word = [finding(start, start + 8)]
    assert grammar_findings(document, prepared.segments, [hit], same_word, Settings()) == []
