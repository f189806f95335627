"""The LanguageTool-compatible API: its JSON shape, offsets, options, and real clients against a real server.

A real uvicorn server runs in a background thread on a free loopback port; language_tool_python (the Python
LanguageTool client) is pointed at it with ``remote_server=`` exactly as a user would. The last test chains a
real LanguageTool server behind requestlint (the `languagetool_server` fixture in conftest.py).
"""

from __future__ import annotations

import itertools
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import language_tool_python
import pytest
import uvicorn
from fastapi.testclient import TestClient

from requestlint import Settings
from requestlint.models import DraftKind
from requestlint.server import create_app
from requestlint.server.annotation import Utf16, parse_annotation

WEAK = "hey!! can u help me get a job at ur company? let me know"
EMOJI = "hey!! 😀🎉 can u help me get a job at ur company? let me know"
REQUEST = Settings(languagetool="off", kind=DraftKind.REQUEST)


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(REQUEST))


def lt_check(client: TestClient, **form: str) -> Any:
    response = client.post("/v2/check", data={"language": "en-US", **form})
    assert response.status_code == 200, response.text
    return response.json()


def by_rule(answer: Any) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for match in answer["matches"]:
        found.setdefault(match["rule"]["id"], []).append(match)
    return found


# --- shape, languages, errors (TestClient) ----------------------------------------------------------------


def test_languages_are_languagetools_english_variants(client: TestClient) -> None:
    languages = client.get("/v2/languages").json()
    assert languages[:2] == [
        {"name": "English", "code": "en", "longCode": "en"},
        {"name": "English (US)", "code": "en", "longCode": "en-US"},
    ]
    assert {entry["longCode"] for entry in languages} == {"en", "en-US", "en-GB", "en-AU", "en-CA", "en-NZ", "en-ZA"}
    assert client.get("/v2/healthcheck").text == "OK"


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({"language": "en-US"}, "Error: Missing 'text' or 'data' parameter"),
        ({"text": "Hello"}, "Error: Missing 'language' parameter, e.g. 'language=en-US' or 'language=auto'"),
        ({"text": "Hello", "language": "de-DE"}, "Error: 'de-DE' is not a language code requestlint checks."),
        ({"data": "{not json", "language": "en-US"}, "Error: Could not parse JSON from 'data' parameter"),
        ({"data": '{"annotation": [{"text": "a", "markup": "b"}]}', "language": "en"}, "Error: an 'annotation' item"),
        ({"data": '{"annotation": [{"foo": "a"}]}', "language": "en"}, "Error: an 'annotation' item needs"),
        ({"data": '{"text": "a"}', "language": "en"}, "Error: 'data' needs an 'annotation' list"),
    ],
)
def test_refusals_are_languagetool_style_plain_text(client: TestClient, form: dict[str, str], error: str) -> None:
    response = client.post("/v2/check", data=form)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.startswith(error)


@pytest.mark.model
def test_binary_text_is_a_400(client: TestClient) -> None:
    response = client.post("/v2/check", data={"language": "en-US", "text": "Hi\x00there"})
    assert (response.status_code, response.text) == (
        400,
        "Error: input looks binary (contains NUL bytes), not an email draft",
    )


@pytest.mark.model
def test_answer_has_languagetools_shape(client: TestClient) -> None:
    answer = lt_check(client, text=WEAK, language="auto")
    assert answer["software"]["name"] == "requestlint" and answer["software"]["apiVersion"] == 1
    assert answer["language"] == {
        "name": "English (US)",
        "code": "en-US",
        "detectedLanguage": {"name": "English (US)", "code": "en-US", "confidence": 1.0},
    }
    [ton03_u, ton03_ur] = by_rule(answer)["TON03"]
    assert ton03_u == {
        "message": "'u' is text-speak. Write words out in full.",
        "shortMessage": "Text-speak",
        "replacements": [{"value": "you"}],
        "offset": 10,
        "length": 1,
        "context": {"text": "hey!! can u help me get a job at ur company? let me...", "offset": 10, "length": 1},
        "sentence": "can u help me get a job at ur company?",
        "type": {"typeName": "Other"},
        "rule": {
            "id": "TON03",
            "description": "Text-speak",
            "issueType": "register",
            "category": {"id": "INFORMAL_TONE", "name": "Informal tone"},
            "isPremium": False,
        },
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
    }
    assert (ton03_ur["offset"], ton03_ur["replacements"]) == (33, [{"value": "your"}])
    job = by_rule(answer)["JOB01"][0]
    assert (job["rule"]["category"]["id"], job["rule"]["issueType"]) == ("ASKS_FOR_JOB", "uncategorized")
    offsets = [m["offset"] for m in answer["matches"]]
    assert offsets == sorted(offsets)


