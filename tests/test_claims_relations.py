from functools import partial

from conftest import EXAMPLE


def triples(analyze_text, sentence: str) -> set[tuple[str, str, str]]:
    """(source, type, target) of the relations shown for one sentence under a headline."""
    doc, _ = analyze_text("A headline\n\n" + sentence + "\n")
    return {(r.source_name, r.type, r.target_name) for r in doc.relations}


DENIAL_STORY = """Does Norland arm the Grey Wolves militia?

Border guard Tomas Hale said that Norland supplied rifles to the Grey Wolves militia in 2024.
"I saw the trucks cross every night," Hale told reporters.
Norlandic Defence Minister Ivo Strand strongly denied any support to the militia.
"""


def test_claims_are_linked_to_speakers_and_evidence(analyze_text):
    doc, _ = analyze_text(EXAMPLE.read_text(encoding="utf-8"))
    by_speaker = {}
    for c in doc.claims:
        by_speaker.setdefault(c.speaker_name or "the article", []).append(c)
    report_claims = [c for name, cs in by_speaker.items() if name.startswith("the report") for c in cs]
    assert report_claims and all(c.evidence_type == "report" for c in report_claims)
    assert any(c.evidence_type == "testimony" for c in by_speaker["Daniel Marsh"])
    for c in doc.claims:
        assert 0 <= c.score <= 1
        assert doc.text[c.start:c.end] == c.text


def test_a_reported_statement_is_no_opinion_but_a_belief_is(analyze_text):
    doc, _ = analyze_text("Port news\n\nA transit chief says 40 passengers were hurt in the crash on Tuesday.\n"
                          "Mr Ode believes 40 passengers were hurt in the crash on Tuesday.\n")
    says, believes = (next(c for c in doc.claims if c.text.startswith("40") and c.start > k)
                      for k in (0, doc.text.index("Mr Ode")))
    assert says.evidence_type != "opinion" and believes.evidence_type == "opinion"


def test_a_question_credits_its_asker_with_no_statement(analyze_text):
    doc, _ = analyze_text("Harbour news\n\nDuring the hearing, Mayor Ann Kell asked about the smuggling ring, "
                          "called the port chief a \u201cthief\u201d and said the docks had lost 40 million euros "
                          "in 2023, the city council said.\n")
    for c in doc.claims:
        assert not (c.speaker_name == "Ann Kell" and c.text.startswith("During")), c
    doc, _ = analyze_text("Harbour news\n\nMayor Ann Kell asked whether the port chief took 40 million euros "
                          "from the smugglers in 2023.\n")
    assert doc.attributions and all(c.speaker_name is None for c in doc.claims)


def test_what_a_speaker_would_not_say_is_nobodys_claim_and_no_allegation(analyze_text):
    doc, _ = analyze_text("Harbour news\n\nThe minister did not say that Norland arms the rebels.\n"
                          "Kell Shipping laid off 60 workers last year, though the company would not disclose that "
                          "it laid off 60 workers.\n")
    assert doc.claims and all(c.speaker_name is None for c in doc.claims)
    assert not [s for s in doc.signals if s.type == "unattributed_allegation"]


def test_a_quote_from_a_statement_is_an_official_statement(analyze_text):
    doc, _ = analyze_text("Court news\n\nProsecutor Ann Kell said in a statement on Monday:\n\n\u201cThe right to bear "
                          "arms carries with it the duty not to commit felony crimes with them, and 40 people were "
                          "hurt.\u201d\n")
    quoted = [c for c in doc.claims if c.speaker_name == "Ann Kell"]
    assert quoted and all(c.evidence_type == "official_statement" for c in quoted)


def test_hedges_are_marked(analyze_text):
    doc, _ = analyze_text("Port news\n\nThe minister allegedly received 40,000 euros from the smugglers in 2023.\n")
    claim = doc.claims[0]
    assert claim.hedged and claim.hedges[0].text == "allegedly"
    assert claim.voice == "article"


def test_a_claims_score_carries_its_reasons(analyze_text):
    doc, report = analyze_text("Port news\n\nThe minister allegedly received 40,000 euros from the smugglers in 2023.\n"
                               "Is it raining?\n")
    reasons = doc.claims[0].score_reasons
    assert "gives numbers" in reasons and "dated" in reasons and "names actors" not in reasons
    assert report.to_dict()["claims"][0]["score_reasons"] == reasons


def test_denial_is_linked_to_what_it_denies(analyze_text):
    doc, report = analyze_text(DENIAL_STORY)
    denial = next(c for c in doc.claims if c.is_denial)
    assert denial.speaker_name == "Ivo Strand"
    denied = [c for c in doc.claims if c.id in denial.denies]
    assert any("supplied rifles" in c.text for c in denied)
    key = next(k for k in report.dossier["key_claims"] if "supplied rifles" in k["text"])
    assert key["asserted_by"] == "Tomas Hale" and key["denied_by"] == ["Ivo Strand"]


