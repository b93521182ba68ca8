"""Who said what: direct quotes, reported speech and "according to".

Cues are found with a lexicon learned from PolNeAR train (the rate at which a
lemma heads an annotated cue); the content, source and cue spans come from the
dependency parse; quotation marks extend a content to the whole quote.
Sources are then resolved to canonical speakers: names through the entity
table, pronouns to the last person, roles ("the president", "the terrorist")
to the person who carries that role, reports to the body that published them.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources

from ..document import Attribution, Document, Span
from ..errors import ClaimscopeError
from ..pipeline.registry import analyzer
from .lexicon import CORPORATE_WORDS, GROUPS_OF_PEOPLE, PUBLISHED_TEXTS, ROLE_SYNONYMS, ROLE_WORDS
from .spans import SpanIndex
from .trees import Sentences, subtree, subtree_ids
from ..once import loaded_once

THRESHOLD = 0.30
LOW_RATE = 0.08  # a rarer cue still counts when it takes a full clause ("knows that …")
DENIAL_LEMMAS = {"deny", "reject", "refute", "dismiss", "rebut", "dispute", "disavow", "contradict",
                 "repudiate", "rebuff", "disclaim", "negate", "disown"}
# reporting verbs every editor knows, kept even where PolNeAR saw them rarely
CORE_CUES = {
    "say": 0.85, "tell": 0.7, "claim": 0.7, "deny": 0.7, "state": 0.5, "allege": 0.7, "assert": 0.7,
    "insist": 0.8, "warn": 0.8, "add": 0.7, "explain": 0.6, "report": 0.5, "reveal": 0.6, "confirm": 0.6,
    "argue": 0.8, "accord": 0.88, "announce": 0.7, "admit": 0.6, "acknowledge": 0.7, "suggest": 0.7,
    "recall": 0.7, "write": 0.7, "testify": 0.7, "declare": 0.7, "maintain": 0.5, "believe": 0.6,
    "call": 0.4, "describe": 0.6, "note": 0.7, "reject": 0.6, "dismiss": 0.6, "accuse": 0.7, "contend": 0.7,
    "concede": 0.7, "stress": 0.6, "emphasize": 0.6, "predict": 0.6, "speak": 0.3,
}
PRONOUNS = {"he": "PERSON", "she": "PERSON", "him": "PERSON", "her": "PERSON", "his": "PERSON",
            "they": "GROUP", "it": "THING", "we": "GROUP", "i": "SELF", "you": "SELF"}


def lexicon_key(tok) -> str:
    """Lemma and coarse part of speech: "state" the verb is a cue, "state" the noun is not."""
    pos = "VERB" if tok.pos_ in ("VERB", "AUX") else tok.pos_
    return f"{tok.lemma_.lower()}/{pos}"


@loaded_once
def cue_lexicon() -> dict[str, float]:
    with resources.files("claimscope.data").joinpath("cue_lexicon.json").open(encoding="utf-8") as fh:
        learned = json.load(fh)["cues"]
    core = {f"{k}/VERB": v for k, v in CORE_CUES.items()}
    return {**learned, **{k: max(v, learned.get(k, 0)) for k, v in core.items()}}


@dataclass
class Raw:
    cue: tuple[int, int]
    content: list[tuple[int, int]]
    source: tuple[int, int] | None
    kind: str
    lemma: str
    source_tokens: list = field(default_factory=list)


# --- quotations ----------------------------------------------------------------

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


# --- spans from the parse ------------------------------------------------------------------

def _tok_span(toks) -> tuple[int, int]:
    toks = list(toks)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _subtree_span(tok, exclude=()) -> tuple[int, int]:
    excluded = set().union(*(subtree_ids(ex) for ex in exclude))
    toks = [t for t in subtree(tok) if t.i not in excluded]
    while toks and toks[-1].is_punct and toks[-1].text not in ("”", '"', "’", ")"):
        toks.pop()
    while toks and toks[0].is_punct and toks[0].text not in ("“", '"', "‘", "("):
        toks.pop(0)
    if not toks:
        return tok.idx, tok.idx + len(tok.text)
    return _tok_span(toks)


def _source_span(tok) -> tuple[int, int]:
    """The subject noun phrase without relative clauses or long appositions."""
    cut = [c for c in tok.children if c.dep_ in ("relcl", "acl", "advcl") or
           (c.dep_ == "appos" and len(subtree(c)) > 6)]
    excluded = set().union(*(subtree_ids(c) for c in cut))
    toks = [t for t in subtree(tok) if t.i not in excluded]
    toks = [t for t in toks if t.i >= tok.left_edge.i]
    breaks = [k for k, t in enumerate(toks) if "\n" in t.text_with_ws and t.i < tok.i]
    if breaks:
        toks = toks[breaks[-1] + 1:]  # a headline run into the first sentence is not the source
    while toks and (toks[-1].is_punct or toks[-1].dep_ == "cc"):
        toks.pop()
    while toks and toks[0].is_punct:
        toks.pop(0)
    if len(toks) > 14:
        toks = [t for t in toks if abs(t.i - tok.i) <= 4]
    return _tok_span(toks) if toks else (tok.idx, tok.idx + len(tok.text))


def _subject(verb):
    """Subject of a verb, climbing xcomp/conj chains ("went on to say", "smiled and said")."""
    if verb.tag_ == "VBN" and verb.dep_ in ("advcl", "acl") and \
            not any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in verb.children):
        return None  # "Asked about it, she said …": the asker is not the speaker
    seen = 0
    while verb is not None and seen < 4:
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and \
                not any(c.dep_.startswith("nsubj") for c in verb.children):
            noun = verb.head
            if noun.dep_ == "pobj" and any(t.text == "," for t in noun.doc[noun.i + 1:verb.i]):
                # "he asked about the Brotherhood, called Omar a terrorist": a verb of a series that the
                # parse hung on the noun before it; the series' own subject speaks
                clause = noun.head.head if noun.head.dep_ == "prep" else None
                if clause is not None and clause.pos_ in ("VERB", "AUX") and clause.i != verb.i:
                    verb, seen = clause, seen + 1
                    continue
                return None
            return noun
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        if len(subjects) > 1 and all(c.i < verb.i for c in subjects):
            # a parse that gives the verb two subjects ("CPUC President Marybel Batjer said", with CPUC
            # and Batjer both subjects) reads a name apart: the one next to the verb is the speaker
            subjects.sort(key=lambda c: -c.i)
        for child in subjects:
            if child.dep_ == "nsubjpass":
                agent = next((c for c in verb.children if c.dep_ == "agent"), None)
                if agent is not None:
                    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        return pobj
                return None
            return child
        if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp") and verb.head.i != verb.i:
            verb = verb.head
            if verb.dep_ == "prep" and verb.pos_ == "ADP":
                verb = verb.head  # "before stating ...": the prep hangs on the main verb
            seen += 1
            continue
        break
    return None


def _sees_as(tok) -> bool:
    """Beliefs of the form "many countries see Turkey as a supporter"."""
    return (tok.lemma_.lower() in ("see", "regard", "view", "consider", "perceive")
            and any(c.dep_ == "dobj" for c in tok.children)
            and any(c.dep_ == "prep" and c.lower_ == "as" for c in tok.children))


def _takes_clause(tok) -> bool:
    return any(c.dep_ == "ccomp" and any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)
               for c in tok.children)


def _only_time(doc, content) -> bool:
    span = doc.char_span(*content, alignment_mode="expand")
    if span is None:
        return True
    words = [t for t in span if not t.is_punct and not t.is_stop]
    return bool(words) and all(t.ent_type_ in ("DATE", "TIME", "CARDINAL") or t.like_num for t in words)


def _holes(head) -> list[tuple[int, int]]:
    """Asides inside a content that the source did not say: a contrast set off by a
    comma (", while other voters said…"). Relative clauses stay: annotators keep
    them about as often as they drop them."""
    doc = head.doc
    out = []
    for t in subtree(head):
        if t.i == head.i or t.dep_ != "advcl" or t.left_edge.lower_ not in ("while", "whereas"):
            continue
        left = t.left_edge.i
        if left > 0 and doc[left - 1].text in (",", "—", "–", "("):
            out.append((doc[left - 1].idx, t.right_edge.idx + len(t.right_edge.text)))
    return out


def _split(text: str, content, holes, quotes) -> list[tuple[int, int]]:
    """Cut the holes out of a content and stop it at a paragraph break outside quotes."""
    s, e = content
    brk = text.find("\n\n", s, e)
    while brk >= 0 and _inside(brk, quotes):
        brk = text.find("\n\n", brk + 2, e)
    if brk >= 0:
        e = brk
    pieces, cursor = [], s
    for hs, he in sorted(holes):
        if hs >= e or he <= cursor:
            continue
        if any(qs <= hs < qe for qs, qe in quotes):
            continue
        pieces.append((cursor, hs))
        cursor = he
    pieces.append((cursor, e))
    out = []
    for ps, pe in pieces:
        chunk = text[ps:pe]
        stripped = chunk.strip(" \n\t,;:.")
        if not stripped:
            continue
        off = chunk.find(stripped)
        out.append((ps + off, ps + off + len(stripped)))
    return out


def _cue_span(tok) -> tuple[int, int]:
    parts = [tok] + [c for c in tok.children if c.dep_ in ("neg", "prt") and abs(c.i - tok.i) <= 2]
    if tok.lemma_.lower() == "accord":
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        if to is not None:
            parts.append(to)
    parts.sort(key=lambda t: t.i)
    return parts[0].idx, parts[-1].idx + len(parts[-1].text)


def _content_for(tok):
    """(content span, kind) from the cue's dependents, or None."""
    kids = list(tok.children)
    lemma = tok.lemma_.lower()
    if lemma == "accord":
        to = next((c for c in kids if c.lower_ == "to"), None)
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if pobj is None:
            return None
        head = tok.head
        if head.i == tok.i:
            return None
        # the clause the "according to" phrase hangs on, without that phrase
        phrase = subtree_ids(tok)
        toks = [t for t in tok.sent if t.i not in phrase and not t.is_space]
        while toks and toks[0].is_punct:
            toks.pop(0)
        while toks and toks[-1].is_punct and toks[-1].text not in ("”", '"', ")"):
            toks.pop()
        if not toks:
            return None
        return _tok_span(toks), "according_to", pobj, []
    if tok.dep_ == "parataxis" and tok.head.i != tok.i and not any(c.dep_ == "ccomp" for c in kids):
        # "Many of the closures, he said, have involved …": the cue interrupts its content
        head = tok.head
        cut = subtree(tok)
        lo, hi = cut[0].idx, cut[-1].idx + len(cut[-1].text)
        return _subtree_span(head), "indirect", None, [(lo, hi)]
    comps = [c for c in kids if c.dep_ in ("ccomp", "csubj") and c.i != tok.i]
    if comps:
        comp = max(comps, key=lambda c: len(subtree(c)))
        return _subtree_span(comp), "indirect", None, _holes(comp)
    if tok.pos_ == "NOUN":
        acl = next((c for c in kids if c.dep_ in ("acl", "ccomp") and any(g.lower_ == "that" for g in c.children)), None)
        if acl is not None:
            return _subtree_span(acl), "other", None, _holes(acl)
        prep = next((c for c in kids if c.dep_ == "prep" and c.lower_ in ("of", "about", "on")), None)
        if prep is not None and any(g.dep_ == "pobj" for g in prep.children):
            return _subtree_span(prep), "other", None, _holes(prep)
        return None
    xcomp = next((c for c in kids if c.dep_ == "xcomp"), None)
    dobj = next((c for c in kids if c.dep_ in ("dobj", "attr", "oprd")), None)
    if xcomp is not None:
        start = min(_subtree_span(xcomp)[0], _subtree_span(dobj)[0] if dobj is not None else 10**9)
        return (start, _subtree_span(xcomp)[1]), "other", None, _holes(xcomp)
    if dobj is not None:
        rel = [c for c in dobj.children if c.dep_ in ("relcl",) and c.i > dobj.i]
        start, end = _subtree_span(dobj, exclude=rel)
        for sib in kids:
            # what follows the object on the cue's right is usually part of what was said
            if sib.i > dobj.i and sib.dep_ not in ("punct", "cc", "conj", "parataxis", "advcl", "dep", "npadvmod"):
                end = max(end, _subtree_span(sib)[1])
        return (start, end), "other", None, _holes(dobj)
    prep = next((c for c in kids if c.dep_ == "prep" and c.lower_ in ("about", "of", "on", "for", "against")), None)
    if prep is not None and any(g.dep_ == "pobj" for g in prep.children):
        return _subtree_span(prep), "other", None, _holes(prep)
    return None


