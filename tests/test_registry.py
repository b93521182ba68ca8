import pytest

from claimscope import ingest
from claimscope.document import Signal
from claimscope.errors import ClaimscopeError
from claimscope.registry import ANALYZERS, Pipeline, analyzer, resolve


def test_requirements_are_added_in_order():
    assert resolve(["relations"]) == ["entities", "attributions", "claims", "relations"]
    assert resolve(["sourcing"]) == ["entities", "sourcing"]


def test_unknown_analyzer_is_a_clear_error():
    with pytest.raises(ClaimscopeError) as info:
        resolve(["nope"])
    assert info.value.code == "E050" and "entities" in info.value.message


def test_a_registered_analyzer_joins_the_pipeline():
    @analyzer("shouting", requires=("entities",), description="flags capitalised words")
    def shouting(document, config):
        for word in document.text.split():
            if word.isupper() and len(word) > 3:
                start = document.text.index(word)
                document.signals.append(Signal("S1", "shouting", start, start + len(word), word, "all capitals"))

    try:
        doc = Pipeline(["shouting"])(ingest.from_text("A title\n\nThe mayor said it was HUGE news.\n"))
        assert [s.text for s in doc.signals] == ["HUGE"]
        assert doc.entities is not None
    finally:
        ANALYZERS.pop("shouting", None)


def test_prefetch_runs_beside_the_parse_and_reaches_the_analyzer():
    import threading

    seen = {}

    def count_words(text, config):
        seen["thread"] = threading.current_thread().name
        return len(text.split())

    @analyzer("wordcount", description="counts words", prefetch=count_words)
    def wordcount(document, config):
        document.signals.append(Signal("S1", "words", 0, 1, document.text[:1], str(config["prefetched"])))

    try:
        pipeline = Pipeline(["wordcount"])
        texts = ["One two three.\n", "Four five.\n"]
        docs = [pipeline(ingest.from_text(texts[0]))] + list(pipeline.pipe([ingest.from_text(texts[1])]))
        assert [d.signals[0].explanation for d in docs] == ["3", "2"]
        assert seen["thread"].startswith("claimscope-prefetch")
    finally:
        ANALYZERS.pop("wordcount", None)


def test_prefetch_failure_surfaces_in_the_analyzing_call():
    def broken(text, config):
        raise ClaimscopeError("E050", name="broken", available="-")

    @analyzer("brokenprefetch", prefetch=broken)
    def use(document, config):
        raise AssertionError("never reached")

    try:
        with pytest.raises(ClaimscopeError):
            Pipeline(["brokenprefetch"])(ingest.from_text("Some text.\n"))
    finally:
        ANALYZERS.pop("brokenprefetch", None)
