"""Sourcing signals: how well the article says where its claims come from."""
from __future__ import annotations

import re

from ..document import Document, Signal, Span
from ..pipeline.registry import analyzer
from .entities import ACRONYM, actors_by_id, fits_acronym

VAGUE_QUANTIFIERS = r"(?:many|some|several|numerous|various|most|few|certain|other|multiple)"
VAGUE_SOURCES = (
    r"countries|nations|states|governments|experts|observers|analysts|sources|people|officials|critics|"
    r"reports|media|commentators|insiders|scholars|researchers|scientists|witnesses|residents|"
    r"politicians|diplomats|journalists|activists|users|believers|voices|studies|outlets"
)
REPORT_VERBS = (
    r"say|says|said|claim|claims|claimed|believe|believes|believed|see|sees|saw|suggest|suggests|"
    r"suggested|note|noted|argue|argues|argued|think|thinks|thought|allege|alleges|alleged|report|"
    r"reports|reported|warn|warned|insist|insisted|consider|considers|told|tell|agree|agreed"
)
VAGUE_PATTERNS = [
    (rf"(?i)\b{VAGUE_QUANTIFIERS}\s+(?:of\s+the\s+)?(?:[a-z]+\s+)?(?:{VAGUE_SOURCES})\b", "unnamed group"),
    (rf"\b(?:[Ss]ources|[Ee]xperts|[Oo]bservers|[Aa]nalysts|[Ii]nsiders|[Cc]ritics|[Oo]fficials)\s+(?:{REPORT_VERBS})\b",
     "unnamed source"),
    (r"\b[Aa]ccording\s+to\s+(?:some|many|several|unnamed|anonymous|media|press)?\s*(?:sources|reports|experts|media|rumou?rs|estimates|observers)\b",
     "unnamed source"),
    (r"\b[Ii]t\s+(?:is|was|has\s+been)\s+(?:widely\s+)?(?:said|believed|reported|claimed|known|alleged|rumou?red|thought|understood)\b",
     "impersonal attribution"),
    (r"\b(?:reportedly|allegedly|purportedly|supposedly|rumou?red(?:ly)?)\b", "unattributed hedge"),
    (r"\b(?:[Aa]n?\s+)?(?:source|official|person|insider)s?\s+(?:close\s+to|familiar\s+with)\b", "anonymous source"),
    (r"\b(?:anonymous|unnamed|unidentified)\s+(?:[a-z]+\s+)?(?:sources?|officials?|persons?|witnesses|insiders?)\b",
     "anonymous source"),
    (r"\b(?:spoke|speaking)\s+on\s+(?:the\s+)?condition\s+of\s+anonymity\b", "anonymous source"),
    (r"\b(?:[Ss]ome|[Mm]any|[Cc]ritics|[Pp]eople|[Ee]veryone|[Mm]ost)\s+(?:say|believe|think|claim|argue|know)\b",
     "unnamed group"),
]
EXPLAIN = {
    "unnamed group": "A whole group is given as the source but no member is named, so the claim cannot be traced: {text!r}.",
    "unnamed source": "The source is described but not named: {text!r} cannot be checked.",
    "impersonal attribution": "An impersonal construction ({text!r}) hides who says it.",
    "unattributed hedge": "{text!r} passes a claim on without saying who made it.",
    "anonymous source": "An anonymous source ({text!r}): the reader has to trust the outlet.",
}


def question_headline(document: Document) -> list[Signal]:
    span = document.title_span()
    if span is None or not span.text.rstrip().endswith("?"):
        return []
    return [Signal(
        id="", type="question_headline", start=span.start, end=span.end, text=span.text,
        severity="warning",
        explanation=("The headline asks a question instead of stating a finding; such headlines "
                     "raise a suspicion the article may not support (Betteridge's law)."),
    )]


