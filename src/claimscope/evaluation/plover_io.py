"""Reading PLOVER's marked sentences: <s>source</s> … <t>target</t>."""
from __future__ import annotations


def parse_marked(nlp, marked: str):
    """Strip the marks, parse the sentence, return (doc, source span, target span)."""
    text, bounds, i = "", {}, 0
    tags = ("<s>", "</s>", "<t>", "</t>")
    while i < len(marked):
        tag = next((t for t in tags if marked.startswith(t, i)), None)
        if tag:
            key = tag.strip("</>")
            bounds.setdefault(key, [None, None])[1 if tag.startswith("</") else 0] = len(text)
            i += len(tag)
        else:
            text += marked[i]
            i += 1
    doc = nlp(text)

    def span(key):
        a, b = bounds.get(key, [None, None])
        if a is None or b is None or b <= a:
            return doc[0:1]
        return doc.char_span(a, b, alignment_mode="expand") or doc[0:1]
    return doc, span("s"), span("t")