def test_relations_asserted_questioned_and_denied(analyze_text):
    doc, _ = analyze_text(DENIAL_STORY)
    rels = {(r.source_name, r.target_name, r.polarity, r.speaker_name) for r in doc.relations}
    pairs = {(r.source_name, r.target_name) for r in doc.relations}
    assert ("Norland", "Grey Wolves militia") in pairs
    polarities = {r.polarity for r in doc.relations if (r.source_name, r.target_name) == ("Norland", "Grey Wolves militia")}
    assert {"asserted", "questioned", "denied"} <= polarities
    assert any(p == "asserted" and s == "Tomas Hale" for _, _, p, s in rels)
    assert any(p == "denied" and s == "Ivo Strand" for _, _, p, s in rels)
    for r in doc.relations:
        assert doc.text[r.evidence.start:r.evidence.end] == r.evidence.text


def test_inconsistent_and_garbled_sources(analyze_text):
    text = ("Trade report\n\nThe Baltic Freight Institute published a detailed report on the smuggling routes. "
            "It is based on research conducted by the Nordic Shipping Council in the port archives.\n"
            "The smuggler described the routes, he told Ola in an interview with KR correspondents Vik and Dag Lunde TVs.\n")
    doc, _ = analyze_text(text)
    kinds = {s.type: s for s in doc.signals}
    assert "inconsistent_source" in kinds
    bodies = " ".join(e.text for e in kinds["inconsistent_source"].evidence)
    assert "Baltic Freight Institute" in bodies and "Nordic Shipping Council" in bodies
    assert "garbled_source" in kinds


def test_unattributed_allegation(analyze_text):
    doc, _ = analyze_text("Port news\n\nIn March 2025, trucks of the Norland army carrying weapons and explosives were seized at the border.\n")
    assert any(s.type == "unattributed_allegation" for s in doc.signals)


def test_dossier_html_has_relation_graph(analyze_text):
    _, report = analyze_text(DENIAL_STORY)
    html = report.to_html()
    assert "<svg" in html and 'stroke-dasharray="7 5"' in html  # a denied edge is dashed
    assert "Key claims" in html and "Denials" in html


def test_conditional_and_dismissed_relations_are_not_asserted(analyze_text):
    doc, _ = analyze_text("Talks\n\nIf Norland attacked the Grey Wolves militia, the talks would fail, "
                          "the Sudrian minister Ivo Strand said.\n")
    assert {r.polarity for r in doc.relations} == {"hypothetical"}
    doc, _ = analyze_text("Talks\n\nThe claim that Norland supplied rifles to the Grey Wolves militia is absurd, "
                          "Ivo Strand said.\n")
    assert {r.polarity for r in doc.relations} == {"denied"}


def test_no_relation_without_an_act_between_the_two(analyze_text):
    text = ("Launch\n\nBrent Sherwood, vice president of Orbital Programs at Blue Origin, spoke on Monday. "
            "Revenue fell at Acme Media's flagship channels, Acme Media Sports and others. "
            "Norland attacked the Grey Wolves militia near the border.\n")
    doc, _ = analyze_text(text)
    pairs = {(r.source_name, r.target_name) for r in doc.relations}
    assert not any("Orbital Programs" in a + b and "Blue Origin" in a + b for a, b in pairs)  # no verb between
    assert ("Norland", "Grey Wolves militia") in pairs  # an act still is one


def test_a_relation_needs_a_word_of_its_type_with_both_actors_parties_to_it(analyze_text):
    relations = partial(triples, analyze_text)

    # words of the event, and both actors parties to it: shown
    assert relations("Norland accused Sudria of shelling the border town.") == {("Norland", "ACCUSE", "Sudria")}
    assert relations("Norland troops attacked Sudria on Monday.") == {("Norland", "ASSAULT", "Sudria")}
    assert relations("Norland supplied rifles to the Grey Wolves militia.") == {
        ("Norland", "AID", "Grey Wolves militia")}
    # every member of a list, typed as the first; the word of the event as a light verb's object
    assert relations("Norland troops attacked Sudria and the Grey Wolves militia.") == {
        ("Norland", "ASSAULT", "Sudria"), ("Norland", "ASSAULT", "Grey Wolves militia")}
    assert relations("Norland launched an attack on Sudria on Monday.") == {("Norland", "ASSAULT", "Sudria")}
    # a game won, a letter from someone, information given to a newsroom: no relation
    assert relations("Norland beat Sudria 3-1 in the final on Monday.") == set()
    assert relations("In May, Norland released a letter from Sudria's former envoy Ivo Strand.") == set()
    assert relations("Senator Ann Whitlow's office did not provide PolitiFact with further information.") == set()


def test_who_asserts_a_relation_under_a_negated_cue(analyze_text):
    def relations(sentence):
        doc, _ = analyze_text("A headline\n\n" + sentence + "\n")
        return {(r.source_name, r.type, r.target_name, r.speaker_name) for r in doc.relations}

    assert relations("The minister said that Norland troops attacked Sudria.") == {
        ("Norland", "ASSAULT", "Sudria", "The minister")}
    # not saying it is not asserting it: nobody in the text does
    assert relations("The minister did not say that Norland troops attacked Sudria.") == set()
    # failing to explain why it happened takes it as given: the article's own voice, not the experts'
    assert relations("Experts cannot explain why Norland troops attacked Sudria.") == {
        ("Norland", "ASSAULT", "Sudria", None)}


