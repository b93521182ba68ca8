import numpy as np

from claimscope.analyzers.attribution_tagger import LABELS, decode, link, spans_from_tags
from claimscope.analyzers.attributions import Raw, combine
from conftest import EXAMPLE


def _tags(*names):
    return [LABELS.index(n) for n in names]


def test_tags_become_spans_and_a_stray_inside_tag_starts_one():
    offsets = [(0, 3), (4, 8), (9, 13), (14, 18), (19, 23), (24, 28)]
    tags = _tags("B-SRC", "B-CUE", "B-CON", "I-CON", "O", "I-CON")
    assert spans_from_tags(tags, offsets) == [("SRC", 0, 3), ("CUE", 4, 8), ("CON", 9, 18), ("CON", 24, 28)]


def _logits(*rows):
    """One row a piece: the log-odds given to the named tags (the others get -5)."""
    out = np.full((len(rows), len(LABELS)), -5.0)
    for k, row in enumerate(rows):
        for name, value in row.items():
            out[k, LABELS.index(name)] = value
    return out


def test_decoding_keeps_a_statement_whole_where_one_word_leans_to_outside():
    text = "Vik said the port will reopen"
    offsets = [(0, 3), (4, 8), (9, 12), (13, 17), (18, 22), (23, 29)]
    logits = _logits({"B-SRC": 3}, {"B-CUE": 3}, {"B-CON": 3}, {"I-CON": 3},
                     {"O": 1.0, "I-CON": 0.8}, {"I-CON": 3})
    assert [LABELS[t] for t in logits.argmax(-1)][4] == "O"  # each piece's own best tag cuts the statement
    tags = decode(logits, offsets, text)
    assert spans_from_tags(tags, offsets, text) == [("SRC", 0, 3), ("CUE", 4, 8), ("CON", 9, 29)]


def test_decoding_gives_the_rest_of_a_word_its_first_piece_tag():
    text = "Rubio said no"
    offsets = [(0, 3), (3, 5), (6, 10), (11, 13)]  # "Rub" "##io"
    logits = _logits({"B-SRC": 3}, {"O": 3}, {"B-CUE": 3}, {"B-CON": 3})
    assert decode(logits, offsets, text) == _tags("B-SRC", "B-SRC", "B-CUE", "B-CON")


def test_contents_and_sources_go_to_the_nearest_cue_in_the_paragraph():
    text = "The mayor said the pier was safe. Later a diver warned that it was not.\nThe port is old."
    spans = [("SRC", 0, 9), ("CUE", 10, 14), ("CON", 15, 32),
             ("SRC", 40, 47), ("CUE", 48, 54), ("CON", 60, 70),
             ("CON", 72, 87)]  # a content with no cue in its paragraph: dropped
    found = link(spans, text)
    assert found == [{"cue": (10, 14), "content": [(15, 32)], "source": (0, 9)},
                     {"cue": (48, 54), "content": [(60, 70)], "source": (40, 47)}]


def test_a_quote_that_goes_on_in_the_next_paragraph_stays_with_its_cue():
    text = "“The pier is safe,” the mayor said.\n“We checked it twice.”"
    spans = [("CON", 0, 19), ("SRC", 20, 29), ("CUE", 30, 34), ("CON", 36, 57)]
    assert link(spans, text) == [{"cue": (30, 34), "content": [(0, 19), (36, 57)], "source": (20, 29)}]


def test_a_cue_with_no_content_is_no_attribution():
    assert link([("SRC", 0, 5), ("CUE", 6, 10)], "Anna said nothing.") == []


def _raw(cue, content):
    return Raw(cue=cue, content=[content], source=None, kind="indirect", lemma="say")


def test_combinations_keep_the_first_and_add_what_it_does_not_cover():
    rules = [_raw((0, 4), (5, 20))]
    learned = [_raw((0, 4), (5, 25)), _raw((30, 34), (35, 50))]
    assert combine(rules, learned, "rules") == rules
    assert combine(rules, learned, "tagger") == learned
    assert combine(rules, learned, "rules+tagger") == [rules[0], learned[1]]
    assert combine(rules, learned, "tagger+rules") == learned


