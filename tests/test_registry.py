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
