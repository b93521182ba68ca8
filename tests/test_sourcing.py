def _types(doc):
    return [(s.type, s.text) for s in doc.signals]


def test_question_headline(analyze_text):
    doc, _ = analyze_text("Cover picture\n\nIs the mayor hiding the audit?\n\nThe audit was published on Monday.\n")
    assert ("question_headline", "Is the mayor hiding the audit?") in _types(doc)


def test_statement_headline_is_not_flagged(analyze_text):
    doc, _ = analyze_text("Mayor publishes the audit\n\nDid anyone read it? Few did.\n")
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