def test_a_body_and_a_part_named_after_it_are_no_relation():
    from claimscope.analyzers.relations import _part_of
    assert _part_of("Disney", "Disney Channel") and _part_of("Jeff Bezos's Blue Origin", "Blue Origin")
    assert not _part_of("Norland", "Grey Wolves militia") and not _part_of("Norland", "Norland")


def test_the_typer_reads_the_pair_marked_as_in_training():
    from claimscope.analyzers.relations.typer import marked

    text = "Norland troops attacked Sudria on Monday."
    assert marked(text, (0, 7), (24, 30)) == "<< Norland >> troops attacked [[ Sudria ]] on Monday."
    assert marked(text, (24, 30), (0, 7)) == "[[ Norland ]] troops attacked << Sudria >> on Monday."


def test_the_type_chosen_is_a_close_reading_whose_word_is_there(pipeline):
    import numpy as np
    from claimscope import ingest
    from claimscope.analyzers.relations.triggers import choose_type
    from claimscope.pipeline import Pipeline

    doc = Pipeline(["entities"], model=pipeline.model)(ingest.from_text("T\n\nNorland allowed Sudria to vote.")).spacy_doc
    words = [t.text for t in doc]
    src, tgt = (doc[words.index(w):words.index(w) + 1] for w in ("Norland", "Sudria"))
    lca = doc[words.index("allowed")]
    labels = ["COERCE", "YIELD", "AGREE"]
    # COERCE is the more probable, but "allowed" is YIELD's word, and YIELD is close: YIELD
    assert choose_type(labels, np.array([0.31, 0.26, 0.13]), src, tgt, lca)[0] == "YIELD"
    # far behind the top type, a type is no reading of the sentence: nothing
    assert choose_type(labels, np.array([0.80, 0.10, 0.10]), src, tgt, lca) is None


def test_neighbours_joined_verbs_and_wishes(analyze_text):
    text = ("Talks\n\nSeparately, Germany is seeking John Harlow's extradition from Spain over his alleged role "
            "in the leak. Many traders agree that Japan has long taken advantage of Canada and support John "
            "Harlow's efforts to remove barriers. Most voters want the parliament of Norway to investigate "
            "Japan if it broke the treaty.\n")
    doc, _ = analyze_text(text)
    found = {(r.source_name, r.type, r.target_name): r.polarity for r in doc.relations}
    # a state named before a person in the clause is not the person's side ("Germany is seeking John Harlow's")
    assert found.get(("Germany", "REQUEST", "John Harlow")) == "asserted"
    # "support" agrees with "traders", not with "Japan has taken": the parser's "and" is not Japan's
    assert not any(src == "Japan" and tgt == "John Harlow" for src, _, tgt in found)
    # an investigation the voters want, on a condition, did not take place
    assert found.get(("Norway", "ACCUSE", "Japan")) == "hypothetical"


def test_acts_the_tagger_marks_as_cues_are_events(analyze_text):
    relations = partial(triples, analyze_text)

    # the attribution tagger, like PolNeAR, marks "decided" as a cue; deciding is no saying, and the
    # act it governs is an event between the two
    assert ("Norland", "COERCE", "Sudria") in relations("Norland decided to arrest Sudria's ambassador on Friday.")


def test_an_attack_between_two_people_is_one_of_words_unless_the_sentence_says_otherwise(analyze_text):
    doc, _ = analyze_text("Rally\n\nDonald Trump also attacked Hillary Clinton during the course of the rant.\n"
                          "John Smith attacked Peter Jones with a knife outside the bar, police said.\n")
    types = {(r.source_name, r.target_name): r.type for r in doc.relations}
    assert types[("Donald Trump", "Hillary Clinton")] == "ACCUSE"
    assert types[("John Smith", "Peter Jones")] == "ASSAULT"


def test_in_a_passive_the_agent_is_the_source(analyze_text):
    doc, _ = analyze_text("Border\n\nSeveral Syrians were deported by Turkish authorities on Monday. "
                          "Two Norland diplomats were expelled by Sudria last week.\n")
    found = {(r.source_name, r.type, r.target_name) for r in doc.relations}
    assert ("Turkey", "COERCE", "Syria") in found and ("Sudria", "SANCTION", "Norland") in found
    assert not any(src in ("Syria", "Norland") for src, _, _ in found)


