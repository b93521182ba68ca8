"""The techniques analyzer: model spans with evidence, and the appeal-to-popularity pattern."""
import pytest

from claimscope.analyzers.techniques.patterns import BANDWAGON, appeals_to_popularity

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


STRIKE = ("Do the dockers really want this strike?\n\n"
          "The union's reckless, shameful leaders are traitors to every honest worker.\n"
          "Most observers believe the strike will fail within a week.\n")


def _techniques(pipeline, text, **config):
    from claimscope import ingest
    from claimscope.pipeline import Pipeline

    with Pipeline(pipeline.names, model=pipeline.model, config={"techniques": config}) as leads:
        return leads(ingest.from_text(text))


def test_a_sentence_gets_the_same_spans_whatever_surrounds_it():
    # one unit a run: the int8 encoder quantizes activations per run, so in a batch a unit's spans
    # and span scores moved with the units batched beside it (the technique's confidence also reads
    # the article: where the span sits, what recurs)
    from claimscope.analyzers.techniques.model import load
    model = load()
    line = "These traitors will stop at nothing to destroy our great nation, and everyone knows it!"
    alone = [(f.start, f.end, f.span_score) for f in model.analyze(line, threshold=0.0)]
    others = "\n".join(["The ministry published its figures on Tuesday.",
                        "SHOCKING!!! The corrupt elite LIES AGAIN and AGAIN, they laugh at you!!!", "Rain."])
    beside = [(f.start, f.end, f.span_score) for f in model.analyze(line + "\n" + others, threshold=0.0)
              if f.end <= len(line)]
    assert alone and alone == beside


def test_analyzer_marks_method_and_evidence(pipeline):
    if "techniques" not in pipeline.names:
        pytest.skip("CLAIMSCOPE_TEST_ANALYZERS leaves out the techniques analyzer")
    doc = _techniques(pipeline, STRIKE, min_confidence=0.0)  # every lead, however weak
    methods = {t.method for t in doc.techniques}
    assert "pattern" in methods and "model" in methods
    for t in doc.techniques:
        assert doc.text[t.start:t.end] == t.text and t.evidence and 0 <= t.confidence <= 1
    pattern = next(t for t in doc.techniques if t.method == "pattern")
    assert pattern.text == "Most observers believe the strike will fail within a week"
    model = [t for t in doc.techniques if t.method == "model"]
    assert all(t.evidence.startswith("span score") for t in model)


def test_dossier_shows_only_spans_right_most_of_the_time(analyze_text, pipeline):
    if "techniques" not in pipeline.names:
        pytest.skip("CLAIMSCOPE_TEST_ANALYZERS leaves out the techniques analyzer")
    from claimscope.analyzers.techniques import shown_from

    show_at = shown_from()
    assert 0.4 <= show_at <= 0.9  # the calibration's level, not an uncalibrated 0
    leads = _techniques(pipeline, STRIKE, min_confidence=0.0).techniques
    doc, report = analyze_text(STRIKE)
    assert [t.text for t in doc.techniques] == [t.text for t in leads if t.confidence >= show_at]
    assert len(doc.techniques) < len(leads)
    # the popularity pattern is right too rarely by PTC's labels to be shown by default
    assert not any(t.method == "pattern" for t in doc.techniques)
    assert all(t["confidence"] >= show_at for t in report.to_dict()["techniques"])


def test_a_technique_rarely_right_on_unseen_articles_needs_more_to_be_shown():
    # the calibration gives each technique its own offset: on ptc-extra a Loaded_Language span was
    # right about 0.37 of the time, a Thought-terminating_Cliches one never, at the same scores
    from claimscope.analyzers.techniques.model import load

    model = load()
    loaded = model.calibrated(0.6, 0.8, 40, "Loaded_Language")
    cliche = model.calibrated(0.6, 0.8, 40, "Thought-terminating_Cliches")
    assert loaded > cliche + 0.1
    assert model.calibrated(0.6, 0.8, 40, "Name_Calling,Labeling") > model.calibrated(0.6, 0.8, 40, "Repetition")


def test_a_text_with_hardly_a_claim_shows_no_technique_and_says_why(analyze_text, pipeline):
    if "techniques" not in pipeline.names:
        pytest.skip("CLAIMSCOPE_TEST_ANALYZERS leaves out the techniques analyzer")
    review = ("A quiet game about dockers\n\nThe union's reckless, shameful leaders are traitors to every honest "
              "worker.\n" + "\n".join([
                  "I loved the colours.", "The music is gentle.", "The menus are easy to read.",
                  "Play it on a rainy evening.", "The harbour looks lovely at dusk.", "Take your time with it.",
                  "The boats bob in the water.", "Each level feels calm.", "I smiled a lot.",
                  "Try the night mode."]) + "\n")
    doc, _ = analyze_text(review)
    assert len(doc.claims) == 0 and doc.techniques == []
    assert "few check-worthy claims" in doc.metadata["techniques_held_back"]
    from claimscope.analyzers.techniques import shown_from

    leads = _techniques(pipeline, review, min_confidence=shown_from()).techniques
    assert [t.text for t in leads] == ["The union's reckless, shameful leaders are traitors to every honest worker"]


