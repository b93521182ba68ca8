"""Sourcing signals: how well the article says where its claims come from."""
from __future__ import annotations

import re

from ..document import Document, Signal, Span
from ..pipeline.registry import analyzer
from .claims import mention_index
from .spans import SpanIndex
from .entities import ACRONYM, FUNCTION_WORDS, actors_by_id, fits_acronym
from .lexicon import SOURCE_PEOPLE
from .trees import subtree

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
    # "according to a group representing rural counties", "according to one study": no name given (a name
    # in the phrase, "a study by Harvard", cancels it below)
    (r"\b[Aa]ccording\s+to\s+(?:a|an|one)\s+(?:[\w-]+\s+){0,2}?(?:group|organi[sz]ation|study|report|survey|"
     r"analysis|source|official|person|expert|document|memo|insider|estimate)\b", "unnamed source"),
    (r"\b[Ii]t\s+(?:is|was|has\s+been)\s+(?:widely\s+)?(?:said|believed|reported|claimed|known|alleged|rumou?red|thought|understood)\b",
     "impersonal attribution"),
    # "X is said to be", "Y is believed to have originated in China": who says or believes it is left out
    # ("expected", "considered", "known" are left alone: forecasts and plain facts more often than sources)
    (r"\b(?:is|are|was|were|has\s+been|have\s+been|had\s+been)\s+(?:widely\s+|generally\s+)?"
     r"(?:said|believed|thought|reported|alleged|rumou?red|understood|suspected)\s+to\b", "agentless passive"),
    (r"\b(?:reportedly|allegedly|purportedly|supposedly|rumou?red(?:ly)?)\b", "unattributed hedge"),
    (r"\b(?:[Aa]n?\s+)?(?:source|official|person|insider)s?\s+(?:close\s+to|familiar\s+with)\b", "anonymous source"),
    (r"\b(?:anonymous|unnamed|unidentified)\s+(?:[a-z]+\s+)?(?:sources?|officials?|persons?|witnesses|insiders?)\b",
     "anonymous source"),
    (r"\b(?:spoke|speaking)\s+on\s+(?:the\s+)?condition\s+of\s+anonymity\b", "anonymous source"),
    (r"\b(?:people|persons?|sources?|officials?|someone|a person)\s+(?:\w+\s+){0,2}?(?:familiar|acquainted)\s+with\b",
     "anonymous source"),
    (r"\b(?:asked|requested|declined|wished)\s+not\s+to\s+be\s+(?:identified|named)\b|"
     r"\bdeclined\s+to\s+be\s+(?:identified|named)\b|\b(?:was|were|is|are)\s+not\s+authori[sz]ed\s+to\s+"
     r"(?:speak|talk|comment|discuss)\b", "anonymous source"),
    (r"\b(?:[Ss]ome|[Mm]any|[Cc]ritics|[Pp]eople|[Ee]veryone|[Mm]ost)\s+(?:say|said|believe|believed|think|thought|"
     r"claim|claimed|argue|argued|know|knew)\b", "unnamed group"),
    (r"\b(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:[\w-]+\s+){0,2}?(?:official|source|aide|diplomat|insider|spokesman|"
     r"spokeswoman|spokesperson|investigator|prosecutor)\s+(?:said|says|told|added|confirmed)\b", "anonymous source"),
    (r"\b(?:[Pp]rosecutors|[Ii]nvestigators|[Aa]uthorities|[Pp]olice|[Dd]iplomats|[Aa]ides)\s+(?:said|say|says|told)\b",
     "unnamed source"),
]
EXPLAIN = {
    "unnamed group": "A whole group is given as the source but no member is named, so the claim cannot be traced: {text!r}.",
    "unnamed source": "The source is described but not named: {text!r} cannot be checked.",
    "impersonal attribution": "An impersonal construction ({text!r}) hides who says it.",
    "agentless passive": "{text!r} leaves out who says or believes it.",
    "unattributed hedge": "{text!r} passes a claim on without saying who made it.",
    "anonymous source": "An anonymous source ({text!r}): the reader has to trust the outlet.",
}


READER = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)


