import contextlib
import signal

import pytest

from claimscope.analyzers.attributions import find_quotes

STORY = """Harbour inquiry

Harbour master Lena Ortiz said on Monday that the cranes had been idle for a week.
"We have never seen anything like it," she told reporters. "The ships simply stopped coming."
According to the port authority, traffic fell by a third in March.
Customs chief Paul Brandt denied that any cargo had been seized.
"Nothing was confiscated," the chief said.
The report by the Harbour Watch Group found that inspections were skipped.
The study said the skipped inspections began in January.
"""


def _by_speaker(doc):
    out = {}
    for a in doc.attributions:
        out.setdefault(a.speaker_name, []).append(a)
    return out


def test_reported_speech_quotes_and_according_to(analyze_text):
    doc, _ = analyze_text(STORY)
    speakers = _by_speaker(doc)
    ortiz = speakers["Lena Ortiz"]
    kinds = {a.kind for a in ortiz}
    assert {"indirect", "direct"} <= kinds
    indirect = next(a for a in ortiz if a.kind == "indirect")
    assert indirect.content[0].text == "that the cranes had been idle for a week"
    assert indirect.source.text == "Harbour master Lena Ortiz"
    told = next(a for a in ortiz if a.cue and a.cue.text.startswith("told"))
    assert told.source.text == "she" and "pronoun" in told.resolved_by
    # the second quote in the paragraph continues the same speaker
    assert any("simply stopped coming" in c.text for c in told.content)
    according = next(a for a in doc.attributions if a.kind == "according_to")
    assert according.source.text == "the port authority"
    assert according.content[0].text.startswith("traffic fell by a third")


OWN_DEEDS = """Arms inquiry

A report says Norland armed the rebels. Norland said it had never armed the rebels.
The prosecutors say Patrick Dune threatened to kill Mayor Ann Lee. Dune's lawyer, Tom Berg, said Dune never intended to harm Lee.
Acme Corp. said it would not comment on the lawsuit.
Coach Ivo Sand said he did not expect the vote to pass.
"I haven't talked to the trainers at all," Sand said.
"""


def test_a_speaker_who_says_their_side_did_not_do_it_denies_it(analyze_text):
    doc, _ = analyze_text(OWN_DEEDS)
    denials = {a.content[0].text for a in doc.attributions if a.is_denial}
    assert denials == {"it had never armed the rebels", "Dune never intended to harm Lee"}
    # the denial stands beside the claim it denies
    norland = next(c for c in doc.claims if c.is_denial and "never armed" in c.text)
    assert [c.text for c in doc.claims if c.id in norland.denies] == ["Norland armed the rebels"]


def test_denial_and_role_resolution(analyze_text):
    doc, _ = analyze_text(STORY)
    brandt = _by_speaker(doc)["Paul Brandt"]
    denial = next(a for a in brandt if a.is_denial)
    assert denial.cue.text == "denied"
    assert "any cargo had been seized" in denial.content[0].text
    chief = next(a for a in brandt if a.source and a.source.text == "the chief")
    assert chief.kind == "direct" and "role" in chief.resolved_by


def test_indefinite_role_is_a_new_speaker(analyze_text):
    text = ("Mayor Anna Keller opened the new bridge on Friday.\n"
            "A city spokesman said the tolls would end in May.\n"
            "The mayor said the bridge had cost less than planned.\n")
    doc, _ = analyze_text(text)
    spokesman = next(a for a in doc.attributions if a.source and a.source.text == "A city spokesman")
    assert spokesman.speaker is None and spokesman.resolved_by is None
    mayor = next(a for a in doc.attributions if a.source and a.source.text == "The mayor")
    assert mayor.speaker_name == "Anna Keller"


def test_report_as_source(analyze_text):
    doc, _ = analyze_text(STORY)
    study = next(a for a in doc.attributions if a.source and a.source.text == "The study")
    assert study.speaker_name.startswith("the study")
    found = next(a for a in doc.attributions if a.cue and a.cue.text == "found")
    assert "Harbour Watch Group" in (found.speaker_name or "")


def test_offsets_slice_the_text(analyze_text):
    doc, _ = analyze_text(STORY)
    for a in doc.attributions:
        for span in [a.cue, a.source, *a.content]:
            if span is not None:
                assert doc.text[span.start:span.end] == span.text


@pytest.mark.parametrize("text", [
    'He said: "this never closes and runs on and on\n\nNext paragraph, she said.\n',
    "“Curly open, straight close,\" the mayor said. “Another one” she added “and a third.\n",
    "The minister said ''we will win,'' and the aide said “no.\n",
    "“Quote one, ”he told the Coastal Ledger.  “ Spaced marks ”, said the aide.\n",
    "« Guillemets » et “mixed” \"marks\" ' stray apostrophe \" here\n",
    '"\n"\n""\n" " said he\n',
    "It’s the mayor’s view that ‘single quotes’ don’t count, he said.\n",
])
def test_odd_quotation_marks_never_fail(analyze_text, text):
    doc, report = analyze_text("Odd marks\n\n" + text)
    for a in doc.attributions:
        for span in a.content:
            assert doc.text[span.start:span.end] == span.text
    assert report.to_html()