def extract_raw(sdoc, threshold: float = THRESHOLD) -> list[Raw]:
    text = sdoc.text
    lexicon = cue_lexicon()
    quotes = find_quotes(text)
    sentences = Sentences(sdoc)
    raws: list[Raw] = []
    for tok in sdoc:
        lemma = tok.lemma_.lower()
        rate = lexicon.get(lexicon_key(tok))
        if rate is None or tok.pos_ not in ("VERB", "NOUN", "AUX", "ADJ"):
            continue
        if rate < threshold and not (rate >= LOW_RATE and _takes_clause(tok)) and not _sees_as(tok):
            continue
        if lemma != "accord" and _inside_strict(tok.idx, quotes):
            continue  # a reporting verb inside somebody's quote is that speaker's own words
        if sentences.too_long(tok):
            continue
        found = _content_for(tok)
        if found is None and tok.pos_ in ("VERB", "AUX"):
            found = _adjacent_quote(tok, quotes, text, sentences.of(tok))
        if found is None:
            continue
        content, kind, source_tok, holes = found
        if source_tok is None:
            source_tok = _subject(tok) if tok.pos_ != "NOUN" else _noun_source(tok)
        source = _source_span(source_tok) if source_tok is not None else None
        content = _trim_to_quote(_extend_to_quotes(content, quotes, _cue_span(tok)), quotes)
        if content[1] <= content[0]:
            continue
        if kind != "according_to" and _is_quote(content, quotes):
            kind = "direct"
        cue = _cue_span(tok)
        inverted = _inverted_speaker(tok)
        if kind == "direct" and inverted is not None and (source is None or source[0] > cue[0]
                                                           or content[0] <= source[0] < content[1]):
            source_tok, source = inverted, _tok_span(_name_tokens(inverted))
        if source is not None and cue[0] <= source[0] < cue[1]:
            source = None
        cue_lo, cue_hi = _cue_span(tok)
        if content[0] < cue_lo < content[1] and not holes:
            # the parse ran the content through its own cue: keep the side that is a quote, else the longer side
            before, after = (content[0], cue_lo), (cue_hi, content[1])
            if source is not None and before[0] <= source[0] < before[1]:
                before = (before[0], source[0])
            if source is not None and after[0] <= source[0] < after[1]:
                after = (source[1], after[1])
            if _is_quote(before, quotes) or (before[1] - before[0]) >= (after[1] - after[0]):
                content = before
            else:
                content = after
        if _only_time(tok.doc, content):
            continue
        pieces = [content] if kind == "direct" else _split(text, content, holes, quotes)
        if not pieces:
            continue
        raws.append(Raw(cue=cue, content=pieces, source=source, kind=kind, lemma=lemma,
                        source_tokens=subtree(source_tok) if source_tok is not None else []))
    raws.extend(_colon_intros(sdoc, quotes, raws))
    raws = _dedupe(raws)
    _attach_following_quotes(text, quotes, raws)
    return raws


