"""Quotation marks: the quotes of a text, tolerant of unbalanced, mixed and garbled marks, and
where a content meets them."""
from __future__ import annotations



def find_quotes(text: str) -> list[tuple[int, int]]:
    """Quotation spans (marks included), tolerant of unbalanced and mixed marks.

    A quote opens at an opening mark (curly, straight, guillemet, or the two
    apostrophes some wires use) and closes at the next closing mark; an
    unclosed quote ends at the end of its paragraph unless the next paragraph
    reopens it (the convention for quotes that run over several paragraphs).
    """
    quotes = []
    i, n = 0, len(text)
    while i < n:
        mark = _mark_at(text, i)
        if mark and _opens(text, i):
            close_marks = ("»",) if mark == "«" else ("''",) if mark in ("''", "``") else ("”", '"', "“")
            j = i + len(mark)
            close_len = 0
            while j < n:
                hit = next((m for m in close_marks if text.startswith(m, j)), None)
                if hit and j > i + len(mark) and _closes(text, j, len(hit)):
                    close_len = len(hit)
                    break
                if text.startswith("\n\n", j):
                    nxt = text[j:].lstrip("\n")
                    if _mark_at(nxt, 0) and j + 2 < n:
                        j += 1
                        continue
                    break
                j += 1
            end = j + close_len
            if end - i > 3:
                quotes.append((i, end))
            i = max(end, i + 1)
            continue
        i += 1
    return quotes


def _mark_at(text: str, i: int) -> str | None:
    if text.startswith("''", i) or text.startswith("``", i):
        return text[i:i + 2]
    ch = text[i:i + 1]
    return ch if ch in ("“", '"', "«", "„") else None


def _opens(text: str, i: int) -> bool:
    width = 2 if text.startswith(("''", "``"), i) else 1
    before = text[i - 1] if i else " "
    after = text[i + width] if i + width < len(text) else " "
    return (before.isspace() or before in "([—–-:,") and not after.isspace()


def _closes(text: str, j: int, width: int = 1) -> bool:
    before = text[j - 1]
    after = text[j + width] if j + width < len(text) else " "
    if not before.isspace() or after.isspace() or after in ".,;:!?)":
        return True
    # a garbled close such as ', “he said': punctuation, a space, the mark, a lowercase word
    return text[max(0, j - 2):j].rstrip()[-1:] in (",", ".", "!", "?", "…") and after.islower()


def _inside(pos: int, quotes) -> bool:
    return any(s <= pos < e for s, e in _near(quotes, pos, pos + 1))


def _inside_strict(pos: int, quotes) -> bool:
    return any(s + 1 < pos < e - 1 for s, e in _near(quotes, pos, pos + 1))


def _near(quotes, lo: int, hi: int):
    """Quotes that start before hi and end after lo (quotes are sorted and do not overlap)."""
    from bisect import bisect_left
    k = max(0, bisect_left(quotes, (lo, -1)) - 1)
    while k < len(quotes) and quotes[k][0] < hi:
        if quotes[k][1] > lo:
            yield quotes[k]
        k += 1


def _adjacent_quote(tok, quotes, text: str, sent):
    """A quote right before the cue ("…,” he said) or right after it (said: “…”)."""
    for s, e in _near(quotes, tok.idx - 40, tok.idx + len(tok.text) + 26):
        if 0 <= tok.idx - e <= 40 and s >= sent.start_char - 2000 and "\n\n" not in text[e:tok.idx]:
            return (s, e), "direct", None, []
        if 0 <= s - (tok.idx + len(tok.text)) <= 25 and "\n\n" not in text[tok.idx:s]:
            return (s, e), "direct", None, []
    return None


def _extend_to_quotes(content, quotes, cue):
    s, e = content
    for qs, qe in list(_near(quotes, s, e)):
        if qs < e and s < qe and not (qs <= cue[0] < qe):
            s, e = min(s, qs), max(e, qe)
    return s, e


def _trim_to_quote(content, quotes):
    """A content that opens with a whole quote and runs on ("… ,” and shared a link") is the quote."""
    s, e = content
    for qs, qe in _near(quotes, s - 1, s + 2):
        if abs(qs - s) <= 1 and qe < e and (qe - qs) >= 0.5 * (e - s):
            return qs, qe
    return content


def _is_quote(content, quotes) -> bool:
    s, e = content
    return any(qs <= s + 1 and e - 1 <= qe and (qe - qs) >= 0.6 * (e - s) for qs, qe in _near(quotes, s, s + 2))
