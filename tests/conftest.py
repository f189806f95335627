"""The only conftest (spaCy's convention): shared fixtures and helpers.

Unit tests of check kinds build documents on a blank English pipeline with hand-set annotations (no model);
tests marked ``model`` use the real English pipeline from PyPI.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from requestlint.document import Document
from requestlint.errors import RuleLoadError
from requestlint.loader import load_rules_from
from requestlint.source import read_draft
from requestlint.structure import analyse_structure

# The suite builds its own user cache (rules, syllables) instead of reading or writing the user's, and removes it
# when the session ends.
if "REQUESTLINT_CACHE_DIR" not in os.environ:
    _SUITE_CACHE = tempfile.mkdtemp(prefix="requestlint-test-cache-")
    os.environ["REQUESTLINT_CACHE_DIR"] = _SUITE_CACHE
    atexit.register(shutil.rmtree, _SUITE_CACHE, ignore_errors=True)

LT_SERVER = Path(__file__).resolve().parent.parent / "tools" / "languagetool" / "lt-server"
LT_NOT_FETCHED = 4  # `lt-server start --no-fetch` when the jars are not in the cache


@pytest.fixture(scope="session")
def blank() -> Language:
    return spacy.blank("en")


def blank_document(nlp: Language, text: str, pos: dict[str, str] | None = None, sentences: bool = True) -> Document:
    """A Document over ``text`` tokenised by a blank pipeline; ``pos`` maps token text to a POS tag."""
    source = read_draft(text)
    structure = analyse_structure(source)
    tokens = nlp.make_doc(text)
    words = [t.text for t in tokens]
    spaces = [bool(t.whitespace_) for t in tokens]
    tags = [(pos or {}).get(w, "X") for w in words] if pos is not None else None
    starts: Sequence[bool] | None = None
    if sentences:
        starts = [i == 0 or words[i - 1] in (".", "?", "!") or "\n" in words[i - 1] for i in range(len(words))]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, pos=tags, sent_starts=starts)
    assert doc.text == text
    return Document(source, structure, doc)


@pytest.fixture(scope="session")
def model_nlp() -> Language:
    from requestlint.nlp import load_nlp

    return load_nlp()


VALID_RULE = """\
code: ZZZ01
name: zzz.example
pitfall: informal-tone
check: phrase
severity: warning
scope: greeting
phrases: [yo]
message: "'{match}' is casual"
short: Casual
summary: Flags yo.
why: Because a first email to a stranger should not open with yo.
references: [test]
suggestion:
  principle: Use a professional greeting
"""
"""A valid phrase rule that loader tests change one line of (line 6: scope, 7: phrases, 8: message)."""


def write_rule(folder: Path, text: str, name: str = "zzz/ZZZ01.yml") -> Path:
    """A rule (or move) file below ``folder``, for loader tests."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load_error(folder: Path) -> RuleLoadError:
    """The error that loading the rules in ``folder`` raises."""
    with pytest.raises(RuleLoadError) as info:
        load_rules_from([folder])
    return info.value


@pytest.fixture(scope="session")
def languagetool_server() -> str:
    """This checkout's LanguageTool server (never another checkout's), started from the cached jars if needed."""
    if shutil.which("java") is None:
        pytest.skip("Java is not installed: the LanguageTool server cannot run here")
    if subprocess.run([str(LT_SERVER), "status"], capture_output=True, text=True).returncode != 0:
        # --no-fetch: a test run never downloads; fetching is an install step.
        started = subprocess.run([str(LT_SERVER), "start", "--no-fetch"], capture_output=True, text=True, timeout=300)
        if started.returncode == LT_NOT_FETCHED:
            pytest.skip(started.stderr.strip())
        assert started.returncode == 0, started.stderr
    url = subprocess.run([str(LT_SERVER), "url"], capture_output=True, text=True, check=True).stdout.strip()
    assert url.startswith("http://127.0.0.1:"), url
    return url


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def headless_chromium(*flags: str, size: str = "1280,1600"):  # type: ignore[no-untyped-def]
    """Debian's chromium under Selenium, headless, with nothing of its own reaching the network; skips the test
    when chromium or chromium-driver is missing (.ci/run installs them with apt-get)."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("chromium and chromium-driver are not installed (.ci/run installs them with apt-get)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--window-size={size}",
        *flags,
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