def question_headline(document: Document) -> list[Signal]:
    """A headline that asks rather than states; not one that asks the reader ("What do you buy for the
    person who has everything?", "Do you have what it takes?"), which puts no claim about anyone."""
    span = document.title_span()
    if span is None or not span.text.rstrip().endswith("?") or READER.search(span.text):
        return []
    return [Signal(
        id="", type="question_headline", start=span.start, end=span.end, text=span.text,
        severity="warning",
        explanation=("The headline asks a question instead of stating a finding; such headlines "
                     "raise a suspicion the article may not support (Betteridge's law)."),
    )]


# verbs by which a group is given as the source of a claim ("many experts believe", "critics say")
SOURCE_VERBS = {"say", "claim", "believe", "see", "think", "suggest", "note", "argue", "allege", "report", "warn",
                "insist", "consider", "tell", "agree", "fear", "estimate", "expect", "predict", "accuse", "doubt",
                "question", "criticize", "criticise", "charge", "contend", "maintain", "suspect", "insist", "describe",
                "call", "view", "regard", "assert", "state", "write", "confirm", "deny", "reveal", "indicate", "know"}


def _as_source(document: Document, start: int, end: int, actors: SpanIndex) -> tuple[bool, str | None]:
    """Is the group at [start, end) given as a source (the subject of a saying or believing verb, or
    "according to" it), and is a named actor part of it ("Pentagon officials", "experts such as X")?"""
    span = document.spacy_doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False, None
    # the group's own noun ("officials" in "officials said"), not the verb that may end the match
    head = next((t for t in reversed(span) if t.pos_ in ("NOUN", "PROPN", "PRON") and t.dep_ != "ROOT"), span.root)
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    verb = head.head
    if head.dep_ == "pobj" and verb.lower_ == "to" and verb.head.lower_ == "according":
        is_source = True
    elif head.dep_ in ("nsubj", "nsubjpass") and verb.lemma_.lower() in SOURCE_VERBS and not _bare(verb):
        is_source = True
    else:
        is_source = False
    tokens = subtree(head)
    lo, hi = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    named = next((e.name for e in actors.overlapping(lo, hi)
                  if e.label in ("PERSON", "ORG") and not (start <= e.mentions[0].start < end)), None)
    return is_source, named


NAMED_AFTER = re.compile(r"^(?:\s+[\w-]+){0,4}?\s+(?:published\s+(?:in|by)|by|from|at|of)\s+(?:the\s+)?(?:journal\s+)?[A-Z]")


def _named_after(text: str, end: int) -> bool:
    """Does an "according to" phrase go on to name whose it is ("a study by Harvard", "a case report
    published in the journal BMJ Case Reports"), a name the entity tagger may not know?"""
    return bool(NAMED_AFTER.match(text[end:end + 80]))


def _named_speaker_nearby(document: Document, start: int, end: int, actors: SpanIndex) -> bool:
    """Does the sentence give a named speaker for what it says: an attribution whose speaker is a named
    person or body, or a body named in the phrase of an anonymous source ("an agency spokesman" after
    "Customs and Border Protection" in the same sentence)?"""
    sdoc = document.spacy_doc
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    sent = span.sent
    for att in document.attributions:
        inside = att.cue is not None and sent.start_char <= att.cue.start < sent.end_char
        if inside and att.speaker and not (att.resolved_by or "").startswith("pronoun") and not (
                att.source and att.source.start <= start < att.source.end):
            return True
    if re.search(r"\b(?:agency|company|ministry|department|office|firm|party)\b", span.text, re.I):
        return any(e.label in ("ORG", "GPE") for e in actors.overlapping(sent.start_char, sent.end_char))
    return False


CITING = re.compile(r"\b(?:citing|quoting|cited|quoted|relying\s+on)\s+(?:an?\s+|the\s+|two\s+|three\s+|several\s+)?$", re.I)


def _cited(text: str, start: int) -> bool:
    """Is the phrase at ``start`` what a named speaker cites ("CNBC, citing an anonymous government
    source, reported …")? Then the speaker's own source is the anonymous one, and the flag stays."""
    return bool(CITING.search(text[max(0, start - 20):start]))


