"""Reading drafts: plain text with optional headers, and ``.eml`` messages built here with the email package."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from requestlint.errors import InputError
from requestlint.source import read_draft, read_draft_file

BODY = (
    "Dear Ms. Chen,\n"
    "\n"
    "I am a junior at Ohio State studying psychology. Would you have\n"
    "20 minutes next week to talk about how you moved from teaching\n"
    "into UX research?\n"
    "\n"
    "Best regards,\n"
    "Sam Lee\n"
)


# --- plain drafts -------------------------------------------------------------------------------------------


def test_source_plain_without_headers_is_all_body() -> None:
    source = read_draft(BODY)
    assert source.text == BODY
    assert source.headers == {}
    assert source.subject is None
    assert source.subject_start is None and source.subject_end is None
    assert source.body_start == 0
    assert source.decoded is False


def test_source_plain_with_all_headers() -> None:
    text = (
        "Subject: 20-minute call about your move into UX research\n"
        "To: Priya Chen <priya.chen@example.com>\n"
        "From: Sam Lee <sam.lee@example.edu>\n"
        "Date: Mon, 3 Mar 2025 09:14:00 -0500\n"
        "\n" + BODY
    )
    source = read_draft(text)
    assert source.headers == {
        "subject": "20-minute call about your move into UX research",
        "to": "Priya Chen <priya.chen@example.com>",
        "from": "Sam Lee <sam.lee@example.edu>",
        "date": "Mon, 3 Mar 2025 09:14:00 -0500",
    }
    assert source.subject == "20-minute call about your move into UX research"
    assert text[source.subject_start : source.subject_end] == source.subject
    assert text[source.body_start :] == BODY
    assert source.text is text


def test_source_plain_header_names_are_case_insensitive() -> None:
    text = "SUBJECT: Question about UX research\nto: priya.chen@example.com\n\n" + BODY
    source = read_draft(text)
    assert source.subject == "Question about UX research"
    assert source.headers["to"] == "priya.chen@example.com"
    assert text[source.body_start :] == BODY


def test_source_plain_folded_subject() -> None:
    text = (
        "Subject: Request for a 20-minute call\n"
        " about your move from teaching into UX research\n"
        "To: priya.chen@example.com\n"
        "\n" + BODY
    )
    source = read_draft(text)
    # The header value is unfolded; the subject range covers both lines of the original text.
    assert source.headers["subject"] == "Request for a 20-minute call about your move from teaching into UX research"
    assert source.subject == "Request for a 20-minute call\n about your move from teaching into UX research"
    assert source.headers["to"] == "priya.chen@example.com"
    assert text[source.body_start :] == BODY


def test_source_plain_headers_without_blank_line() -> None:
    text = "Subject: Question about UX research\n" + BODY
    source = read_draft(text)
    assert source.subject == "Question about UX research"
    assert text[source.body_start :] == BODY
    assert source.body_start == len("Subject: Question about UX research\n")


@pytest.mark.parametrize(
    "text",
    [
        "Dear Ms. Chen,\nSubject: the talk you gave at the Columbus UX meetup\n\nBest,\nSam\n",
        "Quick note before the headers\nSubject: Question about UX research\n\n" + BODY,
        "\nSubject: Question about UX research\n\n" + BODY,
    ],
    ids=["greeting-first", "prose-first", "blank-first"],
)
def test_source_plain_header_after_first_line_is_body(text: str) -> None:
    source = read_draft(text)
    assert source.headers == {}
    assert source.subject is None
    assert source.body_start == 0


def test_source_plain_subject_only_no_body() -> None:
    source = read_draft("Subject: Question about UX research")
    assert source.subject == "Question about UX research"
    assert source.body_start == len(source.text)


def test_source_plain_subject_trailing_spaces_not_in_range() -> None:
    text = "Subject: Question about UX research   \n\n" + BODY
    source = read_draft(text)
    assert source.subject == "Question about UX research"
    assert source.headers["subject"] == "Question about UX research"


@pytest.mark.parametrize(
    "text",
    [
        "Subject: Coffee chat about UX research\r\nTo: priya.chen@example.com\r\n\r\n" + BODY.replace("\n", "\r\n"),
        "Subject: Coffee chat about\r\n UX research\r\n\r\n" + BODY.replace("\n", "\r\n"),
        "Subject: Coffee chat about UX research\r\n" + BODY.replace("\n", "\r\n"),
    ],
    ids=["crlf", "crlf-folded", "crlf-no-blank"],
)
def test_source_crlf_offsets_into_original(text: str) -> None:
    source = read_draft(text)
    assert source.text is text
    assert source.headers["subject"] == "Coffee chat about UX research"
    assert source.subject_start is not None and source.subject_end is not None
    assert text[source.subject_start : source.subject_end] == source.subject
    assert "\r" not in source.subject.replace("\r\n ", "")
    assert text[source.body_start :] == BODY.replace("\n", "\r\n")


def test_source_crlf_subject_has_no_carriage_return() -> None:
    text = "Subject: Coffee chat about UX research\r\n\r\nDear Ms. Chen,\r\n"
    source = read_draft(text)
    assert source.subject == "Coffee chat about UX research"
    assert text[source.subject_start : source.subject_end] == "Coffee chat about UX research"
    assert text[source.body_start :] == "Dear Ms. Chen,\r\n"


def test_source_bytes_bom_is_dropped() -> None:
    data = b"\xef\xbb\xbfSubject: Question about UX research\n\n" + BODY.encode()
    source = read_draft(data)
    assert not source.text.startswith("\ufeff")
    assert source.subject == "Question about UX research"
    assert source.subject_start == len("Subject: ")
    assert source.text[source.body_start :] == BODY


def test_source_str_bom_keeps_headers() -> None:
    text = "\ufeffSubject: Question about UX research\n\n" + BODY
    source = read_draft(text)
    assert source.subject == "Question about UX research"
    assert text[source.subject_start : source.subject_end] == "Question about UX research"
    assert text[source.body_start :] == BODY


def test_source_windows_1252_bytes() -> None:
    text = (
        "Subject: Caf\u00e9 chat about Jos\u00e9\u2019s research\n\n"
        "Dear Dr. Mu\u00f1oz,\n\u201cThank you\u201d \u2014 Ren\u00e9e\n"
    )
    data = text.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the test input really is not UTF-8
    source = read_draft(data)
    assert source.text == text
    assert source.subject == "Caf\u00e9 chat about Jos\u00e9\u2019s research"
    assert source.text[source.body_start :].startswith("Dear Dr. Mu\u00f1oz,")


def test_source_utf8_preferred_over_windows_1252() -> None:
    text = "Subject: Question for Jos\u00e9\n\nDear Jos\u00e9,\n"
    source = read_draft(text.encode("utf-8"))
    assert source.text == text


@pytest.mark.parametrize("as_str", [False, True], ids=["bytes", "str"])
def test_source_nul_bytes_input_error(as_str: bool) -> None:
    data = b"%PDF-1.4\n\x00\x00\x01binary"
    with pytest.raises(InputError) as info:
        read_draft(data.decode("latin-1") if as_str else data, name="resume.pdf")
    assert info.value.path == "resume.pdf"
    assert str(info.value).startswith("resume.pdf: RLE301")
    assert "NUL" in str(info.value)


def test_source_nul_bytes_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "resume.docx"
    path.write_bytes(b"PK\x03\x04\x00\x00\x08\x00 not a draft")
    with pytest.raises(InputError) as info:
        read_draft_file(path)
    assert info.value.path == str(path)
    assert str(path) in str(info.value)


def test_source_undecodable_bytes_input_error() -> None:
    # 0x81 and 0x8D are neither valid UTF-8 nor defined in Windows-1252.
    data = b"Subject: Question\n\nDear Ms. Chen,\n\x81\x8d\n"
    with pytest.raises(InputError) as info:
        read_draft(data, name="draft.txt")
    assert info.value.path == "draft.txt"
    assert "UTF-8" in info.value.message
    assert "byte 34" in info.value.message


def test_source_missing_file_input_error(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(InputError) as info:
        read_draft_file(path)
    assert info.value.path == str(path)


def test_source_file_name_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text("Subject: Question about UX research\n\n" + BODY, encoding="utf-8")
    source = read_draft_file(path)
    assert source.name == str(path)
    assert source.subject == "Question about UX research"


# --- .eml messages ------------------------------------------------------------------------------------------


def _message(subject: str = "Question about your path into UX research") -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = "Sam Lee <sam.lee@example.edu>"
    message["To"] = "Priya Chen <priya.chen@example.com>"
    return message


def test_source_eml_plain_single_part_verbatim() -> None:
    message = _message()
    message.set_content(BODY)
    data = message.as_bytes()
    assert b"Content-Transfer-Encoding: 7bit" in data
    source = read_draft(data, name="request.eml")
    assert source.decoded is False
    assert source.text == data.decode()
    assert source.subject == "Question about your path into UX research"
    assert source.text[source.subject_start : source.subject_end] == source.subject
    assert source.text[source.body_start :].startswith("Dear Ms. Chen,")
    assert source.headers["from"] == "Sam Lee <sam.lee@example.edu>"
    assert source.headers["to"] == "Priya Chen <priya.chen@example.com>"
    assert "content-type" not in source.headers


def test_source_eml_crlf_verbatim_offsets() -> None:
    import email.policy

    message = EmailMessage(policy=email.policy.SMTP)
    message["Subject"] = "Question about your path into UX research"
    message["From"] = "Sam Lee <sam.lee@example.edu>"
    message.set_content(BODY)
    data = message.as_bytes()
    assert b"\r\n" in data
    source = read_draft(data)
    assert source.decoded is False
    assert source.text[source.subject_start : source.subject_end] == "Question about your path into UX research"
    assert source.text[source.body_start :].startswith("Dear Ms. Chen,\r\n")


def test_source_eml_multipart_alternative_prefers_plain() -> None:
    message = _message()
    message.set_content(BODY)
    message.add_alternative(
        "<html><body><p>Dear Ms. Chen,</p><p>HTML version of the request.</p></body></html>", subtype="html"
    )
    source = read_draft(message.as_bytes(), name="alt.eml")
    assert source.subject == "Question about your path into UX research"
    body = source.text[source.body_start :]
    assert body.startswith("Dear Ms. Chen,\n\nI am a junior at Ohio State")
    assert "HTML version" not in body[: len(BODY)]


def test_source_eml_multipart_alternative_body_excludes_html_part() -> None:
    message = _message()
    message.set_content(BODY)
    message.add_alternative(
        "<html><body>\n<p>Dear Ms. Chen,</p>\n<p>HTML version of the request.</p>\n</body></html>\n", subtype="html"
    )
    data = message.as_bytes()
    assert data.count(b"Content-Transfer-Encoding: 7bit") == 2  # both parts stored verbatim
    source = read_draft(data, name="alt.eml")
    body = source.text[source.body_start :]
    assert "HTML version" not in body
    assert "<html>" not in body
    assert body.strip() == BODY.strip()


def test_source_eml_html_only_converted_to_text() -> None:
    message = _message("Question")
    message.set_content(
        "<html><body><p>Dear Ms. Chen,</p>"
        "<p>I study <b>psychology</b> at Ohio State.</p>"
        "<p>Best regards,<br>Sam Lee</p></body></html>",
        subtype="html",
    )
    source = read_draft(message.as_bytes(), name="html.eml")
    assert source.decoded is True
    body = source.text[source.body_start :]
    assert "<" not in body and ">" not in body
    assert "I study psychology at Ohio State." in body
    assert body.startswith("Dear Ms. Chen,")
    assert "Sam Lee" in body
    assert source.text[source.subject_start : source.subject_end] == "Question"


def test_source_eml_quoted_printable_latin1_decoded() -> None:
    body = (
        "Dear Mr. Mu\u00f1oz,\n\nI am Jos\u00e9 P\u00e9rez, a student at the Universit\u00e9 de Montr\u00e9al.\n\n"
        "Best regards,\nJos\u00e9\n"
    )
    message = _message("Question for Mr. Mu\u00f1oz")
    del message["From"]
    message["From"] = "Jos\u00e9 P\u00e9rez <jose@example.edu>"
    message.set_content(body, charset="iso-8859-1", cte="quoted-printable")
    data = message.as_bytes()
    assert b"Mu=F1oz" in data  # the test input really is quoted-printable Latin-1
    source = read_draft(data, name="qp.eml")
    assert source.decoded is True
    assert "=E9" not in source.text and "=F1" not in source.text
    assert source.subject == "Question for Mr. Mu\u00f1oz"
    assert source.text[source.subject_start : source.subject_end] == "Question for Mr. Mu\u00f1oz"
    assert source.text[source.body_start :] == body
    assert source.headers["from"] == "Jos\u00e9 P\u00e9rez <jose@example.edu>"
    name_at = source.text.index("Jos\u00e9 P\u00e9rez, a student")
    assert name_at > source.body_start


def test_source_eml_as_str_is_parsed_as_mime() -> None:
    message = _message()
    message.set_content(BODY)
    text = message.as_string()
    source = read_draft(text)
    assert "content-type" not in source.headers
    assert source.text[source.body_start :].startswith("Dear Ms. Chen,")
    assert source.text[source.subject_start : source.subject_end] == "Question about your path into UX research"


@pytest.mark.parametrize("shape", ["attachment-only", "mixed-image"])
def test_source_eml_without_text_part_input_error(shape: str) -> None:
    message = _message("My CV")
    if shape == "attachment-only":
        message.set_content(b"%PDF-1.4 fake", maintype="application", subtype="pdf", filename="cv.pdf")
    else:
        message.make_mixed()
        message.add_attachment(b"\x89PNG fake", maintype="image", subtype="png", filename="headshot.png")
    with pytest.raises(InputError) as info:
        read_draft(message.as_bytes(), name="cv.eml")
    assert info.value.path == "cv.eml"
    assert "no text/plain or text/html part" in info.value.message


def test_source_eml_multipart_alternative_encoded_plain_preferred() -> None:
    long_body = (
        "Dear Ms. Chen,\n\nI am a junior at Ohio State studying psychology, and I would be grateful for 20 minutes "
        "of your time to hear how you moved from teaching into UX research.\n\nBest regards,\nSam Lee\n"
    )
    message = _message()
    message.set_content(long_body)  # a line over 78 characters: stored quoted-printable
    message.add_alternative("<html><body><p>HTML version of the request.</p></body></html>", subtype="html")
    data = message.as_bytes()
    assert b"quoted-printable" in data
    source = read_draft(data, name="alt.eml")
    assert source.decoded is True
    assert source.text[source.body_start :] == long_body
    assert "HTML version" not in source.text


def test_source_lone_surrogate_is_replaced_in_place() -> None:
    from requestlint.source import read_draft

    text = "Subject: hi\n\nhello \ud800 there\n"
    source = read_draft(text)
    assert len(source.text) == len(text) and "\ud800" not in source.text
    assert source.text.index("there") == text.index("there")