def test_find_quotes_handles_garbled_close():
    text = "“I sent fighters to the border, “he told the paper. “We met weekly,” she said."
    quotes = find_quotes(text)
    assert text[quotes[0][0]:quotes[0][1]] == "“I sent fighters to the border, “"
    assert text[quotes[1][0]:quotes[1][1]] == "“We met weekly,”"


def test_multi_paragraph_quote():
    text = "He said:\n\n“First paragraph of the quote.\n\n“Second paragraph,” he added.\n"
    quotes = find_quotes(text)
    assert len(quotes) == 1 and text[quotes[0][0]:quotes[0][1]].endswith("paragraph,”")


def _speaker_of(doc, cue_text, source_text):
    return next(a.speaker_name for a in doc.attributions if a.cue and a.cue.text == cue_text
                and a.source and a.source.text == source_text)


def test_pronouns_agree_in_gender_and_skip_names_inside_the_quote(analyze_text):
    text = ("Harbour talks\n\n"
            "Ms Anna Vik, the harbour master, met the union leader Tom Berg on Monday.\n"
            "\"We will rebuild the pier,\" she said after the meeting.\n"
            "\"Tom Berg has promised us nothing,\" she told reporters.\n"
            "Berg left early, and he said the talks would go on in June.\n")
    doc, _ = analyze_text(text)
    assert _speaker_of(doc, "said", "she") == "Anna Vik"  # not Tom Berg, the last person named
    assert _speaker_of(doc, "told", "she") == "Anna Vik"  # the name inside the quote is not its speaker
    assert _speaker_of(doc, "said", "he") == "Tom Berg"


def test_it_and_they_go_to_organisations(analyze_text):
    text = ("Port closure\n\nThe Harbour Authority closed the northern pier on Friday. "
            "It said the cranes were unsafe.\n")
    doc, _ = analyze_text(text)
    assert _speaker_of(doc, "said", "It") == "Harbour Authority"


def test_a_body_named_by_a_common_noun_is_the_organisation_named_before(analyze_text):
    text = ("Harbour dispute\n\n"
            "The Veltrian Ministry of Defence said on Monday that the harbour would stay closed. "
            "The ministry added that no ships had been seized. It said the patrols would continue.\n\n"
            "Acme Shipping Corp. disputed the account. The company said its vessels had been stopped twice. "
            "They said the navy had fired warning shots.\n\n"
            "Local fishermen were angry. They said the closure had cost them a month of income.\n\n"
            "The prices rose sharply. They said nothing about it.\n")
    doc, _ = analyze_text(text)
    by_content = {a.content[0].text: a for a in doc.attributions}
    assert by_content["that no ships had been seized"].speaker_name == "Veltrian Ministry of Defence"
    assert by_content["the patrols would continue"].speaker_name == "Veltrian Ministry of Defence"
    assert by_content["its vessels had been stopped twice"].speaker_name == "Acme Shipping Corp"
    assert by_content["the navy had fired warning shots"].speaker_name == "Acme Shipping Corp"
    assert by_content["the closure had cost them a month of income"].speaker_name == "Local fishermen"
    # prices do not speak: "they" stays unresolved rather than wrong
    assert by_content["nothing about it"].resolved_by is None
    assert all(a.resolved_by for a in doc.attributions if a.source and a.source.text in ("The ministry", "The company"))


def test_the_company_is_not_guessed_past_a_subject_the_tagger_missed(analyze_text):
    text = ("Launch plans\n\nBlue Origin showed its lander in May. "
            "Starcraft is said to have bid as well, but the company said nothing.\n")
    doc, _ = analyze_text(text)
    att = next(a for a in doc.attributions if a.source and a.source.text == "the company")
    assert att.speaker_name != "Blue Origin"


def test_a_quote_over_paragraphs_is_one_attribution_with_a_span_per_paragraph(analyze_text):
    text = ("Mayor speaks\n\n\"We will not allow this,\" said Mayor Anna Brill. \"The harbour belongs to Kessa.\n\n"
            "\"And we will defend it in court. Nobody will take it from us.\"\n\nBrill spoke at a rally.\n")
    doc, _ = analyze_text(text)
    brill = [a for a in doc.attributions if a.speaker_name == "Anna Brill"]
    assert len(brill) == 1
    parts = [c.text for c in brill[0].content]
    assert parts[-2].startswith("\"The harbour") and parts[-1].startswith("\"And we will defend")
    assert all("\n" not in p for p in parts)


def test_plural_roles_and_unmatched_roles_are_never_the_last_person(analyze_text):
    text = ("Threat case\n\nPatrick Carlineo called the office in March. Officials from the Harbour Authority said "
            "the pier was unsafe. The officials said it would reopen. The governor of Norland said the port was safe.\n")
    doc, _ = analyze_text(text)
    for att in doc.attributions:
        if att.source and att.source.text != "Patrick Carlineo":
            assert att.speaker_name != "Patrick Carlineo", att.source.text
            assert att.resolved_by is None


def test_a_verb_in_a_series_speaks_for_the_series_subject(analyze_text):
    text = ("Threat case\n\nPatrick Carlineo called the office in March. During the call, he asked about the "
            "Muslim Brotherhood, called Omar a \"terrorist\" and said he was angry, the prosecutor's office said.\n")
    doc, _ = analyze_text(text)
    called = next(a for a in doc.attributions if a.content and a.content[0].text.startswith("Omar"))
    assert called.speaker_name == "Patrick Carlineo"


