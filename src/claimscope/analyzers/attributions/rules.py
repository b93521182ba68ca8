"""The attribution rules: cues from a lexicon learned on PolNeAR train (the rate at which a lemma heads
an annotated cue); content, source and cue spans from the dependency parse; quotation marks extend a
content to the whole quote; colon introductions ("Graham: …", "X wrote:" before a quote)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources

from ...once import loaded_once
from ..spans import SpanIndex
from ..trees import Sentences, subtree, subtree_ids
from .quotes import (
    _adjacent_quote, _extend_to_quotes, _inside, _inside_strict, _is_quote, _near, _trim_to_quote, find_quotes
)


THRESHOLD = 0.30
# a rarer cue still counts when it takes a full clause ("knows that …"); below one in ten, causal
# "make" ("made fuel more expensive"), "start", "try" are more often no statement (on held-out folds
# of PolNeAR train, rules alone and with the tagger both scored higher at 0.10 than at 0.08)
LOW_RATE = 0.10
# reporting verbs every editor knows, kept even where PolNeAR saw them rarely
CORE_CUES = {
    "say": 0.85, "tell": 0.7, "claim": 0.7, "deny": 0.7, "state": 0.5, "allege": 0.7, "assert": 0.7,
    "insist": 0.8, "warn": 0.8, "add": 0.7, "explain": 0.6, "report": 0.5, "reveal": 0.6, "confirm": 0.6,
    "argue": 0.8, "accord": 0.88, "announce": 0.7, "admit": 0.6, "acknowledge": 0.7, "suggest": 0.7,
    "recall": 0.7, "write": 0.7, "testify": 0.7, "declare": 0.7, "maintain": 0.5, "believe": 0.6,
    "call": 0.4, "describe": 0.6, "note": 0.7, "reject": 0.6, "dismiss": 0.6, "accuse": 0.7, "contend": 0.7,
    "concede": 0.7, "stress": 0.6, "emphasize": 0.6, "predict": 0.6, "speak": 0.3,
}


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
    no_speaker: bool = False  # the cue names no speaker ("X seems …", "Asked …"): no source is to be found


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


# verbs of saying that also set prices ("charged that X lied" / "charges a $5 fee")
PRICE_VERBS = {"charge", "bill", "quote"}
PRICE_NOUNS = {"fee", "price", "rate", "interest", "premium", "fare", "toll", "rent", "commission", "penalty",
               "tariff", "dollar", "cent", "money", "amount", "sum", "cost", "tax", "charge"}


def _a_price(sdoc, content) -> bool:
    """Is the object a price: an amount of money or a word for one ("any overdraft fees", "$5")?"""
    span = sdoc.char_span(*content, alignment_mode="expand")
    return span is not None and (any(t.ent_type_ == "MONEY" for t in span) or span.root.lemma_.lower() in PRICE_NOUNS)


# verbs that raise their subject: "X seems unlikely to …" is the writer's view of X, not X's statement
RAISING = {"seem", "appear"}


def asked_clause(verb) -> bool:
    """A participle clause with no subject of its own ("Asked about it, she said …"): the one it
    tells of was asked, and the asker is not named."""
    return verb.tag_ == "VBN" and verb.dep_ in ("advcl", "acl") and \
        not any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in verb.children)


def _subject(verb):
    """Subject of a verb, climbing xcomp/conj chains ("went on to say", "smiled and said")."""
    if asked_clause(verb):
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
            if child.dep_ == "nsubjpass" and not perfect_read_as_passive(verb):
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


def perfect_read_as_passive(verb) -> bool:
    """"He's said he …", "She's argued that …": "'s" is "has", which the parser reads as "is" of a
    passive; a verb with a clause of its own after it is active (but "it's said that …" is passive)."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    return (subject is not None and subject.lower_ != "it"
            and any(c.dep_ == "auxpass" and c.lower_ in ("'s", "’s") for c in verb.children)
            and any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children))


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
        if lemma in PRICE_VERBS and kind == "other" and _a_price(sdoc, content):
            continue  # "before they start charging any overdraft fees": a price, not an accusation
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
        if lemma in RAISING:
            source, source_tok = None, None  # "Hizbollah seems unlikely to …": the writer's view of Hizbollah
        raws.append(Raw(cue=cue, content=pieces, source=source, kind=kind, lemma=lemma,
                        source_tokens=subtree(source_tok) if source_tok is not None else [], no_speaker=lemma in RAISING))
    raws.extend(_colon_intros(sdoc, quotes, raws))
    raws = _dedupe(raws)
    _attach_following_quotes(text, quotes, raws)
    return raws