def test_a_quote_reported_within_another_statement_is_kept_beside_it():
    outer = Raw(cue=(20, 28), content=[(34, 90)], source=(0, 19), kind="indirect", lemma="recall")
    inner = Raw(cue=(37, 41), content=[(43, 90)], source=(34, 36), kind="direct", lemma="say")
    again = Raw(cue=(20, 28), content=[(34, 80)], source=(0, 19), kind="indirect", lemma="recall")
    assert combine([inner, again], [outer], "tagger+rules") == [outer, inner]


def test_words_two_statements_claim_go_to_the_nearer_cue():
    from claimscope.analyzers.attributions.learned import _shared_to_nearer_cue

    text = ("According to the website, the name of the bar is Sea Pure. \u201cA Nordic start-up based in Lund, "
            "Sea Pure brings clean air to the city,\u201d the description on the website reads.")
    quote = (text.index("\u201c"), text.index("\u201d") + 1)
    reads = text.index("reads")
    according = Raw(cue=(0, 12), content=[(26, quote[1])], source=(13, 24), kind="according_to", lemma="accord")
    description = Raw(cue=(reads, reads + 5), content=[quote], source=(quote[1] + 1, reads - 1), kind="direct",
                      lemma="read")
    out = _shared_to_nearer_cue(text, [according, description])
    assert [text[s:e] for s, e in out[0].content] == ["the name of the bar is Sea Pure"]
    assert out[1] == description
    # a statement inside another (its cue in the other's content) keeps what it shares
    outer = Raw(cue=(20, 28), content=[(34, 90)], source=(0, 19), kind="indirect", lemma="recall")
    inner = Raw(cue=(37, 41), content=[(43, 90)], source=(34, 36), kind="direct", lemma="say")
    assert _shared_to_nearer_cue("x" * 100, [outer, inner]) == [outer, inner]


def test_a_content_does_not_end_in_the_joint_to_the_next_statement():
    from claimscope.analyzers.attributions.learned import _trimmed

    text = "Cook said Apple employs about 450 Dreamers, and he sees their love of the country."
    start = text.index("Apple")
    s, e = _trimmed(text, (start, text.index("he sees")))
    assert text[s:e] == "Apple employs about 450 Dreamers"
    s, e = _trimmed(text, (start, text.index(" and he")))
    assert text[s:e] == "Apple employs about 450 Dreamers"


def test_an_unknown_combination_is_a_clear_error():
    import pytest

    from claimscope.errors import ClaimscopeError
    from claimscope.ingest import from_text
    from claimscope.pipeline import Pipeline

    with Pipeline(["entities", "attributions"], config={"attributions": {"combine": "both"}}) as pipeline:
        with pytest.raises(ClaimscopeError, match="E056"):
            pipeline(from_text("News\n\nAnna said it rained.", doc_id="x"))


def test_the_tagger_finds_a_source_the_rules_leave_out(analyze_text):
    doc, _ = analyze_text("Harbour\n\nTom Berg is convinced the cranes are unsafe. The port, Anna Vik insists, "
                          "will reopen in May.\n")
    found = {a.content[-1].text: a for a in doc.attributions}
    assert found["the cranes are unsafe"].speaker_name == "Tom Berg"
    assert found["will reopen in May"].speaker_name == "Anna Vik"  # no comma left at the start


def test_the_subject_of_a_passive_of_saying_is_no_source(analyze_text):
    doc, _ = analyze_text("Royals\n\nHis brother, Prince Karl, was said to have opposed the marriage.\n")
    assert not any(a.speaker_name and "Karl" in a.speaker_name for a in doc.attributions)
    assert any(s.type == "vague_source" and s.text == "was said to" for s in doc.signals)


def test_a_cue_with_no_tagged_source_takes_the_subject_of_its_verb():
    from claimscope.analyzers.attributions import learned_raws
    from claimscope.pipeline import nlp

    text = "The dockers' union on Monday repeated that the cranes were unsafe."
    sdoc = nlp.load()(text)
    cue, content = text.index("repeated"), text.index("that the cranes")
    raws = learned_raws(sdoc, [("CUE", cue, cue + len("repeated")), ("CON", content, len(text) - 1)])
    assert [text[r.source[0]:r.source[1]] for r in raws] == ["The dockers' union"]