def _in_question(text: str, start: int, end: int) -> bool:
    """Does the sentence around [start, end) end with a question mark?"""
    stop = re.search(r"[.!?\n]", text[end:end + 300])
    return bool(stop) and stop.group(0) == "?"


GROUP_PLACES = {"in", "within", "across", "among", "around", "inside", "on", "at"}
SEEING_AS = {"see", "view", "regard", "consider", "describe"}
GROUP_QUANTIFIERS = {"some", "many", "several", "numerous", "various", "most", "few", "certain", "other", "others",
                     "multiple"}
ONE_OF_THEM = {"a", "an", "one", "another"}
SAYING = SOURCE_VERBS | {"complain", "voice", "express", "add", "tell", "speak"}
# what a verb of saying passes on: a clause, an object, "of" or "about" something
PASSED_ON = {"ccomp", "dobj", "prep", "parataxis", "dative", "attr", "oprd", "xcomp", "advcl", "npadvmod"}
# verbs that pass a claim on by themselves; the others ("believe", "think", "know") only with a clause
STATING = {"say", "tell", "report", "claim", "argue", "warn", "allege", "insist", "contend", "complain", "voice",
           "state", "confirm", "deny", "add", "note", "suggest", "predict", "estimate", "call", "describe",
           "accuse", "charge", "assert", "reveal", "write", "express"}


def _subject_sources(document: Document, actors: SpanIndex) -> list[tuple[int, int, str]]:
    """Sources given by what they are, read off the parse: the subject of a verb of saying that is a
    group of people with no name ("Some consumers who called reported", "Others said", "Border agents
    say", "Officials have warned") or one unnamed person ("one Weibo commenter said", "a resident told").
    A subject that holds a named person or body, or a group the text names as an actor, is left alone."""
    found = []
    for tok in document.spacy_doc:
        verb = tok.head
        if tok.dep_ != "nsubj" or not _passes_a_claim_on(verb):
            continue  # a passive subject ("authorities were accused") is talked about, not a source
        kind = _unnamed_people(tok)
        whole = subtree(tok)
        if kind is None or any(e.label in ("PERSON", "ORG", "NORP") and e.name.lower() not in PLATFORMS
                               for e in actors.overlapping(whole[0].idx, whole[-1].idx + len(whole[-1].text))):
            continue  # "officials at the Pentagon", "a spokesman, Anna Vik": the source has a name
        first = min((t for t in tok.subtree if t.i <= tok.i), key=lambda t: t.i)
        # "Many in Hong Kong", "Executives across the world": the group with its phrase, not a clause on it
        last = max([tok] + [c.right_edge for c in tok.children if c.dep_ == "prep" and tok.i < c.i < verb.i],
                   key=lambda t: t.i)
        end = last.idx + len(last.text)
        if last.i < verb.i <= last.i + 3:
            end = verb.idx + len(verb.text)  # "Others reported", "officials have warned", "Many in Hong Kong fear"
        found.append((first.idx, end, kind))
    return found


def _bare(verb) -> bool:
    """A bare verb with no auxiliary ("wanted some say in it") states nothing now; "others may argue"
    does."""
    return verb.tag_ == "VB" and not any(c.dep_ == "aux" for c in verb.children)


def _asks(clause) -> bool:
    """A clause that asks rather than states: "how many people liked it", "whether it works"."""
    first = clause.doc[clause.left_edge.i]
    return first.lower_ in ("how", "what", "why", "whether", "if", "who", "when", "where", "which")


def _passes_a_claim_on(verb) -> bool:
    """A verb of saying, in its own clause, not negated, with something it says."""
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in SAYING:
        return False
    children = list(verb.children)
    if any(c.dep_ == "neg" for c in children):
        return False  # "doctors don't consider it"
    if verb.dep_ == "xcomp" or any(c.dep_ == "aux" and c.lower_ == "to" for c in children):
        return False  # "allowed researchers to see": the object of another verb
    if _bare(verb):
        return False
    if verb.lemma_.lower() in SEEING_AS and any(c.dep_ == "prep" and c.lower_ == "as" for c in children):
        return True  # "which many saw as an attempt to normalise their presence": a reading, given to them
    if verb.lemma_.lower() not in STATING and not any(c.dep_ == "ccomp" and not _asks(c) for c in children):
        return False  # "users know and love", "users will know how many liked it": believing counts with a claim
    return any(c.dep_ in PASSED_ON for c in children)  # not "some users complained."


