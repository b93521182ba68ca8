"""Sources resolved to speakers: names through the entity table; he and she to the person quoted just
before or a person whose gender the text (or the first name) gives, never to a name inside the quote;
"it", "they" and "the ministry" to bodies and groups; "who" to the name it follows; roles ("the
president") to the person who carries the role; reports to the body that published them."""
from __future__ import annotations

import re
from dataclasses import replace

from ...document import Attribution, Document, Span
from ..lexicon import CORPORATE_WORDS, GROUPS_OF_PEOPLE, PUBLISHED_TEXTS, ROLE_SYNONYMS, ROLE_WORDS, first_names
from ..spans import SpanIndex
from ..trees import subtree
from .rules import Raw, _source_span, _tok_span


DENIAL_LEMMAS = {"deny", "reject", "refute", "dismiss", "rebut", "dispute", "disavow", "contradict",
                 "repudiate", "rebuff", "disclaim", "negate", "disown"}
PRONOUNS = {"he": "PERSON", "she": "PERSON", "him": "PERSON", "her": "PERSON", "his": "PERSON",
            "they": "GROUP", "it": "THING", "we": "GROUP", "i": "SELF", "you": "SELF"}


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


# prepositions that give a study's population, place or topic, not its author: "a study in 50 people
# with BED", "a report on NATO", "a survey among voters"
NOT_AUTHOR_PREPS = {"in", "with", "among", "on", "about", "of", "into", "at", "for", "across", "involving"}


def _publishers_in(document: Document, span, mentions: SpanIndex, noun) -> list:
    """The organisations in a report's phrase that can be its author: before the noun ("a Harvard
    study", "Pew's report") or after "by" or "from" ("a study by the WHO"); not the people or topic
    it is about ("a study in 50 people with BED", "a report on NATO")."""
    sdoc = document.spacy_doc
    out = []
    for ms, me, ent in mentions.overlapping(*span):
        if ent.label != "ORG" or ent in out:
            continue
        if ms < noun.idx:
            out.append(ent)
            continue
        mention = sdoc.char_span(ms, me, alignment_mode="expand")
        tok = mention.root if mention is not None else None
        while tok is not None and tok.i != noun.i and tok.head.i != tok.i:
            if tok.dep_ == "pobj" and tok.head.lower_ in NOT_AUTHOR_PREPS:
                tok = None
                break
            tok = tok.head
        if tok is not None:
            out.append(ent)
    return out


