"""Walking spaCy's dependency trees without recursion.

``Token.subtree`` is a recursive generator: on a degenerate parse (a 100,000-token "sentence" with
no punctuation, the word "said" repeated) its depth overflows the C stack and the process dies
with a segfault. ``subtree`` here yields the same tokens in the same order with an explicit stack.
"""
from __future__ import annotations


def subtree(tok) -> list:
    """The tokens of ``tok``'s subtree in the order ``tok.subtree`` gives them."""
    out = []
    stack = [(tok, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            out.append(node)
            continue
        stack.extend((r, False) for r in reversed(list(node.rights)))
        stack.append((node, True))
        stack.extend((left, False) for left in reversed(list(node.lefts)))
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