def test_joined_statements_are_split_and_a_quote_goes_to_the_cue_beside_it(analyze_text):
    doc, _ = analyze_text(
        "Harbour row\n\nOpposition leader Ann Lee called the minister \"a liar who sells out the harbour\". "
        "\"Norland is lying to everyone, and every voter should be angry,\" she said.\n")
    said = {(a.speaker_name, a.cue.text): [c.text for c in a.content] for a in doc.attributions}
    # the quote of the next sentence is what she said, not part of what she called the minister
    assert said[("Ann Lee", "called")] == ["the minister \"a liar who sells out the harbour\""]
    assert said[("Ann Lee", "said")] == ["\"Norland is lying to everyone, and every voter should be angry,\""]
    # in the example article the tagger reads two clauses joined by "and" as what the sources say;
    # each has its own speaker and cue
    doc, _ = analyze_text(EXAMPLE.read_text(encoding="utf-8"))
    said = {(a.speaker_name, a.cue.text): [c.text for c in a.content] for a in doc.attributions}
    assert said[("Many experts", "believe")] == ["the shipments are only the tip of the iceberg"]
    assert said[("sources", "say")] == ["the militia has also received money from Veltria"]


def test_a_cue_does_not_end_in_the_start_of_another_phrase(analyze_text):
    # the example article: the tagger marks "said in a" of "said in a statement"
    doc, _ = analyze_text(EXAMPLE.read_text(encoding="utf-8"))
    cues = [a.cue.text for a in doc.attributions if "never supplied" in a.content[0].text]
    assert len(cues) == 1 and cues[0].startswith("said") and cues[0].split()[-1] not in ("in", "a", "an", "the")


def test_scraps_are_no_statement_and_a_bare_noun_phrase_claims_its_sentence(analyze_text):
    doc, _ = analyze_text("Harbour row\n\nThe Harbour Institute has published a study on the port. "
                          "The same study lists forty shipments of rifles.\n")
    # the tagger's "published" with "a", "on", "port" as what was said
    assert all(any(len(c.text.split()) > 2 for c in a.content) for a in doc.attributions)
    # what the study lists is a bare noun phrase: the claim is the sentence, in the study's voice
    claim = next(c for c in doc.claims if "forty shipments" in c.text)
    assert claim.text == "The same study lists forty shipments of rifles." and claim.voice == "attributed"


def test_a_noun_phrase_whose_only_verb_describes_a_noun_claims_its_sentence(analyze_text):
    doc, _ = analyze_text("Harbour row\n\nHarbourcorp reported a quarterly loss of 4 million dollars on sales "
                          "that fell short of forecasts.\n")
    claim = next(c for c in doc.claims if "quarterly loss" in c.text)
    assert claim.text.startswith("Harbourcorp reported") and claim.voice == "attributed"


def test_the_rules_add_nothing_at_a_cue_the_tagger_read(analyze_text):
    # the rules read "the paper" as what was told; the tagger has the statement at the same cue
    doc, _ = analyze_text("Stabbing on a train\n\nThe San Francisco Chronicle says he was arrested a block away. "
                          "Employee Steve Castro tells the paper that he fought with the shirtless man, who snatched "
                          "the keys from his hand.\n")
    told = [[c.text for c in a.content] for a in doc.attributions if a.cue.text.startswith("tells")]
    assert told == [["that he fought with the shirtless man, who snatched the keys from his hand"]]


def test_a_statement_does_not_open_with_the_object_of_the_cues_phrase(analyze_text):
    # the tagger's cue is "has argued for", its content "decades that it was …"
    doc, _ = analyze_text("Hitler house\n\nAustria has argued for decades that it was the first victim of "
                          "National Socialism, having been annexed by Germany in 1938.\n")
    argued = next(a for a in doc.attributions if "argued" in a.cue.text)
    assert argued.content[0].text.startswith("that it was the first victim")


def test_what_a_source_did_not_mention_is_said_by_the_article(analyze_text):
    doc, _ = analyze_text("Harbour row\n\nThe minister never mentioned the forty shipments of rifles to the militia.\n")
    claim = next(c for c in doc.claims if "forty shipments" in c.text)
    assert claim.voice == "article" and claim.speaker_name is None


def test_a_bare_be_have_or_do_is_no_cue():
    from claimscope.analyzers.attributions import learned_raws
    from claimscope.pipeline import nlp

    text = "Parents, teachers and a bishop were among the hundreds trapped inside the school."
    sdoc = nlp.load()(text)
    cue, content = text.index("were"), text.index("among")
    raws = learned_raws(sdoc, [("SRC", 0, text.index(" were")), ("CUE", cue, cue + len("were")),
                               ("CON", content, len(text) - 1)])
    assert raws == []