COLON_LINE = re.compile(r"(?m)^([A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,4}):[ \t]+(\S.{8,})$")


def _colon_intros(sdoc, quotes, raws) -> list[Raw]:
    """'Graham: Trump's rhetoric destroys the party' and 'X wrote:' followed by a quoted paragraph."""
    text = sdoc.text
    taken = SpanIndex([c for r in raws for c in r.content], lambda c: [c])
    out = []
    for m in COLON_LINE.finditer(text):
        content = (m.start(2), m.end(2))
        if taken.overlapping(*content):
            continue
        colon = m.end(1)
        src_toks = list(sdoc.char_span(m.start(1), m.end(1), alignment_mode="expand") or [])
        out.append(Raw(cue=(colon, colon + 1), content=[content], source=(m.start(1), m.end(1)),
                       kind="direct" if _is_quote(content, quotes) else "other", lemma=":",
                       source_tokens=src_toks))
    for qs, qe in quotes:
        before = text[max(0, qs - 3):qs]
        if not before.endswith(("\n\n", ":\n")) or taken.overlapping(qs, qe):
            continue
        colon = text.rfind(":", max(0, qs - 4), qs)
        if colon < 0:
            continue
        span = sdoc.char_span(colon, colon + 1, alignment_mode="expand")
        if span is None or span[0].idx != colon:
            continue  # no token starts at the colon
        tok = span[0]
        verb = tok.head if tok.head.pos_ in ("VERB", "AUX") else tok.sent.root
        subj = _subject(verb)
        source = _source_span(subj) if subj is not None else None
        out.append(Raw(cue=(colon, colon + 1), content=[(qs, qe)], source=source, kind="direct", lemma=":",
                       source_tokens=subtree(subj) if subj is not None else []))
    return out


def _inverted_speaker(tok):
    """The name right after the cue in '…,” says Zeman' / '…,” said the minister'."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is None:
        return None
    if nxt.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL"):
        return None
    if nxt.pos_ == "PROPN" or nxt.lower_ in ("he", "she"):
        last = nxt
        while last.i + 1 < len(tok.doc) and last.nbor(1).pos_ == "PROPN":
            last = last.nbor(1)
        return last
    return None


def _name_tokens(tok):
    toks = [tok]
    while toks[0].i > 0 and toks[0].nbor(-1).pos_ == "PROPN":
        toks.insert(0, toks[0].nbor(-1))
    return toks


def _noun_source(tok):
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if poss is not None:
        return poss
    prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
    if prep is not None:
        return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


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


def _attach_following_quotes(text: str, quotes, raws: list[Raw]) -> None:
    """Quotes with no cue of their own continue the speaker quoted just before:
    later quotes in the same paragraph, and a quoted paragraph right after."""
    from bisect import bisect_right

    covered = sorted(c for r in raws for c in r.content)
    by_end = sorted(raws, key=lambda r: max(r.cue[1], r.content[-1][1]))
    ends = [max(r.cue[1], r.content[-1][1]) for r in by_end]
    cue_starts = sorted(r.cue[0] for r in raws)
    for qs, qe in quotes:
        if len(text[qs:qe].split()) < 2 or any(True for _ in _near(covered, qs, qe)):
            continue
        k = bisect_right(ends, qs)
        prev = by_end[max(0, k - 1):k]
        if not prev:
            continue
        last = prev[-1]
        anchor = max(last.cue[1], last.content[-1][1])
        gap = text[anchor:qs]
        later_cue = bisect_right(cue_starts, qs - 1) > bisect_right(cue_starts, anchor - 1)
        if later_cue or gap.count("\n\n") > 1 or len(gap) > 400:
            continue
        if "\n\n" in gap and (last.kind != "direct" or not (qs == 0 or text[qs - 1] == "\n")):
            continue  # across paragraphs only a quote continues a quote
        last.content.append((qs, qe))
        covered.insert(bisect_right(covered, (qs, qe)), (qs, qe))


def _dedupe(raws: list[Raw]) -> list[Raw]:
    """One attribution per content: keep the cue with the richest analysis."""
    raws.sort(key=lambda r: (r.content[0][0], -(r.content[0][1] - r.content[0][0])))
    kept: list[Raw] = []
    by_cue: dict[tuple, int] = {}  # where each kept cue and content is, instead of a scan per raw
    by_content: dict[tuple, int] = {}
    for r in raws:
        if tuple(r.cue) in by_cue:
            continue
        content = tuple(map(tuple, r.content))
        if content in by_content:
            i = by_content[content]
            if kept[i].source is None and r.source is not None:
                del by_cue[tuple(kept[i].cue)]
                kept[i] = r
                by_cue[tuple(r.cue)] = i
            continue
        by_cue[tuple(r.cue)] = by_content[content] = len(kept)
        kept.append(r)
    return sorted(kept, key=lambda r: r.cue[0])


# --- speakers ----------------------------------------------------------------------

def _entity_mentions(document: Document) -> SpanIndex:
    """(start, end, entity) of every mention in text order, indexed: resolving a speaker looks only
    at the mentions near it, so long documents stay linear."""
    mentions = sorted(((m.start, m.end, e) for e in document.entities for m in e.mentions), key=lambda x: x[0])
    return SpanIndex(mentions, lambda m: [(m[0], m[1])])


def _entities_in(document: Document, span, mentions: SpanIndex):
    """The entities with a mention overlapping the span, each once, in text order."""
    found = []
    for _ms, _me, ent in mentions.overlapping(*span):
        if ent not in found:
            found.append(ent)
    return found


def _roles_of_people(document: Document, mentions) -> dict[str, list]:
    """Role words written next to a person's name ("Czech President Milos Zeman")."""
    roles: dict[str, list] = {}
    sdoc = document.spacy_doc
    for ms, me, ent in mentions:
        if ent.label != "PERSON":
            continue
        span = sdoc.char_span(ms, me, alignment_mode="expand")
        if span is None:
            continue
        window = list(sdoc[max(0, span.start - 5):span.start]) + list(sdoc[span.end:span.end + 4])
        for tok in window:
            if tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.is_title and tok.lower_ in ROLE_WORDS):
                roles.setdefault(tok.lemma_.lower(), []).append((ms, ent))
    return roles


