"""The drafting page's server side: the page and its assets, the page's check (marks and fixes), rule docs, and
the class view's upload (``POST /grade``) with its limits. The page itself runs in a browser in
test_page_browser.py; its JavaScript has unit tests in tests/js/."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from requestlint import Settings
from requestlint.errors import InputError
from requestlint.grading import uploads
from requestlint.grading.uploads import read_upload
from requestlint.server import create_app
from requestlint.server.page import ASSETS

OFF = Settings(languagetool="off")
WEAK = "Subject: hey\nhey!! can u help me get a job at ur company lol. let me know!! 🙂"
GOOD = (Path(__file__).resolve().parent.parent / "examples" / "drafts" / "good" / "student-epidemiology.txt").read_text(
    encoding="utf-8"
)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = create_app(OFF, max_upload_bytes=50_000)
    yield TestClient(app)
    app.state.requestlint.classes.stop()


def page_check(client: TestClient, draft: str) -> Any:
    response = client.post("/page/check", json={"draft": draft})
    assert response.status_code == 200, response.text
    return response.json()


def upload(client: TestClient, name: str, data: bytes, **headers: str) -> Any:
    return client.post("/grade", content=data, headers={"X-Filename": name, **headers})


# --- the page and its files ----------------------------------------------------------------------------------


def test_the_page_and_its_assets_are_served_with_a_same_origin_policy(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert '<textarea id="draft"' in page.text and 'src="/static/page.js"' in page.text
    for name, media in ASSETS.items():
        asset = client.get(f"/static/{name}")
        assert asset.status_code == 200 and asset.headers["content-type"] == media, name
        assert asset.headers["x-content-type-options"] == "nosniff"
    for name in ("index.html", "..%2Fapp.py", "page.py", "draft.test.mjs"):
        assert client.get(f"/static/{name}").status_code == 404, name


def test_the_page_loads_nothing_from_another_origin() -> None:
    static = Path(__file__).resolve().parent.parent / "src" / "requestlint" / "server" / "static"
    for path in static.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", "") and "https://" not in text, path.name
        assert "//" + "cdn" not in text and "@import" not in text, path.name


# --- the page's check -----------------------------------------------------------------------------------------


@pytest.mark.model
def test_page_check_marks_every_finding_in_utf16_units(client: TestClient) -> None:
    answer = page_check(client, WEAK)
    report, marks = answer["report"], answer["marks"]
    assert [m["finding"] for m in marks] == list(range(len(report["findings"])))
    units = WEAK.encode("utf-16-le")

    def marked(mark: dict[str, Any]) -> str:
        return units[2 * mark["offset"] : 2 * (mark["offset"] + mark["length"])].decode("utf-16-le")

    for mark in marks:
        finding = report["findings"][mark["finding"]]
        if not mark["anchored"]:
            # the match itself, or the span of the safe edit that covers it (one click applies exactly that edit)
            assert marked(mark) == finding["match"] or (mark["fix"] and finding["match"] in marked(mark))
            assert mark["belongs"] is None
        else:
            assert finding["span"] is None and mark["belongs"] in ("before", "after")
    by_code = {report["findings"][m["finding"]]["code"]: m for m in marks}
    assert by_code["TON10"]["belongs"] == "after", "a missing sign-off belongs after the last sentence"
    assert by_code["BKG01"]["belongs"] == "before", "missing background belongs before the body's first sentence"
    labels = {row["id"]: row for row in answer["pitfalls"]}
    assert labels["informal-tone"] == {"id": "informal-tone", "label": "Too informal", "applies": True, "present": True}
    assert labels["generic-thanks"]["applies"] is False


@pytest.mark.model
def test_page_check_offers_only_fixes_that_replace_exactly_their_span(client: TestClient) -> None:
    answer = page_check(client, WEAK)
    fixes = {}
    for mark in answer["marks"]:
        finding = answer["report"]["findings"][mark["finding"]]
        if mark["fix"] is not None:
            fixes.setdefault(finding["code"], []).append(mark["fix"])
    units = WEAK.encode("utf-16-le")

    def applied(fix: dict[str, Any]) -> str:
        start, end = 2 * fix["offset"], 2 * (fix["offset"] + fix["length"])
        return (units[:start] + fix["text"].encode("utf-16-le") + units[end:]).decode("utf-16-le")

    text_speak = {applied(f) for f in fixes["TON03"]}
    assert text_speak == {
        WEAK.replace("can u", "can you"),
        WEAK.replace("ur company", "your company"),
        WEAK.replace(" lol.", "."),  # 'lol' has nothing to swap for: it goes, with its space
    }
    assert applied(fixes["TON05"][0]) == WEAK.removesuffix(" 🙂"), "deleting the emoji takes its space too"
    # a sentence offered for a short span, a greeting that would keep the name twice, a job ask: advice only
    assert not {"NXT01", "JOB01", "TON01", "ASK03", "SUB02"} & fixes.keys()

    subject = page_check(client, "Subject: Summer internship at Lumen Architects\n\n" + GOOD.split("\n\n", 1)[1])
    rewritten = [m["fix"] for m in subject["marks"] if m["fix"] is not None]
    for fix in rewritten:  # a whole subject line may be rewritten as a whole
        assert fix["offset"] == len("Subject: ") and fix["length"] == len("Summer internship at Lumen Architects")


@pytest.mark.model
def test_page_check_lists_every_safe_fix_once(client: TestClient) -> None:
    draft = GOOD.replace("I am a first-year", "i am a first-year").replace("I read your", "i read your")
    answer = page_check(client, draft)
    assert [f["code"] for f in answer["report"]["findings"]].count("TON08") == 1
    assert [(f["offset"], f["text"]) for f in answer["fixes"]] == [
        (draft.index("i am a first-year"), "I"),
        (draft.index("i read your"), "I"),
    ]


@pytest.mark.model
def test_page_check_of_a_good_draft_has_nothing_to_mark(client: TestClient) -> None:
    answer = page_check(client, GOOD)
    assert answer["report"]["score"] == 100.0 and answer["marks"] == [] and answer["report"]["findings"] == []


def test_page_check_refuses_what_check_refuses(client: TestClient) -> None:
    assert client.post("/page/check", json={"draft": "x", "select": ["NOPE99"]}).status_code == 422
    assert client.post("/page/check", json={"text": "x"}).status_code == 422


def test_rule_docs_are_the_explain_text(client: TestClient) -> None:
    from requestlint.docgen import explain

    for code in ("TON03", "tone.text-speak", "generic-thanks"):
        doc = client.get(f"/page/doc/{code}")
        assert doc.status_code == 200 and doc.text == explain(code), code
    missing = client.get("/page/doc/NOPE99")
    assert missing.status_code == 404 and "no rule 'NOPE99'" in missing.json()["detail"]


# --- the class view -------------------------------------------------------------------------------------------

CLASS_CSV = (
    "student,subject,body\n"
    'Ana,hey,"hey can u help me get a job"\n'
    f'Bo,"{GOOD.splitlines()[0].removeprefix("Subject: ")}","{GOOD.split(chr(10) * 2, 1)[1]}"\n'
).encode()


@pytest.mark.model
def test_grade_answers_the_three_files_grade_writes(client: TestClient, tmp_path: Path) -> None:
    from requestlint.grading import grade_class

    answer = upload(client, "workshop.csv", CLASS_CSV)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["students"], body["graded"]) == (2, 2)
    (tmp_path / "workshop.csv").write_bytes(CLASS_CSV)
    grade_class([tmp_path / "workshop.csv"], tmp_path / "out", settings=OFF)
    for file in body["files"]:
        assert file["text"].encode("utf-8") == (tmp_path / "out" / file["name"]).read_bytes(), file["name"]
    assert [f["name"] for f in body["files"]] == ["report.html", "grades.csv", "results.json"]
    assert [r["score"] for r in json.loads(body["files"][2]["text"])] == [0.0, 100.0]


@pytest.mark.model
def test_grade_reads_a_zipped_folder_jsonl_mbox_and_a_single_draft(client: TestClient) -> None:
    folder = io.BytesIO()
    with zipfile.ZipFile(folder, "w") as archive:
        archive.writestr("class/ana.txt", "hey can u help me get a job")
        archive.writestr("class/bo.eml", GOOD)
        archive.writestr("class/notes.pdf", b"%PDF")
        archive.writestr("__MACOSX/class/._ana.txt", b"\x00\x05")
        archive.writestr("class/.DS_Store", b"\x00")
    zipped = upload(client, "class.zip", folder.getvalue()).json()
    assert (zipped["students"], zipped["graded"]) == (3, 2)
    grades = zipped["files"][1]["text"]
    assert '"ana"' in grades and '"bo"' in grades and "not a draft" in grades

    jsonl = b'{"student": "Ana", "draft": "hey can u help me get a job"}\n{"student": "Bo", "body": "hi"}\n'
    assert upload(client, "class.jsonl", jsonl).json()["graded"] == 2
    mbox = b"From a@example.org Thu Jan  4 09:12:01 2024\nFrom: Ana <a@example.org>\nSubject: hey\n\nhey can u help\n"
    assert upload(client, "inbox.mbox", mbox).json()["graded"] == 1
    single = upload(client, "ana.txt", b"Subject: hey\n\nhey can u help me get a job").json()
    assert (single["students"], single["graded"]) == (1, 1)


def test_grade_says_what_is_wrong_with_the_file(client: TestClient) -> None:
    def detail(response: Any) -> str:
        assert response.status_code == 422, response.text
        return str(response.json()["detail"][0]["msg"])

    assert detail(upload(client, "class.pdf", b"%PDF")).startswith("class.pdf: unknown upload type")
    assert detail(upload(client, "notes.csv", b"a,b\n1,2\n")).startswith("notes.csv:1: cannot tell which column")
    assert detail(upload(client, "class.zip", b"not a zip")).startswith("class.zip: not a readable zip file")
    assert detail(upload(client, "class.csv", b"")) == "class.csv: the uploaded file is empty"
    assert client.post("/grade", content=CLASS_CSV).status_code == 422, "the file name is required"


def test_grade_refuses_other_origins_and_large_files(client: TestClient) -> None:
    foreign = upload(client, "class.csv", CLASS_CSV, Origin="https://elsewhere.example")
    assert foreign.status_code == 403 and "own page" in foreign.json()["detail"]
    large = upload(client, "class.csv", b"x" * 50_001)
    assert large.status_code == 413
    assert large.json()["detail"] == (
        "the file is larger than this server accepts: 50000 bytes (requestlint serve --max-upload-bytes)"
    )
    # the upload limit is the class view's alone: a draft is held to the (smaller) check limit
    assert client.post("/check", json={"draft": "x" * 210_000}).status_code == 413


@pytest.mark.model
def test_grade_of_a_class_that_takes_too_long_is_a_503_and_the_next_one_works(tmp_path: Path) -> None:
    app = create_app(OFF)
    grader = app.state.requestlint.classes
    grader.timeout = 0.5  # shorter than the child takes to load the model
    try:
        with TestClient(app) as client:
            slow = upload(client, "class.csv", CLASS_CSV)
            assert slow.status_code == 503 and "took longer than 0.5 s to grade" in slow.json()["detail"]
            grader.timeout = 300
            assert upload(client, "class.csv", CLASS_CSV).status_code == 200
    finally:
        grader.stop()


# --- reading uploads ------------------------------------------------------------------------------------------


def test_uploads_bound_what_a_zip_unpacks_to(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", "a" * 5_000)
        archive.writestr("b.txt", "b" * 5_000)
    monkeypatch.setattr(uploads, "ZIP_UNPACKED_BYTES", 8_000)
    with pytest.raises(InputError, match="unpacks to more than 8000 bytes"):
        read_upload("class.zip", bomb.getvalue())
    monkeypatch.setattr(uploads, "ZIP_MEMBERS", 1)
    with pytest.raises(InputError, match="holds 2 files; at most 1"):
        read_upload("class.zip", bomb.getvalue())


def test_uploads_name_students_and_origins_without_the_clients_folders() -> None:
    [draft] = read_upload("C:\\Users\\me\\Desktop\\ana lee.txt", b"hello")
    assert (draft.student, draft.origin) == ("ana lee", "ana lee.txt")
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("__MACOSX/._x", b"")
    with pytest.raises(InputError, match="holds no files"):
        read_upload("class.zip", empty.getvalue())