@pytest.mark.model
def test_missing_things_are_anchored_where_they_belong(client: TestClient) -> None:
    text = "hey!!\n\ncan u help me get a job at ur company? let me know"
    found = by_rule(lt_check(client, text=text))

    def marked(rule: str) -> str:
        match = found[rule][0]
        return text[match["offset"] : match["offset"] + match["length"]]

    assert "SUB01" not in found  # an editor's body: the subject is another field the client did not send
    assert marked("BKG01") == "can u help me get a job at ur company?"  # no background: the body's first sentence
    assert marked("TON10") == "let me know"  # no sign-off: the last sentence
    assert marked("NXT02") == "let me know"  # no next step of your own: where the email ends
    for rule in ("BKG01", "TON10", "NXT02"):
        assert found[rule][0]["rule"]["issueType"] == "omission"
        assert found[rule][0]["replacements"] == [], "applying a replacement would overwrite the anchor"
    assert found["TON10"][0]["message"].endswith("For example: “Best regards,\n[your full name]”")


BODY_ONLY_REQUEST = (
    "Dear Ms. Okafor,\n\nI am a third-year economics student at Ohio State and I read your piece on supply-chain "
    "consulting. Would you be open to a 20-minute phone call in the next two weeks about how you moved into "
    "consulting? I will call your office on Tuesday morning to find a time that suits you.\n\n"
    "Best regards,\nDana Lee"
)


@pytest.mark.model
def test_a_body_without_subject_line_is_read_as_a_request_without_subject_rules() -> None:
    client = TestClient(create_app(Settings(languagetool="off")))  # the kind is recognised, not forced
    weak_body = "Dear Mr. Ruiz,\n\nI would love to pick your brain sometime. Let me know.\n\nThanks,\nSam"
    found = by_rule(lt_check(client, text=weak_body))
    assert not any(rule.startswith("SUB") for rule in found), found.keys()
    assert {"ASK01", "BKG01"} <= found.keys(), "a request's body is judged as a request"
    assert lt_check(client, text=BODY_ONLY_REQUEST)["matches"] == []
    with_subject = by_rule(lt_check(client, text="Subject: hey\n\n" + BODY_ONLY_REQUEST))
    assert list(with_subject) == ["SUB02"], "a Subject: line in the text is checked"


@pytest.mark.model
def test_offsets_count_utf16_code_units(client: TestClient) -> None:
    answer = lt_check(client, text=EMOJI)
    units = EMOJI.encode("utf-16-le")
    found = by_rule(answer)
    for rule, expected in (("TON03", "u"), ("JOB01", "help me get a job")):
        match = found[rule][0]
        assert units[2 * match["offset"] : 2 * (match["offset"] + match["length"])].decode("utf-16-le") == expected
    assert found["TON03"][0]["offset"] == EMOJI.index(" u ") + 1 + 2  # two emoji before it, one unit extra each
    emoji = found["TON05"][0]
    assert (emoji["offset"], emoji["length"]) == (6, 2)  # one emoji is two UTF-16 code units
    assert emoji["replacements"] == [{"value": ""}]  # "(remove '😀')" deletes the match


@pytest.mark.model
def test_annotated_data_maps_offsets_to_the_original_markup(client: TestClient) -> None:
    annotation = [
        {"markup": "<p>"},
        {"text": "hey!!"},
        {"markup": "</p><p>", "interpretAs": "\n\n"},
        {"text": "can "},
        {"markup": "<b>"},
        {"text": "u"},
        {"markup": "</b>"},
        {"text": " help me get a job at ur company? 😀 let me know"},
        {"markup": "</p>"},
    ]
    original = "".join(item.get("text", item.get("markup", "")) for item in annotation)
    answer = lt_check(client, data=json.dumps({"annotation": annotation}))
    units = original.encode("utf-16-le")

    def marked(match: Any) -> str:
        return units[2 * match["offset"] : 2 * (match["offset"] + match["length"])].decode("utf-16-le")

    found = by_rule(answer)
    assert [marked(m) for m in found["TON03"]] == ["u", "ur"]
    assert marked(found["JOB01"][0]) == "help me get a job"
    assert marked(found["TON05"][0]) == " 😀"  # the deletion takes its space, so a client leaves no double space
    assert marked(found["TON10"][0]) == "😀 let me know"  # the last sentence
    assert found["TON03"][0]["context"]["text"].startswith("hey!!  can u help")  # plain text, on one line