PUBLISHING = re.compile(r"(?:published|released|issued|prepared|compiled|presented)\s+(?:a|an|the|its)?\s*"
                        r"(?:\w+\s+){0,3}(?:report|study|dossier|document|investigation)")


def _report_publisher(publishing: list[tuple[int, int]], before: int, mentions: SpanIndex):
    """The organisation named just before the last "published a report" that ends before ``before``;
    ``publishing`` holds every such phrase of the text, found once."""
    for start, end in reversed(publishing):
        if end > before:
            continue
        ents = [e for _ms, _me, e in mentions.starting(max(0, start - 150), start) if e.label == "ORG"]
        if ents:
            return ents[-1]
    return None


def resolve(document: Document, raws: list[Raw]) -> list[Attribution]:
    text = document.text
    mentions = _entity_mentions(document)
    roles = _roles_of_people(document, mentions)
    publishing = [(m.start(), m.end()) for m in PUBLISHING.finditer(text)]
    genders = person_genders(document, mentions, raws)
    out: list[Attribution] = []
    last_person = None
    last_speaker = None  # (the person last quoted, where that statement ends)
    last_body = None  # (the organisation, state or group last quoted, where that statement ends)
    for n, raw in enumerate(raws, start=1):
        speaker_ents, resolved_by, name = [], None, None
        if raw.source is not None:
            src_text = text[raw.source[0]:raw.source[1]]
            heads = _source_heads(raw)
            low = heads[0].lower_ if heads else src_text.lower()
            if heads and any(h.pos_ == "PROPN" for h in heads):
                for h in heads:
                    speaker_ents += [e for e in _entities_in(document, _name_span(h), mentions)
                                     if e not in speaker_ents]
            if not any(e.label == "PERSON" for e in speaker_ents):
                # "A former customs officer, Daniel Marsh, told …", "the UK Home Secretary, Sajid Javid,
                # approved …": the apposed name is the speaker, not a place in the office's title
                people = [e for e in _entities_in(document, raw.source, mentions) if e.label == "PERSON"]
                if len(people) == 1 and heads and (heads[0].pos_ == "NOUN" or heads[0].lower_ in ROLE_WORDS):
                    speaker_ents, resolved_by = people, f"{src_text!r} -> the name in apposition"
            antecedent = _antecedent(heads[0]) if heads and low in RELATIVES else None
            if speaker_ents:
                pass
            elif antecedent is not None:  # "Assange, who denies the accusation": the one "who" follows
                phrase = text[slice(*_source_span(antecedent))]
                if antecedent.pos_ == "PROPN":  # the name itself, not a place in its title ("England captain Kane")
                    speaker_ents = _entities_in(document, _name_span(antecedent), mentions)[:1]
                name, resolved_by = (None if speaker_ents else phrase), f"{src_text!r} -> {phrase!r}, whom it follows"
            elif low in PRONOUNS and (PRONOUNS[low] == "PERSON" or low in ("it", "they")):
                ent, how = resolve_pronoun(low, raw.source[0], raw.content, mentions, genders, document.spacy_doc,
                                           last_speaker, document.text, last_body)
                if isinstance(ent, str):  # "Local fishermen … They said": a group the text names by a noun
                    name, resolved_by = ent, f"pronoun {src_text!r} -> {how}"
                elif ent is not None:
                    speaker_ents, resolved_by = [ent], f"pronoun {src_text!r} -> {how}"
            elif heads and heads[0].lemma_.lower() in PUBLISHED_TEXTS:
                noun = heads[0].lemma_.lower()
                org = _report_publisher(publishing, raw.source[1], mentions)
                inside = [e for e in _entities_in(document, raw.source, mentions) if e.label == "ORG"]
                org = inside[0] if inside else org
                name = f"the {noun}" + (f" ({org.name})" if org else "")
                if org:
                    speaker_ents, resolved_by = [org], f"{src_text!r} -> the {noun} by {org.name}"
            elif heads and _body_noun(heads[0], src_text):
                ent, how = resolve_body(heads[0].lemma_.lower(), raw.source[0], mentions, document.spacy_doc)
                if ent is not None:
                    speaker_ents, resolved_by = [ent], f"{src_text!r} -> {how}"
            elif heads and (low in ROLE_WORDS or _role_phrase(src_text)) and not _indefinite(src_text) \
                    and heads[0].tag_ not in ("NNS", "NNPS"):  # "officials said" is never the one person named before
                ent, how = _resolve_role(src_text.lower(), raw.source[0], roles, last_person, mentions)
                if ent is not None:
                    speaker_ents, resolved_by = [ent], how
        if speaker_ents and name is None:
            name = " and ".join(e.name for e in speaker_ents)
        if speaker_ents and speaker_ents[0].label == "PERSON":
            last_person = speaker_ents[0]
            last_speaker = (speaker_ents[0], max(raw.cue[1], *(c[1] for c in raw.content)))
        elif speaker_ents and speaker_ents[0].label in BODY_LABELS:
            last_body = (speaker_ents[0], max(raw.cue[1], *(c[1] for c in raw.content)))
        out.append(Attribution(
            id=f"A{n}", kind=raw.kind, cue=Span.of(text, *raw.cue),
            content=[Span.of(text, *c) for c in by_paragraph(text, raw.content)],
            source=Span.of(text, *raw.source) if raw.source else None,
            speaker=speaker_ents[0].id if speaker_ents else None,
            speaker_name=name or (text[raw.source[0]:raw.source[1]] if raw.source else None),
            is_denial=raw.lemma in DENIAL_LEMMAS,
            resolved_by=resolved_by, speakers=[e.id for e in speaker_ents],
        ))
    for i, att in enumerate(out, start=1):
        att.id = f"A{i}"
    return out


