def _types(doc):
    return [(s.type, s.text) for s in doc.signals]


def test_question_headline(analyze_text):
    doc, _ = analyze_text("Cover picture\n\nIs the mayor hiding the audit?\n\nThe audit was published on Monday.\n")
    assert ("question_headline", "Is the mayor hiding the audit?") in _types(doc)


def test_statement_headline_is_not_flagged(analyze_text):
    doc, _ = analyze_text("Mayor publishes the audit\n\nDid anyone read it? Few did.\n")
    assert "question_headline" not in [t for t, _ in _types(doc)]
    # a question to the reader puts no claim about anyone
    doc, _ = analyze_text("Gift guide: what do you buy for the mayor who has everything?\n\nThe mayor likes books.\n")
    assert "question_headline" not in [t for t, _ in _types(doc)]


def test_vague_sources(analyze_text):
    doc, _ = analyze_text(
        "Port news\n\nMany analysts see the port as a smuggling hub. Sources say the ships left at night. "
        "It is widely believed that the minister knew. The cargo was reportedly worth millions. "
        "An official who spoke on condition of anonymity confirmed the figure.\n")
    vague = [text for kind, text in _types(doc) if kind == "vague_source"]
    assert "Many analysts" in vague
    assert "Sources say" in vague
    assert any(v.startswith("It is widely believed") for v in vague)
    assert "reportedly" in vague
    assert any("condition of anonymity" in v for v in vague)


def test_named_source_is_not_vague(analyze_text):
    doc, _ = analyze_text("Port news\n\nHarbour master Lena Ortiz said the ships left at night.\n")
    assert not [s for s in doc.signals if s.type == "vague_source"]


def test_acronym_mismatch(analyze_text):
    doc, _ = analyze_text(
        "Port news\n\nThe Institute for Maritime Security (IMC) wrote the report. "
        "The North Atlantic Treaty Organization (NATO) and the Justice and Development Party (AKP) replied. "
        "The Harbour Watch Group (HWG) agreed.\n")
    mismatches = [s for s in doc.signals if s.type == "acronym_mismatch"]
    assert [s.text for s in mismatches] == ["Institute for Maritime Security (IMC)"]
    sig = mismatches[0]
    assert doc.text[sig.start:sig.end] == sig.text
    assert sig.evidence[0].text == "IMC"


def _signals(analyze_text, text, kind):
    doc, _ = analyze_text(text)
    return [s.text for s in doc.signals if s.type == kind]


def test_a_group_is_vague_only_when_it_is_the_source(analyze_text):
    assert _signals(analyze_text, "News\n\nMany people live in the old port, and some users complained.\n",
                    "vague_source") == []
    assert _signals(analyze_text, "News\n\nMany experts believe the port will close.\n", "vague_source") == ["Many experts"]


def test_unnamed_people_as_the_subject_of_saying_are_vague(analyze_text):
    text = ("Port news\n\nSome customers who called the line reported waits of two hours. Others reported lost "
            "bookings. Officials have warned that the pier is unsafe. \"Stay away,\" one dock worker said.\n")
    found = _signals(analyze_text, text, "vague_source")
    assert any(f.startswith("Some customers") for f in found)
    assert "Others reported" in found and "Officials have warned" in found
    assert any("one dock worker" in f for f in found)
    # a user of a social network is nobody in particular; the staff of a named company are not vague
    found = _signals(analyze_text, "Port news\n\nOne Weibo commenter said the pier was unsafe. Alibaba executives "
                                   "said the sale had gone well.\n", "vague_source")
    assert any("Weibo commenter" in f for f in found) and not any("Alibaba" in f for f in found)


def test_unnamed_people_that_pass_nothing_on_are_not_flagged(analyze_text):
    text = ("Port news\n\nAuthorities were accused of hiding the report. Doctors don't consider the dust. "
            "Norland's leaders believe the port is theirs. The rules allowed workers to see how the cranes moved. "
            "Users know and love the new ferry. His friends wanted some say in the sale of his boat, but their "
            "efforts failed. People who post photos of the ferry will still know how many people liked them.\n")
    assert _signals(analyze_text, text, "vague_source") == []


def test_anonymous_sourcing_phrases_are_found(analyze_text):
    found = _signals(analyze_text, "News\n\nThe deal was signed, according to people familiar with the matter, "
                                   "who asked not to be identified.\n", "vague_source")
    assert found == ["people familiar with", "asked not to be identified"]


def test_a_named_body_cancels_the_vague_flag_and_documents_are_not_vague(analyze_text):
    text = ("News\n\nOfficials at the Harbour Authority said the pier was closed. Officials said the ferry was late. "
            "According to court documents, the company paid the fine.\n")
    assert _signals(analyze_text, text, "vague_source") == ["Officials said"]


