"""The techniques analyzer: model spans with evidence, and the appeal-to-popularity pattern."""
import pytest

from claimscope.technique_patterns import BANDWAGON, appeals_to_popularity

POPULAR = ("Everybody knows that the harbour deal was rigged, but nobody says it aloud.\n"
           "Most ordinary voters think the mayor should resign.\n"
           "Many countries trade with the port.\n"
           "Millions of people saw the clip; the council deleted it.\n")


def test_popularity_pattern_spans_and_evidence():
    found = appeals_to_popularity(POPULAR)
    texts = [POPULAR[m.start:m.end] for m in found]
    assert texts == ["Everybody knows that the harbour deal was rigged",
                     "Most ordinary voters think the mayor should resign",
                     "Millions of people saw the clip"]
    assert all(m.technique == BANDWAGON for m in found)
    assert "'Most ordinary voters' + 'think'" in found[1].evidence


def test_popularity_pattern_needs_a_verb_of_belief():
    assert appeals_to_popularity("Many countries trade with the port. All citizens pay taxes.") == []


def test_analyzer_marks_method_and_evidence(analyze_text, pipeline):
    if "techniques" not in pipeline.names:
        pytest.skip("CLAIMSCOPE_TEST_ANALYZERS leaves out the techniques analyzer")
    text = ("Do the dockers really want this strike?\n\n"
            "The union's reckless, shameful leaders are traitors to every honest worker.\n"
            "Most observers believe the strike will fail within a week.\n")
    doc, report = analyze_text(text)
    methods = {t.method for t in doc.techniques}
    assert "pattern" in methods and "model" in methods
    for t in doc.techniques:
        assert doc.text[t.start:t.end] == t.text and t.evidence and 0 <= t.confidence <= 1
    pattern = next(t for t in doc.techniques if t.method == "pattern")
    assert pattern.text == "Most observers believe the strike will fail within a week"
    model = [t for t in doc.techniques if t.method == "model"]
    assert all(t.evidence.startswith("span score") for t in model)
    assert report.to_dict()["techniques"][0]["evidence"]