def by_paragraph(text: str, content) -> list[tuple[int, int]]:
    """Content spans cut at paragraph breaks: a quote that goes on over paragraphs stays one
    attribution, with one content span per paragraph (the breaks between them are not content)."""
    out = []
    for start, end in content:
        for m in re.finditer(r"[^\n]+", text[start:end]):
            piece = m.group()
            lead, trail = len(piece) - len(piece.lstrip()), len(piece) - len(piece.rstrip())
            if piece.strip():
                out.append((start + m.start() + lead, start + m.end() - trail))
    return out


def _source_heads(raw: Raw) -> list:
    """The head of the source phrase and the heads coordinated with it."""
    toks = raw.source_tokens
    roots = [t for t in toks if t.head not in toks or t.head.i == t.i]
    if not roots:
        return []
    root = roots[0]
    return [root] + [t for t in toks if t.dep_ == "conj" and t.head.i == root.i]


RELATIVES = {"who"}  # not "which" and "that": their clauses are mostly no statement ("a scheme that sees you pay")


def _antecedent(tok):
    """The noun a relative pronoun stands for: "Assange" in "Assange, who denies …"."""
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "relcl" and tok.head.head.pos_ in ("PROPN", "NOUN"):
        return tok.head.head
    return None


def _name_span(tok):
    parts = [tok] + [t for t in tok.children if t.dep_ in ("compound", "flat") and t.pos_ == "PROPN"]
    parts.sort(key=lambda t: t.i)
    return _tok_span(parts)


def _indefinite(src: str) -> bool:
    """"A government spokesman" or "one official" introduces someone new: never an earlier name."""
    return bool(re.match(r"(?:a|an|one|another|some|several)\b", src.strip(), re.I))


def _role_phrase(src: str) -> bool:
    return any(r in src.lower() for r in ROLE_SYNONYMS)


PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
TITLE_GENDER = {"mr": "m", "sir": "m", "lord": "m", "king": "m", "prince": "m", "father": "m", "brother": "m",
                "mrs": "f", "ms": "f", "miss": "f", "madam": "f", "dame": "f", "lady": "f", "queen": "f",
                "princess": "f", "sister": "f", "mother": "f"}
ROLE_GENDER = {"spokesman": "m", "chairman": "m", "businessman": "m", "congressman": "m", "actor": "m",
               "spokeswoman": "f", "chairwoman": "f", "businesswoman": "f", "congresswoman": "f", "actress": "f"}
PRONOUN_REACH = 2500  # characters back to look for the person a he or she stands for
SPEAKER_REACH = 600  # and for the person quoted just before, who usually goes on speaking


def person_genders(document: Document, mentions: SpanIndex, raws: list | None = None) -> dict[str, str]:
    """The gender the text gives each person, from its own evidence: a title or gendered role word
    next to a mention ("Ms Vik", "spokeswoman Anna Vik"), and the he/she pronouns of the sentences
    in which that person is the only one named, but not a pronoun that speaks a quote naming the
    person ("“Berg lied,” she said"). Persons without evidence are left out."""
    sdoc = document.spacy_doc
    quoting = [(r.source, r.content) for r in raws or [] if r.source is not None]
    votes: dict[str, list[int]] = {}  # entity id -> [male, female]
    people = [(ms, me, e) for ms, me, e in mentions if e.label == "PERSON"]
    for ms, me, ent in people:
        span = sdoc.char_span(ms, me, alignment_mode="expand")
        if span is None:
            continue
        tally = votes.setdefault(ent.id, [0, 0])
        for tok in sdoc[max(0, span.start - 3):span.start]:
            gender = TITLE_GENDER.get(tok.lower_.rstrip(".")) or ROLE_GENDER.get(tok.lower_)
            if gender:
                tally[gender == "f"] += 3  # a title says more than a pronoun
        sent = span.sent if len(span.sent) <= 400 else None
        if sent is None:
            continue
        others = [e for s, _, e in people if sent.start_char <= s < sent.end_char and e.id != ent.id]
        if others:
            continue
        for tok in sdoc[span.end:sent.end]:
            gender = PRONOUN_GENDER.get(tok.lower_)
            if gender and not any(src[0] <= tok.idx < src[1] and any(cs <= ms < ce for cs, ce in content)
                                  for src, content in quoting):
                tally[gender == "f"] += 1
    genders = {eid: ("m" if m > f else "f") for eid, (m, f) in votes.items() if m != f}
    names = first_names()
    for _ms, _me, ent in people:  # no evidence in the text: the gender the first name usually has
        if ent.id not in genders and len(ent.name.split()) >= 2 and ent.name.split()[0] in names:
            genders[ent.id] = names[ent.name.split()[0]]
    return genders


@loaded_once
def first_names() -> dict[str, str]:
    """First names and the gender they usually have in the news, mined from PolNeAR and PTC by
    training/attributions/build_first_names.py (the text's own evidence always comes first)."""
    path = resources.files("claimscope.data").joinpath("first_names.json")
    return json.loads(path.read_text(encoding="utf-8"))["names"] if path.is_file() else {}


