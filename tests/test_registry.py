import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from claimscope import ingest
from claimscope.document import Signal
from claimscope.errors import ClaimscopeError
from claimscope.pipeline import ANALYZERS, Pipeline, analyzer, resolve
from claimscope.report import Report


@pytest.fixture
def registered():
    """Names registered by a test, removed afterwards so that other tests see the built-ins only."""
    names = []
    yield names
    for name in names:
        ANALYZERS.pop(name, None)


def test_requirements_are_added_in_order():
    assert resolve(["relations"]) == ["entities", "attributions", "claims", "relations"]
    assert resolve(["sourcing"]) == ["entities", "attributions", "sourcing"]
    assert resolve(["techniques"]) == ["entities", "attributions", "claims", "techniques"]


def test_every_builtin_declares_what_it_reads_and_writes():
    declared = {name: (ANALYZERS[name].requires, ANALYZERS[name].assigns) for name in resolve(None)}
    assert declared["entities"] == ((), ("entities",))
    assert declared["sourcing"] == (("entities", "attributions"), ("signals",))
    assert declared["claims"] == (("entities", "attributions"), ("claims", "signals"))
    assert declared["relations"][1] == ("relations",)


def test_unknown_analyzer_is_a_clear_error():
    with pytest.raises(ClaimscopeError) as info:
        resolve(["nope"])
    assert info.value.code == "E050" and "entities" in info.value.message


def test_unknown_layer_is_refused_at_registration():
    with pytest.raises(ClaimscopeError) as info:
        analyzer("typo", assigns=("signal",))
    assert info.value.code == "E053" and "signals" in info.value.message


def test_a_layer_nobody_writes_cannot_be_required(registered):
    registered.append("needs_nothing_written")

    @analyzer("needs_nothing_written", requires=("techniques",))
    def reader(document, config):
        pass

    saved = ANALYZERS.pop("techniques")
    try:
        with pytest.raises(ClaimscopeError) as info:
            resolve(["needs_nothing_written"])
        assert info.value.code == "E051"
    finally:
        ANALYZERS["techniques"] = saved


def test_a_registered_analyzer_joins_the_pipeline_and_merges_its_signals(registered):
    registered.append("shouting")

    @analyzer("shouting", requires=("entities",), assigns=("signals",), description="flags capitalised words")
    def shouting(document, config):
        found = []
        for word in document.text.split():
            if word.isupper() and len(word) > 3:
                start = document.text.index(word)
                found.append(Signal("", "shouting", start, start + len(word), word, "all capitals"))
        document.merge("signals", found, by="shouting")

    doc = Pipeline(["shouting", "sourcing"])(ingest.from_text(
        "Do many experts agree?\n\nMany experts told Anna Vik it was HUGE news.\n"))
    assert resolve(["shouting"]) == ["entities", "shouting"]
    assert "Anna Vik" in [e.name for e in doc.entities]  # its requirement ran first
    kinds = [(s.type, s.text) for s in doc.signals]
    assert ("shouting", "HUGE") in kinds and ("question_headline", "Do many experts agree?") in kinds
    # one numbering, in text order, whoever added the signal
    assert [s.id for s in doc.signals] == [f"S{i}" for i in range(1, len(doc.signals) + 1)]
    assert [s.start for s in doc.signals] == sorted(s.start for s in doc.signals)


def test_merge_replaces_only_the_callers_own_items():
    doc = ingest.from_text("Title\n\nOne two three four.\n")
    doc.merge("signals", [Signal("", "a", 9, 12, "One", "x")], by="first")
    doc.merge("signals", [Signal("", "b", 0, 5, "Title", "y")], by="second")
    doc.merge("signals", [Signal("", "a", 13, 16, "two", "x")], by="first")  # a rerun of "first"
    assert [(s.id, s.type, s.text) for s in doc.signals] == [("S1", "b", "Title"), ("S2", "a", "two")]


def test_an_undeclared_write_is_refused(registered):
    registered.append("sneaky")

    @analyzer("sneaky", requires=("entities",))
    def sneaky(document, config):
        document.signals.append(Signal("S1", "sneaky", 0, 1, document.text[:1], "undeclared"))

    with pytest.raises(ClaimscopeError) as info:
        Pipeline(["sneaky"])(ingest.from_text("A title\n\nThe mayor said so.\n"))
    assert info.value.code == "E052" and "'signals'" in info.value.message


def test_prefetch_runs_beside_the_parse_and_reaches_the_analyzer(registered):
    registered.append("wordcount")
    seen = {}

    def count_words(text, config):
        seen["thread"] = threading.current_thread().name
        return len(text.split())

    @analyzer("wordcount", assigns=("signals",), description="counts words", prefetch=count_words)
    def wordcount(document, config):
        document.merge("signals", [Signal("", "words", 0, 1, document.text[:1], str(config["prefetched"]))],
                       by="wordcount")

    with Pipeline(["wordcount"]) as pipeline:
        texts = ["One two three.\n", "Four five.\n"]
        docs = [pipeline(ingest.from_text(texts[0]))] + list(pipeline.pipe([ingest.from_text(texts[1])]))
    assert [d.signals[0].explanation for d in docs] == ["3", "2"]
    assert seen["thread"].startswith("claimscope-prefetch")


def test_prefetch_failure_surfaces_in_the_analyzing_call(registered):
    registered.append("brokenprefetch")

    def broken(text, config):
        raise ClaimscopeError("E050", name="broken", available="-")

    @analyzer("brokenprefetch", prefetch=broken)
    def use(document, config):
        raise AssertionError("never reached")

    with pytest.raises(ClaimscopeError) as info:
        Pipeline(["brokenprefetch"])(ingest.from_text("Some text.\n"))
    assert info.value.code == "E050"


THREAD_TEXTS = [
    "Mayor blames council\n\nMayor Anna Vik said the council hid the audit. The council denied it.\n",
    "Is Norland arming rebels?\n\nAccording to officials, Norland sent rifles to the rebels in May.\n",
    "Port strike\n\nDock workers walked out on Monday, the union said. Many experts say it will spread.\n",
    "Minister resigns\n\nThe minister resigned after reports that she took bribes, sources say.\n",
    "Flood aid\n\n\"We will rebuild,\" said Governor Lee. Critics say the aid came too late.\n",
    "Election fraud claims\n\nThe candidate claimed, without evidence, that thousands of votes were rigged.\n",
    "Sudria talks\n\nSudria and Norland met in Geneva. Norland's president said the talks failed.\n",
    "Bank probe\n\nProsecutors accused the bank of laundering money for a militia, the court heard.\n",
]


def test_one_pipeline_serves_four_threads_with_the_serial_results(pipeline):
    def run(i):
        doc = pipeline(ingest.from_text(THREAD_TEXTS[i], doc_id=f"t{i}"))
        return Report.from_document(doc, analyzers=pipeline.names).to_dict()

    serial = [run(i) for i in range(len(THREAD_TEXTS))]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(run, range(len(THREAD_TEXTS))))
    assert threaded == serial
    # the texts exercise every layer, so equal reports mean equal analyses, not empty ones
    for layer in ("entities", "attributions", "claims", "signals"):
        assert sum(len(r[layer]) for r in serial) > 0, layer
