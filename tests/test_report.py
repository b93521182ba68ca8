import json

import jsonschema
import pytest

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


def test_markdown_and_text_views(analyze_text, pipeline):
    from claimscope import ingest
    from claimscope.pipeline import Pipeline
    from claimscope.report import Report

    _, report = analyze_text(EXAMPLE.read_text(encoding="utf-8"))
    md = report.to_markdown()
    assert md.startswith("# Is Veltria arming the Red Dawn militia?")
    assert "acronym\\_mismatch" in md  # escaped Markdown, shown as acronym_mismatch
    text = report.render("text")
    assert "Sourcing signals" in text and "acronym_mismatch" in text
    # what the technique confidence means, and how to see the leads below the calibrated level
    assert "--min-confidence 0" in " ".join(text.split()) and "--min-confidence 0" in md
    # every technique span appears in its table, with the technique and how it was found
    with Pipeline(pipeline.names, model=pipeline.model, config={"techniques": {"min_confidence": 0.0}}) as leads:
        doc = leads(ingest.from_text(EXAMPLE.read_text(encoding="utf-8")))
    report = Report.from_document(doc, analyzers=leads.names)
    text = report.render("text")
    table = text.split("Persuasion techniques", 1)[1]
    assert report.techniques
    for t in report.techniques:
        assert t["technique"] in text and t["method"] in table


def test_report_round_trips_through_json(analyze_text):
    from claimscope.report import Report

    text = EXAMPLE.read_text(encoding="utf-8") + (
        "\nThe Veltrian army allegedly shipped 400 rifles to the militia in March, and it reportedly "
        "paid the smugglers in cash. The smugglers were said to have been paid twice for the same load.\n")
    doc, report = analyze_text(text, doc_id="veltria")
    data = json.loads(report.to_json())
    # every kind of nested field is present, so the round trip is tested on each
    assert any(c["hedges"] for c in data["claims"]) and any(s["evidence"] for s in data["signals"])
    assert any(a["source"] is None or a["cue"] is None for a in data["attributions"]) and data["relations"]
    again = Report.from_dict(data)
    assert again.to_dict() == data and again.to_json() == report.to_json()
    # and back to typed annotations: the same document, offsets and all
    rebuilt = again.to_document()
    assert rebuilt.text == doc.text and rebuilt.claims == doc.claims and rebuilt.attributions == doc.attributions
    assert Report.from_document(rebuilt, analyzers=report.analyzers).to_dict() == data


def test_from_dict_refuses_what_is_not_a_report():
    from claimscope.errors import ClaimscopeError
    from claimscope.report import Report

    with pytest.raises(ClaimscopeError) as info:
        Report.from_dict({"schema_version": "7.0", "document": {}})
    assert info.value.code == "E061"


HOSTILE_MD = ("Breaking [click](http://evil.example/x) news\n\n"
              "The minister said ![pixel](http://tracker.example/p.gif) was <img src=x onerror=alert(1)> fine. "
              "Visit www.evil.example or https://evil.example now, he said. The ministry paid \x1b[31mRED\x1b[0m 40,000 "
              "euros to the smugglers in 2023 \x1b]0;title\x07 text \u202eevil\u202c.\n")


def test_markdown_makes_document_text_inert(analyze_text):
    _, report = analyze_text(HOSTILE_MD)
    md = report.to_markdown()
    assert "](http" not in md and "![" not in md and "<img" not in md and "\x1b" not in md
    assert "https://" not in md and "www.evil" not in md  # no autolinks either
    assert md.startswith("# Breaking \\[click\\]")  # still readable: the brackets are escaped, not lost


def test_terminal_view_shows_no_control_sequences(analyze_text):
    _, report = analyze_text(HOSTILE_MD)
    text = report.render("text")
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "[31mRED" in text  # shown, inert


def test_relations_are_shown_with_their_caveat(analyze_text):
    from claimscope.render.graph import RELATION_CAVEAT
    _, report = analyze_text(EXAMPLE.read_text(encoding="utf-8"))
    assert report.relations
    assert RELATION_CAVEAT in report.to_html() and RELATION_CAVEAT in report.to_markdown()
    assert "check each against its evidence sentence" in " ".join(report.render("text").split())


def test_a_claim_denied_twice_by_one_speaker_names_the_speaker_once():
    from claimscope.report import Report, build_dossier

    def claim(cid, text, speaker, denies=()):
        return {"id": cid, "text": text, "start": 0, "end": len(text), "speaker_name": speaker, "score": 0.9,
                "evidence_type": "none", "hedged": False, "is_denial": bool(denies), "denies": list(denies)}
    report = Report(document={"id": "d", "text": ""}, claims=[
        claim("C1", "Norland arms the militia.", None),
        claim("C2", "that Norland arms the militia", "Ivo Strand", ["C1"]),
        claim("C3", "that Norland arms the militia", "Ivo Strand", ["C1"]),
        claim("C4", "that Norland arms the militia", "Anna Vik", ["C1"])])
    key = next(k for k in build_dossier(report)["key_claims"] if k["claim"] == "C1")
    assert key["denied_by"] == ["Ivo Strand", "Anna Vik"] and key["denials"] == ["C2", "C3", "C4"]


def test_key_claims_show_a_statement_once_not_the_sentence_and_its_reported_part():
    from claimscope.report import Report, build_dossier

    text = "The ministry said the bridge cost 40 million dollars. The port reopened in May."

    def claim(cid, start, end, score, speaker=None):
        return {"id": cid, "text": text[start:end], "start": start, "end": end, "speaker_name": speaker,
                "score": score, "evidence_type": "none", "hedged": False, "is_denial": False, "denies": []}
    part = text.index("the bridge")
    report = Report(document={"id": "d", "text": text}, claims=[
        claim("C1", 0, text.index(" The port"), 0.8),
        claim("C2", part, text.index(" The port") - 1, 0.9, "the ministry"),
        claim("C3", text.index("The port"), len(text), 0.6)])
    assert [k["claim"] for k in build_dossier(report)["key_claims"]] == ["C2", "C3"]


def test_each_relation_is_listed_with_its_evidence_and_why(analyze_text):
    _, report = analyze_text("Threats\n\nTom Vik called Anna Berg a liar on Monday.\n")
    [relation] = report.relations
    assert relation["why"] and "liar" in relation["why"]
    markdown, html = report.to_markdown(), report.to_html()
    section = markdown.split("## Relations", 1)[1].split("## Claims", 1)[0]
    assert "Tom Vik called Anna Berg a liar on Monday." in section and "'liar'" in section
    assert '<section id="relations">' in html and "the target is called &#x27;liar&#x27;" in html