def resolve_pronoun(pronoun: str, pos: int, content, mentions: SpanIndex, genders: dict[str, str], sdoc=None,
                    last_speaker: tuple | None = None, text: str | None = None, last_body: tuple | None = None):
    """The speaker a pronoun source stands for, or (None, None) when none fits: the last person
    named before it whose gender does not contradict he/she, or for "it"/"they" the last
    organisation, state or group. A name inside the quoted content itself is never its speaker."""
    inside = [(s, e) for s, e in content]

    def quoted(ms: int) -> bool:
        return any(s <= ms < e for s, e in inside)

    if pronoun in PRONOUN_GENDER:
        wanted = PRONOUN_GENDER[pronoun]
        if last_speaker is not None:
            # '"...," said Sowers. ... She said ...': the person quoted just before speaks on
            ent, where = last_speaker
            if pos - where <= SPEAKER_REACH and genders.get(ent.id) in (None, wanted):
                return ent, "the person quoted just before"
        candidates = [(ms, ent) for ms, _me, ent in reversed(mentions.starting(pos - PRONOUN_REACH + 1, pos))
                      if ent.label == "PERSON" and not quoted(ms)]
        paragraph = text.rfind("\n\n", 0, pos) if text is not None else -1
        # a person the text marks as he or she, in this paragraph, before one it says nothing about
        marked = next((ent for ms, ent in candidates if ms > paragraph and genders.get(ent.id) == wanted), None)
        if marked is not None:
            return marked, f"the last person named whom the text calls {'he' if wanted == 'm' else 'she'}"
        unmarked = next((ent for ms, ent in candidates if genders.get(ent.id) is None), None)
        if unmarked is not None:
            return unmarked, "last person named"
        return None, None
    ent, how = _subject_group(pronoun, pos, mentions, sdoc, quoted, text)
    if ent is None and pronoun == "they":
        ent, how = _group_noun(pos, sdoc, text)  # "Analysts expect … They say …": the nearer subject
    if ent is None and last_body is not None and _states(sdoc, pos):
        # "The ministry added that … It said …": the body quoted just before goes on speaking
        body, where = last_body
        fits = body.label in ("ORG", "GPE") or pronoun == "they"
        if fits and 0 <= pos - where <= SPEAKER_REACH and "\n\n" not in text[where:pos]:
            return body, "the organisation, state or group quoted just before"
    return ent, how


def _states(sdoc, pos: int) -> bool:
    """The pronoun at ``pos`` is followed by a verb of saying: "It said", "They told"."""
    here = sdoc.char_span(pos, pos + 1, alignment_mode="expand")
    return here is not None and here.end < len(sdoc) and sdoc[here.end].lemma_.lower() in STATEMENT_CUES


def _group_noun(pos: int, sdoc, text: str):
    """"Local fishermen were angry. They said …": the plural subject of the sentence before, when it
    names people (a word of GROUPS_OF_PEOPLE), as the phrase the text uses; (None, None) otherwise."""
    if not _states(sdoc, pos):
        return None, None
    here = sdoc.char_span(pos, pos + 1, alignment_mode="expand")
    sent = here.sent
    if sent.start == 0:
        return None, None
    previous = sdoc[sent.start - 1].sent
    if "\n\n" in text[previous.start_char:pos]:
        return None, None
    for tok in previous:
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.tag_ == "NNS" and tok.lemma_.lower() in GROUPS_OF_PEOPLE:
            words = [t for t in tok.subtree if t.i <= tok.i and t.dep_ in ("amod", "compound", "det", "nummod")
                     or t.i == tok.i]
            phrase = text[words[0].idx:tok.idx + len(tok.text)]
            return phrase[0].upper() + phrase[1:], "the group named just before, as the subject"
    return None, None


# Bodies the text names by a common noun once it has given their name: "The ministry said", "the
# company added". The noun (or a word of its group) must be in an organisation's name given before.
BODY_NOUNS = {
    "ministry": {"ministry"}, "department": {"department", "dept"}, "agency": {"agency"},
    "company": CORPORATE_WORDS, "firm": CORPORATE_WORDS, "corporation": CORPORATE_WORDS, "group": {"group"},
    "bank": {"bank"}, "court": {"court"}, "commission": {"commission"}, "council": {"council"},
    "committee": {"committee"}, "office": {"office"}, "party": {"party"}, "union": {"union"}, "army": {"army"},
    "navy": {"navy"}, "police": {"police"}, "embassy": {"embassy"}, "institute": {"institute"},
    "university": {"university"}, "organisation": {"organisation", "organization"},
    "organization": {"organisation", "organization"}, "network": {"network"}, "authority": {"authority"},
    "board": {"board"}, "foundation": {"foundation"}, "association": {"association"}, "federation": {"federation"},
    "bureau": {"bureau"}, "airline": {"airline", "airlines", "airways"}, "hospital": {"hospital"},
    "center": {"center", "centre"}, "centre": {"center", "centre"}, "service": {"service"},
}
BODY_LABELS = ("ORG", "GPE", "NORP")
BODY_REACH = 2500  # characters back to the organisation a "the ministry" stands for


def _body_noun(head, src: str) -> bool:
    """"The ministry", "the foreign ministry": a definite body noun heads the source."""
    return (head.pos_ in ("NOUN", "PROPN") and head.tag_ not in ("NNS", "NNPS") and head.lemma_.lower() in BODY_NOUNS
            and bool(re.match(r"the\b", src.strip(), re.I)) and len(src.split()) <= 4)


def resolve_body(noun: str, pos: int, mentions: SpanIndex, sdoc=None):
    """The organisation "the ministry" or "the company" at ``pos`` stands for; (None, None) when none fits.

    First an organisation of the same or the sentence before whose name holds the noun or a word of
    its group; for a company or firm, whose name need not say so, the organisation that is the
    subject there ("GateHouse laid off 60 (the company would not say)"), else the last one named
    there; last, the last organisation named before whose name holds the noun ("McClatchy Co")."""
    wanted = BODY_NOUNS.get(noun, {noun})

    def named(ent) -> bool:
        return bool(set(re.findall(r"[a-z]+", ent.name.lower())) & wanted)

    near, unnamed_subject = _orgs_nearby(pos, mentions, sdoc)  # (start, entity, subject?, same sentence?)
    for _ms, ent, _subj, _same in reversed(near):
        if named(ent):
            return ent, f"{ent.name}, the {noun} named just before"
    corporate = wanted is CORPORATE_WORDS
    if corporate and unnamed_subject:
        return None, None  # "SpaceX is believed …, but the company declined": a subject the tagger missed
    if corporate:
        # an organisation of this sentence, or the subject of the one before
        fitting = [(ent, subj) for _ms, ent, subj, same in near if same or subj]
        if fitting:
            subjects = [ent for ent, subj in fitting if subj]
            ent = subjects[-1] if subjects else fitting[-1][0]
            return ent, f"{ent.name}, the organisation just before{' (its subject)' if subjects else ''}"
    reach = SPEAKER_REACH if corporate else BODY_REACH  # "Co" or "Group" in a name says less than "Ministry"
    for _ms, _me, ent in reversed(mentions.starting(max(0, pos - reach), pos)):
        if ent.label == "ORG" and named(ent):
            return ent, f"{ent.name}, the last {noun} named"
    return None, None