def test_a_titled_person_in_apposition_speaks_not_the_place_in_the_title(analyze_text):
    text = ("Extradition\n\nIn June, the then UK Home Secretary, Sajid Javid, said the extradition request "
            "from the US was lawful. Turkish President Recep Tayyip Erdogan said the claims were lies.\n")
    doc, _ = analyze_text(text)
    assert _speaker_of(doc, "said", "the then UK Home Secretary, Sajid Javid") == "Sajid Javid"
    assert _speaker_of(doc, "said", "Turkish President Recep Tayyip Erdogan") == "Recep Tayyip Erdogan"


def test_the_person_quoted_just_before_goes_on_speaking(analyze_text):
    text = ("Hearing\n\n\"He has me thinking,\" said Sowers, who is also considering Tom Berg and Joe Biden. "
            "She said the talks went well.\n")
    doc, _ = analyze_text(text)
    assert _speaker_of(doc, "said", "She") == "Sowers"  # not Joe Biden, the last person named


def test_a_name_inside_the_quote_is_never_its_speaker(analyze_text):
    text = "Hearing\n\nMayor Peter Holm met the press on Monday.\n\"Tom Berg has promised us nothing,\" he told reporters.\n"
    doc, _ = analyze_text(text)
    assert _speaker_of(doc, "told", "he") == "Peter Holm"


def test_of_two_subjects_the_one_next_to_the_verb_speaks(analyze_text):
    # the small parser reads "CPUC" and "Lund" as two subjects of "said"
    text = ("Hearing\n\nThe company's chief executive Tom Berg said the cuts were needed. "
            "In a letter, CPUC President Anna Lund said that the outage endangers lives. "
            "She said residents had no warning.\n")
    doc, _ = analyze_text(text)
    subjects = [t.text for t in doc.spacy_doc if t.dep_ == "nsubj" and t.head.text == "said" and t.i < 30]
    assert {"CPUC", "Lund"} <= set(subjects)  # the parse this test is about
    assert _speaker_of(doc, "said", "She") == "Anna Lund"
    assert any(a.speaker_name == "Anna Lund" and a.source.text.endswith("Anna Lund") for a in doc.attributions)


def test_a_first_name_is_evidence_when_the_text_gives_none(analyze_text):
    doc, _ = analyze_text("Pier talks\n\nAnna Lund met Tom Berg on Monday. "
                          "\"We will rebuild the pier,\" she said.\n")
    assert _speaker_of(doc, "said", "she") == "Anna Lund"  # Tom Berg is the last person named


def test_who_speaks_for_the_name_it_follows_and_a_question_says_nothing(analyze_text):
    doc, _ = analyze_text("Harbour row\n\nTom Berg, who denies the accusation, left Norland in 2012.\n\n"
                          "What did the prosecutors say?\nThe prosecutors said the case was closed.\n")
    denial = next(a for a in doc.attributions if a.cue.text == "denies")
    assert denial.speaker_name == "Tom Berg" and "whom it follows" in denial.resolved_by
    # the heading asks what was said: the prosecutors are no part of their own statement
    for att in doc.attributions:
        assert not any(c.start <= att.source.start and att.source.end <= c.end for c in att.content if att.source)
    assert [c.text for a in doc.attributions for c in a.content if "prosecutors" in (a.speaker_name or "")] == [
        "the case was closed"]


def test_a_name_and_colon_is_speech_in_a_headline_or_a_transcript_not_in_a_list(analyze_text):
    doc, _ = analyze_text("Vik: the harbour deal will cost Norland dearly\n\nAnna Vik runs the harbour of Lund. "
                          "Police made arrests in Lund on Friday.\n"
                          "Ann Lee: possession of heroin, held in jail in lieu of a $5,000 bond.\n"
                          "Tom Berg: I never sold anything to anyone in Lund.\n")
    colon = {a.speaker_name: a.content[0].text for a in doc.attributions if a.cue.text == ":"}
    assert colon.get("Vik") == "the harbour deal will cost Norland dearly"  # the headline's convention
    assert colon.get("Tom Berg") == "I never sold anything to anyone in Lund."  # a transcript
    assert "Ann Lee" not in colon  # a list of charges
    # a headline's kicker, a salutation, the turns of an interview and a note name no speaker
    doc, _ = analyze_text("Harbour Digest: the deal will cost Norland dearly\n\nDear Abby: My husband sold our boat.\n"
                          "Q: How do you prioritize your day?\nNote: Your ticket includes the ferry.\n")
    assert not [a for a in doc.attributions if a.cue.text == ":"]


def test_they_is_no_country_and_a_cue_ends_before_its_time_phrase(analyze_text):
    doc, _ = analyze_text("Harbour row\n\nSweden said on Monday that the talks with Norway had failed. Meanwhile, "
                          "they note that the army has left the border.\n")
    said = {a.cue.text: a for a in doc.attributions}
    assert said["said"].speaker_name == "Sweden"  # the cue is "said", not "said on"
    assert said["note"].speaker is None  # "they" are not Sweden: unresolved rather than wrong


