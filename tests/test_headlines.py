"""Other stories' headlines inside an article's text are not its statements."""
from claimscope.analyzers.headlines import is_headline

ARTICLE = ("Harbour deal signed in Lund\n\n"
           "The port authority of Lund signed a ten-year lease with Norland Shipping on Tuesday, officials said.\n\n"
           "Norland Minister Says Veltria Armed Rebel Militias\n\n"
           "Norland Troops Attack Veltria Border Posts\n\n"
           "The lease covers two container berths and a rail spur, the authority said in a statement.\n")


def test_title_case_lines_without_end_punctuation_are_headlines():
    assert is_headline("Norland Minister Says Veltria Armed Rebel Militias")
    assert is_headline("'We Got Her!': Video Shows Rescue of Kidnapped Girl")
    assert is_headline("- Moon Rush: Private Lunar Lander Plans")
    assert not is_headline("The minister says Veltria armed rebel militias")  # a sentence in lower case
    assert not is_headline("Norland Minister Says Veltria Armed Rebel Militias.")  # ends as a sentence does
    assert not is_headline("Veltria")  # one word: a name, not a headline
    assert not is_headline(" ".join(["Word"] * 17))


def test_an_inner_headline_gives_no_attribution_or_claim(analyze_text):
    doc, _ = analyze_text(ARTICLE)
    teaser = ARTICLE.index("Norland Minister")
    teaser_end = ARTICLE.index("Border Posts") + len("Border Posts")
    assert not [a for a in doc.attributions if teaser <= a.cue.start < teaser_end]
    assert not [c for c in doc.claims if c.start < teaser_end and teaser < c.end]
    # the article's own statements stay, its headline included in what is read
    speakers = {a.speaker_name for a in doc.attributions}
    assert {"officials", "the authority"} <= speakers
    assert any(c.text.startswith("The lease covers") for c in doc.claims)


def test_a_short_line_without_end_punctuation_is_a_heading_in_any_case():
    assert is_headline("He said, she said")
    assert is_headline("Range and charging")
    assert not is_headline("He said it was over.")  # a sentence
    assert not is_headline("the rest of the list")  # a line that goes on from the one before
    assert not is_headline("The minister says Veltria armed rebel militias")  # seven words: a sentence