def _apposed(document: Document, span, mentions: SpanIndex, head) -> list:
    """The persons named in the source phrase who are the head noun itself, in apposition to it or a
    name part ("A former customs officer, Daniel Marsh"; "Carlineo's attorney, Sonya Zoghlin", not
    Carlineo), rather than someone the phrase is about ("The caption below the photograph of Herbert",
    "the lawyer for Daniel Marsh", "Taylor Swift fans")."""
    sdoc = document.spacy_doc
    found = []
    for ms, me, ent in mentions.overlapping(*span):
        if ent.label != "PERSON":
            continue
        mention = sdoc.char_span(ms, me, alignment_mode="expand")
        tok = mention.root if mention is not None else None
        while tok is not None and tok.i != head.i:
            if tok.dep_ not in ("appos", "compound", "conj", "flat", "npadvmod") or tok.head.i == tok.i:
                tok = None
                break
            if tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and tok.head.i > tok.i:
                tok = None  # "Taylor Swift fans", "Trump supporters": the name qualifies others
                break
            tok = tok.head
        if tok is not None and ent not in found:
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
    said = tuple([c for r in raws for c in r.content] + [r.source for r in raws if r.source is not None])
    for n, raw in enumerate(raws, start=1):
        speaker_ents, resolved_by, name = [], None, None
        if raw.source is not None and (_asks_who(text, raw.source) or not _nominal(raw)):
            # "What makes that pain go away", "publicly expressed ire", "’s": no one who speaks
            raw = replace(raw, source=None, source_tokens=[])
        raw = _without_a_thing_joined(raw)
        if raw.source is not None:
            src_text = text[raw.source[0]:raw.source[1]]
            heads = _source_heads(raw)
            low = heads[0].lower_ if heads else src_text.lower()
            if heads and any(h.pos_ == "PROPN" for h in heads):
                for h in heads:
                    named = _entities_in(document, _name_span(h), mentions)
                    if any(e.label == "PERSON" for e in named):
                        # "the Ukraine Marie Yovanovitch", "England captain Kane": a place in a person's title
                        named = [e for e in named if e.label == "PERSON"]
                    speaker_ents += [e for e in named if e not in speaker_ents]
            if not any(e.label == "PERSON" for e in speaker_ents):
                # "A former customs officer, Daniel Marsh, told …", "the UK Home Secretary, Sajid Javid,
                # approved …": the apposed name is the speaker, not a place in the office's title
                apposed = _apposed(document, raw.source, mentions, heads[0]) if heads and (
                    heads[0].pos_ == "NOUN" or heads[0].lower_ in ROLE_WORDS) else []
                if len(apposed) == 1:  # two people joined ("Sundqvist and Perron") stay the phrase
                    speaker_ents, resolved_by = apposed, f"{src_text!r} -> the name in apposition"
            relative = heads and low in RELATIVES and not heads[0].text.isupper()  # "who", not "the WHO"
            antecedent = _antecedent(heads[0]) if relative else None
            thing_relative = heads and low in THING_RELATIVES and len(src_text.split()) == 1
            if thing_relative:
                antecedent = _antecedent(heads[0])
                if antecedent is not None and antecedent.pos_ != "PROPN" and not antecedent.ent_type_ and (
                        antecedent.lemma_.lower() not in BODY_NOUNS and antecedent.lemma_.lower() not in GROUP_WORDS):
                    antecedent = None  # "a scheme that sees you pay": no one who speaks
            if speaker_ents:
                pass
            elif antecedent is not None:  # "Assange, who denies the accusation": the one "who" follows
                phrase = text[slice(*_source_span(antecedent))]
                if antecedent.pos_ == "PROPN":  # the name itself, not a place in its title ("England captain Kane")
                    speaker_ents = _entities_in(document, _name_span(antecedent), mentions)[:1]
                name, resolved_by = (None if speaker_ents else phrase), f"{src_text!r} -> {phrase!r}, whom it follows"
            elif low in PRONOUNS and (PRONOUNS[low] == "PERSON" or low in ("it", "they")):
                ent, how = resolve_pronoun(low, raw.source[0], raw.content, mentions, genders, document.spacy_doc,
                                           last_speaker, document.text, last_body, said)
                if isinstance(ent, str):  # "Local fishermen … They said": a group the text names by a noun
                    name, resolved_by = ent, f"pronoun {src_text!r} -> {how}"
                elif ent is not None:
                    speaker_ents, resolved_by = [ent], f"pronoun {src_text!r} -> {how}"
            elif heads and heads[0].lemma_.lower() in PUBLISHED_TEXTS:
                noun = heads[0].lemma_.lower()
                org = _report_publisher(publishing, raw.source[1], mentions)
                inside = _publishers_in(document, raw.source, mentions, heads[0])
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
            is_denial=(raw.lemma in DENIAL_LEMMAS and not _turns_down(raw, text))
            or denies_own_deed(raw, document.spacy_doc, speaker_ents),
            resolved_by=resolved_by, speakers=[e.id for e in speaker_ents],
        ))
    for i, att in enumerate(out, start=1):
        att.id = f"A{i}"
    return out


# what one turns down rather than denies: "a judge rejected Assange's attempt to delay the hearing"
REQUESTS = {"attempt", "request", "bid", "appeal", "motion", "application", "offer", "proposal", "plan", "call",
            "demand", "petition", "plea", "invitation", "suggestion", "idea", "deal", "amendment", "nomination"}
TURNING_DOWN = {"reject", "dismiss", "rebuff"}


def _turns_down(raw: Raw, text: str) -> bool:
    """Is what a verb of rejecting has as its object a request, an offer or a plan, not a claim? A
    judge who rejects a motion decides; they deny nothing anyone said."""
    if raw.lemma not in TURNING_DOWN:
        return False  # "denied the deal existed" denies
    words = re.findall(r"[a-z]+", " ".join(text[s:e] for s, e in raw.content[:1]).lower())[:4]
    return any(w in REQUESTS or w.rstrip("s") in REQUESTS for w in words)