def test_a_debate_in_the_circumstances_of_a_statement_is_not_the_speakers(analyze_text):
    doc, _ = analyze_text("Prison news\n\nThe prison will be turned into a school, Norland's justice minister said on "
                          "Monday, after years of debate over how best to stop it becoming a shrine for militants.\n")
    said = [a for a in doc.attributions if a.cue and a.cue.text == "said"]
    assert said and said[0].speaker_name
    for a in doc.attributions:
        if a.cue and "debate" in a.cue.text:
            assert a.speaker_name is None and a.source is None, a


def test_a_price_charged_and_a_question_are_no_statements(analyze_text):
    doc, _ = analyze_text("Bank news\n\nAccounts at the startups are often free, and the companies will let you go "
                          "50 dollars into the red before they start charging any overdraft fees.\n"
                          "Several banks say they focus on their customers' health, as one bank chief told me, "
                          "and easing the pain that people feel around their money.\n"
                          "What makes that pain go away? At Kell Bank, you can get an early paycheck.\n"
                          "Ann Kell charged that the bank lied about its fees.\n")
    assert not any(a.cue and a.cue.text.startswith("charging") for a in doc.attributions)
    assert any(a.cue and a.cue.text == "charged" and a.speaker_name == "Ann Kell" for a in doc.attributions)
    assert not any(a.source and a.source.text.lower().startswith("what") for a in doc.attributions)


def test_a_studys_author_is_not_its_subjects_and_the_who_is_no_relative_pronoun(analyze_text):
    doc, _ = analyze_text("Health news\n\nOne small study in 50 people with BED showed that yoga led to fewer binges.\n"
                          "A study by Oxfam found that prices rose.\n"
                          "A report from the WHO showed that cases fell.\n")
    names = {a.content[0].text: a.speaker_name for a in doc.attributions}
    assert "BED" not in (names["that yoga led to fewer binges"] or "")
    assert "Oxfam" in names["that prices rose"]
    assert names["that cases fell"] and "showed" not in names["that cases fell"]


def test_a_first_name_the_news_never_gave_still_has_a_gender(analyze_text):
    doc, _ = analyze_text("Lab news\n\nKathleen Vossberg, a staff scientist at the Kell Institute, helped to show that "
                          "the cells protect the pancreas. And in Cohen's studies of the sinus, he discovered that the "
                          "cells respond to bacteria.\n")
    he = next(a for a in doc.attributions if a.source and a.source.text == "he")
    assert he.speaker_name != "Kathleen Vossberg"


def test_a_lawyers_words_are_not_the_clients(analyze_text):
    doc, _ = analyze_text("Court news\n\nA former customs officer, Daniel Marsh, told reporters that the trucks crossed "
                          "at night. The lawyer for Tom Berg said that the trucks were empty.\n")
    by_content = {a.content[0].text: a.speaker_name for a in doc.attributions}
    assert by_content["that the trucks crossed at night"] == "Daniel Marsh"
    assert by_content["that the trucks were empty"] != "Tom Berg"


def test_section_labels_and_discourse_markers_are_no_speakers(analyze_text):
    doc, _ = analyze_text("Column: The Kell merger sends a dismal signal about the future of local news\n\n"
                          "Kell Shipping reportedly demanded a higher price, and the offer fell apart.\n")
    assert not any(a.source and a.source.text == "Column" for a in doc.attributions)
    doc, _ = analyze_text("Harbour news\n\nKell Shipping reportedly demanded a higher price, and the offer fell "
                          "apart. That said, the two companies might have made a good fit, as Kell's leaders have "
                          "long sought a partner. Needless to say, the deal is dead.\n")
    assert not any(a.source and a.source.text == "That" for a in doc.attributions)
    assert not any(a.cue and a.cue.text == "say" for a in doc.attributions)


def test_a_writer_talking_to_the_reader_is_no_speaker(analyze_text):
    doc, _ = analyze_text("Harbour notes\n\nWhy does Kell want the docks? You see, owning shipping terminals has "
                          "become an incredibly lucrative business with the rise in online shopping. Ann Kell said "
                          "that the ferry runs twice a day.\n")
    assert [a.speaker_name for a in doc.attributions] == ["Ann Kell"]


def test_a_verb_that_lets_someone_act_reports_no_statement(analyze_text):
    doc, _ = analyze_text("Harbour notes\n\nThe label is not allowing the singer to perform her early songs on "
                          "tour this winter. The mayor urged the council to close the old pier before spring.\n")
    assert [a.cue.text for a in doc.attributions] == ["urged"]


@contextlib.contextmanager
def _within_seconds(seconds: int):
    """Fail, rather than hang, if the block takes longer (a walk up the parse that never ends)."""
    def fail(*_):
        raise TimeoutError("the walk up the parse did not end")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_a_content_across_two_sentences_is_walked_to_its_ends(pipeline):
    # two roots in one span: the walk up from the second sentence's root must stop there
    from claimscope.analyzers.trees import bare_noun_phrase, modifies_a_noun

    sdoc = pipeline.nlp("The pier closed. Developers who own towers sold them.")
    span = sdoc[0:len(sdoc)]
    second_root = next(t for t in sdoc if t.dep_ == "ROOT" and t.i != span.root.i)
    with _within_seconds(20):
        assert not modifies_a_noun(second_root, span)
        assert modifies_a_noun(next(t for t in sdoc if t.text == "own"), span)
        fragment = pipeline.nlp("A quiet harbour. The ferry stopped running.")
        assert fragment[0:len(fragment)].root.pos_ == "NOUN"
        assert not bare_noun_phrase(fragment[0:len(fragment)])


