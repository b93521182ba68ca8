import io
import json

import pytest

from claimscope import ingest
from claimscope.errors import ClaimscopeError
from conftest import FIXTURES


@pytest.mark.parametrize("raw", [
    "Headline here?\r\n\r\nBody with “curly” quotes and café.\r\n",  # CRLF
    "Headline here?\r\rBody with “curly” quotes and café.\r",  # CR only
    "\ufeffHeadline here?\n\nBody with “curly” quotes and café.\n",  # BOM
])
def test_text_is_what_python_reads(tmp_path, raw):
    path = tmp_path / "a.txt"
    path.write_bytes(raw.encode("utf-8"))
    [item] = list(ingest.iter_inputs([str(path)]))
    assert item.error is None
    # the README's promise: offsets point into open(path, encoding="utf-8-sig").read()
    assert item.document.text == open(path, encoding="utf-8-sig").read()
    assert item.document.text == "Headline here?\n\nBody with “curly” quotes and café.\n"
    assert item.document.title == "Headline here?"


def test_title_skips_a_short_caption():
    text = "Harbour photo\n\nIs the port safe?\n\nThe port authority said on Monday that it was."
    assert ingest.guess_title(text) == "Is the port safe?"


@pytest.mark.parametrize("data, code", [
    (b"", "E001"),
    (b"   \n\n  ", "E001"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "E002"),
    (b"abc\x00\x00\x01\x02def", "E002"),
    (b"caf\xc3\xa9 and then \xff\xfe broken", "E004"),
])
def test_bad_text_inputs(tmp_path, data, code):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    [item] = list(ingest.iter_inputs([str(path)]))
    assert item.document is None
    assert item.error.code == code
    assert str(path) in item.error.message


def test_size_limit_is_checked_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    [item] = list(ingest.iter_inputs([str(path)]))
    assert item.error.code == "E003"


def test_encoding_auto_detects_legacy_text(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Le ministère a démenti les accusations portées contre lui hier soir.".encode("cp1252"))
    [item] = list(ingest.iter_inputs([str(path)], encoding="auto"))
    assert item.error is None
    assert "ministère" in item.document.text


def test_html_main_text_and_metadata():
    doc = ingest.from_html((FIXTURES / "article.html").read_text(encoding="utf-8"), doc_id="h")
    assert "leaked shipping manifests" in doc.text
    assert "Subscribe to our newsletter" not in doc.text
    assert "Home" not in doc.text.split("\n")[2]
    assert doc.metadata["author"] == "Mira Okafor"
    assert doc.metadata["date"] == "2026-03-14"
    assert doc.metadata["site"] == "The Coastal Ledger"
    assert doc.title and doc.text.startswith(doc.title)


def test_jsonl_good_and_malformed_lines(tmp_path):
    path = tmp_path / "batch.jsonl"
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    path.write_text("\n".join([
        json.dumps({"id": "one", "text": "A short headline\n\nThe mayor said the bridge was safe."}),
        "{not json",
        json.dumps({"id": "two", "html": html, "url": "https://example.org/a"}),
        json.dumps({"id": "three"}),
    ]), encoding="utf-8")
    items = list(ingest.iter_inputs([str(path)]))
    assert [i.document.id if i.document else i.error.code for i in items] == ["one", "E020", "two", "E021"]
    assert "line 2" in items[1].error.message
    assert items[2].document.metadata["url"] == "https://example.org/a"


def _warc_bytes(pages, gz=False):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for url, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()),
                                                      http_headers=headers))
    return buf.getvalue()


def test_warc_reads_html_responses(tmp_path):
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    path = tmp_path / "crawl.warc"
    path.write_bytes(_warc_bytes([("https://example.org/a", html), ("https://example.org/b", html)]))
    items = list(ingest.iter_inputs([str(path)]))
    assert len(items) == 2 and all(i.document for i in items)
    assert items[0].document.metadata["url"] == "https://example.org/a"


