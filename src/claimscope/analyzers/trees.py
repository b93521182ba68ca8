"""Walking spaCy's dependency trees without recursion.

``Token.subtree`` is a recursive generator: on a degenerate parse (a 100,000-token "sentence" with
no punctuation, the word "said" repeated) its depth overflows the C stack and the process dies
with a segfault. And ``Token.lefts`` scans from the token's left edge, so even a loop over it is
quadratic on a deep chain. ``subtree`` here yields the same tokens in the same order from each
Doc's children, listed once from the heads array, with an explicit stack.
"""
from __future__ import annotations

import threading
import weakref

_CHILDREN: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def _children(doc) -> tuple[list[list[int]], list[list[int]]]:
    """For each token index, its left and its right children, in index order."""
    with _LOCK:
        cached = _CHILDREN.get(doc)
        if cached is not None and len(cached[0]) == len(doc):
            return cached
    lefts: list[list[int]] = [[] for _ in range(len(doc))]
    rights: list[list[int]] = [[] for _ in range(len(doc))]
    for tok in doc:
        head = tok.head.i
        if head != tok.i:
            (lefts if tok.i < head else rights)[head].append(tok.i)
    with _LOCK:
        _CHILDREN[doc] = (lefts, rights)
    return lefts, rights


def subtree(tok) -> list:
    """The tokens of ``tok``'s subtree in the order ``tok.subtree`` gives them."""
    doc = tok.doc
    lefts, rights = _children(doc)
    out = []
    stack = [(tok.i, False)]
    while stack:
        i, expanded = stack.pop()
        if expanded:
            out.append(doc[i])
            continue
        stack.extend((r, False) for r in reversed(rights[i]))
        stack.append((i, True))
        stack.extend((left, False) for left in reversed(lefts[i]))
    return out


def subtree_ids(tok) -> set[int]:
    """The indices of the tokens in ``tok``'s subtree."""
    return {t.i for t in subtree(tok)}


# A "sentence" longer than this is a run-on text (no punctuation, a list, a table flattened into
# words): its parse says little about who said what, and searching it for every cue would take time
# growing with the square of its length. Attributions and relations are not looked for there.
LONGEST_PARSED_SENTENCE = 400


class Sentences:
    """The sentences of a parsed document, found by token index in O(log n) (``Token.sent`` walks
    the sentence each time it is asked)."""

    def __init__(self, sdoc):
        self.spans = list(sdoc.sents)
        self.starts = [s.start for s in self.spans]

    def of(self, tok):
        from bisect import bisect_right
        return self.spans[bisect_right(self.starts, tok.i) - 1]

    def too_long(self, tok) -> bool:
        sent = self.of(tok)
        return len(sent) > LONGEST_PARSED_SENTENCE


NOMINAL = ("NOUN", "PROPN", "NUM", "PRON")


def bare_noun_phrase(span) -> bool:
    """Is the span a noun phrase whose verbs, if any, only describe its nouns ("a loss of $3 million
    on sales that fell short"), rather than a clause that states something?"""
    if span.root.pos_ not in NOMINAL:
        return False
    return all(modifies_a_noun(t, span) for t in span if t.pos_ in ("VERB", "AUX"))


def modifies_a_noun(verb, span) -> bool:
    """Is the verb inside a clause that modifies a noun of the span ("earnings that topped estimates")?"""
    inside = {t.i for t in span}
    tok = verb
    # a span of two sentences has two roots: stop at either
    while tok.i in inside and tok.i != span.root.i and tok.head.i != tok.i:
        if tok.dep_ in ("relcl", "acl") and tok.head.pos_ in NOMINAL:
            return True
        tok = tok.head
    return False
