"""The web UI in headless Chromium against the real server, page by page: what each page shows, that its
interactions work under the Content-Security-Policy, and that markup from a document never runs."""
from urllib.parse import quote

import httpx
import pytest
from selenium.webdriver.common.by import By

pytestmark = pytest.mark.browser
HOSTILE_ID = "2024-03-12_hostile"


def visit(browser, web, path):
    browser.get(web.base + path)
    return browser


def assert_inert(browser):
    """Nothing a document carried ran or became an element with a handler or a script URL."""
    assert browser.execute_script("return window.pwned === undefined")
    assert browser.execute_script(
        "return document.querySelectorAll('[onerror],[onload],[onmouseover],[onclick],a[href^=\"javascript\"]').length") == 0
    assert browser.execute_script("return document.querySelectorAll('script:not([src])').length") == 0


def test_overview_shows_the_corpus_at_a_glance(browser, web):
    visit(browser, web, "/")
    assert "4 documents" in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_elements(By.CSS_SELECTOR, "#documents-over-time svg.chart rect")
    assert browser.find_elements(By.CSS_SELECTOR, "#signals-over-time svg.chart rect")
    actors = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#top-actors td a")]
    assert "Veltria" in actors
    browser.find_element(By.LINK_TEXT, "Veltria").click()
    assert browser.current_url.endswith("/map?actor=Veltria")
    assert "documents considered" in browser.find_element(By.CSS_SELECTOR, "#actors h2").text
    assert_inert(browser)


def test_search_marks_the_matches(browser, web):
    visit(browser, web, "/search?q=crates")
    marks = browser.find_elements(By.CSS_SELECTOR, ".snippet mark")
    assert marks and all(m.text.lower().startswith("crate") for m in marks)
    browser.find_element(By.CSS_SELECTOR, ".hits li a").click()
    assert "/documents/" in browser.current_url


def test_document_page_highlights_and_its_legend_works_under_the_csp(browser, web):
    visit(browser, web, "/documents/2024-03-01_institute-report")
    assert browser.find_elements(By.CSS_SELECTOR, ".article .hl")
    assert browser.find_element(By.CSS_SELECTOR, ".article").text.startswith("Report: Veltria armed")
    box = browser.find_element(By.CSS_SELECTOR, 'input[data-layer="entity"]')
    box.click()  # report.js, served from /static, toggles the layer: the CSP let it run
    assert "hide-entity" in browser.find_element(By.TAG_NAME, "body").get_attribute("class")


def test_map_timeline_and_graph_are_interactive(browser, web):
    visit(browser, web, "/map?actor=Veltria&actor=Red+Hand")
    edges = browser.find_elements(By.CSS_SELECTOR, ".graph path.edge")
    assert edges
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", edges[0])
    assert browser.find_element(By.CSS_SELECTOR, "table.relations tr.picked").is_displayed()
    row = browser.find_element(By.CSS_SELECTOR, ".timeline .cluster-row")
    cluster = row.get_attribute("data-cluster")
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", row)
    assert browser.current_url.endswith("/claims/" + quote(cluster, safe=""))


def test_cluster_page_shows_claim_and_denial_side_by_side(browser, web):
    mapped = httpx.get(web.base + "/api/map", params=[("actor", "Veltria"), ("actor", "Red Hand")], timeout=60).json()
    rifles = next(c for c in mapped["clusters"] if "rifles" in c["claim"])
    visit(browser, web, "/claims/" + quote(rifles["id"], safe=""))
    asserted = browser.find_element(By.ID, "asserted").text
    denied = browser.find_element(By.ID, "denied").text
    assert "2024-03-01_institute-report" in asserted and "2024-03-05_daily-wire" in asserted
    assert "2024-03-09_ministry-denial" in denied and "Anton Brill" in denied
    assert "hardened" in browser.find_element(By.ID, "sourcing").text


@pytest.mark.parametrize("path", ["/", "/documents", f"/documents/{HOSTILE_ID}", "/search?q=rifles+crates",
                                  "/map?actor=Veltria&actor=Red+Hand", "/map?claim=Veltria+supplied+rifles+militia",
                                  "/search?q=%3Cscript%3Ewindow.pwned%3D9%3C%2Fscript%3E"])
def test_markup_from_documents_stays_inert(browser, web, path):
    visit(browser, web, path)
    assert_inert(browser)
    # hover and click everything the document put there: still nothing runs
    for el in browser.find_elements(By.CSS_SELECTOR, ".article .hl")[:40]:
        browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))", el)
    assert_inert(browser)
    if path == f"/documents/{HOSTILE_ID}":
        shown = browser.find_element(By.CSS_SELECTOR, ".article").text
        assert "<script>window.pwned=1</script>" in shown and 'onerror="window.pwned=2"' in shown
        assert "<script>window.pwned=1</script>" in browser.title


def test_hostile_claim_cluster_page_is_inert(browser, web):
    report = httpx.get(f"{web.base}/api/documents/{HOSTILE_ID}", timeout=60).json()
    claim = next(c for c in report["claims"] if "<" in c["text"])
    visit(browser, web, "/claims/" + quote(f"{HOSTILE_ID}#{claim['id']}", safe=""))
    assert_inert(browser)
    # the cluster opens with the claim's first appearance; the hostile repetition is listed, as text
    assert claim["text"] in browser.find_element(By.ID, "asserted").text