# verbs whose negation denies no deed: a view, a forecast, a plan, or no comment ("did not expect",
# "did not respond to a request", "has not disclosed the price")
NO_DEEDS = {"expect", "think", "believe", "know", "want", "plan", "hope", "see", "hear", "remember", "recall",
            "like", "need", "seem", "appear", "comment", "respond", "reply", "return", "say", "speak", "discuss",
            "disclose", "release", "elaborate", "specify", "identify", "name", "confirm", "provide", "give",
            "receive", "decide", "happen", "exist", "matter", "get", "go", "come", "have"}
# the auxiliaries of a past deed; a modal makes it a forecast or a refusal ("would not comment")
PAST_AUX = {"do", "have", "be"}


def denies_own_deed(raw: Raw, sdoc, speaker_ents) -> bool:
    """Does the speaker say that they, or whoever they speak for, did not do something? "We never
    supplied weapons to anyone", "the company said it had not broken any law", "Carlineo's attorney
    said Carlineo never intended to harm Omar": each denies the deed, like "denied" does. The
    statement's own clause must be negated in the past or present (not "would not comment"), its verb
    a deed (not "did not expect"), and its subject the speaker (see ``_speaks_for``)."""
    if sdoc is None or raw.source is None or not raw.content:
        return False
    start, end = raw.content[0]
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    roots = [t for t in span if (t.head.i == t.i or not (span.start <= t.head.i < span.end)) and t.pos_ in ("VERB", "AUX")]
    if not roots:
        return False
    verb = roots[0]
    if verb.lemma_.lower() in NO_DEEDS or not _negated_in_past(verb):
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and _speaks_for(subject, raw, speaker_ents)


def _negated_in_past(verb) -> bool:
    """"did not", "never", "has not", "was not"; not "will not", "could not", "would not"."""
    children = list(verb.children)
    if not any(c.dep_ == "neg" or c.lower_ == "never" for c in children):
        return False
    return all(c.tag_ != "MD" and c.lemma_.lower() in PAST_AUX for c in children if c.dep_ in ("aux", "auxpass"))


def _speaks_for(subject, raw: Raw, speaker_ents) -> bool:
    """Is the statement's subject the body that speaks ("the ministry said it had not …", "we")
    or the one a spokesperson or lawyer speaks for ("Carlineo's attorney said Carlineo never …")?
    Not a person's "I" or "he": on real pages those were mostly asides ("I haven't talked to the
    trainers", "he didn't own any birds"), not denials."""
    low = subject.lower_
    if low in ("it", "they", "we"):
        return bool(speaker_ents) and speaker_ents[0].label in BODY_LABELS
    if subject.pos_ != "PROPN":
        return False
    owners = [t for t in raw.source_tokens if t.dep_ == "poss" and t.pos_ == "PROPN"]
    return subject.lower_ in {t.lower_ for o in owners for t in o.subtree if t.pos_ == "PROPN"}


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
    # "At a hearing last month …, Rep. Robert Aderholt …": the subject, not a phrase put before it
    root = roots[0]
    if root.pos_ in SCRAPS or root.pos_ in ("VERB", "AUX"):  # a phrase or clause before the name
        root = next((t for t in roots if t.dep_ in ("nsubj", "nsubjpass")),
                    next((t for t in roots if t.pos_ not in SCRAPS), root))
    return [root] + [t for t in toks if t.dep_ == "conj" and t.head.i == root.i]


WH_SOURCES = {"what", "whatever", "how", "why"}  # not "which": a relative pronoun stands for its noun


SCRAPS = {"ADV", "PART", "PUNCT", "ADP", "CCONJ", "SCONJ", "SPACE"}


def _without_a_thing_joined(raw: Raw) -> Raw:
    """A source that runs on into a second deed of the sentence ("accused of rape by a woman and
    sexual assault by another": "sexual assault", with its own "by", is what the other one accused him
    of): the part before the "and"."""
    tokens = raw.source_tokens
    for k, tok in enumerate(tokens):
        if tok.dep_ != "cc" or k == 0 or k + 1 >= len(tokens):
            continue
        joined = [t for t in tokens[k + 1:] if t.dep_ == "conj" and t.head.i < tok.i]
        if joined and all(t.pos_ == "NOUN" and t.right_edge.i + 1 < len(t.doc) and t.doc[t.right_edge.i + 1].lower_ == "by"
                          for t in joined):
            cut = tokens[k - 1]
            return replace(raw, source=(raw.source[0], cut.idx + len(cut.text)), source_tokens=tokens[:k])
    return raw