# social networks: their users are nobody in particular ("one Weibo commenter said", "a Reddit user wrote")
PLATFORMS = {"twitter", "facebook", "weibo", "wechat", "reddit", "youtube", "tiktok", "instagram", "telegram",
             "linkedin", "snapchat", "whatsapp", "quora", "4chan", "douyin", "vk", "threads", "bluesky", "mastodon"}


def _unnamed_people(tok) -> str | None:
    """"unnamed group" for unnamed people ("officials", "the officials", "some consumers", "others"),
    "anonymous source" for one unnamed person ("a resident"), None for anything else."""
    children = list(tok.children)
    if any(c.dep_ == "poss" or (c.dep_ == "compound" and c.pos_ == "PROPN" and c.lower_ not in PLATFORMS)
           for c in children):
        return None  # "China's leaders", "Alibaba leaders": named by their possessor ("a Weibo user" is not)
    if tok.lower_ in ("others", "many", "some", "most", "several"):
        # "Many in Hong Kong fear", "some within the party say": still nobody named (a name in the phrase
        # is checked by the caller); "many of whom", "some who", anything else: not a source of its own
        return None if any(c.dep_ != "prep" or c.lower_ not in GROUP_PLACES for c in children) else "unnamed group"
    if tok.lemma_.lower() not in SOURCE_PEOPLE:
        return None
    dets = {c.lower_ for c in children if c.dep_ in ("det", "nummod", "amod")} & (
        GROUP_QUANTIFIERS | ONE_OF_THEM | {"the", "these", "those"})
    if tok.tag_ == "NNS" and dets <= GROUP_QUANTIFIERS | {"the"}:
        return "unnamed group"
    if tok.tag_ == "NN" and dets & ONE_OF_THEM:
        return "anonymous source"
    return None


DOUBTING = {"supposedly", "purportedly"}


def _ironic(document: Document, start: int) -> bool:
    """Does "supposedly"/"purportedly" at ``start`` qualify an adjective ("their supposedly superior
    pedigrees")? That is the writer doubting a quality, not a claim passed on; "allegedly corrupt" and
    "supposedly met" stay flagged."""
    sdoc = document.spacy_doc
    tok = sdoc.char_span(start, start + 1, alignment_mode="expand") if sdoc is not None else None
    tok = tok[0] if tok is not None and len(tok) else None
    return tok is not None and tok.lower_ in DOUBTING and tok.head.pos_ == "ADJ" and tok.head.tag_ != "VBN"