def test_a_passive_cue_takes_only_its_agent_as_source():
    from claimscope.analyzers.attributions import learned_raws
    from claimscope.pipeline import nlp

    text = "A third case of plague was reported in a 55-year-old man from Kessa. A fourth was reported by the ministry."
    sdoc = nlp.load()(text)

    def source_of(cue_word, content_end, source_text, start=0):
        cue = text.index(cue_word, start)
        src = text.index(source_text, start)
        raws = learned_raws(sdoc, [("CON", start, content_end), ("CUE", cue, cue + len(cue_word)),
                                   ("SRC", src, src + len(source_text))])
        return [text[r.source[0]:r.source[1]] if r.source else None for r in raws]

    # "in a 55-year-old man" is where the case was found, not who reported it
    assert source_of("was reported", text.index(" was"), "man") == [None]
    second = text.index("A fourth")
    assert source_of("was reported", text.index(" was", second), "the ministry", second) == ["the ministry"]


def test_the_subject_of_another_verb_is_not_the_source_of_a_cue_with_its_own():
    from claimscope.analyzers.attributions import learned_raws
    from claimscope.pipeline import nlp

    text = "Tom Berg, 55, of Lund, pleaded guilty to threatening a harbour official, the prosecutor's office said."
    sdoc = nlp.load()(text)
    cue, content, office = text.index("pleaded guilty"), text.index("to threatening"), text.index("the prosecutor")
    raws = learned_raws(sdoc, [("CUE", cue, cue + len("pleaded guilty")),
                               ("CON", content, text.index(", the prosecutor")),
                               ("SRC", office, office + len("the prosecutor's office"))])
    assert [text[r.source[0]:r.source[1]] for r in raws] == ["Tom Berg, 55, of Lund"]  # the office says; Berg pleads


def test_a_raising_verb_or_an_asked_clause_names_no_speaker():
    from claimscope.analyzers.attributions import combine, extract_raw, learned_raws
    from claimscope.pipeline import nlp

    text = ("The militia seems unlikely to attack the port again. "
            "Asked whether she would run again, Mrs. Ortega said she would not.")
    sdoc = nlp.load()(text)

    def tagged(cue_word, content_text, source_text):
        cue, con, src = text.index(cue_word), text.index(content_text), text.index(source_text)
        return learned_raws(sdoc, [("SRC", src, src + len(source_text)), ("CUE", cue, cue + len(cue_word)),
                                   ("CON", con, con + len(content_text))])

    # the writer judges the militia; the militia says nothing
    seems = tagged("seems", "unlikely to attack the port again", "The militia")
    assert [r.source for r in seems] == [None] and seems[0].no_speaker
    # Mrs. Ortega was asked, she did not ask
    asked = tagged("Asked", "whether she would run again", "Mrs. Ortega")
    assert [r.source for r in asked] == [None]
    # nor does the parse give either cue a source when the tagger and the rules are combined
    for raw in combine(extract_raw(sdoc), seems + asked, "tagger+rules", sdoc):
        if text[raw.cue[0]:raw.cue[1]] in ("seems", "Asked"):
            assert raw.source is None


def test_the_rules_give_a_raising_verb_no_source_but_keep_the_verb_it_raises():
    from claimscope.analyzers.attributions import extract_raw
    from claimscope.pipeline import nlp

    text = "The militia seems unlikely to attack the port again. Mr. Lane seems to think the port is safe."
    sdoc = nlp.load()(text)
    sources = {text[r.cue[0]:r.cue[1]]: r.source and text[r.source[0]:r.source[1]] for r in extract_raw(sdoc)}
    assert sources.get("seems", "missing") is None
    assert sources["think"] == "Mr. Lane"  # what Mr. Lane seems to think is still his


def test_a_tagged_source_in_another_sentence_is_not_the_cues():
    from claimscope.analyzers.attributions import learned_raws
    from claimscope.pipeline import nlp

    text = "The first two cases were confirmed on May 12. But according to Tom Berg, the clinic waited nine days."
    sdoc = nlp.load()(text)
    cue, src = text.index("were confirmed"), text.index("Tom Berg")
    raws = learned_raws(sdoc, [("CON", 0, text.index(" were")), ("CUE", cue, cue + len("were confirmed")),
                               ("SRC", src, src + len("Tom Berg"))])
    assert [r.source for r in raws] == [None]  # Berg speaks in the next sentence, of something else