def test_an_instruction_to_the_reader_is_no_statement(analyze_text):
    doc, _ = analyze_text("Health tips\n\nSeek help from a doctor if the pain lasts. Tell your boss that you need a "
                          "break. Ann Kell said that the clinic was full.\n")
    assert [a.speaker_name for a in doc.attributions] == ["Ann Kell"]


def test_a_tagged_source_is_widened_to_whole_names_and_a_whole_noun(pipeline):
    from claimscope import ingest
    from claimscope.analyzers.attributions.learned import _whole_phrase
    from claimscope.pipeline import Pipeline

    doc = Pipeline(["entities"], model=pipeline.model)(ingest.from_text(
        "T\n\nMany in Hong Kong fear that talks will fail. The protests degrade the party, said Anna Berg.")).spacy_doc
    words = [t.text for t in doc]

    def widened(word):
        i = words.index(word)
        return _whole_phrase(doc[i:i + 1]).text

    assert widened("Kong") == "Hong Kong"  # a piece of a name is the name
    assert widened("Berg") == "Anna Berg"
    assert widened("The") == "The protests"  # a lone article is its noun's
    assert widened("Many") == "Many"  # a whole word stays as it is


def test_a_place_run_into_a_persons_name_is_not_a_second_speaker(analyze_text):
    from claimscope.analyzers.attributions.rules import Raw
    from claimscope.analyzers.attributions.speakers import resolve

    # the tagger may cut a source inside a title: "[the Ukraine Marie Yovanovitch] testified"
    doc, _ = analyze_text("Does Marie Yovanovitch have a fortune?\n\nOn Friday, former U.S. ambassador to "
                          "the Ukraine Marie Yovanovitch testified that the recall was unfair.\n")
    text = doc.text
    source = (text.index("the Ukraine"), text.index(" testified"))
    cue = (source[1] + 1, source[1] + len(" testified"))
    content = (text.index("that the recall"), text.index(" was unfair") + len(" was unfair"))
    tokens = list(doc.spacy_doc.char_span(*source, alignment_mode="expand"))
    att = resolve(doc, [Raw(cue=cue, content=[content], source=source, kind="indirect", lemma="testify",
                            source_tokens=tokens)])[0]
    assert att.speaker_name == "Marie Yovanovitch"


def test_a_source_does_not_run_on_into_the_next_deed_of_the_sentence(analyze_text):
    doc, _ = analyze_text("Harbour news\n\nHale was accused of fraud by a clerk and sexual assault by another one "
                          "following a party in Kessa in 2010.\n")
    sources = [a.source.text for a in doc.attributions if a.source]
    assert sources and all("assault" not in s for s in sources)


def test_that_and_which_after_a_body_or_group_are_that_body(analyze_text):
    doc, _ = analyze_text("Harbour news\n\nThe ministry, which said the port was closed, gave no date. Scott Paul "
                          "leads the Harbour Alliance, a group that applauded the new tariffs.\n")
    speakers = {a.cue.text: a.speaker_name for a in doc.attributions if a.cue}
    assert speakers.get("said") == "The ministry" and speakers.get("applauded") == "a group"


def test_the_news_organization_is_the_outlet_that_was_the_subject_just_before(analyze_text):
    doc, _ = analyze_text("Markets\n\nLast week Reuters reported that the mood in Kessa was grim. The news "
                          "organization, citing a source, reported that the tariffs were hurting the talks.\n")
    att = next(a for a in doc.attributions if a.source and a.source.text == "The news organization"
               and "tariffs" in a.content[0].text)
    assert att.speaker_name == "Reuters"


def test_turning_down_a_request_is_no_denial(analyze_text):
    doc, _ = analyze_text("Harbour\n\nA judge rejected Hale's attempt to delay the hearing. The ministry rejected the "
                          "claim that it armed the rebels. The court rejected an appeal by the company.\n")
    denial = {a.content[0].text.split()[0]: a.is_denial for a in doc.attributions}
    assert denial == {"Hale's": False, "the": True, "an": False}


def test_the_subject_of_a_passive_cue_is_spoken_to_or_about_unless_it_holds_the_feeling(analyze_text):
    doc, _ = analyze_text("Harbour news\n\nAt the hearing on Monday, Anna Vik was asked to name one decision that the "
                          "mayor had made for his donors. Tom Berg was criticized for saying the port would stay "
                          "closed. Voters were reassured that the pier is safe.\n")
    sources = {a.cue.text: a.source.text if a.source else None for a in doc.attributions if a.cue}
    assert "was asked" in sources and "was criticized" in sources
    assert sources["was asked"] is None and sources["was criticized"] is None
    assert sources.get("were reassured") == "Voters"


def test_a_few_words_that_no_one_is_said_to_say_are_no_attribution(analyze_text):
    doc, _ = analyze_text("Harbour news\n\nThe pier was called “reckless.” The plan seemed to stumble at first. Many said it "
                          "was wise. Officials are expected to approve it.\n\nThe vote appeared to be close. The port "
                          "was described as “tired.” The mayor said the pier would reopen in May.\n")
    assert [(a.source.text if a.source else None) for a in doc.attributions] == ["Many", "The mayor"]