def vague_sources(document: Document) -> list[Signal]:
    text = document.text
    signals, taken = [], []
    actors = mention_index(document)  # built once, asked once per match
    for pattern, kind in VAGUE_PATTERNS:
        for m in re.finditer(pattern, text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if kind == "unattributed hedge" and _ironic(document, m.start()):
                continue  # "his supposedly reckless policy": the writer's doubt about a quality, no report
            if kind in ("unattributed hedge", "anonymous source", "agentless passive") and not _cited(text, m.start()) \
                    and _named_speaker_nearby(document, m.start(), m.end(), actors):
                continue  # "officers reportedly found it, Lt. Harris said": the sentence names its source
            if kind in ("unnamed group", "unnamed source"):
                if _in_question(text, m.start(), m.end()):
                    continue  # "What did the prosecutors say?" asks; it attributes nothing
                is_source, named = _as_source(document, m.start(), m.end(), actors)
                if kind == "unnamed group" and not is_source:
                    continue  # "many people live here": a group, not a source
                if named or (m.group(0).lower().startswith("according") and _named_after(text, m.end())):
                    continue  # "officials at the Pentagon said": the source is named after all
            taken.append((m.start(), m.end()))
            signals.append(Signal(
                id="", type="vague_source", start=m.start(), end=m.end(), text=m.group(0),
                severity="warning", explanation=EXPLAIN[kind].format(text=m.group(0)),
            ))
    for start, end, kind in _subject_sources(document, actors):
        if any(start < e and s < end for s, e in taken) or _in_question(text, start, end):
            continue
        if _named_speaker_nearby(document, start, end, actors):
            continue
        taken.append((start, end))
        signals.append(Signal(id="", type="vague_source", start=start, end=end, text=text[start:end],
                              severity="warning", explanation=EXPLAIN[kind].format(text=text[start:end])))
    signals.sort(key=lambda sig: sig.start)
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
        if (fits_acronym(acronym, name) or _known(acronym, name, known) or _not_a_definition(acronym, name, known)
                or other_reading(acronym, name)):
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


# abbreviations whose letters come from another language or an old form of the words, so that the
# name written beside them in English does not spell them ("RPM (Revenue Per Thousand)": per mille)
COMMON_ABBREVIATIONS = {"RPM", "CPM", "UTC", "GMT", "CET", "CEST", "AD", "BC", "PS", "NB", "IE", "EG", "AKA", "ETA",
                        "RSVP", "QED", "LB", "LBS", "OZ", "NO", "VS", "PM", "AM", "CV", "SIDS", "FIFA", "UEFA",
                        "IAAF", "FIA", "OPEC", "ASEAN", "INTERPOL", "CERN", "OSCE", "OECD"}
TICKER_NAMES = re.compile(r"(?i)\b(?:index|indices|composite|average|exchange|inc|corp|corporation|ltd|plc|"
                          r"shares|stock|etf|futures|bourse|nikkei|nasdaq|kospi|dax|ftse)\.?$")
CONTENT_WORD = re.compile(r"[A-Za-zÀ-ÿİ][\w'’-]*")


def other_reading(acronym: str, name: str) -> bool:
    """Readings of an acronym that the strict fit leaves out but that are no sign of a garbled name:
    one word in the middle left out ("New York State Attorney General (NYAG)"), words giving letters
    after their initial ("Revenue Per Mille (RPM)"), a stock ticker after an index or a listed company
    ("Korea Composite Stock Price Index (KOSPI)"), or a common abbreviation. Every word but the one
    left out still gives its initial, so "Center for Strategic Studies (CSI)" keeps no reading."""
    if acronym.upper().replace(".", "") in COMMON_ABBREVIATIONS or TICKER_NAMES.search(name.strip()):
        return True
    letters = "".join(c for c in acronym.upper().replace("İ", "I") if c.isalpha())
    words = [w.upper().replace("İ", "I") for w in CONTENT_WORD.findall(name) if w.lower() not in FUNCTION_WORDS]
    return bool(letters and words) and _reads(letters, words, 0, 0, False)


def _reads(letters: str, words: list[str], i: int, k: int, skipped: bool, inner: bool = False) -> bool:
    """Can letters[i:] be read off words[k:]: each word its initial, in order, and either one word that
    is neither first nor last gives none, or words give letters from inside after their initial
    (not both: together they read almost anything, "Center for Strategic Studies" as CSI)?"""
    if k == len(words):
        return i == len(letters)
    if not skipped and not inner and 0 < k < len(words) - 1 and _reads(letters, words, i, k + 1, True):
        return True
    if i >= len(letters) or words[k][0] != letters[i]:
        return False
    word, pos, i = words[k], 0, i + 1
    if _reads(letters, words, i, k + 1, skipped, inner):
        return True
    while not skipped and i < len(letters) and (pos := word.find(letters[i], pos + 1)) >= 0:
        i += 1
        if _reads(letters, words, i, k + 1, skipped, True):
            return True
    return False


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


@analyzer("sourcing", requires=("entities", "attributions"), assigns=("signals",),
          description="vague, garbled and inconsistent sources, acronym mismatches, question headline")
def sourcing(document: Document, config: dict) -> None:
    signals = (question_headline(document) + vague_sources(document) + acronym_mismatches(document)
               + inconsistent_sources(document) + garbled_sources(document))
    document.merge("signals", signals, by="sourcing")
