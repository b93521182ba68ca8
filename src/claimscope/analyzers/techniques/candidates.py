"""Candidate spans the span finder seldom proposes: what a titled authority is quoted as saying.

PTC's annotators often mark an appeal to authority on the words of a president, a minister, a judge
or an expert, but the class is rare (144 of 6,129 spans), so the network's span finder hardly ever
proposes one. The attributions analyzer already knows who is quoted and how they are introduced: the
content of an attribution whose speaker carries a title of office or expertise becomes a candidate,
and the technique head decides. The techniques analyzer keeps only the candidates the head names
Appeal_to_Authority: the span comes from the attribution, the class from the trained model.
``training/techniques/authority_candidates.py`` measures this out of fold on PTC.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...document import Attribution, Document
from ..lexicon import AUTHORITY_TITLES
from ..spans import SpanIndex

APPEAL_TO_AUTHORITY = "Appeal_to_Authority"
# What the span score is for the model's own spans: how often such a span carries any technique. Out
# of fold on PTC, 66 of the 324 candidates the head named Appeal_to_Authority lie in a gold technique
# span (`authority_candidates.py score`); a candidate's confidence is this times the head's probability.
SPAN_RATE = 0.20

_NOT_A_TITLE = re.compile(r"\bgeneral (?:public|population|election|assembly|consensus)\b|"
                          r"\bofficial (?:statement|figures|data|results|account|website)\b", re.I)
_HEAD_OF = re.compile(r"\bhead of (?:state|government)\b", re.I)
_WORD = re.compile(r"[A-Za-z]+")
_LEAD = re.compile(r"^(?:that|whether|how|if)\s+|^[\s\"“”‘’'«»,:;-]+", re.I)
_TAIL = re.compile(r"[\s\"“”‘’'«»,:;-]+$")
_JOIN = re.compile(r"[\s\"“”‘’'«»,:;]*(?:that\s*)?", re.I)  # what may sit between a speaker and the words
MIN_WORDS = 4
_FIRST_PERSON = {"i", "me", "my", "mine", "we", "us", "our", "ours"}


@dataclass
class AuthorityQuote:
    start: int
    end: int
    title: str  # the title word that makes the speaker an authority
    source: str  # the source as the text gives it ("the head of state")
    speaker: str | None  # the resolved speaker's name


def _without_names(document: Document, start: int, end: int, people: SpanIndex) -> str:
    """The source phrase with people's names blanked: "Stephen King" is a writer, not a king."""
    chars = list(document.text[start:end])
    for m in people.overlapping(start, end):
        for i in range(max(start, m.start), min(end, m.end)):
            chars[i - start] = " "
    return "".join(chars)


def people_index(document: Document) -> SpanIndex:
    return SpanIndex([m for e in document.entities if e.label == "PERSON" for m in e.mentions],
                     lambda m: [(m.start, m.end)])


def authority_title(document: Document, att: Attribution, people: SpanIndex | None = None) -> str | None:
    """The title the text gives the speaker, in the source phrase or right before their name."""
    people = people if people is not None else people_index(document)
    phrases = [_without_names(document, att.source.start, att.source.end, people) if att.source else ""]
    ent = document.entity(att.speaker)
    if ent is not None and ent.label == "PERSON":
        phrases += [document.text[max(0, m.start - 40):m.start] for m in ent.mentions]
    for i, phrase in enumerate(phrases):
        if m := _HEAD_OF.search(phrase):
            return m.group(0).lower()
        words = [w.lower() for w in _WORD.findall(_NOT_A_TITLE.sub(" ", phrase))]
        words = words if i == 0 else words[-3:]  # before a name: only the words next to it
        for w in words:
            if w in AUTHORITY_TITLES:
                return w
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "that" and the quotation marks and commas around the words."""
    while True:
        m = _LEAD.match(text[start:end])
        if not m or not m.group(0):
            break
        start += m.end()
    m = _TAIL.search(text[start:end])
    if m:
        end = start + m.start()
    return start, end


def _with_speaker(text: str, att: Attribution, start: int, end: int) -> tuple[int, int]:
    """Take in the source and cue next to the words ("The head of state recalls that ...", "..., says
    Zeman"): the appeal is the authority and the claim together, as PTC's annotators often mark it."""
    pieces = [(p.start, p.end) for p in (att.source, att.cue) if p is not None and p.end > p.start]
    changed = True  # until neither piece touches the span any more (the cue may link the source)
    while changed:
        changed = False
        for s, e in pieces:
            if start <= s and e <= end:
                continue
            if 0 <= start - e and _JOIN.fullmatch(text[e:start]) or 0 <= s - end and _JOIN.fullmatch(text[end:s]):
                start, end, changed = min(start, s), max(end, e), True
    return start, end


def authority_quotes(document: Document) -> list[AuthorityQuote]:
    """Each stretch of content attributed to a titled authority, with the speaker's words next to it;
    not denials, and not what speakers say of themselves."""
    out = []
    text = document.text
    people = people_index(document)
    for att in document.attributions:
        if att.is_denial or not att.content:
            continue
        title = authority_title(document, att, people)
        if title is None:
            continue
        for part in att.content:
            start, end = _trim(text, part.start, part.end)
            words = _WORD.findall(text[start:end])
            # "Our government has never ...", "I sent ...": a speaker vouching for themselves or their
            # own side gives testimony or a position, not an authority's word on someone else
            if len(words) < MIN_WORDS or _FIRST_PERSON & {w.lower() for w in words}:
                continue
            start, end = _with_speaker(text, att, part.start, part.end)
            start, end = _trim(text, start, end)
            out.append(AuthorityQuote(start, end, title, att.source.text if att.source else "", att.speaker_name))
    return out