def _orgs_nearby(pos: int, mentions: SpanIndex, sdoc) -> tuple[list[tuple[int, object, bool, bool]], bool]:
    """Organisations named before ``pos`` in its sentence and the sentence before (same paragraph):
    (mention start, entity, whether it is (in) a subject, whether it is in the same sentence); and
    whether the same sentence has a proper-noun subject before ``pos`` that is no organisation (one
    the tagger missed, or took for something else)."""
    if sdoc is None:
        return [], False
    here = sdoc.char_span(pos, pos + 1, alignment_mode="expand")
    if here is None:
        return [], False
    sent = here.sent
    start = sdoc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
    paragraph = sdoc.text.rfind("\n\n", 0, pos)
    start = max(start, paragraph + 2 if paragraph >= 0 else 0)
    found = [m for m in mentions.starting(start, pos) if m[1] <= pos]
    out = []
    for ms, me, ent in found:
        if ent.label != "ORG":
            continue
        span = sdoc.char_span(ms, me, alignment_mode="expand")
        subject = span is not None and any(t.dep_ in ("nsubj", "nsubjpass") or
                                           (t.head.dep_ in ("nsubj", "nsubjpass") and t.dep_ in ("compound", "poss"))
                                           for t in span)
        out.append((ms, ent, subject, ms >= sent.start_char))
    unnamed = any(t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "PROPN" and t.idx < pos
                  and not any(ms <= t.idx < me and e.label == "ORG" for ms, me, e in found)
                  for t in sdoc[sent.start:here.start])
    return out, unnamed


STATEMENT_CUES = {"say", "tell", "add", "announce", "state", "confirm", "deny", "warn", "claim", "insist", "report",
                  "argue", "note", "write", "explain", "reply", "respond"}


def _subject_group(pronoun: str, pos: int, mentions: SpanIndex, sdoc, quoted, text: str):
    """The organisation, state or group that is the subject of the sentence before ``pos`` (or of an
    earlier clause of the same sentence), in the same paragraph: "The Harbour Authority closed the
    pier. It said ...". A pronoun with no such subject stays unresolved: "it" and "they" are more
    often things and people than bodies, and an unresolved speaker is better than a wrong one."""
    here = sdoc.char_span(pos, pos + 1, alignment_mode="expand")
    if here is None or here.end >= len(sdoc) or sdoc[here.end].lemma_.lower() not in STATEMENT_CUES:
        return None, None  # only "It said", "They told": the shape of a body's statement
    sent = here.sent
    previous = sdoc[sent.start - 1].sent if sent.start > 0 else None
    for scope in (sdoc[sent.start:here.start], previous):
        if scope is None or len(scope) == 0 or "\n\n" in text[scope.start_char:pos]:
            continue
        for tok in scope:
            if tok.dep_ not in ("nsubj", "nsubjpass") or tok.idx >= pos:
                continue
            tokens = subtree(tok)
            lo, hi = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            for ms, me, ent in mentions.overlapping(lo, hi):
                fits = ent.label in ("ORG", "GPE") or (ent.label == "NORP" and pronoun == "they")
                if fits and not quoted(ms) and tok.idx < me and ms <= tok.idx + len(tok.text):
                    return ent, "the organisation, state or group just before, as the subject"
    return None, None


def _last_person_before(pos: int, mentions: SpanIndex):
    people = [e for _ms, _me, e in mentions.starting(pos - 2499, pos) if e.label == "PERSON"]
    return people[-1] if people else None


def _resolve_role(src: str, pos: int, roles, last_person, mentions):
    words = set(re.findall(r"[a-z]+", src))
    wanted = set(words)
    for phrase, group in ROLE_SYNONYMS.items():
        if phrase in src or phrase in words:
            wanted |= group
    candidates = [(ms, ent, role) for role, items in roles.items() if role in wanted
                  for ms, ent in items if ms < pos]
    if candidates:
        ms, ent, role = max(candidates, key=lambda c: c[0])
        return ent, f"role {src!r} -> {ent.name} (named as {role})"
    return None, None


# --- the learned tagger beside the rules ---------------------------------------------

COMBINE = "tagger+rules"  # chosen on held-out PolNeAR train articles (training/attributions/evaluate_tagger.py)
COMBINATIONS = ("rules", "tagger", "rules+tagger", "tagger+rules")


@loaded_once
def _tagger():
    from . import attribution_tagger

    return attribution_tagger.Tagger() if attribution_tagger.available() else None


def _tag(text: str, config: dict):
    """The tagger's cue, source and content spans (it reads the text alone: run beside the parse), or None."""
    if config.get("combine", COMBINE) == "rules":
        return None
    tagger = _tagger()
    return tagger.spans(text) if tagger is not None else None


CUE_POS = {"VERB", "NOUN", "ADJ", "AUX", "PROPN"}
SCRAP_WORDS = 2  # a content piece this short beside a longer one is the tagger's noise ("The", "some")
END_PUNCT = " \t\n.,;:"
QUOTE_OPENERS = "\"“«„‘"
QUOTE_CLOSERS = "\"”»’"


def learned_raws(sdoc, spans: list[tuple[str, int, int]]) -> list[Raw]:
    """The tagger's spans as the rules' raw attributions, checked against the parse: a "cue" with no
    verb, noun or adjective in it ("about") is read as content; a cue's content pieces are those in
    its sentence (or quotes), without scraps or end punctuation. The cue's word gives the kind and the
    lemma (for denials), the source its tokens (for speaker resolution)."""
    from .attribution_tagger import link

    text = sdoc.text
    quotes = find_quotes(text)
    out = []
    for att in link(_real_cues(sdoc, spans), text):
        cue_span = sdoc.char_span(*att["cue"], alignment_mode="expand")
        if cue_span is None:
            continue
        lemma = cue_span.root.lemma_.lower()
        content = _clean_content(sdoc, cue_span, att["content"], quotes)
        if not content:
            continue
        source_span = sdoc.char_span(*att["source"], alignment_mode="expand") if att["source"] else None
        if source_span is not None and _passive(cue_span) and source_span.root.dep_ != "pobj":
            source_span = None  # "Queen Elizabeth was said to disapprove": talked about, not the speaker
        source = att["source"] if source_span is not None else None
        if source is None and cue_span.root.pos_ in ("VERB", "AUX"):
            subject = _subject(cue_span.root)  # no source tagged near the cue: the parse's subject, if any
            if subject is not None and (subject.pos_ != "PRON" or subject.lower_ in PRONOUNS):  # not "who"
                source = _source_span(subject)
                source_span = sdoc.char_span(*source, alignment_mode="expand")
        if lemma == "accord" or cue_span.text.lower().startswith("according"):
            kind = "according_to"
        elif all(_is_quote(piece, quotes) for piece in content):
            kind = "direct"
        else:
            kind = "indirect"
        out.append(Raw(cue=att["cue"], content=content, source=source if source_span is not None else None,
                       kind=kind, lemma=lemma, source_tokens=list(source_span) if source_span is not None else []))
    return out