def test_add_or_maintain_with_a_thing_for_its_object_says_nothing(analyze_text):
    doc, _ = analyze_text("Harbour news\n\nLund, SE – With ferries moving to the north pier, Harbourline, a ferry "
                          "operator, is adding former port chief Anna Vik as the company’s first strategy officer.\n"
                          "The United States maintains its own air quality monitor at the embassy.\n"
                          "The mayor was at the pier on Monday. “The pier will be busier,” he added. He added that the ferries "
                          "would run every hour.\n")
    assert [(a.cue.text, a.source.text if a.source else None) for a in doc.attributions] == [
        ("added", "he"), ("added", "He")]


def test_writing_songs_or_books_says_nothing(analyze_text):
    doc, _ = analyze_text("Harbour news\n\nThat summer Anna Vik wrote hundreds of songs about the ferries. Her "
                          "brother Tom Vik wrote two books on the old pier. Tom Vik wrote that the pier was unsafe. "
                          "Harbour analyst Anna Vik points out a couple of further reasons traders should not fret. "
                          "“While certainly a poor season, we note that [the port] faced a [2% to 3%] harvest headwind "
                          "in Q3, timber remains deeply deflationary and Norland a net headwind,” wrote Vik in a Tuesday "
                          "research report. “Without these items, we believe Q3 sales would have been closer to 5%.”\n")
    contents = [a.content[0].text for a in doc.attributions]
    assert contents[0] == "that the pier was unsafe"
    assert not any("songs" in c or "books" in c for c in contents)
    # a quote stays, though the parse takes "Vik" for the object of "wrote" here
    assert any(c.startswith("“While certainly a poor season") for c in contents)


def test_has_written_as_s_is_not_a_passive(analyze_text):
    doc, _ = analyze_text("Harbour news\n\nHe's said he gets his ideas about the port from a speech by a novelist. "
                          "She's argued that the pier is safe for the ferries.\n")
    assert [a.source.text if a.source else None for a in doc.attributions] == ["He", "She"]


def test_it_with_be_and_an_adjective_is_the_article_commenting_not_a_source(analyze_text):
    doc, _ = analyze_text("Harbour news\n\nIt's safe to say that the mayor is wrong about the pier. It was not clear whether "
                          "someone in the council had made the call. It said the pier would stay closed until the "
                          "spring.\n")
    assert [(a.cue.text, [c.text for c in a.content]) for a in doc.attributions] == [
        ("said", ["the pier would stay closed until the spring"])]


def test_a_statement_ends_with_its_sentence_unless_a_quote_runs_on():
    from claimscope.analyzers.attributions.learned import _within_sentence
    from claimscope.analyzers.attributions.quotes import find_quotes
    from claimscope.pipeline import nlp as nlp_mod

    text = ("The pier was called “reckless.” The plan seemed to stumble at first. The report reveals ties between "
            "them. The most notable feature “is that the port let the ships through.”")
    sdoc = nlp_mod.load()(text)
    quotes = find_quotes(text)
    first, _, third, _ = list(sdoc.sents)
    called = (text.index("“reckless"), text.index(" at first") + len(" at first"))
    assert _within_sentence(called, first, quotes) == [(called[0], first.end_char)]
    reveals = (text.index("ties"), len(text))
    quote = text.index("“is that")
    assert _within_sentence(reveals, third, quotes) == [(reveals[0], third.end_char), (quote, len(text))]
    inside = (text.index("reckless"), text.index("”") + 1)  # within its sentence: as it was
    assert _within_sentence(inside, first, quotes) == [inside]


def test_a_verb_that_makes_something_so_reports_no_statement():
    from claimscope.analyzers.attributions import extract_raw
    from claimscope.pipeline import nlp

    text = ("The new tax made drivers feel poorer. His refusal made the recession longer. "
            "The quarrels make Norland look weak. Critics say the rules make firms stay or pay.")
    sdoc = nlp.load()(text)
    cues = [text[r.cue[0]:r.cue[1]] for r in extract_raw(sdoc)]
    assert cues == ["say"]


def test_a_role_or_pronoun_goes_to_the_person_named_last_who_fits_not_the_last_one_quoted(analyze_text):
    def speakers(text):
        doc, _ = analyze_text("Port talks\n\n" + text + "\n")
        return [(a.source.text, a.speaker_name) for a in doc.attributions if a.source is not None]

    opening = ("President Tom Vik signed the port bill on Monday. Anna Berg, the president of the Harbour Union, "
               "said in a speech that “the bill will cost jobs.” ")
    assert ("The president", "Tom Vik") in speakers(
        opening + "Mr. Vik’s plan is not limited to the port. The president says his approach has created leverage.")
    # with no one else named since, the president just quoted goes on
    assert ("The president", "Anna Berg") in speakers(opening + "The president added that the union would strike.")
    found = speakers("President Tom Vik signed the port bill on Monday. “The bill will cost jobs,” said Jon Berg, "
                     "the head of the union. Mr. Vik’s plan is not limited to the port. He has also threatened the "
                     "airlines, suggesting he might close the airport.")
    assert ("He", "Tom Vik") in found
    found = speakers("“We had to end it,” said Tom Vik. During the visit, he was seen walking with Jon Berg in the "
                     "park. He instead told the interviewer that the talks had ended.")
    assert ("He", "Tom Vik") in found  # Berg is named on the way, not what the sentence is about
    # a person named in the description of the one quoted is no one else who could be meant
    found = speakers("“The port is closed,” said Tom Berg, 24, a cousin of Jon Vik. “We lost our jobs,” he said.")
    assert ("he", "Tom Berg") in found


