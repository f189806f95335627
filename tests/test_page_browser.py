"""The drafting page (`requestlint serve`, ``GET /``) in a real headless browser against a real server.

The server is the command a career centre runs (``python -m requestlint serve``) on a free loopback port, with
its temporary folder, cache and working folder in this test's own directories and its log captured, so the
last test can show that nothing typed reached the log or the disk. Chromium (Debian's, driven by Selenium)
runs with every host but loopback unresolvable and a dead proxy: the page must work with the network
unplugged. axe-core (npm, installed by .ci/run into tests/js/node_modules) checks accessibility in the page.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import headless_chromium
from requestlint import Settings
from requestlint.grading import grade_class

pytestmark = [pytest.mark.model, pytest.mark.browser]

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "out" / "screenshots"
GOOD = (ROOT / "examples" / "drafts" / "good" / "student-epidemiology.txt").read_text(encoding="utf-8")
# The issue's own weak draft, typed as a student would: a Subject line, then the body.
WEAK_LINES = ["Subject: hey", "hey!! can u help me get a job at ur company lol. let me know!!"]
MARKER = "Quillfeather Ostrander"  # a name that appears in nothing but the drafts sent here
WAIT = 30.0


@dataclass(frozen=True)
class Server:
    url: str
    log: Path
    private: list[Path]  # where the server may write: its temp folder, cache and working folder


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("page-server")
    folders = {name: base / name for name in ("tmp", "cache", "cwd")}
    for folder in folders.values():
        folder.mkdir()
    (folders["cwd"] / "requestlint.toml").write_text('languagetool = "off"\n', encoding="utf-8")
    port = _free_port()
    log = base / "server.log"
    env = {
        **os.environ,
        "TMPDIR": str(folders["tmp"]),
        "REQUESTLINT_CACHE_DIR": str(folders["cache"]),
        "XDG_CACHE_HOME": str(folders["cache"]),
    }
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "requestlint", "serve", "--port", str(port)],
            cwd=folders["cwd"],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        yield Server(url=url, log=log, private=list(folders.values()))
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"requestlint serve exited ({process.returncode}):\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"requestlint serve did not answer within 180 s:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    # The network unplugged: no name but loopback resolves, and anything not on loopback goes to a dead proxy.
    driver = headless_chromium(
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", "--proxy-server=http://127.0.0.1:9"
    )
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, server: Server):  # type: ignore[no-untyped-def]
    browser.set_window_size(1280, 1600)
    browser.get(f"{server.url}/")
    browser.get_log("browser")  # start each test with an empty console
    return browser


def _wait(driver: Any, condition: Any, what: str) -> Any:
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # The page re-renders its results on every check: an element read mid-render is read again.
    ignored = (NoSuchElementException, StaleElementReferenceException)
    return WebDriverWait(driver, WAIT, ignored_exceptions=ignored).until(condition, message=f"timed out: {what}")


def _codes(driver: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    return [item.get_attribute("data-code") for item in driver.find_elements(By.CSS_SELECTOR, "#findings > li")]


def _settled(driver: Any) -> bool:
    """The results on screen are for the text now in the box (the page clears aria-busy then)."""
    busy = driver.execute_script("return document.getElementById('findings').getAttribute('aria-busy')")
    return busy == "false"


def _type_weak_draft(driver: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(By.ID, "draft")
    box.click()
    box.send_keys(WEAK_LINES[0], Keys.ENTER, WEAK_LINES[1])
    _wait(driver, lambda d: _settled(d) and "TON03" in _codes(d), "the weak draft's findings")


def _paste(driver: Any, text: str) -> None:
    """What a paste does to a text box: the value changes and an input event fires."""
    driver.execute_script(
        "const box = document.getElementById('draft'); box.value = arguments[0];"
        "box.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste'}));",
        text,
    )


def _console_errors(driver: Any) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def _external_resources(driver: Any, server: Server) -> list[str]:
    names: list[str] = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name).concat([location.href])"
    )
    return [name for name in names if not name.startswith(server.url)]


def _screenshot(driver: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / name
    assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 10_000


def test_typing_a_weak_draft_shows_its_findings_without_a_reload(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    page.execute_script("window.notReloaded = true")
    _type_weak_draft(page)
    codes = _codes(page)
    assert {"SUB02", "TON01", "TON03", "JOB01", "NXT01"} <= set(codes), codes
    assert page.execute_script("return window.notReloaded") is True, "the page reloaded"
    assert page.find_element(By.ID, "score").text == "Score 0/100"
    assert page.find_element(By.ID, "kind").text.startswith("Read as an informational-interview request")
    states = {
        item.get_attribute("data-pitfall"): item.find_element(By.CLASS_NAME, "state").text
        for item in page.find_elements(By.CSS_SELECTOR, "#pitfalls li")
    }
    for pitfall in ("vague-subject", "informal-tone", "missing-background", "asks-for-job", "passive-next-step"):
        assert states[pitfall] == "✗ present", (pitfall, states)
    assert states["generic-thanks"] == "not checked"  # a thank-you pitfall does not apply to a request
    marked = [m.text for m in page.find_elements(By.CSS_SELECTOR, "#marked mark")]
    assert "u" in marked and "ur" in marked, marked
    assert page.find_element(By.ID, "marked").text.replace("[", "").startswith("Subject: hey")
    pins = page.find_elements(By.CSS_SELECTOR, "#marked .pin")
    assert pins and all(pin.text.startswith("missing [") for pin in pins), "missing moves are pinned where they belong"
    last = page.execute_script("return document.getElementById('marked').lastElementChild.className")
    assert last == "pin", "a missing sign-off and next step belong after the last sentence"
    assert _console_errors(page) == []
    assert _external_resources(page, server) == []
    _screenshot(page, "page-weak-draft.png")


def test_applying_a_fix_changes_the_text_and_its_finding_goes(page) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    _type_weak_draft(page)
    before = _codes(page).count("TON03")
    button = page.find_element(By.XPATH, "//li[@data-code='TON03']//button[contains(., '“you”')]")
    button.click()
    box = page.find_element(By.ID, "draft")
    _wait(page, lambda d: "can you help" in box.get_attribute("value"), "the fix in the text box")
    _wait(page, lambda d: _settled(d) and _codes(d).count("TON03") == before - 1, "the fixed finding to go")
    typed = "\n".join(WEAK_LINES)
    assert box.get_attribute("value") == typed.replace("can u", "can you")

    page.find_element(By.ID, "fix-all").click()
    _wait(page, lambda d: "your company" in box.get_attribute("value"), "every safe fix applied")
    _wait(page, lambda d: _settled(d) and not d.find_elements(By.CSS_SELECTOR, "#findings .apply"), "no fix left")
    fixed = (
        typed.replace("hey!!", "hey,")  # the greeting's marks become a comma, the last "!!" one "!"
        .replace("can u", "can you")
        .replace("ur company lol.", "your company.")
        .replace("know!!", "know!")
    )
    assert box.get_attribute("value") == fixed
    assert page.find_element(By.ID, "fix-all").get_attribute("disabled") is not None
    assert _console_errors(page) == []


def test_a_good_request_shows_no_finding(page) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    _paste(page, GOOD)
    _wait(page, lambda d: _settled(d) and d.find_elements(By.ID, "counts"), "the summary")
    assert page.find_element(By.ID, "counts").text == "No findings: nothing to fix."
    assert page.find_element(By.ID, "score").text == "Score 100/100"
    assert _codes(page) == []
    assert page.find_elements(By.CSS_SELECTOR, "#marked mark") == []
    states = [s.text for s in page.find_elements(By.CSS_SELECTOR, "#pitfalls .state")]
    assert "✗ present" not in states and "✓ not found" in states
    assert _console_errors(page) == []
    _screenshot(page, "page-good-draft.png")


def test_the_kind_can_be_chosen(page) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    _paste(page, "Dear Dr. Ito,\n\nThank you for your time yesterday. I learned a lot.\n\nBest,\nSam")
    _wait(page, lambda d: _settled(d) and d.find_elements(By.ID, "kind"), "the summary")
    Select(page.find_element(By.ID, "kind-choice")).select_by_value("request")
    _wait(page, lambda d: d.find_element(By.ID, "kind").text == "Checked as an informational-interview request", "kind")
    assert "BKG01" in _codes(page), "checked as a request, it lacks the writer's background"
    Select(page.find_element(By.ID, "kind-choice")).select_by_value("thank-you")
    _wait(page, lambda d: d.find_element(By.ID, "kind").text == "Checked as a thank-you note", "the thank-you kind")
    assert "BKG01" not in _codes(page)


def test_explain_shows_the_rule_doc(page) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    _type_weak_draft(page)
    page.find_element(By.XPATH, "//li[@data-code='JOB01']//button[contains(@class, 'explain')]").click()
    dialog = page.find_element(By.ID, "doc")
    _wait(page, lambda d: d.find_element(By.ID, "doc-text").text.startswith("# JOB01"), "the rule doc")
    text = page.find_element(By.ID, "doc-text").text
    assert "## What it does" in text and "## Use instead" in text
    assert dialog.get_attribute("open") is not None
    page.find_element(By.ID, "doc-close").click()
    assert dialog.get_attribute("open") is None


def test_keyboard_only(page) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    def active() -> str:
        return str(page.execute_script("return document.activeElement.id || document.activeElement.textContent"))

    keys = ActionChains(page)
    for _ in range(8):  # the skip link first, then the views' links, then the draft
        keys.send_keys(Keys.TAB).perform()
        if active() == "draft":
            break
    assert active() == "draft"
    keys.send_keys(WEAK_LINES[0], Keys.ENTER, WEAK_LINES[1]).perform()
    _wait(page, lambda d: _settled(d) and "TON03" in _codes(d), "the findings")
    for _ in range(60):
        keys.send_keys(Keys.TAB).perform()
        if active().startswith("Apply fix"):
            break
    assert active().startswith("Apply fix"), active()
    text = page.execute_script("return document.getElementById('draft').value")
    keys.send_keys(Keys.ENTER).perform()
    _wait(page, lambda d: d.execute_script("return document.getElementById('draft').value") != text, "the fix")


def test_the_class_view_grades_a_csv_and_offers_three_files(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    csv_file = tmp_path / "workshop.csv"
    good_body = GOOD.split("\n\n", 1)[1].replace('"', '""')
    csv_file.write_text(
        "student,subject,body\n"
        f'Ana Weak,hey,"{WEAK_LINES[1]}"\n'
        f'Bo Good,"{GOOD.splitlines()[0].removeprefix("Subject: ")}","{good_body}"\n',
        encoding="utf-8",
    )
    page.find_element(By.ID, "class-file").send_keys(str(csv_file))
    page.find_element(By.ID, "grade").click()
    _wait(page, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#class-files a")) == 3, "the three files")
    links = page.find_elements(By.CSS_SELECTOR, "#class-files a")
    assert [a.get_attribute("download") for a in links] == ["report.html", "grades.csv", "results.json"]
    assert all(a.get_attribute("href").startswith("blob:") for a in links)
    assert page.find_element(By.ID, "class-status").text.startswith("Graded 2 of 2 submissions")
    # Downloaded as a counsellor would, they are byte for byte what `requestlint grade` writes for the same file.
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    page.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    for link in links:
        link.click()
    names = ["grades.csv", "report.html", "results.json"]
    _wait(page, lambda d: sorted(p.name for p in downloads.iterdir()) == names, "the three downloads")
    graded = grade_class([csv_file], tmp_path / "cli", settings=Settings(languagetool="off"))
    assert [s.score for s in graded.students] == [0.0, 100.0]
    for name in names:
        assert (downloads / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    assert _console_errors(page) == []
    _screenshot(page, "page-class-view.png")


def test_the_class_view_says_what_is_wrong_with_a_file(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    bad = tmp_path / "notes.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    page.find_element(By.ID, "class-file").send_keys(str(bad))
    page.find_element(By.ID, "grade").click()
    error = page.find_element(By.ID, "class-error")
    _wait(page, lambda d: error.is_displayed(), "the error message")
    assert "notes.csv:1: cannot tell which column holds the draft" in error.text
    assert page.find_elements(By.CSS_SELECTOR, "#class-files a") == []


def test_readable_at_a_phones_width(page) -> None:  # type: ignore[no-untyped-def]
    page.set_window_size(390, 844)
    _type_weak_draft(page)
    overflow = page.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the page scrolls sideways on a phone"
    _screenshot(page, "page-phone.png")


def test_axe_core_finds_no_serious_violation(page) -> None:  # type: ignore[no-untyped-def]
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: npm ci --prefix tests/js (.ci/run does it)")
    run_axe = (
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done(String(e)));"
    )
    page.execute_script(AXE.read_text(encoding="utf-8"))
    states = {"empty page": None, "weak draft with findings": _type_weak_draft}
    for state, prepare in states.items():
        if prepare is not None:
            prepare(page)
        violations = page.execute_async_script(run_axe)
        assert isinstance(violations, list), violations
        serious = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"{state}: {serious}"


def test_nothing_typed_reaches_the_log_or_the_disk(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    # Every way a draft reaches the server, each carrying the marker, after the tests above have typed theirs.
    _paste(page, f"Subject: hello\n\nDear {MARKER},\n\nhey can u help me get a job?")
    _wait(page, lambda d: _settled(d) and "TON03" in _codes(d), "the marker draft's findings")
    draft = f"Dear {MARKER},\n\ncan u help me get a job?"
    for path, body, kind in (
        ("/check", json.dumps({"draft": draft}).encode(), "application/json"),
        ("/v2/check?language=en-US&text=" + urllib.parse.quote(draft), b"", "application/x-www-form-urlencoded"),
        ("/grade", f'student,body\n{MARKER},"{draft}"\n'.encode(), "application/octet-stream"),
    ):
        headers = {"Content-Type": kind, "X-Filename": urllib.parse.quote(f"{MARKER}.csv")}
        request = urllib.request.Request(server.url + path, data=body, headers=headers, method="POST")
        with urllib.request.urlopen(request, timeout=120) as answer:
            assert answer.status == 200
    log = server.log.read_bytes()
    assert b"POST /page/check" in log and b"POST /grade" in log, "the access log is being captured"
    for secret in (MARKER, WEAK_LINES[1], "ur company", "Rollins School of Public Health"):
        assert secret.encode() not in log, f"{secret!r} is in the server log"
    for folder in server.private:
        for file in folder.rglob("*"):
            if file.is_file():
                assert MARKER.encode() not in file.read_bytes(), f"a draft was written to {file}"