def test_a_rule_adds_no_statement_without_a_speaker_beside_the_tagger():
    # "The plan appears to be a break from the norm": the rules' reading, which names no speaker
    nobody = Raw(cue=(9, 16), content=[(17, 45)], source=None, kind="other", lemma="appear", no_speaker=True)
    quote = Raw(cue=(60, 64), content=[(47, 58)], source=None, kind="direct", lemma="say")
    told = _raw((100, 104), (105, 130))
    assert combine([nobody, quote], [told], "tagger+rules") == [quote, told]
    assert combine([nobody, quote], [], "rules") == [nobody, quote]


def test_beside_the_tagger_the_rules_read_only_the_commoner_cues(analyze_text):
    from claimscope.ingest import from_text
    from claimscope.pipeline import Pipeline

    text = "Harbour\n\nEmployers in Veltria seek workers with college degrees. Critics condemned the harbour fees.\n"
    doc, _ = analyze_text(text)
    assert [a.cue.text for a in doc.attributions] == ["condemned"]  # "seek": PolNeAR marks it 37 times in 100
    with Pipeline(["entities", "attributions"], config={"attributions": {"combine": "rules"}}) as rules_alone:
        assert [a.cue.text for a in rules_alone(from_text(text, doc_id="x")).attributions] == ["seek", "condemned"]


def test_a_participle_that_names_a_noun_is_no_statement():
    from claimscope.analyzers.attributions import combine
    from claimscope.pipeline import nlp

    text = "A poll released on Sunday showed the harbour plan had lost support among voters in Norland."
    sdoc = nlp.load()(text)
    released = text.index("released")
    raw = Raw(cue=(released, released + 8), content=[(released + 9, len(text) - 1)], source=None,
              kind="indirect", lemma="release")
    assert combine([], [raw], "tagger", sdoc) == []
    # nor is the noun it describes its speaker ("A poll | released"); a speaker elsewhere stays
    described = Raw(cue=(released, released + 8), content=[(released + 9, len(text) - 1)], source=(0, 6),
                    kind="indirect", lemma="release")
    assert combine([], [described], "tagger", sdoc) == []
    voters = text.index("voters")
    said = Raw(cue=(released, released + 8), content=[(released + 9, voters - 1)], source=(voters, voters + 6),
               kind="indirect", lemma="release")
    assert combine([], [said], "tagger", sdoc) == [said]


def test_citing_the_speakers_own_source_is_no_statement_but_citing_a_reason_is():
    from claimscope.pipeline import nlp

    def cited(text, source):
        sdoc = nlp.load()(text)
        cue = text.index("citing")
        raw = Raw(cue=(cue, cue + 6), content=[(cue + 7, len(text) - 1)], source=(0, len(source)),
                  kind="other", lemma="cite")
        return combine([], [raw], "tagger", sdoc)

    # where the speaker's information comes from: a body, a person, a record
    assert cited("The wire service said the ferry sank near Ostrava, citing the regional harbour board.",
                 "The wire service") == []
    assert cited("The broadcaster reported the merger was off, citing an unnamed ministry official.",
                 "The broadcaster") == []
    # why the speaker acted: a statement of its own
    assert len(cited("The bakery withdrew its bid, citing rising flour costs.", "The bakery")) == 1


def test_a_participle_clause_speaks_for_the_subject_above_not_for_a_phrase_of_its_verb():
    from claimscope.analyzers.attributions.learned import learned_raws
    from claimscope.pipeline import nlp

    text = ("The governor has pushed hard in talks with the neighbouring states, including Ardovia and "
            "Belmark, publicly threatening them with new port fees.")
    sdoc = nlp.load()(text)
    states = text.index("the neighbouring states")
    cue = text.index("publicly threatening")
    content = text.index("them with")
    spans = [("SRC", states, text.index(", publicly")), ("CUE", cue, cue + len("publicly threatening")),
             ("CON", content, len(text) - 1)]
    (raw,) = learned_raws(sdoc, spans)
    assert raw.source is not None and text[raw.source[0]:raw.source[1]] == "The governor"