# verbs whose passive subject is what is said or believed about ("X was said to …"), unlike
# "Tom Berg is convinced that …", where the subject holds the belief
SAID_ABOUT = {"say", "believe", "report", "think", "allege", "rumour", "rumor", "understand", "know", "expect",
              "claim", "describe", "consider", "suspect", "accuse", "call", "see", "regard", "deem", "quote"}


def _passive(cue_span) -> bool:
    """A passive cue of saying or believing ("was said", "is believed"): its subject is what is said
    about, and only an agent ("by the ministry") is a source."""
    return any(c.dep_ == "auxpass" and t.lemma_.lower() in SAID_ABOUT for t in cue_span for c in t.children)


def _real_cues(sdoc, spans):
    """Cues the parse can bear: one with no verb, noun or adjective becomes content, and runs of
    content are joined again ("They said nothing about it": "about" is no cue)."""
    out = []
    for role, s, e in spans:
        if role == "CUE":
            span = sdoc.char_span(s, e, alignment_mode="expand")
            if span is None or not any(t.pos_ in CUE_POS for t in span):
                role = "CON"
        if role == "CON" and out and out[-1][0] == "CON" and not sdoc.text[out[-1][2]:s].strip(" \t"):
            out[-1] = ("CON", out[-1][1], e)
        else:
            out.append((role, s, e))
    return out


def _clean_content(sdoc, cue_span, pieces, quotes) -> list[tuple[int, int]]:
    """A cue's content pieces that touch its sentence or are quotes, without the scraps of a word or
    two beside a longer piece and without punctuation at their ends (outside quotation marks)."""
    sent = cue_span.sent
    text = sdoc.text

    def keep(p):
        touches = p[0] < sent.end_char and sent.start_char < p[1]
        return touches or _is_quote(p, quotes) or text[p[0]:p[0] + 1] in QUOTE_OPENERS
    pieces = [p for p in pieces if keep(p)]
    if any(len(text[s:e].split()) > SCRAP_WORDS for s, e in pieces):
        pieces = [p for p in pieces if len(text[p[0]:p[1]].split()) > SCRAP_WORDS or _is_quote(p, quotes)]
    out = []
    for s, e in pieces:
        while s < e and text[s] in END_PUNCT:
            s += 1  # ", will reopen in May" after "The port, Anna Vik insists"
        if text[e - 1:e] not in QUOTE_CLOSERS:
            while e > s and text[e - 1] in END_PUNCT:
                e -= 1
        if e > s:
            out.append((s, e))
    if sum(len(text[s:e].split()) for s, e in out) < 2 and not any(_is_quote(p, quotes) for p in out):
        return []  # "who denies the", "What did the prosecutors say": a word is no statement
    return out


def combine(rules: list[Raw], learned: list[Raw], how: str = COMBINE) -> list[Raw]:
    """``rules`` or ``tagger`` alone, or one of them with those of the other whose content overlaps
    none of its own (``rules+tagger``: the rules first)."""
    if how == "rules":
        return _apart_from_source(rules)
    if how == "tagger":
        return _apart_from_source(learned)
    first, second = (rules, learned) if how == "rules+tagger" else (learned, rules)
    if how == "tagger+rules":
        first = [_with_source_of(r, rules) for r in learned]
    extra = [r for r in second if not any(_same(r, f) for f in first)]
    return _apart_from_source(sorted(first + extra, key=lambda r: r.cue[0]))


def _apart_from_source(raws: list[Raw]) -> list[Raw]:
    """Without the content pieces that hold the source itself: in a heading such as "What did the
    prosecutors say?" nothing is said, and the speaker is no part of what they say."""
    out = []
    for r in raws:
        content = [(s, e) for s, e in r.content if r.source is None or not (s <= r.source[0] and r.source[1] <= e)]
        if len(content) == len(r.content):
            out.append(r)
        elif content:
            out.append(Raw(cue=r.cue, content=content, source=r.source, kind=r.kind, lemma=r.lemma,
                           source_tokens=r.source_tokens))
    return out


def _same(a: Raw, b: Raw) -> bool:
    """Do two attributions read the same statement: their contents overlap, and neither is a quote
    whose cue is inside the other's content (a quote reported within another statement: "the staff
    member recalled that he said, 'I'll …'"; other nested reports the rules find are more often
    wrong than right, by held-out PolNeAR articles)?"""
    def inside(pos, raw):
        return any(s <= pos < e for s, e in raw.content)
    if not any(s < ce and cs < e for s, e in a.content for cs, ce in b.content):
        return False
    return not ((inside(a.cue[0], b) and a.kind == "direct") or (inside(b.cue[0], a) and b.kind == "direct"))


def _with_source_of(learned: Raw, rules: list[Raw]) -> Raw:
    """The tagger's attribution with the source the parse gives its cue, where the rules read the
    same cue: the subject of the verb, through "saying" and "and" ("X criticised the plan, saying …")."""
    rule = next((r for r in rules if r.source is not None and r.cue[0] < learned.cue[1] and learned.cue[0] < r.cue[1]), None)
    if rule is None:
        return learned
    content = [(s, e) for s, e in learned.content if not (s < rule.source[1] and rule.source[0] < e)]
    if not content:
        return rule  # the tagger read the speaker as what is said: the parse's reading
    return Raw(cue=learned.cue, content=content, source=rule.source, kind=learned.kind, lemma=learned.lemma,
               source_tokens=rule.source_tokens)


@analyzer("attributions", requires=("entities",), assigns=("attributions",), prefetch=_tag,
          description="who said what: quotes, reported speech, according to")
def attributions(document: Document, config: dict) -> None:
    how = config.get("combine", COMBINE)
    if how not in COMBINATIONS:
        raise ClaimscopeError("E056", name="attributions", key="combine", value=how, choices=", ".join(COMBINATIONS))
    raws = extract_raw(document.spacy_doc, config.get("threshold", THRESHOLD))
    spans = config["prefetched"] if "prefetched" in config else _tag(document.text, config)
    if spans is not None:  # None: the rules alone, or no tagger file
        raws = combine(raws, learned_raws(document.spacy_doc, spans), how)
    document.attributions = resolve(document, raws)