def vague_sources(document: Document) -> list[Signal]:
    text = document.text
    signals, taken = [], []
    for pattern, kind in VAGUE_PATTERNS:
        for m in re.finditer(pattern, text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            signals.append(Signal(
                id="", type="vague_source", start=m.start(), end=m.end(), text=m.group(0),
                severity="warning", explanation=EXPLAIN[kind].format(text=m.group(0)),
            ))
    return signals


def acronym_mismatches(document: Document) -> list[Signal]:
    """An acronym in parentheses that fits no word of the name beside it, and no known alias."""
    text = document.text
    known = _known_pairs()
    signals = []
    for m in re.finditer(r"\(([^()\n]{2,80})\)", text):
        inner = m.group(1).strip()
        before = _name_before(text, m.start())
        if ACRONYM.match(inner) and before:
            acronym, name, span = inner, before[0], Span(before[1], m.end(), text[before[1]:m.end()])
        elif (after := _acronym_before(text, m.start())) and _looks_like_name(inner):
            acronym, name = after[0], inner
            span = Span(after[1], m.end(), text[after[1]:m.end()])
        else:
            continue
        if fits_acronym(acronym, name) or _known(acronym, name, known) or _not_a_definition(acronym, name, known):
            continue
        signals.append(Signal(
            id="", type="acronym_mismatch", start=span.start, end=span.end, text=span.text,
            severity="warning",
            explanation=(f"The acronym {acronym!r} does not fit the name {name!r}: its letters do not "
                         "start the name's words, and no known translation matches. The body may be "
                         "misnamed or garbled in translation."),
            evidence=[Span(m.start() + 1, m.end() - 1, text[m.start() + 1:m.end() - 1])],
        ))
    return signals


NOT_DEFINITIONS = {"PDF", "HTML", "VIDEO", "PHOTO", "PHOTOS", "AUDIO", "AP", "AFP", "UPI", "REUTERS", "TASS", "RIA"}


def _not_a_definition(acronym: str, name: str, known: list[set[str]]) -> bool:
    """Parentheses that do not define an acronym: a place after a name, a file type, a dateline."""
    if acronym.upper() in NOT_DEFINITIONS or name.isupper():
        return True
    # "Charles Chaput (USA)": the acronym names another known actor, so it is not this name's acronym
    return any(acronym in group and name not in group for group in known)


def _name_before(text: str, paren: int) -> tuple[str, int] | None:
    """The capitalised name that ends right before a parenthesis ("Center for Strategic Studies")."""
    head = text[max(0, paren - 200):paren]
    m = re.search(r"((?:[A-ZÀ-Þİ][\w'’.-]*)(?:(?:,[ \t]+(?:and[ \t]+)?|[ \t]+(?:(?:of|for|and|the|on|in|at|to|de|du|des|la|&)[ \t]+)*)[A-ZÀ-Þİ][\w'’.-]*)*)[ \t]*$", head)
    if not m:
        return None
    name = m.group(1)
    start = paren - len(head) + m.start(1)
    lead = re.match(r"(?:The|the|A|An)\s+", name)
    if lead:
        name, start = name[lead.end():], start + lead.end()
    if len(name.split()) < 2:
        return None
    return name, start


def _acronym_before(text: str, paren: int) -> tuple[str, int] | None:
    m = re.search(r"\b([A-ZÀ-Þİ][A-ZÀ-Þİ0-9&.]{1,9})\s*$", text[max(0, paren - 15):paren])
    if not m:
        return None
    return m.group(1), paren - len(text[max(0, paren - 15):paren]) + m.start(1)


def _looks_like_name(inner: str) -> bool:
    words = inner.split()
    caps = [w for w in words if w[0].isupper()]
    return len(words) >= 2 and len(caps) >= 2 and len(caps) >= 0.5 * len(words)


def _known_pairs() -> list[set[str]]:
    return [set(a["aliases"]) | {a["name"]} for a in actors_by_id().values()]


def _known(acronym: str, name: str, known: list[set[str]]) -> bool:
    name = re.sub(r"^(the|The)\s+", "", name)
    return any(acronym in group and name in group for group in known)


REPORT_NOUNS = r"(?:report|study|research|documentation|investigation|survey|dossier|analysis|findings|paper)"
CREDIT_PATTERNS = [
    # "X has published a detailed report", "X released a study"
    (rf"(?P<org>{{ORG}})(?:\s*\([^()\n]{{{{1,15}}}}\))?\s+(?:has\s+|had\s+)?(?:published|released|issued|prepared|compiled|presented|produced)\s+"
     rf"(?:a|an|the|its)\s+(?:\w+\s+){{{{0,3}}}}{REPORT_NOUNS}", "published"),
    # "research conducted by X", "a report by X", "the study credited to X"
    (rf"{REPORT_NOUNS}\s+(?:\w+\s+){{{{0,2}}}}(?:conducted|carried\s+out|written|prepared|published|produced|commissioned)?\s*by\s+"
     rf"(?:the\s+)?(?P<org>{{ORG}})", "by"),
    (rf"{REPORT_NOUNS}[^.\n]{{{{0,80}}}}?(?:credited|attributed)\s+(?:by\s+[^.\n]{{{{0,60}}}}?)?to\s+(?:the\s+)?(?P<org>{{ORG}})", "credited"),
]


def inconsistent_sources(document: Document) -> list[Signal]:
    """One report or study credited to bodies with different names."""
    orgs = [e for e in document.entities if e.label == "ORG"]
    if len(orgs) < 2:
        return []
    names = sorted({re.escape(m.text) for e in orgs for m in e.mentions}, key=len, reverse=True)
    org_re = "(?:" + "|".join(names) + ")"
    by_text = {m.text: e for e in orgs for m in e.mentions}
    credits = []
    for pattern, _how in CREDIT_PATTERNS:
        for m in re.finditer(pattern.format(ORG=org_re), document.text):
            ent = by_text.get(m.group("org"))
            if ent is not None:
                credits.append((m.start(), m.end(), ent))
    bodies = {}
    for start, end, ent in sorted(credits, key=lambda c: c[0]):
        bodies.setdefault(ent.id, (start, end, ent))
    if len(bodies) < 2:
        return []
    spans = [document.span(s, e) for s, e, _ in bodies.values()]
    first = spans[0]
    named = " and ".join(repr(ent.name) for _, _, ent in bodies.values())
    return [Signal(
        id="", type="inconsistent_source", start=first.start, end=first.end, text=first.text, severity="warning",
        explanation=(f"The report or study behind the claims is credited to different bodies: {named}. "
                     "Either several sources are blended or the source is misnamed."),
        evidence=spans,
    )]


INTERVIEW_CUES = re.compile(r"\b(?:interview|interviewed|correspondents?|told|according to)\b", re.I)


def _table_ids() -> set[str]:
    return set(actors_by_id())


def garbled_sources(document: Document) -> list[Signal]:
    """Credits whose names do not form persons: lone first names, stray capitals, broken initials."""
    sdoc = document.spacy_doc
    full_names = {m.text for e in document.entities if e.label == "PERSON" for m in e.mentions if " " in m.text}
    known = {w for e in document.entities if len(e.mentions) > 1 or e.merged_by or e.id in _table_ids()
             for a in e.aliases for w in a.split()}
    out = []
    for sent in sdoc.sents:
        if not INTERVIEW_CUES.search(sent.text):
            continue
        cue = INTERVIEW_CUES.search(sent.text)
        tail = [t for t in sent if t.idx >= sent.start_char + cue.start()][:16]
        odd = []
        for tok in tail:
            if not tok.text[:1].isupper() or tok.is_sent_start:
                continue
            if tok.text in known or any(tok.text in n.split() for n in full_names):
                continue
            weird_caps = (tok.text.isupper() and 2 <= len(tok.text) <= 3) or re.fullmatch(r"[A-Z]{2,}[a-z]{1,2}", tok.text)
            lone_person = tok.ent_type_ == "PERSON" and tok.ent_iob_ == "B" and (
                tok.i + 1 >= len(sdoc) or sdoc[tok.i + 1].ent_iob_ != "I")
            if weird_caps or lone_person:
                odd.append(tok)
        weird = [t for t in odd if t.text.isupper() or re.fullmatch(r"[A-Z]{2,}[a-z]{1,2}", t.text)]
        if len(odd) >= 3 and weird:
            spans = [document.span(t.idx, t.idx + len(t.text)) for t in odd]
            first, last = spans[0], spans[-1]
            out.append(Signal(
                id="", type="garbled_source", start=first.start, end=last.end, text=document.text[first.start:last.end],
                severity="warning",
                explanation=("The source credit does not read as names of people or outlets ("
                             + ", ".join(repr(s.text) for s in spans)
                             + "): lone first names, stray capitals or broken initials suggest a garbled "
                             "translation or copy, so the source cannot be traced."),
                evidence=spans,
            ))
    return out


@analyzer("sourcing", requires=("entities",), assigns=("signals",),
          description="vague, garbled and inconsistent sources, acronym mismatches, question headline")
def sourcing(document: Document, config: dict) -> None:
    signals = (question_headline(document) + vague_sources(document) + acronym_mismatches(document)
               + inconsistent_sources(document) + garbled_sources(document))
    document.merge("signals", signals, by="sourcing")