def test_a_source_that_is_a_title_takes_the_name_after_it():
    from claimscope.analyzers.attributions.learned import _whole_phrase
    from claimscope.pipeline import nlp as nlp_mod

    sdoc = nlp_mod.load()("Negotiators must now write the massive purchases Mr. Vik requested into the deal.")
    mr = next(t.i for t in sdoc if t.text == "Mr.")
    assert _whole_phrase(sdoc[mr:mr + 1]).text == "Mr. Vik"
    vik = mr + 1
    assert _whole_phrase(sdoc[vik:vik + 1]).text == "Vik"


def test_that_after_a_kind_of_business_is_that_business_and_after_a_thing_is_no_one(analyze_text):
    doc, _ = analyze_text("Prices\n\nNorbank, Harbourline and Lund Foods are among retailers that said they raised "
                          "prices because of the tariffs. It is a scheme that says more about the port than the "
                          "shops.\n")
    said = {a.cue.text: a.speaker_name for a in doc.attributions if a.source is not None}
    assert said.get("said") == "retailers"
    assert "says" not in said or said["says"] in (None, "that")


def test_a_thing_that_undergoes_something_says_nothing(analyze_text):
    doc, _ = analyze_text("Tariffs\n\nThe mayor spoke on Monday. And Norland imports of “intermediate goods” such as "
                          "motors and pumps have seen price increases, harming producers. The most recent twists in "
                          "the trade talks have left firms uncertain whether a tariff will take effect in May.\n")
    assert [a.cue.text for a in doc.attributions if a.cue and ("seen" in a.cue.text or "left" in a.cue.text)] == []


def test_the_noun_a_participle_describes_is_not_its_speaker(analyze_text):
    doc, _ = analyze_text("Smog\n\nLast week, some air quality monitors maxed out with ratings of 999 and pollution "
                          "reached 50 times the level deemed safe by the World Health Organization.\n")
    assert [(a.source.text, a.cue.text) for a in doc.attributions if a.source is not None] == []


def test_no_statement_in_a_modal_a_participle_before_its_noun_or_a_content_inside_its_source(analyze_text):
    from claimscope.analyzers.attributions.learned import _apart_from_source, _real_cues
    from claimscope.analyzers.attributions.rules import Raw
    from claimscope.pipeline import nlp as nlp_mod

    doc, _ = analyze_text(
        "Newspapers\n\nThe deal was approved by shareholders of both companies on Nov. 14.\nThe private equity "
        "firm Alden Capital, which owns more than 90 other publications and boasts a reputation as a pitiless "
        "parer of payroll, has attracted much of the publicly expressed ire over wholesale plundering of local "
        "news resources.\n")
    assert "expressed" not in [a.cue.text for a in doc.attributions]
    # a modal alone is no cue: its words go back to the content around it
    text = "One would hope so, since the news business could use some optimism."
    sdoc = nlp_mod.load()(text)
    would = (text.index("would"), text.index("would") + len("would"))
    spans = [("SRC", 0, 3), ("CUE", *would), ("CON", would[1] + 1, len(text))]
    assert [role for role, _s, _e in _real_cues(sdoc, spans)] == ["SRC", "CON"]
    # content inside its own source is none ("The merger | sends a dismal signal", content "merger")
    raw = Raw(cue=(11, 31), content=[(4, 10)], source=(0, 10), kind="indirect", lemma="send")
    assert _apart_from_source([raw]) == []


def test_a_first_name_outweighs_the_pronouns_of_someone_left_unnamed(analyze_text):
    from claimscope.analyzers.attributions.speakers import _entity_mentions, person_genders

    doc, _ = analyze_text("Books\n\nI thought of Elise Berg at once. Her grief over Mike Ford’s death still leaves her "
                          "angry. Lacking the rights to Mike Ford’s work, how would she feel about it?\n"
                          "“I don’t even have words,” she replied in an email.\n")
    genders = person_genders(doc, _entity_mentions(doc))
    ford = next(e.id for e in doc.entities if e.name == "Mike Ford")
    assert genders[ford] == "m"
    reply = next(a for a in doc.attributions if a.cue.text.startswith("replied"))
    assert reply.speaker_name == "Elise Berg"


def test_a_person_the_statement_names_does_not_make_it(analyze_text):
    doc, _ = analyze_text("Songs\n\n“I love these songs,” said Anna Berg. Her son Tom Berg remembers the car rides. "
                          "“It could have been easy for Anna Berg to coast, but she didn’t do that,” she said.\n")
    last = [a for a in doc.attributions if a.cue.text == "said"][-1]
    assert last.speaker_name != "Anna Berg"


def test_a_person_brought_in_without_a_name_takes_the_pronoun_from_the_name_before(analyze_text):
    text = ("Advice\n\nDear Abby: I have worked at the diner for years. Last week a waitress stormed into the "
            "kitchen and shouted at me. When I asked to leave, she said I could not.\n\n"
            "Gadgets\n\nTom Weller, the editor, tried every mouse. My young son tested the blue one, "
            "and he said it was his favourite.\n")
    doc, _ = analyze_text(text)
    said = {a.cue.start: a for a in doc.attributions if a.cue.text == "said"}
    speakers = [said[k].speaker_name for k in sorted(said)]
    assert speakers[0] == "she" and speakers[1] == "he"  # the waitress and the son: nobody named
    assert all(a.speaker is None for a in said.values())