def test_acronyms_with_a_known_reading_are_not_mismatches(analyze_text):
    text = ("Markets\n\nThe New York State Attorney General (NYAG) sued the firm, and the Korea Composite Stock Price "
            "Index (KOSPI) fell. The Center for Strategic Studies (CSI) published a report.\n")
    assert _signals(analyze_text, text, "acronym_mismatch") == ["Center for Strategic Studies (CSI)"]


def test_only_grave_accusations_against_named_actors_are_unattributed_allegations(analyze_text):
    background = ("News\n\nAfter debuting the new Juke, Nissan has taken the covers off the eighth-generation Sentra. "
                  "The House subcommittee that funds NASA met in March 2025. Over the centuries, plague has killed "
                  "millions of people around the world.\n")
    assert _signals(analyze_text, background, "unattributed_allegation") == []
    accusing = ("News\n\nThe mayor Anna Vik embezzled 40,000 euros from the harbour fund in 2023. "
                "The Norland army supplied rifles and explosives to the Red Dawn militia in March 2025.\n")
    found = _signals(analyze_text, accusing, "unattributed_allegation")
    assert len(found) == 2 and found[0].startswith("The mayor Anna Vik") and "Red Dawn militia" in found[1]


def test_unnamed_officials_in_the_past_tense_and_not_in_questions(analyze_text):
    text = ("Port news\n\nThe ferry landed at the Lund terminal at noon, an airport official said. "
            "Some said they felt cheated. What did the prosecutors say? Prosecutors told reporters the case was closed.\n")
    assert _signals(analyze_text, text, "vague_source") == ["an airport official said", "Some said", "Prosecutors told"]


def test_a_named_speaker_in_the_sentence_cancels_a_hedge(analyze_text):
    text = ("Raid\n\nWhile searching the car, officers reportedly located marijuana, Lt. Matt Harris said. "
            "The mayor reportedly resigned.\n")
    assert _signals(analyze_text, text, "vague_source") == ["reportedly"]
    doc, _ = analyze_text(text)
    assert next(s for s in doc.signals if s.type == "vague_source").start > text.index("Harris said")


def test_agentless_passives_and_unnamed_bodies_are_vague_unless_a_source_is_named(analyze_text):
    text = ("Port news\n\nThe fever is believed to have started on the ships. The harbour master was said to be "
            "furious. Forty boats were idle, according to a group representing the fishermen. The ferry is expected "
            "to sail on Monday. The pier was said to be unsafe, according to Reuters. A diver fell ill, according "
            "to a case report published in the journal Harbour Medicine. Many analysts warned of Vesta's "
            "debts.\n")
    assert _signals(analyze_text, text, "vague_source") == ["is believed to", "was said to", "according to a group",
                                                            "Many analysts"]


def test_a_group_placed_somewhere_or_seeing_something_as_something_is_vague(analyze_text):
    text = ("Port news\n\nMany in the harbour town fear that the pier will close. The army cleared the barricades, which many "
            "saw as an attempt to show its strength. Employees across the port say the cranes are unsafe.\n")
    found = _signals(analyze_text, text, "vague_source")
    assert "Many in the harbour town fear" in found and "many saw" in found
    assert any(f.startswith("Employees across the port") for f in found)
    # a group with a name in its phrase, or one that is not the source of anything, is left alone
    text = ("Port news\n\nSome in the Norland government say the pier will close. Many of whom live in Lund "
            "left. Many saw the ferry leave.\n")
    assert _signals(analyze_text, text, "vague_source") == []


def test_an_anonymous_source_a_named_outlet_cites_is_still_flagged(analyze_text):
    doc, _ = analyze_text("Markets\n\nCNBC reported that the mood in Beijing was pessimistic. The news organization, "
                          "citing an anonymous government source, reported that the talks had stalled.\nThe mayor "
                          "spoke to an unnamed witness on Monday, Lt. Tom Hale said.\n")
    assert [s.text for s in doc.signals if s.type == "vague_source"] == ["anonymous government source"]


def test_supposedly_before_a_quality_is_irony_but_before_an_act_passes_a_claim_on(analyze_text):
    doc, _ = analyze_text("Opinion\n\nThe board objected to her supposedly careless plan. "
                          "The envoy supposedly met the rebels in March.\n")
    flagged = [s.text for s in doc.signals if s.type == "vague_source"]
    assert flagged.count("supposedly") == 1
    sig = next(s for s in doc.signals if s.text == "supposedly")
    assert sig.start > doc.text.index("envoy")