def _nominal(raw: Raw) -> bool:
    """Is the source more than an adverb or a scrap ("publicly expressed ire", "’s")? "Many say"
    and "three in four" are sources."""
    return not raw.source_tokens or any(t.pos_ not in SCRAPS for t in raw.source_tokens)


def _asks_who(text: str, source: tuple[int, int]) -> bool:
    """Does the source open with a question word ("What makes …", "what better fix … than")?"""
    words = text[source[0]:source[1]].split(maxsplit=1)
    # a capital "Which" with more after it opens a question ("Which versions play on the radio will
    # determine …"), not a relative pronoun
    return bool(words) and (words[0].lower() in WH_SOURCES or words[0] == "Which" and len(words) > 1)


RELATIVES = {"who"}  # not "which" and "that": their clauses are mostly no statement ("a scheme that sees you pay")
# ... unless they follow a body or a group ("the ministry, which said", "a group that applauded")
THING_RELATIVES = {"that", "which"}
GROUP_WORDS = {"group", "organisation", "organization", "coalition", "alliance", "movement", "institute",
               "agency", "body", "campaign", "network", "party", "union",
               # businesses ("Costco and Winnebago are among retailers that said …")
               "retailer", "manufacturer", "maker", "producer", "supplier", "exporter", "importer", "airline",
               "automaker", "carmaker", "lender", "insurer", "distributor", "chain", "brand", "publisher",
               "broadcaster", "outlet", "charity", "nonprofit", "club", "team", "school", "hospital"}


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
# people a text may bring in without a name, by the he or she they take ("a waitress", "my son")
KIN_GENDER = {w: "m" for w in "man boy son father husband brother nephew uncle grandfather grandson guy dad "
              "gentleman boyfriend stepfather stepson waiter".split()} | \
             {w: "f" for w in "woman girl daughter mother wife sister niece aunt grandmother granddaughter lady "
              "mom mum girlfriend stepmother stepdaughter waitress".split()}
QUOTED = re.compile(r"“[^”\n]{1,2000}”|\"[^\"\n]{1,2000}\"")
NEW_PERSON_DETS = {"a", "an", "my", "our", "your", "his", "her", "their", "one", "another"}
PRONOUN_REACH = 2500  # characters back to look for the person a he or she stands for
SPEAKER_REACH = 600  # and for the person quoted just before, who usually goes on speaking