def test_he_and_she_are_parties_only_when_the_text_leaves_no_doubt(analyze_text):
    def relations(text):
        doc, _ = analyze_text("Border\n\n" + text + "\n")
        return {(r.source_name, r.type, r.target_name): r.why for r in doc.relations}

    # the nearest person named before, whose first name gives the pronoun's gender
    found = relations("Julian Harlow fled to the embassy in 2012. In April, he was arrested by Russian police.")
    assert list(found) == [("Russia", "COERCE", "Julian Harlow")]
    assert "he = Julian Harlow" in found[("Russia", "COERCE", "Julian Harlow")]
    # a nearer woman is passed over for a he; a nearer person of no known gender stops the search
    assert ("Russia", "COERCE", "Julian Harlow") in relations(
        "Julian Harlow fled in 2012. Caroline Vik said that he was arrested by Russian police.")
    assert relations("Julian Harlow fled in 2012. Ilhan Varo said that he was arrested by Russian police.") == {}
    # a he inside a quote is the quote's own
    assert relations('Julian Harlow fled in 2012. "He was arrested by Russian police," Caroline Vik said.') == {}
    # a subject he that carries on the he of the sentence before, past a person named as an object
    found = relations("Julian Harlow fled in 2012. He wrote to Ilhan Varo in May. "
                      "In June, he was arrested by Russian police.")
    assert list(found) == [("Russia", "COERCE", "Julian Harlow")]
    assert "the he of the sentence before" in found[("Russia", "COERCE", "Julian Harlow")]
    # not when that person has been the subject since
    assert relations("Julian Harlow fled in 2012. He wrote to Ilhan Varo in May. Ilhan Varo replied that "
                     "he was arrested by Russian police.") == {}


def test_names_given_refusals_to_comment_clauses_talked_about_and_games_are_no_events(analyze_text):
    relations = partial(triples, analyze_text)

    assert relations("John Milo Ford was born in 1957. Everyone called him Mike.") == set()
    assert relations("Kevin Mayer spoke on Monday. He declined to say when Disney might change its strategy.") == set()
    assert relations("Norland refused to discuss Sudria.") == set()
    assert not any(src == "Norland" for src, _, _ in relations("Norland threatened to reveal why Sudria attacked Kessa."))
    assert relations("Brock Nelson fired a shot at Matt Murray that trickled to the goaltender's right.") == set()
    assert not any(tgt == "Arbor Press" for _, _, tgt in relations(
        "When Ford visited his editor Ann Berg at her office at Arbor Press, he left poems on her desk."))
    # the same acts outside those uses are events
    assert ("Norland", "REJECT", "Sudria") in relations("Norland refused to meet Sudria.")
    assert ("Jon Berg", "ASSAULT", "Matt Murray") in relations("Police said Jon Berg fired a shot at Matt Murray on Sunday.")


def test_officers_are_the_police_force_named_with_them_or_before(analyze_text):
    doc, _ = analyze_text(
        "Arrests\n\nPolice arrested six people on Monday.\n\n"
        "Officers from the Harbour Police Department stopped a car and later arrested Anna Berg, 32, of Lund, "
        "said Lt. Tom Hale.\n\nOfficers also arrested Carl Dunn, 40, of Franklin, on two warrants, Hale said.\n")
    found = {(r.source_name, r.type, r.target_name): r.why for r in doc.relations}
    assert set(found) == {("Harbour Police Department", "COERCE", "Anna Berg"),
                          ("Harbour Police Department", "COERCE", "Carl Dunn")}
    assert "Officers = Harbour Police Department (the police named before)" in found[
        ("Harbour Police Department", "COERCE", "Carl Dunn")]
    # no force named: nobody
    doc, _ = analyze_text("Arrests\n\nOfficers arrested Carl Dunn on Monday.\n")
    assert doc.relations == []


def test_a_demonym_of_a_place_ending_in_o_is_that_place(analyze_text):
    doc, _ = analyze_text("Deported\n\nHe reached Mexico in May. On Friday, 300 Indians were deported by Mexican "
                          "immigration authorities.\n")
    mexico = next(e for e in doc.entities if e.name == "Mexico")
    assert "Mexican" in mexico.aliases
    assert any(r.source_name == "Mexico" and r.type == "COERCE" for r in doc.relations)


def test_the_claim_a_fact_check_checks_is_not_the_pages_own(analyze_text):
    doc, _ = analyze_text("Does Ann Vik own a yacht?\n\nClaim\nFormer minister Ann Vik owns a yacht worth 17 million "
                          "euros.\nOrigin\nOn Nov. 15, Vik testified before a committee. We found no evidence for "
                          "the claim.\n")
    checked = next(c for c in doc.claims if c.text.startswith("Former minister Ann Vik owns"))
    assert checked.voice == "attributed" and checked.speaker_name == "the claim under review"
    att = next(a for a in doc.attributions if a.id == checked.attribution)
    assert "fact-check" in att.resolved_by and att.source is None


def test_a_denial_of_the_accusation_denies_the_accusation_just_made(analyze_text):
    doc, _ = analyze_text(
        "Harbour news\n\nProsecutors in Kessa have closed their inquiry into a fraud complaint lodged against "
        "port chief Tomas Hale back in 2010.\n\nHale, who denies the accusation, left Kessa in 2012.\n\n"
        "Today Hale is charged in Norland on eighteen counts, among them smuggling weapons.\n")
    denial = next(c for c in doc.claims if c.is_denial)
    denied = [c.text for c in doc.claims if c.id in denial.denies]
    assert len(denied) == 1 and denied[0].startswith("Prosecutors in Kessa")  # not the later charges


