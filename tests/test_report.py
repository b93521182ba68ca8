import json

import jsonschema

from claimscope.report import schema
from conftest import EXAMPLE


def test_report_validates_against_schema(analyze_text):
    _, report = analyze_text(EXAMPLE.read_text(encoding="utf-8"), doc_id="veltria")
    data = json.loads(report.to_json())
    jsonschema.validate(data, schema())
    for key in ("document", "entities", "attributions", "claims", "techniques", "relations", "signals"):
        assert key in data


def test_every_span_slices_the_document(analyze_text):
    _, report = analyze_text(EXAMPLE.read_text(encoding="utf-8"))
    data = report.to_dict()
    text = data["document"]["text"]

    def walk(node):
        if isinstance(node, dict):
            if {"start", "end", "text"} <= node.keys() and isinstance(node["start"], int):
                assert text[node["start"]:node["end"]] == node["text"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk({k: v for k, v in data.items() if k != "dossier"})


def test_html_escapes_article_text(analyze_text):
    hostile = ('Is this safe?\n\nThe minister said <script>alert("x")</script> and '
               '<img src=x onerror="alert(1)"> were "harmless" & fine.\n')
    _, report = analyze_text(hostile)
    html = report.to_html()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert html.count("<script") == 1  # ours only
    assert "&lt;" in html and "&quot;alert(1)&quot;" in html
    assert "Content-Security-Policy" in html
    assert "http://" not in html.split("<body>")[0].replace("http://www.w3.org", "")


def test_markdown_and_text_views(analyze_text):
    _, report = analyze_text(EXAMPLE.read_text(encoding="utf-8"))
    md = report.to_markdown()
    assert md.startswith("# Is Veltria arming the Red Dawn militia?")
    assert "acronym_mismatch" in md
    text = report.render("text")
    assert "Sourcing signals" in text and "many" in text.lower()
