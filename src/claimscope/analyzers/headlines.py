"""Headlines inside the body: lines that stand alone in title case with no end punctuation, and
short lines with none in any case (section headings: "He said, she said", "Range and Charging").

News pages interleave the article with the headlines of other stories ("Man Shot at Dallas Gas
Station Dies at Hospital", "'We Got Her!' Video Shows Dramatic Rescue of Kidnapped Girl") and with
section headings; the benchmark's ground truth keeps them, so extraction does too. They are not the
article's statements: no attribution, claim or relation is read from them. The article's own
headline (the title, or the first line) is not one of them: it is the article's.
"""
from __future__ import annotations

import re
from bisect import bisect_right

# words a headline leaves in lower case ("Rescue of Kidnapped Girl")
MINOR_WORDS = {"a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by", "with",
               "from", "as", "vs", "via", "over", "into", "onto", "after", "about", "up", "off", "out", "per"}
MAX_WORDS = 16  # longer lines are sentences, whatever their capitals
SHORT_HEADING = 6  # a line this short with no end punctuation is a heading in any case
SENTENCE_ENDS = (".", "?", "!", ":", ";", ",", '"', "”", "’", "'", ")")
WORD = re.compile(r"[^\W\d_][\w’'-]*")


def is_headline(line: str) -> bool:
    """A line in title case (every word capitalised but the minor ones, two or more capitals), or of six
    words or fewer opening with a capital, with no punctuation that ends a sentence or a quote at its end."""
    bare = line.strip()
    words = WORD.findall(bare)
    if not 2 <= len(words) <= MAX_WORDS or bare.endswith(SENTENCE_ENDS):
        return False
    if len(words) <= SHORT_HEADING and words[0][0].isupper() and bare[0].isupper():
        return True  # a short heading in sentence case ("He said, she said", "Take inventory")
    capitals = sum(1 for w in words if w[0].isupper())
    return capitals >= 2 and all(w[0].isupper() or w.lower() in MINOR_WORDS for w in words)


def inner_headlines(document) -> list[tuple[int, int]]:
    """(start, end) of the body's headline lines, the article's own headline aside."""
    text = document.text
    title = document.title_span()
    out, pos, first = [], 0, True
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        own = first or (title is not None and start < title.end and title.start < end)
        first = False
        if not own and is_headline(line):
            out.append((start, end))
    return out


def containing(pos: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span of ``spans`` (sorted, apart) that holds ``pos``, or None; by bisection, as a page
    may have hundreds of such lines."""
    k = bisect_right(spans, (pos, float("inf"))) - 1
    return spans[k] if k >= 0 and spans[k][0] <= pos < spans[k][1] else None