def test_an_event_a_possessor_makes_is_a_relation_but_what_it_owns_is_not(analyze_text):
    doc, _ = analyze_text("Border news\n\nNorland's attack on Veltria began at dawn. Norland's state television "
                          "channels in Veltria lost half their viewers.\n")
    found = {(r.source_name, r.type, r.target_name) for r in doc.relations}
    assert ("Norland", "ASSAULT", "Veltria") in found
    assert len(found) == 1


def test_calling_someone_a_criminal_accuses_them_but_naming_alone_does_not(analyze_text):
    def relations(text):
        doc, _ = analyze_text("Words\n\n" + text + "\n")
        return {(r.source_name, r.type, r.target_name): r.why for r in doc.relations}

    found = relations("Tom Vik called Anna Berg a liar on Monday.")
    assert set(found) == {("Tom Vik", "ACCUSE", "Anna Berg")}
    assert "the target is called 'liar'" in found[("Tom Vik", "ACCUSE", "Anna Berg")]
    # one of a series of acts, the caller a pronoun; the party asked about names no one
    found = relations("Ann Berg was arrested in April. During the call, she asked about the Party, called Vik a "
                      "“terrorist” and said, “somebody ought to stop him,” the prosecutor's office said.")
    assert set(found) == {("Ann Berg", "ACCUSE", "Vik")}
    # the parser reads the series' verb as a relative clause of the party before it
    found = relations("Tom Berg was arrested in April for a call to the offices of Anna Vik. During the call, he "
                      "asked about the Northern Brotherhood, called Vik a “terrorist” and said, “somebody ought to "
                      "stop her,” the prosecutor’s office said.")
    assert set(found) == {("Tom Berg", "ACCUSE", "Anna Vik")}
    assert relations("Tom Vik called Anna Berg a friend on Monday.") == {}


def test_a_described_person_is_the_one_introduced_next_with_an_age_and_a_plea_is_no_request(analyze_text):
    def relations(text):
        doc, _ = analyze_text("Court\n\n" + text + "\n")
        return {(r.source_name, r.type, r.polarity, r.target_name) for r in doc.relations}

    lede = "A Lund {} pleaded {} Monday to threatening to kill Anna Vik, prosecutors said.\n"
    assert relations(lede.format("man", "guilty") + "Tom Berg, 55, of Lund, faces ten years in prison.") == {
        ("Tom Berg", "THREATEN", "asserted", "Anna Vik")}
    # a plea of not guilty, or a charge, establishes nothing
    assert relations(lede.format("man", "not guilty") + "Tom Berg, 55, of Lund, faces ten years in prison.") == set()
    assert relations("A Lund man was charged Monday with threatening to kill Anna Vik, prosecutors said.\n"
                     "Tom Berg, 55, of Lund, faces ten years in prison.") == set()
    # the person named before the description, or of the other gender, is not the one described
    assert ("Tom Berg", "THREATEN", "asserted", "Anna Vik") not in relations(
        "Tom Berg met Anna Vik in May. " + lede.format("man", "guilty") + "Tom Berg, 55, of Lund, faces ten years.")
    assert relations(lede.format("woman", "guilty") + "Mr. Tom Berg, 55, of Lund, faces ten years in prison.") == set()


def test_a_negated_or_urged_event_is_not_asserted_and_a_partner_is_no_target(analyze_text):
    def relations(text):
        doc, _ = analyze_text(text)
        return {(r.source_name, r.type, r.polarity, r.target_name) for r in doc.relations}

    assert relations("Court\n\nThe Norland Justice Ministry decided to arrest Anna Berg on Monday.\n") == {
        ("Norland Justice Ministry", "COERCE", "asserted", "Anna Berg")}
    # the event word itself negated, below the actors' common head
    assert relations("Court\n\nThe Norland Justice Ministry decided not to arrest Anna Berg on Monday.\n") == {
        ("Norland Justice Ministry", "COERCE", "denied", "Anna Berg")}
    # urged, with a partner named beside the actor
    found = relations("Trade\n\nAnd together with Canada, Mexico should sue Norland in every court to resist the "
                      "tariffs.\n")
    assert ("Mexico", "ACCUSE", "hypothetical", "Norland") in found
    assert not any(target == "Canada" for _, _, _, target in found)
    # the one passed over is no party to the backing
    assert relations("Veterans\n\nLooking ahead to the future of the armed forces, retired Gen. Norman Ham explained "
                     "why he backs Tom Vik over Democratic nominee Anna Berg.\n") == {
        ("Norman Ham", "SUPPORT", "asserted", "Tom Vik")}