@pytest.mark.parametrize("gz", [False, True])
def test_truncated_warc_keeps_what_was_read(tmp_path, gz):
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    data = _warc_bytes([("https://example.org/a", html), ("https://example.org/b", html)], gz=gz)
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(data[: len(data) * 3 // 4])
    items = list(ingest.iter_inputs([str(path)]))
    assert items[0].document is not None  # the complete first record is kept
    assert items[-1].error is not None and items[-1].error.code == "E022"
    assert path.name in items[-1].error.message


def test_missing_input():
    [item] = list(ingest.iter_inputs(["/nonexistent/file.txt"]))
    assert item.error.code == "E005"


def test_error_message_is_one_line():
    err = ClaimscopeError("E004", "x.txt", pos=3, reason="invalid start byte")
    assert "\n" not in err.message and err.message.startswith("x.txt:")


GERMAN = ("Streit um den Hafen\n\nDer Bürgermeister sagte am Montag, die Abstimmung über den Ausbau des Hafens "
          "werde bis Juni verschoben. Die Opposition warf der Regierung vor, Gutachten zurückzuhalten.\n")


def test_language_is_detected_and_kept(tmp_path):
    english = ingest.from_text("Port vote delayed\n\nThe mayor said on Monday that the vote on the harbour "
                               "expansion would wait until June, and the opposition accused her of hiding reports.\n")
    assert english.metadata["language"] == "en" and english.metadata["language_confidence"] > 0.9
    assert ingest.from_text(GERMAN).metadata["language"] == "de"


def test_a_document_not_in_english_is_refused_in_one_line_unless_forced(tmp_path):
    from conftest import run_cli
    path = tmp_path / "hafen.txt"
    path.write_text(GERMAN, encoding="utf-8")
    proc = run_cli("analyze", str(path), "--format", "json")
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "[E032]" in err and "'de'" in err and "--lang en" in err
    forced = run_cli("analyze", str(path), "--format", "json", "--lang", "en")
    assert forced.returncode == 0 and json.loads(forced.stdout)["document"]["metadata"]["language"] == "de"


PAGE = """<html><head><title>Port vote delayed again</title></head><body><article>
<h1>Port vote delayed again</h1>
<p>The mayor said on Monday that the vote on the harbour expansion would wait until June, because the
council had not yet seen the environmental reports it asked for in the spring.</p>
<p>READ MORE: Storm closes the northern pier</p>
<p>The opposition accused her of hiding the reports from the public for months.</p>
<table><tr><th>Berth</th><th>Ships</th></tr><tr><td>North</td><td>12</td></tr><tr><td>South</td><td>7</td></tr></table>
<h3>You may also like</h3>
<p>Ferry prices rise for the third time</p>
<p>Fishermen protest new quotas</p>
</article></body></html>"""


def test_html_title_once_tables_kept_related_links_dropped():
    doc = ingest.from_html(PAGE)
    assert doc.text.count("Port vote delayed again") == 1 and doc.metadata["body_start"] == 0
    assert "North" in doc.text and "12" in doc.text  # the table's cells stay in the text
    assert "READ MORE" not in doc.text and "Ferry prices" not in doc.text and "Fishermen" not in doc.text
    assert "The opposition accused her" in doc.text


def test_a_line_break_ends_a_headline_sentence():
    from claimscope.pipeline import nlp as nlp_mod
    doc = nlp_mod.parse(nlp_mod.load(), "Harbour inquiry\n\nHarbour master Lena Ortiz said the cranes were idle.\n"
                                         "Also on the Coast News\nThe ferry left at noon.\n")
    sentences = [s.text.strip() for s in doc.sents]
    assert "Harbour master Lena Ortiz said the cranes were idle." in sentences
    assert "The ferry left at noon." in sentences


def test_eval_extraction_scores_against_ground_truth(tmp_path):
    import gzip
    from conftest import run_cli
    (tmp_path / "html").mkdir()
    with gzip.open(tmp_path / "html" / "p1.html.gz", "wt", encoding="utf-8") as fh:
        fh.write(PAGE)
    truth = ("The mayor said on Monday that the vote on the harbour expansion would wait until June, because the "
             "council had not yet seen the environmental reports it asked for in the spring.\n"
             "The opposition accused her of hiding the reports from the public for months.")
    (tmp_path / "ground-truth.json").write_text(json.dumps({"p1": {"articleBody": truth, "url": "x"}}))
    proc = run_cli("eval", "extraction", str(tmp_path), "--out", str(tmp_path / "scores.json"))
    out = proc.stdout.decode()
    assert proc.returncode == 0, proc.stderr.decode()
    ours = json.loads((tmp_path / "scores.json").read_text())["claimscope"]["p1"]
    assert ours[1] == 1.0 and 0.8 < ours[0] < 1.0  # every true shingle found; the table costs some precision
    assert "claimscope" in out and "trafilatura alone" in out and "(1 pages)" in out


def test_a_byline_keeps_its_people_only():
    from claimscope.ingest.documents import clean_author
    assert clean_author("Tom Krisher; Ap Auto Writer") == "Tom Krisher"
    assert clean_author("Phil Helsel is a reporter") == "Phil Helsel"
    assert clean_author("Analysis by Ann Berg; CNN Editor-at-large") == "Ann Berg"
    assert clean_author("Meg Kinnard; Errin Haines; Associated Press") == "Meg Kinnard; Errin Haines"
    assert clean_author("Troy Smith; Troy L Smith; Cleveland com") == "Troy Smith"
    assert clean_author("Staff writer") is None and clean_author(None) is None


def test_html_metadata_author_is_cleaned():
    from claimscope.ingest import from_html
    page = ("<html><head><title>Port strike ends</title><meta name='author' content='Ann Berg; Staff Writer'></head>"
            "<body><article><h1>Port strike ends</h1><p>Dock workers in Kessa ended their strike on Friday after the "
            "port authority agreed to raise wages by four percent, the union said.</p></article></body></html>")
    assert from_html(page).metadata.get("author") == "Ann Berg"


def test_the_sites_name_is_no_part_of_the_headline():
    from claimscope.ingest import from_html
    page = ("<html><head><title>Port strike ends – Harbour Gazette</title>"
            "<meta property='og:title' content='Port strike ends – Harbour Gazette'>"
            "<meta property='og:site_name' content='Harbour Gazette'></head><body><article><p>Dock workers in "
            "Kessa ended their strike on Friday after the port authority agreed to raise wages by four percent, "
            "the union said.</p></article></body></html>")
    doc = from_html(page)
    assert doc.metadata.get("site") == "Harbour Gazette"
    assert doc.title == "Port strike ends" and doc.text.startswith("Port strike ends\n")
    from claimscope.ingest.documents import _without_site_name
    assert _without_site_name("Gazette | Port strike ends", "Gazette") == "Port strike ends"
    assert _without_site_name("Port strike ends - Gazette", "Other") == "Port strike ends - Gazette"


def test_a_hover_card_over_a_name_is_not_read_into_the_sentence():
    from claimscope.ingest import from_html
    page = ("<html><head><title>Port strike ends</title></head><body><article><p>Harbour Governor "
            "<a href='/people/ann-berg'>Ann Berg</a><span class='rollover-people-block'><span class='rollover-block'>"
            "<a class='name' href='/people/ann-berg'>Ann Lise Berg</a><a href='/x'>Governor signs port law</a> "
            "<a href='/y'>Berg faces lawsuit</a> MORE</span></span> (R) said on Friday that dock workers in Kessa "
            "ended their strike after the port authority agreed to raise wages by four percent.</p>"
            "<p>The union confirmed the deal and said its members would return to work on Monday morning.</p>"
            "</article></body></html>")
    doc = from_html(page)
    assert "Harbour Governor Ann Berg (R) said on Friday" in doc.text
    assert "Ann Lise Berg" not in doc.text and "MORE" not in doc.text
    assert "Ann Lise Berg" not in from_html(page.encode("utf-8")).text  # bytes, as the API hands them over