AUTHORITY = ("Is the dam safe?\n\n"
             "Professor Hilde Arnesen of the Nordvik Institute warned that the dam could fail within a decade.\n"
             "“The cracks are growing every winter,” the professor said.\n"
             "A spokesman for the operator said that the inspections were routine and complete.\n"
             "Energy Minister Paul Rask denied that the dam was unsafe.\n"
             "“We inspect every turbine twice a year,” Rask said.\n"
             "Local fisherman Ole Berg said the river had looked strange for weeks.\n")


def _authority_quotes(pipeline, text):
    from claimscope import ingest
    from claimscope.pipeline import Pipeline
    from claimscope.analyzers.techniques.candidates import authority_quotes

    doc = Pipeline(["entities", "attributions"], model=pipeline.model)(ingest.from_text(text))
    return [(doc.text[q.start:q.end], q.title, q.speaker) for q in authority_quotes(doc)]


def test_authority_quotes_take_titled_speakers_with_their_words(pipeline):
    quotes = _authority_quotes(pipeline, AUTHORITY)
    texts = [q[0] for q in quotes]
    # the title in the source phrase or right before the name; the speaker's words joined to the quote
    assert ("Professor Hilde Arnesen of the Nordvik Institute warned that the dam could fail within a decade",
            "professor", "Hilde Arnesen") in quotes
    assert any(t.startswith("The cracks are growing every winter") and t.endswith("the professor said")
               for t in texts)
    # a spokesman is a role, not an authority; a denial is not an appeal; nor is what the minister
    # says of his own side; a fisherman has no title
    assert not any("inspections" in t or "unsafe" in t or "turbine" in t or "river" in t for t in texts)


def test_authority_title_needs_the_words_next_to_the_name(pipeline):
    text = ("The president of the chess club, Anna Vik, lives in Oslo.\n"
            "Anna Vik said the tournament would move to a larger hall next spring.\n")
    # "president" is five words before the name in the first sentence, not right before it
    assert _authority_quotes(pipeline, text) == []


def test_analyzer_names_authority_quotes_only_as_appeal_to_authority(pipeline):
    if "techniques" not in pipeline.names:
        pytest.skip("CLAIMSCOPE_TEST_ANALYZERS leaves out the techniques analyzer")
    from claimscope.report import Report

    # authority quotes are leads: below the level the dossier shows by default
    doc = _techniques(pipeline, AUTHORITY, min_confidence=0.0)
    report = Report.from_document(doc, analyzers=pipeline.names)
    from_quotes = [t for t in doc.techniques if t.method == "attribution"]
    # the professor's warning is what the article leans on; the model alone proposes no span there
    assert any(t.text.startswith("Professor Hilde Arnesen") for t in from_quotes)
    assert not any(t.technique == "Appeal_to_Authority" for t in doc.techniques if t.method == "model")
    for t in from_quotes:
        assert t.technique == "Appeal_to_Authority"
        assert t.evidence.startswith("quoted authority: ")
        assert doc.text[t.start:t.end] == t.text
    # the reports say how each span was found
    assert "a titled authority's quote, named by the model" in report.to_markdown()
    assert "a titled authority&#x27;s quote, named by the model" in report.to_html()


def test_a_name_or_an_adjective_is_not_a_title(pipeline):
    text = ("Stephen King said the new novel would be his longest book so far.\n"
            "The general public said the old bridge should be repaired before winter.\n")
    assert _authority_quotes(pipeline, text) == []


def test_a_model_span_is_named_by_both_readers_and_their_mean():
    # the shipped technique model reads a span twice, with its fine-tuned encoder and with the second
    # reader (adapters on the frozen package MiniLM); the technique's probability is their mean and the
    # evidence gives each reader's
    import re

    from claimscope.analyzers.techniques.model import load
    model = load()
    text = ("The harbour board's cowardly, corrupt cronies betrayed every family on the quay.\n"
            "Only a fool would trust these parasites with one more cent of our money!\n")
    found = model.analyze(text, threshold=0.3)
    assert found
    pairs = []
    for f in found:
        m = re.search(r"; (\S+) ([0-9.]+) \(readers ([0-9.]+), ([0-9.]+)\)", f.evidence)
        assert m and m.group(1) == f.technique, f.evidence
        mean, first, second = (float(m.group(k)) for k in (2, 3, 4))
        assert abs(mean - (first + second) / 2) <= 0.006 and abs(f.probability - mean) <= 0.006
        pairs.append((first, second))
    assert any(abs(a - b) > 0.01 for a, b in pairs)  # two readers, not one read twice