def test_the_one_passed_over_is_no_party_when_the_parser_leaves_over_bare():
    from types import SimpleNamespace

    from spacy.tokens import Doc

    from claimscope.analyzers.relations import _acts
    from claimscope.pipeline import nlp

    # the parse of "he backs Trump over Democratic nominee Hillary Clinton": "over" with no object
    words = ["Ham", "backs", "Tom", "Vik", "over", "Anna", "Berg", "."]
    doc = Doc(nlp.load().vocab, words=words, heads=[1, 1, 3, 1, 1, 6, 1, 1],
              deps=["nsubj", "ROOT", "compound", "dobj", "prep", "compound", "dobj", "punct"],
              lemmas=["Ham", "back", "Tom", "Vik", "over", "Anna", "Berg", "."],
              pos=["PROPN", "VERB", "PROPN", "PROPN", "ADP", "PROPN", "PROPN", "PUNCT"])
    person = SimpleNamespace(label="PERSON")
    assert _acts(doc[2:4], person, set(), doc.text)
    assert not _acts(doc[5:7], person, set(), doc.text)


def test_he_after_a_subject_the_tagger_missed_is_no_one_named_further_back(analyze_text):
    def relations(name):
        doc, _ = analyze_text(
            "Tom Vik's favorite TV doctor has a basketful of critics\n\n" + name + " — Ivy League-trained surgeon "
            "and daytime TV star — has been called a charlatan by fellow physicians for promoting quack cures. "
            "He’s been investigated by Congress for fraudulently promoting weight loss pills.\n")
        return {(r.source_name, r.type, r.target_name) for r in doc.relations}

    assert relations("Mehmet Oz") == set()  # the tagger misses the name; not Tom Vik of the headline
    assert relations("Kemal Soy") == {("Congress", "ACCUSE", "Kemal Soy")}  # the name found: the he is his


def test_an_endorsement_received_goes_from_its_giver_and_a_platform_is_no_party(analyze_text):
    doc, _ = analyze_text("Campaign\n\nHillary Clinton received the endorsement of basketball star LeBron James on "
                          "Monday.\nDonald Trump has won the support of the Republican Party in Ohio.\n"
                          "On Friday, Senator Ted Cruz thanked Donald Trump on Twitter for his help with the farm bill.\n")
    found = {(r.source_name, r.type, r.target_name) for r in doc.relations}
    assert ("LeBron James", "SUPPORT", "Hillary Clinton") in found
    assert ("Republican Party", "SUPPORT", "Donald Trump") in found
    assert not any(s in ("Hillary Clinton", "Donald Trump") and t in ("LeBron James", "Republican Party")
                   for s, _, t in found)
    assert ("Ted Cruz", "SUPPORT", "Donald Trump") in found
    assert not any("Twitter" in (s, t) for s, _, t in found)


def test_an_attack_made_in_tweets_is_one_of_words_whoever_the_target_is():
    from claimscope.analyzers.relations.triggers import verbal_attack
    from claimscope.pipeline import nlp

    sent = nlp.load()("Over several nights the candidate attacked Machado in tweet after tweet.")
    attacked = next(t for t in sent if t.lemma_ == "attack")
    assert verbal_attack("ASSAULT", attacked, "PERSON", "ORG")
    sent = nlp.load()("Norland attacked the town of Vik with artillery.")
    attacked = next(t for t in sent if t.lemma_ == "attack")
    assert not verbal_attack("ASSAULT", attacked, "GPE", "GPE")


def test_a_sentence_is_not_credited_to_a_speaker_whose_cue_only_describes_one_of_its_nouns(analyze_text):
    doc, _ = analyze_text("Trade\n\nTwenty months on, the quarrel over tariffs has still not ended in the clean victory "
                          "that Mr. Lund hoped for.\n")
    assert any(a.cue.text == "hoped" for a in doc.attributions)  # the cue this is about
    assert [c.voice for c in doc.claims] == ["article"]
    doc, _ = analyze_text("Trade\n\nThe study lists forty shipments of rifles to the militia, the ministry said.\n")
    assert [c.voice for c in doc.claims] == ["attributed"]


def test_a_lawyers_denial_of_intended_harm_sits_beside_the_threat_it_denies(analyze_text):
    doc, _ = analyze_text(
        "Court\n\nA Dryden carpenter, Peter Hallam, pleaded guilty on Friday to threatening to kill Senator "
        "Anna Lind, prosecutors said.\n"
        "Hallam's lawyer, Maria Stolt, wrote in a statement that Hallam never meant to hurt Lind.\n")
    denial = next(c for c in doc.claims if c.is_denial)
    assert denial.speaker_name == "Maria Stolt"  # the apposed name, not the client who owns the role
    threat = next(c for c in doc.claims if "pleaded guilty" in c.text)
    assert threat.id in denial.denies


def test_a_reporter_who_demands_how_asks_and_asserts_nothing(analyze_text):
    doc, _ = analyze_text("Interview\n\nOn air, the presenter Emily Stone repeatedly demanded how Karl Vance could "
                          "be so certain where he had been on the evening of June 3, when he allegedly took "
                          "$2 million in bribes from Norland Oil.\n")
    assert any(a.cue.text.endswith("demanded") for a in doc.attributions)
    assert not any(c.speaker_name == "Emily Stone" for c in doc.claims)