def test_gender_comes_from_the_name_and_apposition_not_from_pronouns_about_someone_else(analyze_text):
    from claimscope.analyzers.attributions.speakers import _entity_mentions, person_genders

    doc, _ = analyze_text(
        "A life\n\nAs his aunt, Kerry Calder, recalls it, “He could read before school, and he never stopped.” "
        "Kerry Calder says that he wrote poems daily. Calder said he was gentle.\n\n"
        "Elise Berg visited him. Elise Berg kept his letters and his notes. Elise Berg called his friends.\n")
    genders = person_genders(doc, _entity_mentions(doc))
    ids = {e.name: e.id for e in doc.entities}
    assert genders[ids["Kerry Calder"]] == "f"  # his aunt; the he's are the nephew
    assert genders[ids["Elise Berg"]] == "f"  # a first name that is nearly always a woman's; him/his are his


def test_a_name_that_qualifies_a_group_does_not_make_the_group_that_person(analyze_text):
    doc, _ = analyze_text("Music\n\nTaylor Swift sold her records. Taylor Swift fans said the label had been unfair. "
                          "A former customs officer, Daniel Marsh, said the checks were lax.\n")
    speakers = {a.source.text: a.speaker_name for a in doc.attributions if a.source is not None}
    assert speakers["Taylor Swift fans"] != "Taylor Swift"
    assert speakers["A former customs officer, Daniel Marsh"] == "Daniel Marsh"


def test_a_question_for_a_source_is_no_one_but_a_relative_which_stands_for_its_noun():
    from claimscope.analyzers.attributions.speakers import _asks_who

    text = "Which songs get airplay will decide the outcome. The ministry, which said no."
    assert _asks_who(text, (0, 23))
    start = text.index("which")
    assert not _asks_who(text, (start, start + 5))


def test_a_phrase_put_before_the_speaker_is_not_the_speaker(analyze_text):
    doc, _ = analyze_text("Budget\n\nAt a briefing on Tuesday of the Senate budget panel that oversees the port "
                          "authority, Sen. Tom Vance (R-OH), the senior member of the panel, pushed for two more "
                          "terminals. “We are confident the builders can deliver,” he said.\n")
    pushed = next(a for a in doc.attributions if a.cue.text == "pushed")
    assert not pushed.source.text.startswith("Sen.")  # the span the tagger gives opens with other words
    assert pushed.speaker_name == "Tom Vance"


def test_a_thing_is_no_speaker_unless_it_shows_or_claims(analyze_text):
    doc, _ = analyze_text("Harbour news\n\nThe riots degrade the council's claim to speak for the whole town and "
                          "weaken the mayor's story. Old folk music makes me want to dance all night. The new survey "
                          "shows that most residents oppose the plan. The lighthouse keepers feel that the harbour is "
                          "safe.\n")
    read = {(a.source.text if a.source else None, a.content[0].text) for a in doc.attributions}
    # riots and music say nothing through "degrade" or "makes me want", verbs PolNeAR rarely reads as saying
    assert not any(source in ("The riots", "Old folk music") for source, _ in read)
    # a survey speaks through "shows"; keepers (a noun for doers) may feel; a name the parse took for a noun stays
    assert ("The new survey", "that most residents oppose the plan") in read
    assert ("The lighthouse keepers", "that the harbour is safe") in read
    # a thing stays a thing when a company owns it
    doc, _ = analyze_text("Harbour news\n\nApple's new tablet made it evident that home and office computing "
                          "would merge.\n")
    assert doc.attributions == []
    doc, _ = analyze_text("Harbour news\n\nWikileaks welcomed the Danish decision to close the inquiry.\n")
    assert [a.source.text for a in doc.attributions] == ["Wikileaks"]  # the parse takes it for a common noun


def test_a_section_heading_in_capitals_is_no_statement(analyze_text):
    doc, _ = analyze_text("News of the week\n\nThe race goes on.\n___\nWHAT SAY YOU, IMPEACHMENT JURY?\n"
                          "They have all come out in favor of impeachment, Senator Anna Berg said.\n")
    assert [a.cue.text for a in doc.attributions if a.cue] == ["said"]


def test_a_scrap_of_a_phrase_is_no_speaker(analyze_text):
    doc, _ = analyze_text("News of the week\n\nThe former pilot may soon be in for a lot more flak. Let’s see if he "
                          "can keep his nerve this time. However, all this purported meticulous effort to end his "
                          "friendship with Vance contradicts his claim that the pair were “not close”.\n")
    sources = {a.source.text for a in doc.attributions if a.source}
    assert not sources & {"’s", "all"}


def test_the_writers_own_it_is_safe_to_assume_is_no_statement(analyze_text):
    doc, _ = analyze_text("News of the week\n\nHealth care dominated the last debate, and it’s safe to assume that "
                          "will be the case again Wednesday night. It is fair to say the plan failed, Senator Anna "
                          "Berg said.\n")
    assert [(a.source.text, a.cue.text) for a in doc.attributions] == [("Senator Anna Berg", "said")]