def test_annotation_spans_inside_interpret_as_cover_the_markup() -> None:
    annotated = parse_annotation(
        json.dumps({"annotation": [{"text": "Hi"}, {"markup": "<br/>", "interpretAs": "\n"}, {"text": "there"}]})
    )
    assert (annotated.plain, annotated.original) == ("Hi\nthere", "Hi<br/>there")
    assert annotated.to_original(2, 3) == (2, 7)
    assert annotated.to_original(0, 8) == (0, 12)
    assert annotated.to_original(3, 8) == (7, 12)
    assert Utf16("a😀b").span(2, 3) == (3, 1)


@pytest.mark.model
def test_options_select_matches(client: TestClient) -> None:
    def rules(**form: str) -> set[str]:
        return set(by_rule(lt_check(client, text=WEAK, **form)))

    default = rules()
    assert {"TON01", "TON03", "JOB01", "JOB03"} <= default
    assert not {"CRT01", "CRT02", "LEN02"} & default, "hints (info findings) only at level=picky"
    assert {"CRT01", "CRT02", "LEN02"} <= rules(level="picky")
    assert rules(enabledRules="CRT01") == default | {"CRT01"}
    assert rules(disabledRules="TON03,JOB01") == default - {"TON03", "JOB01"}
    assert rules(disabledCategories="INFORMAL_TONE") == {r for r in default if not r.startswith("TON")}
    assert rules(enabledRules="JOB01,CRT02", enabledOnly="true") == {"JOB01", "CRT02"}
    assert rules(enabledCategories="ASKS_FOR_JOB", enabledOnly="yes") == {"JOB01", "JOB03", "JOB04"}
    assert rules(motherTongue="de-DE", preferredVariants="en-GB", useragent="x", mode="all") == default


@pytest.mark.model
def test_the_form_is_read_whatever_the_content_type(client: TestClient) -> None:
    expected = lt_check(client, text=WEAK)["matches"]
    assert len(expected) > 5
    body = urlencode({"language": "en-US", "text": WEAK})
    # ltex-ls sends its form body as application/json (valentjn/ltex-ls#276); LanguageTool reads it anyway.
    ltex = client.post("/v2/check", content=body, headers={"content-type": "application/json"})
    in_query = client.post(f"/v2/check?{body}")
    multipart = client.post("/v2/check", files={"language": (None, "en-US"), "text": (None, WEAK)})
    for response in (ltex, in_query, multipart):
        assert response.status_code == 200, response.text
        assert response.json()["matches"] == expected


def test_an_empty_text_has_no_matches(client: TestClient) -> None:
    for text in ("", " \n\n "):
        assert lt_check(client, text=text)["matches"] == []


