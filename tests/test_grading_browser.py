"""report.html in a real headless browser (Debian's chromium, driven by Selenium and chromedriver)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import headless_chromium
from requestlint.grading import grade_class
from requestlint.pitfalls import PITFALLS

pytestmark = [pytest.mark.model, pytest.mark.browser]

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "drafts"
ARTIFACTS = Path(__file__).resolve().parent.parent / "out" / "screenshots"


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    driver = headless_chromium()
    yield driver
    driver.quit()


def test_report_html_in_a_browser(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    folder = tmp_path / "class"
    folder.mkdir()
    for path in sorted(EXAMPLES.glob("*/*.txt")) + sorted(EXAMPLES.glob("eml/*.eml")):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "broken.txt").write_bytes(b"\x00binary")
    result = grade_class([folder], tmp_path / "out")
    browser.get((tmp_path / "out" / "report.html").as_uri())

    assert browser.find_element(By.CSS_SELECTOR, "svg.chart-scores rect").is_displayed()
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.chart-pitfalls rect")) == len(PITFALLS)
    cards = browser.find_elements(By.CSS_SELECTOR, "section.card.student")
    assert len(cards) == len(result.students)
    names = [card.find_element(By.TAG_NAME, "h3").text for card in cards]
    assert names == [s.student for s in result.students]
    assert browser.find_elements(By.CSS_SELECTOR, ".draft mark"), "findings are highlighted in the drafts"

    page_overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert page_overflow <= 0, "the page scrolls sideways"
    overflowing = browser.execute_script(
        "return [...document.querySelectorAll('.card, .draft, table, figure')]"
        ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.className)"
    )
    assert overflowing == [], overflowing

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "report-overview.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    browser.execute_script("arguments[0].scrollIntoView()", cards[-2])
    assert browser.save_screenshot(str(ARTIFACTS / "report-card.png"))

    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    printed_overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert printed_overflow <= 0