def person_genders(document: Document, mentions: SpanIndex, raws: list | None = None,
                   pronouns: bool = True) -> dict[str, str]:
    """The gender each person has. A first name that nearly always has one gender counts ten votes (a
    near-certain fact about the name, which a profile's pronouns about its subject must not outvote:
    "Elise Matthesen found him"); a title or gendered role word next to a mention ("Ms Vik",
    "spokeswoman Anna Vik") or set beside it by a comma ("his aunt, Jane Starner") three; each subject
    or possessive he/she of the sentences in which that person is the only one named one, unless it is
    inside a quotation (there the speaker says I: “He was brilliant,” is someone else) or the source of
    a quote naming the person ("“Berg lied,” she said"). Persons without evidence, or with as much for
    each, are left out. ``pronouns=False`` leaves the pronouns out: a pronoun that is itself being
    resolved must not vote."""
    sdoc = document.spacy_doc
    quoting = [(r.source, r.content) for r in raws or [] if r.source is not None]
    # in a direct quote the speaker says I: its he and she are someone else ("“He was brilliant,”")
    direct = [c for r in raws or [] if r.kind == "direct" for c in r.content] + [
        (m.start(), m.end()) for m in QUOTED.finditer(document.text)]
    votes: dict[str, list[int]] = {}  # entity id -> [male, female]
    people = [(ms, me, e) for ms, me, e in mentions if e.label == "PERSON"]
    names = first_names()
    for _ms, _me, ent in people:
        # a first name that nearly always has one gender outweighs the pronouns: "Mike Ford" stays a he
        # when the "she" of the sentences he is named in is someone the text leaves unnamed
        first = ent.name.split()[0] if len(ent.name.split()) >= 2 else None
        if first in names and ent.id not in votes:
            votes[ent.id] = [10, 0] if names[first] == "m" else [0, 10]
    for ms, me, ent in people:
        span = sdoc.char_span(ms, me, alignment_mode="expand")
        if span is None:
            continue
        tally = votes.setdefault(ent.id, [0, 0])
        apposed = [c for c in span.root.children if c.dep_ == "appos"]  # "Jane Starner, his aunt"
        if span.start > 1 and sdoc[span.start - 1].text == ",":  # "his aunt, Jane Starner" (the parse may miss it)
            for tok in reversed(sdoc[max(0, span.start - 9):span.start - 1]):
                if tok.pos_ in ("VERB", "AUX") or tok.is_punct and tok.text != "," or tok.lower_ == "of":
                    break  # "brother of heir to the throne, Charles": the brother is someone else
                apposed.append(tok)
        for tok in sdoc[max(0, span.start - 3):span.start]:
            gender = TITLE_GENDER.get(tok.lower_.rstrip(".")) or ROLE_GENDER.get(tok.lower_)
            if gender:
                tally[gender == "f"] += 3  # a title says more than a pronoun
        for tok in apposed:  # "his aunt, Jane Starner"; "Jane Starner, a funny woman in her 80s"
            gender = KIN_GENDER.get(tok.lower_) or ROLE_GENDER.get(tok.lower_)
            if gender:
                tally[gender == "f"] += 3
        sent = span.sent if pronouns and len(span.sent) <= 400 else None
        if sent is None:
            continue
        others = [e for s, _, e in people if sent.start_char <= s < sent.end_char and e.id != ent.id]
        if others:
            continue
        for tok in sdoc[span.end:sent.end]:
            # a subject or possessive he/she only: "Elise Matthesen found him" says nothing of her gender
            gender = PRONOUN_GENDER.get(tok.lower_) if tok.dep_ in ("nsubj", "nsubjpass", "poss") else None
            if gender and not any(src[0] <= tok.idx < src[1] and any(cs <= ms < ce for cs, ce in content)
                                  for src, content in quoting) and not any(cs <= tok.idx < ce for cs, ce in direct):
                tally[gender == "f"] += 1
    return {eid: ("m" if m > f else "f") for eid, (m, f) in votes.items() if m != f}


def resolve_pronoun(pronoun: str, pos: int, content, mentions: SpanIndex, genders: dict[str, str], sdoc=None,
                    last_speaker: tuple | None = None, text: str | None = None, last_body: tuple | None = None,
                    said: tuple = ()):
    """The speaker a pronoun source stands for, or (None, None) when none fits: the last person
    named before it whose gender does not contradict he/she, or for "it"/"they" the last
    organisation, state or group. A name inside the quoted content itself is never its speaker.
    ``said`` holds the content and source spans of every statement in the text."""
    inside = [(s, e) for s, e in content]
    # a person the statement itself names is not who makes it ("“… Mary Steenburgen … didn't do that,” she said")
    named_inside = {ent.id for s, e in inside for _ms, _me, ent in mentions.starting(s, e)}

    def quoted(ms: int) -> bool:
        return any(s <= ms < e for s, e in inside)

    if pronoun in PRONOUN_GENDER:
        wanted = PRONOUN_GENDER[pronoun]
        if last_speaker is not None:
            # '"...," said Sowers. ... She said ...': the person quoted just before speaks on
            ent, where = last_speaker
            # … unless a sentence since is about another person who could be meant (its subject, or the
            # subject's owner), outside what anyone says and who says it ('… said Williams. Mr. Trump's
            # embrace is not limited to China. He has injected …'); a person named on the way ("chats with
            # Epstein", "her grief over Ford's death") or in the speaker's description ("said Singh, 24,
            # from Punjab's Bhatinda") is not
            since = [e for ms, me, e in mentions.starting(_sentence_end(sdoc, where), pos)
                     if e.label == "PERSON" and e.id != ent.id
                     and genders.get(e.id) in (None, wanted) and not quoted(ms)
                     and not any(lo <= ms < hi for lo, hi in said) and _sentence_about(sdoc, ms, me)]
            if pos - where <= SPEAKER_REACH and genders.get(ent.id) in (None, wanted) and not since \
                    and ent.id not in named_inside and _unnamed_person_since(sdoc, where, pos, wanted, said) is None:
                return ent, "the person quoted just before"
        candidates = [(ms, ent) for ms, _me, ent in reversed(mentions.starting(pos - PRONOUN_REACH + 1, pos))
                      if ent.label == "PERSON" and not quoted(ms) and ent.id not in named_inside]
        newcomer = _unnamed_person_since(sdoc, candidates[-1][0] if candidates else pos, pos, wanted, said)
        if newcomer is not None:
            # "My two-year-old son played …, except he forgot": the he is the son the text leaves unnamed
            candidates = [(ms, ent) for ms, ent in candidates if ms > newcomer]
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
        if _body_fits(pronoun, body.label) and 0 <= pos - where <= SPEAKER_REACH and "\n\n" not in text[where:pos]:
            return body, "the organisation, state or group quoted just before"
    return ent, how