# --- real clients against a real server -------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def live_url() -> Iterator[str]:
    """``create_app`` under uvicorn in a background thread, on a free loopback port."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(REQUEST), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def tool(live_url: str) -> Iterator[Any]:
    # Construction asks GET /v2/languages to validate "en-US": it fails unless that endpoint answers right.
    client = language_tool_python.LanguageTool("en-US", remote_server=live_url)
    yield client
    client.close()


@pytest.mark.model
def test_language_tool_python_shows_requestlint_findings(tool: Any) -> None:
    matches = tool.check(WEAK)
    seen = {(m.rule_id, WEAK[m.offset : m.offset + m.error_length]) for m in matches}
    assert {
        ("TON01", "hey"),
        ("TON12", "hey!!"),
        ("TON06", "!!"),
        ("TON03", "u"),
        ("TON03", "ur"),
        ("JOB01", "help me get a job"),
        ("JOB03", "a job at ur"),
        ("ASK03", "can u help me get a job at ur company?"),
    } <= seen
    u = next(m for m in matches if m.rule_id == "TON03" and m.offset == 10)
    assert (u.replacements, u.category, u.rule_issue_type) == (["you"], "INFORMAL_TONE", "register")
    assert u.message == "'u' is text-speak. Write words out in full."
    assert u.sentence == "can u help me get a job at ur company?"
    assert u.get_line_and_column(WEAK) == (1, 11)
    job = next(m for m in matches if m.rule_id == "JOB01")
    # a whole new sentence is not a replacement for "help me get a job": it is advice in the message
    assert job.replacements == []
    assert job.message.endswith("For example: “Could you tell me how people usually get started in your field?”")
    assert job.category == "ASKS_FOR_JOB"


@pytest.mark.model
def test_language_tool_python_offsets_after_emoji(tool: Any) -> None:
    matches = tool.check(EMOJI)
    texts = {(m.rule_id, EMOJI[m.offset : m.offset + m.error_length]) for m in matches}
    assert {("TON03", "u"), ("TON03", "ur"), ("JOB01", "help me get a job"), ("TON01", "hey")} <= texts
    # language_tool_python corrects offsets for characters outside the BMP but not lengths: LanguageTool's
    # length of the emoji match is 2 (UTF-16), its Python offset is right.
    emoji = next(m for m in matches if m.rule_id == "TON05")
    assert (EMOJI[emoji.offset], emoji.error_length) == ("😀", 2)


@pytest.mark.model
def test_language_tool_python_disabled_rules_and_correct(tool: Any) -> None:
    tool.disabled_rules = {"TON03", "JOB03"}
    ids = {m.rule_id for m in tool.check(WEAK)}
    assert "TON03" not in ids and "JOB03" not in ids
    assert {"TON01", "JOB01"} <= ids
    tool.disabled_rules = set()
    tool.enabled_rules = {"TON03"}
    tool.enabled_rules_only = True
    assert language_tool_python.utils.correct(WEAK, tool.check(WEAK)) == (
        "hey!! can you help me get a job at your company? let me know"
    )


EXAMPLE_DRAFTS = sorted((Path(__file__).resolve().parent.parent / "examples" / "drafts").glob("*/*.txt"))


@pytest.mark.model
def test_applying_every_replacement_with_correct_never_doubles_a_word_or_lowers_the_score(tool: Any) -> None:
    # What a client's "apply all" does: language_tool_python's correct() takes each match's first replacement.
    from requestlint import check

    drafts = [WEAK, EMOJI, "Hey Marcus,\n\ncan u tell me how u got into consulting? lol\n\nthx\nDana"]
    drafts += [path.read_text(encoding="utf-8") for path in EXAMPLE_DRAFTS]
    changed = 0
    for draft in drafts:
        corrected = language_tool_python.utils.correct(draft, tool.check(draft))
        words = re.findall(r"[a-z']+", corrected.lower())
        doubled = {a for a, b in itertools.pairwise(words) if a == b}
        assert doubled <= set(re.findall(r"\b([a-z']+) \1\b", draft.lower())), (draft, corrected)
        assert check(corrected, settings=REQUEST).score >= check(draft, settings=REQUEST).score, (draft, corrected)
        changed += corrected != draft
    assert changed >= 4, "the weak drafts have replacements to apply"


# --- a real LanguageTool server behind requestlint --------------------------------------------------------


@pytest.mark.model
@pytest.mark.languagetool
def test_languagetool_matches_keep_their_languagetool_rule_id(languagetool_server: str) -> None:
    settings = Settings(languagetool="remote", languagetool_url=languagetool_server, languagetool_timeout=30)
    client = TestClient(create_app(settings.model_copy(update={"kind": DraftKind.REQUEST})))
    text = (
        "Subject: Cornell junior - 20 minutes on your path into health policy?\n\nDear Ms. Kowalczyk,\n\n"
        "I am writting to ask whether you would be willing to speak with me for 20 minutes about your path into "
        "health policy. I am a junior at Cornell studying applied economics, and u could help me understand the "
        "field. I will call your office on Tuesday morning.\n\nBest regards,\nKira Jonesova\n"
    )
    answer = lt_check(client, text=text)
    spelling = [m for m in answer["matches"] if m["rule"]["id"].startswith("MORFOLOGIK_RULE")]
    assert [text[m["offset"] : m["offset"] + m["length"]] for m in spelling] == ["writting"]
    [typo] = spelling
    assert typo["rule"]["category"] == {"id": "TYPOS", "name": "Possible Typo"}
    assert (typo["rule"]["issueType"], typo["type"]["typeName"]) == ("misspelling", "UnknownWord")
    assert typo["replacements"][0]["value"] == "writing"
    assert "TON03" in by_rule(answer), "requestlint's own findings come with LanguageTool's"
    assert client.get("/health").json()["grammar"]["state"] == "ok"
