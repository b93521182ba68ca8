"""The HTML report opened in headless Chromium (Debian's chromium + chromedriver)."""
import pytest

from conftest import EXAMPLE

pytestmark = pytest.mark.browser


def test_highlights_render(browser, analyze_text, tmp_path):
    _, report = analyze_text(EXAMPLE.read_text(encoding="utf-8"), doc_id="veltria")
    page = tmp_path / "report.html"
    page.write_text(report.to_html(), encoding="utf-8")
    browser.get(page.as_uri())
    marks = browser.find_elements("css selector", ".article .hl")
    assert len(marks) > 10
    signal = browser.find_element("css selector", ".article .l-signal")
    assert "underline" in signal.value_of_css_property("text-decoration-line")
    assert signal.get_attribute("title")
    assert browser.find_element("css selector", ".article").text.startswith("Harbour photo")
    # the legend toggles a layer off
    box = browser.find_element("css selector", 'input[data-layer="signal"]')
    box.click()
    assert "hide-signal" in browser.find_element("tag name", "body").get_attribute("class")
    assert signal.value_of_css_property("text-decoration-line") == "none"


def test_script_in_article_never_runs(browser, analyze_text, tmp_path):
    hostile = ('Is this safe?\n\nThe minister said <script>document.title="pwned";window.pwned=1</script> '
               'and <img src=x onerror="window.pwned=2"> and </span></div><script>window.pwned=3</script>.\n')
    _, report = analyze_text(hostile)
    page = tmp_path / "hostile.html"
    page.write_text(report.to_html(), encoding="utf-8")
    browser.get(page.as_uri())
    assert browser.execute_script("return window.pwned === undefined")
    assert "pwned" not in browser.title
    assert browser.find_elements("tag name", "img") == []
    assert "<script>document.title" in browser.find_element("css selector", ".article").text


def test_technique_filter_hides_a_technique(browser, tmp_path):
    from claimscope import ingest
    from claimscope.document import Technique
    from claimscope.pipeline import Pipeline
    from claimscope.report import Report

    doc = Pipeline(["entities", "sourcing"])(ingest.from_text(EXAMPLE.read_text(encoding="utf-8")))
    start = doc.text.index("criminal regime")
    doc.techniques = [Technique("T1", "Loaded_Language", start, start + 15, doc.text[start:start + 15], 0.9, "x")]
    page = tmp_path / "tech.html"
    page.write_text(Report.from_document(doc).to_html(), encoding="utf-8")
    browser.get(page.as_uri())
    mark = browser.find_element("css selector", ".article .l-technique")
    assert "inset" in mark.value_of_css_property("box-shadow")
    browser.find_element("css selector", 'input[data-technique="Loaded_Language"]').click()
    assert browser.find_elements("css selector", ".article .l-technique") == []