def _unnamed_person_since(sdoc, start: int, pos: int, wanted: str, said: tuple = ()) -> int | None:
    """Where, between ``start`` and the pronoun at ``pos``, a person the text introduces without a
    name is last the subject of a clause ("a waitress … came barging in", "My two-year-old son
    played"), of the gender the pronoun has and outside what anyone says; None when there is none.
    A name before that person is not who the pronoun means."""
    if sdoc is None or pos <= start:
        return None
    span = sdoc.char_span(start, pos, alignment_mode="expand")
    last = None
    for tok in span if span is not None else ():
        if tok.idx < start or tok.idx >= pos or tok.ent_type_ or KIN_GENDER.get(tok.lower_) != wanted:
            continue
        if tok.dep_ not in ("nsubj", "nsubjpass") or any(lo <= tok.idx < hi for lo, hi in said):
            continue
        if any(c.dep_ in ("det", "poss") and c.lower_ in NEW_PERSON_DETS for c in tok.children):
            last = tok.idx
    return last


def _sentence_about(sdoc, start: int, end: int) -> bool:
    """Is the mention the subject of its sentence's main verb, or the owner of that subject?"""
    span = sdoc.char_span(start, end, alignment_mode="expand") if sdoc is not None else None
    if span is None:
        return True
    tok = span.root
    if tok.dep_ == "poss":
        tok = tok.head
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT"


def _sentence_end(sdoc, pos: int) -> int:
    """Where the sentence holding the character before ``pos`` ends (``pos`` without a parse)."""
    span = sdoc.char_span(max(0, pos - 1), pos, alignment_mode="expand") if sdoc is not None and pos > 0 else None
    return max(pos, span.sent.end_char) if span is not None else pos


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
    "newspaper": {"newspaper"}, "paper": {"paper"}, "outlet": {"outlet"}, "broadcaster": {"broadcaster"},
    "publication": {"publication"},
}
# bodies whose name need not say what they are ("GateHouse … the company", "CNBC … the news
# organization"): the organisation that is the subject just before stands for them
UNNAMED_KINDS = {"company", "firm", "corporation", "organisation", "organization", "newspaper", "paper", "outlet",
                 "broadcaster", "publication"}
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
    corporate = noun in UNNAMED_KINDS
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


def _body_fits(pronoun: str, label: str) -> bool:
    """"It" is an organisation or a state; "they" an organisation or a group ("Norland said …
    Meanwhile, they note …" is not the country)."""
    return label in (("ORG", "NORP") if pronoun == "they" else ("ORG", "GPE"))


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
                if _body_fits(pronoun, ent.label) and not quoted(ms) and tok.idx < me and ms <= tok.idx + len(tok.text):
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
    candidates = {ent.id: (ent, role) for role, items in roles.items() if role in wanted
                  for ms, ent in items if ms < pos}
    if not candidates:
        return None, None
    # of those ever named with the role, the one named last before it, by any mention: "The president
    # says …" after "Mr. Trump's embrace …" is Trump, though "the president of the Federal Reserve Bank
    # of New York" was named with the word since "President Trump" was
    last = {}
    for ms, _me, ent in mentions.starting(0, pos):
        if ent.id in candidates:
            last[ent.id] = ms
    ent, role = candidates[max(last, key=last.get)]
    return ent, f"role {src!r} -> {ent.name} (named as {role})"