def test_an_allegation_no_one_is_named_for_is_neither_the_articles_nor_unhedged(analyze_text):
    doc, _ = analyze_text("News\n\nIt is alleged that the minister took $2 million in bribes from Norland Oil in "
                          "2018.\n")
    claim = next(c for c in doc.claims if "took $2 million" in c.text)
    assert claim.speaker_name.startswith("no one named") and claim.hedged and claim.evidence_type == "none"


def test_a_denial_of_someones_claims_denies_what_that_claimant_said(analyze_text):
    # "rejected the union's claims": the claims are the union's, whatever words they use, and only
    # those that name the denier's side; a third speaker's claim about the same body is not denied
    doc, _ = analyze_text(
        "Dock pay dispute\n\n"
        "The Varn Dockers Union said the Lakeport Authority had cut night-shift pay twice since March.\n\n"
        "Auditor Mira Solberg said the Lakeport Authority had hired forty new pilots this year.\n\n"
        "The Lakeport Authority rejected the Varn Dockers Union's claims on Friday.\n")
    denial = next(c for c in doc.claims if c.is_denial)
    denied = [c.text for c in doc.claims if c.id in denial.denies]
    assert len(denied) == 1 and "night-shift pay" in denied[0], denied


def test_what_a_question_or_a_meeting_is_about_is_no_party_to_it(analyze_text):
    def relations(sentence):
        doc, _ = analyze_text("Words\n\n" + sentence + "\n")
        return {(r.source_name, r.type, r.target_name) for r in doc.relations}

    assert relations("Anna Vik asked about the Halden Party at the hearing.") == set()
    assert relations("Anna Vik met Tom Berg about the Halden Party.") == {("Anna Vik", "CONSULT", "Tom Berg")}
    # the one asked is a party
    assert relations("Anna Vik asked the Halden Party for new figures.") == {("Anna Vik", "REQUEST", "Halden Party")}


def test_a_denial_naming_a_claimant_without_claims_of_its_own_still_finds_the_accusation(analyze_text):
    # the claimant named ("the Kessa Courier's allegations") asserts nothing in the text itself: the
    # accusation the text just made is the one denied
    doc, _ = analyze_text(
        "Harbour news\n\nPort chief Tomas Hale took bribes from two shipping firms in 2019, according to documents "
        "seen by the Kessa Courier.\n\nHale denied the Kessa Courier's allegations on Monday.\n")
    denial = next(c for c in doc.claims if c.is_denial)
    assert [c.text[:28] for c in doc.claims if c.id in denial.denies] == ["Port chief Tomas Hale took b"]


def test_sanctions_imposed_and_demands_read_as_plovers_training_data_reads_them(analyze_text):
    def relations(sentence):
        doc, _ = analyze_text("A headline\n\n" + sentence + "\n")
        return {(r.source_name, r.type, r.target_name): r.polarity for r in doc.relations}

    # PLV_train types imposing sanctions as COERCE; a demonym speaks for its country
    assert relations("Norland imposed new sanctions on Sudria on Monday.").get(("Norland", "COERCE", "Sudria")) == "asserted"
    assert ("Brazil", "SANCTION", "Venezuela") in relations("Brazil expelled two Venezuelan diplomats.")
    # a deed someone demands has not happened
    found = relations("Lawmakers are demanding that Norland investigate Sudria over the leak.")
    assert found.get(("Norland", "ACCUSE", "Sudria")) == "hypothetical"
    # a state the alias table knows is named by it, though the text names only its organ
    assert ("United States", "COERCE", "Dana Whitfield") in relations("The FBI arrested Dana Whitfield in her office.")
    # a thing coordinated with the event noun is no party to it ("the investigation and Sudria")
    assert not relations("Norland mishandled the investigation and Sudria accused Varnia of stalling.").get(
        ("Norland", "ACCUSE", "Sudria"))


def test_an_event_noun_done_by_someone_and_a_states_envoys_and_people(analyze_text):
    relations = partial(triples, analyze_text)

    # "of" names whom the arrest falls on, "by" who makes it
    assert ("France", "COERCE", "Pierre Dubois") in relations("The arrest of Pierre Dubois by French police drew protests.")
    # a state acts on another through its envoys and its people ("Guatemalan", which the tagger takes for a name)
    assert ("Canada", "SANCTION", "China") in relations("Canada expelled a Chinese diplomat on Friday.")
    assert ("Mexico", "COERCE", "Guatemala") in relations("Mexico deported 300 Guatemalan migrants last week.")


def test_denying_a_deed_toward_someone_is_no_rejection_of_them(analyze_text):
    def relations(sentence):
        doc, _ = analyze_text("A headline\n\n" + sentence + "\n")
        return {(r.source_name, r.type, r.target_name): r.polarity for r in doc.relations}

    # "denied supplying drones to Sudria" denies aid; asserting that Norland rejects Sudria inverts it
    found = relations("Norland denied supplying drones to Sudria.")
    assert not any(rtype == "REJECT" for _, rtype, _ in found)
    assert found.get(("Norland", "AID", "Sudria")) == "denied"
    assert relations("Norland denied attacking Sudria.").get(("Norland", "ASSAULT", "Sudria")) == "denied"
    # "that it had …": the denier's own deed in a clause
    assert relations("Norland denied that it had ever attacked Sudria.").get(("Norland", "ASSAULT", "Sudria")) == "denied"
    # a rejection of someone's offer is still one
    assert relations("Norland rejected Sudria's offer of talks.").get(("Norland", "REJECT", "Sudria")) == "asserted"