SPEAKING_PERSON = re.compile(r"\b(?:I|I[’']m|I[’']ve|[Mm]e|[Mm]y|[Ww]e|[Ww]e[’']re|us|[Oo]ur|[Yy]ou|[Yy]our)\b")  # not "US"
COLON_LINE = re.compile(r"(?m)^([A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,4}):[ \t]+(\S.{8,})$")


# the kind of piece a headline opens with ("Column: …", "Analysis: …"), not who speaks
SECTION_LABELS = {"column", "opinion", "analysis", "editorial", "commentary", "review", "update", "updated",
                  "exclusive", "breaking", "breaking news", "watch", "video", "live", "explainer", "factbox",
                  "fact check", "interview", "q&a", "letter", "letters", "obituary", "photos", "podcast",
                  "perspective", "essay", "news analysis", "first look", "timeline", "recap", "preview",
                  "note", "editor's note", "editor’s note", "disclaimer", "disclosure", "correction", "source",
                  "sources", "photo", "credit", "warning", "tip", "ps"}


def _could_speak(label: str) -> bool:
    """Not a salutation ("Dear Abby: My husband …": the letter is written to Abby) nor the single
    letter of an interview's turn ("Q: How do you prioritize your day?")."""
    return len(label.rstrip(".")) > 1 and not label.lower().startswith("dear ")


def _names_a_speaker(sdoc, start: int, end: int) -> bool:
    """Does the label before a colon name someone who can speak: a person whose first name is known
    ("Anthony Lynn:"), named by one word ("Graham:") or whose full name the text gives elsewhere, an
    organisation the text names again, people by their role ("Michigan Officials:"), or a poll or a
    study ("Poll: Clinton and Trump in dead heat")? A title's kicker ("The Latest:", "Tennis
    Podcast:", "HS Roundup:") names none."""
    from ..lexicon import PUBLISHED_TEXTS, ROLE_WORDS, SOURCE_PEOPLE, first_names

    text = sdoc.text
    label = text[start:end]
    words = label.split()
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is not None and span[-1].lemma_.lower() in ROLE_WORDS | SOURCE_PEOPLE | PUBLISHED_TEXTS | {"poll"}:
        return True  # "Michigan Officials:", "Poll:", "Study:" (what a poll or a study finds)
    named_later = any(e.label_ == "PERSON" and len(e) > 1 and e.text.split()[-1] == words[-1] and e.start_char >= end
                      for e in sdoc.ents)  # "Vik:" over a text that names Anna Vik
    if len(words) == 1:  # a name the text uses again ("Politifact:" over a text that cites PolitiFact)
        again = re.search(r"(?<=[a-z,] )" + re.escape(label) + r"\b", text[end:], re.IGNORECASE) is not None
        return named_later or again or (span is not None and span[0].pos_ == "PROPN")
    whole = [e for e in sdoc.ents if e.start_char <= start and end <= e.end_char]
    if any(e.label_ == "PERSON" for e in whole):
        return words[0] in first_names() or named_later  # "Anthony Lynn:"
    if any(e.label_ in ("ORG", "NORP") for e in whole):
        return text.lower().find(label.lower(), end) >= 0  # "Politifact:" over a text that cites PolitiFact
    return False


def _colon_intros(sdoc, quotes, raws) -> list[Raw]:
    """'Graham: Trump's rhetoric destroys the party' and 'X wrote:' followed by a quoted paragraph.
    A line "Name: text" is speech when the text is a quote, the line is the headline, or the text
    speaks in the first or second person (a transcript); otherwise it is a label ("Julian Assange:
    Sweden drops rape investigation" over a section, "Ann Lee: possession of heroin" in a list of
    charges)."""
    text = sdoc.text
    taken = SpanIndex([c for r in raws for c in r.content], lambda c: [c])
    out = []
    for m in COLON_LINE.finditer(text):
        content = (m.start(2), m.end(2))
        if taken.overlapping(*content):
            continue
        if not (_is_quote(content, quotes) or m.start() == 0 or SPEAKING_PERSON.search(m.group(2))):
            continue
        if m.group(1).lower() in SECTION_LABELS or not _could_speak(m.group(1)):
            continue  # "Column: The merger sends a dismal signal": the kind of piece, not a speaker
        if not _is_quote(content, quotes) and not _names_a_speaker(sdoc, m.start(1), m.end(1)):
            continue  # "Daily Deals: More Black Friday deals", "The Grow Stage: Leverage your success"
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