def test_an_air_strike_on_what_a_group_holds_is_an_assault_on_the_group(analyze_text):
    doc, _ = analyze_text("A headline\n\nJordanian jets struck Islamic State positions near the border overnight.\n")
    found = {(r.source_name, r.type, r.target_name) for r in doc.relations}
    # "strike" is also a protest's word; with a blow in it the verb is no act of speech
    assert ("Jordan", "ASSAULT", "ISIS") in found


def test_an_actor_beside_the_event_word_is_a_party_only_from_the_event_words_own_clause(analyze_text):
    relations = partial(triples, analyze_text)

    # the event word is the subject of the verb the other actor hangs from: Sudria is no party to the refusal
    assert relations("Norland's refusal to pay the debt did not go over well with Sudria, officials said.") == set()
    # the actor is the subject of a clause of its own, not the one the event word is in
    assert relations("Given how Norland attacks its neighbours every year, it is likely that Sudria will arm itself.") == set()
    # from the event word's own clause an argument of its verb is still a party
    assert ("Norland Trade Commission", "CONSULT", "Sudria Telecom") in relations(
        "The Norland Trade Commission holds a public hearing on Friday with executives from Sudria Telecom.")


def test_a_states_adjective_on_an_act_names_the_state_as_its_doer(analyze_text):
    relations = partial(triples, analyze_text)

    assert ("Russia", "ASSAULT", "Ukraine") in relations("The Russian attack on Ukraine killed ten people.")
    assert ("Norway", "SUPPORT", "Sweden") in relations("Norway welcomed the Swedish decision to free the prisoners.")
    # a name found once by the tagger is an actor where it recurs
    assert ("Wikileaks", "SUPPORT", "Sweden") in relations(
        "The cables were released by Wikileaks in 2010. There was no comment from the embassy, but Wikileaks "
        "welcomed the Swedish decision to close the case. The Wikileaks founder, Julian Assange, is in London.")
    # an adjective on a thing is no doer
    assert relations("Norway sells Swedish cars to Finland.") == set()


def test_a_lead_given_in_a_game_and_a_product_offered_are_no_aid():
    from claimscope.analyzers.relations.triggers import in_play, thing_given
    from claimscope.pipeline import nlp

    doc = nlp.load()("Two late goals gave the Wild a lead they never lost.")
    gave = next(t for t in doc if t.lemma_ == "give")
    assert in_play("AID", gave)
    doc = nlp.load()("Norland gave Sudria a loan to rebuild the port.")
    assert not in_play("AID", next(t for t in doc if t.lemma_ == "give"))
    # the only object of a verb of handing over is the thing handed over, with its owner
    doc = nlp.load()("Amazon offers Apple's 12-inch MacBook for $700.")
    offers = next(t for t in doc if t.lemma_ == "offer")
    assert thing_given(offers, doc[2:3]) and thing_given(offers, doc[6:7])  # Apple, MacBook
    doc = nlp.load()("Norland offered Sudria a loan.")
    assert not thing_given(next(t for t in doc if t.lemma_ == "offer"), doc[2:3])  # Sudria gets the loan


def test_a_visit_to_a_state_is_a_meeting_with_it_and_a_visit_to_a_province_is_not(analyze_text):
    relations = partial(triples, analyze_text)

    assert ("Anna Berg", "CONSULT", "China") in relations("President Anna Berg visited China last week.")
    assert relations("Governor Anna Berg visited Nevada last week.") == set()


def test_the_body_a_report_is_according_to_is_no_party():
    from types import SimpleNamespace

    from claimscope.analyzers.relations import _acts
    from claimscope.pipeline import nlp

    doc = nlp.load()("President Anna Berg, according to the Norland Foreign Ministry, made a trip to Sudria.")
    ministry = doc[7:10]
    assert ministry.text == "Norland Foreign Ministry"
    assert not _acts(ministry, SimpleNamespace(label="ORG"), set(), doc.text)
    doc = nlp.load()("President Anna Berg met the Norland Foreign Ministry on Monday.")
    assert _acts(doc[5:8], SimpleNamespace(label="ORG"), set(), doc.text)


def test_a_negated_act_is_typed_as_the_act_and_shown_denied(analyze_text):
    doc, _ = analyze_text("A headline\n\nSenator Anna Berg said after the vote she would not accept Tom Vik's "
                          "endorsement if it were offered.\n")
    # read with its "not", the act looks like a rejection of Vik, and no word of rejection is there
    assert {(r.source_name, r.type, r.polarity, r.target_name) for r in doc.relations} == {
        ("Anna Berg", "AGREE", "denied", "Tom Vik")}
