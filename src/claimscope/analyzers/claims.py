"""Check-worthy claims: who asserts them, hedged or not, on what evidence; denials
linked to the claims they deny.

A claim is a sentence, or the part of it that an attribution reports. Its check-worthiness
score is the probability of the trained model (``checkworthy``: ClaimBuster sentences, a
fine-tuned MiniLM mixed with tf-idf); ``Claim.score_reasons`` keeps the evidence: both models'
probabilities, the words that weighed most in the tf-idf model and what the sentence holds (named actors, numbers, grave allegations, a question).
"""
from __future__ import annotations

import re

from ..document import Claim, Document, Span
from ..pipeline.registry import analyzer
from .lexicon import (AID_VERBS, ARMED_GROUP_WORDS, ARMS, GRAVE_ACTS, MOVING, OFFICIAL_SPEAKERS, REPORT_WORDS,
                      TESTIMONY_ROLES)
from .attributions import cue_negated
from .headlines import containing, inner_headlines
from .checkworthy import load as model
from .trees import bare_noun_phrase, subtree
from .spans import SpanIndex

HEDGES = re.compile(
    r"\b(?:allegedly|reportedly|purportedly|supposedly|apparently|possibly|probably|perhaps|presumably|"
    r"may|might|could|would|seems?|seemed|appears?|appeared|likely|unlikely|suspected|unconfirmed|"
    r"rumou?red|it is (?:said|believed|claimed|thought|alleged)|it logically follows|"
    r"is said to|are said to|is believed to|are believed to|according to some)\b", re.I)
GRAVE = {
    "support", "fund", "finance", "arm", "weapon", "smuggle", "terrorist", "terror", "attack", "kill",
    "murder", "bomb", "massacre", "genocide", "torture", "bribe", "corruption", "launder", "traffic",
    "recruit", "militant", "fighter", "supply", "oil", "ally", "cooperate", "collude", "sponsor",
    "cover", "fraud", "rig", "crime", "criminal", "war", "invade", "execute", "abuse", "sanction",
    "rifle", "gun", "ammunition", "explosive", "missile", "militia", "ship", "shipment",
}
OPINION_CUES = {"believe", "think", "see", "consider", "feel", "call", "argue", "recall", "view", "regard",
                "suggest", "follow", "opine"}  # not "say": a report of what someone said is no opinion
QUESTION_CUES = {"ask", "wonder", "inquire", "enquire"}
ACCUSATION_NOUNS = {"accusation", "allegation", "claim", "charge", "report", "story", "rumour", "rumor"}
# the words of an accusation itself, beside the grave deeds ("accused of rape", "sexual assault")
ACCUSING = {"accuse", "accusation", "allege", "allegation", "charge", "rape", "assault", "harass", "harassment",
            "misconduct", "abuse"}
DENIAL_FAMILY = {
    "support": {"support", "supporter", "aid", "help", "assist", "fund", "finance", "supply", "ally", "arm",
                "back", "cooperate", "cooperation", "sponsor", "mediator", "logistics", "contact", "meeting"},
    # "never intended to harm Omar" denies the threat he pleaded guilty to
    "violence": {"harm", "hurt", "threaten", "threat", "kill", "murder", "assault", "attack", "injure", "shoot",
                 "stab", "beat", "violence", "violent", "abuse", "bullet"},
}


def affiliations(document: Document) -> dict[str, set[str]]:
    """Actors a person speaks for: the state named right before them ("Turkish President Erdogan"),
    and whoever their role belongs to ("Scott Strenfel, PG&E's meteorologist", "Carlineo's attorney,
    Sonya Zoghlin", "the spokesman of the ministry, Ivo Strand")."""
    sdoc = document.spacy_doc
    by_start = {m.start: e for e in document.entities for m in e.mentions}
    out: dict[str, set[str]] = {}
    for ent in document.entities:
        sides = {ent.id}
        if ent.part_of:
            sides.add(ent.part_of)
        if ent.label == "PERSON":
            for m in ent.mentions:
                span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
                if span is None:
                    continue
                for tok in sdoc[max(0, span.start - 4):span.start]:
                    other = by_start.get(tok.idx)
                    if other is not None and other.label != "PERSON" and other.id != ent.id and _qualifies(tok, span.root):
                        sides.add(other.id)
                sides |= _role_owners(span.root, by_start, ent.id)
        out[ent.id] = sides
    return out


QUALIFIER_DEPS = {"amod", "compound", "nmod", "poss"}


def _qualifies(tok, root) -> bool:
    """Is ``tok`` part of the name phrase headed by ``root`` ("Turkish President Erdogan", "Russia's
    President Putin"), rather than a neighbour in the clause ("the US is seeking Assange's
    extradition": the US is not Assange's side)?"""
    for _ in range(3):
        if tok.dep_ not in QUALIFIER_DEPS or tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.i == root.i:
            return True
    return False


def _role_owners(root, by_start, own_id: str) -> set[str]:
    """The actors a person's role noun belongs to, through an apposition: "X, PG&E's meteorologist",
    "X's attorney, Y", "the head of the ministry, Y"."""
    roles = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        roles.append(root.head)
    owners = set()
    for role in roles:
        # every actor named in the role phrase: "PG&E's meteorologist", "a doctor at Chaoyang Hospital",
        # "vice president of Advanced Development Programs at Blue Origin", "Columbus Police spokesman"
        for tok in subtree(role):
            if tok.i == root.i or tok.head.i == root.i and tok.dep_ in ("relcl", "acl"):
                continue
            ent = by_start.get(tok.idx)
            if ent is not None and ent.id != own_id:
                owners.add(ent.id)
    return owners


def mention_index(document: Document) -> SpanIndex:
    """The entities of a document by their mentions, for "which actors are named in this range"."""
    return SpanIndex(document.entities, lambda e: ((m.start, m.end) for m in e.mentions))


def _reasons(sent_tokens, text: str) -> list[str]:
    """What the sentence holds that a reader checks for; evidence beside the model's score."""
    reasons = []
    if any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in sent_tokens):
        reasons.append("names actors")
    if any(t.like_num or t.ent_type_ in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT") for t in sent_tokens):
        reasons.append("gives numbers")
    if any(t.ent_type_ == "DATE" for t in sent_tokens):
        reasons.append("dated")
    grave = sorted({t.lemma_.lower() for t in sent_tokens if t.lemma_.lower() in GRAVE})
    if grave:
        reasons.append("grave allegation (" + ", ".join(grave[:4]) + ")")
    if text.rstrip().endswith("?"):
        reasons.append("is a question")
    return reasons


def _model_reason(scored) -> str:
    words = ", ".join(f"{term} {weight:+.2f}" for term, weight in scored.terms)
    return (f"model p={scored.probability:.2f} (fine-tuned MiniLM {scored.encoder:.2f}, words {scored.lexical:.2f}"
            + (f"; weightiest words: {words})" if words else ")"))


def _evidence_type(att, document: Document, sentence_text: str) -> str:
    if att is None:
        return "none"
    cue = (att.cue.text.lower() if att.cue else "")
    src = (att.source.text.lower() if att.source else "") + " " + (att.speaker_name or "").lower()
    content = " ".join(c.text for c in att.content).lower()
    words = set(re.findall(r"[a-z]+", src))
    if words & REPORT_WORDS:
        return "report"
    if "interview" in sentence_text.lower() or "interview" in cue:
        return "interview"
    if words & TESTIMONY_ROLES or re.search(r"\b(i|my|we|our)\b", content):
        ent = document.entity(att.speaker)
        if ent is None or ent.label == "PERSON":
            return "testimony"
    if att.is_denial or words & OFFICIAL_SPEAKERS or "statement" in sentence_text.lower() or "statement" in cue:
        return "official_statement"
    lemma = att.cue.text.lower().split()[-1] if att.cue else ""
    if any(lemma.startswith(o) for o in OPINION_CUES) or "logically" in content:
        return "opinion"
    ent = document.entity(att.speaker)
    if ent is not None and ent.label == "PERSON":
        return "testimony"
    return "official_statement" if ent is not None else "none"


def _lemmas(sdoc, start: int, end: int) -> set[str]:
    span = sdoc.char_span(start, end, alignment_mode="expand")
    return {t.lemma_.lower() for t in span} if span is not None else set()


def _after(text: str, boundary: int, end: int) -> int:
    """Where the rest of a sentence starts after a headline the parse ran into it."""
    rest = text[boundary:end]
    return boundary + (len(rest) - len(rest.lstrip()))


@analyzer("claims", requires=("entities", "attributions"), assigns=("claims", "signals"), description="check-worthy claims, hedges, evidence, denials")
def claims(document: Document, config: dict) -> None:
    sdoc = document.spacy_doc
    text = document.text
    minimum = config.get("min_score", model().threshold)
    title = document.title_span()
    headlines = inner_headlines(document)  # other stories' headlines
    attributions = SpanIndex(document.attributions, lambda a: ((c.start, c.end) for c in a.content))
    candidates = []  # (sentence, its text, start, end, attribution)
    for sent in sdoc.sents:
        s_text = sent.text.strip()
        if not s_text or len(s_text) < 12:
            continue
        s_start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        s_end = s_start + len(s_text)
        atts = attributions.overlapping(s_start, s_end)
        for start, end, att in _claimed_parts(sdoc, atts, s_start, s_end):
            if end - start < 3:
                continue
            if title and start < title.end and title.start < end and not s_text.endswith("?"):
                start = _after(text, title.end, end)  # the parse ran the headline into the body
                if end - start < 12:
                    continue
            headline = containing(start, headlines)
            if headline is not None:  # another story's headline the parse ran into the next sentence
                start = _after(text, headline[1], end)
                if end - start < 12:
                    continue
            candidates.append((sent, s_text, start, end, att))
    # the model reads the claim as stated (the reported part of an attributed sentence)
    scored = model().score([text[start:end] for _, _, start, end, _ in candidates])
    out: list[Claim] = []
    for (sent, s_text, start, end, att), judged in zip(candidates, scored):
        score, reasons = judged.probability, [_model_reason(judged), *_reasons(list(sent), s_text)]
        if att is not None and att.is_denial:
            score = max(score, 0.75)
            reasons.append("a denial (kept at 0.75 or more, shown beside the claim it denies)")
        if score < minimum:
            continue
        hedges = [Span.of(text, start + m.start(), start + m.end()) for m in HEDGES.finditer(text[start:end])]
        speaker_name = att.speaker_name if att else None
        unnamed = att is not None and att.source is None and speaker_name is None and att.cue is not None
        if unnamed:
            # "it is alleged he raped …": passed on by no one named; neither the article's own claim nor
            # unhedged, and it carries no evidence
            speaker_name = f"no one named ({att.cue.text})"
            hedges.append(Span.of(text, att.cue.start, att.cue.end))
        out.append(Claim(
            id="", start=start, end=end, text=text[start:end], score=round(score, 3), score_reasons=reasons,
            voice="attributed" if att is not None else "article", attribution=att.id if att else None,
            speaker=att.speaker if att else None, speaker_name=speaker_name,
            hedged=bool(hedges), hedges=hedges,
            evidence_type="none" if unnamed else _evidence_type(att, document, s_text),
            is_denial=bool(att and att.is_denial),
        ))
    for i, c in enumerate(out, start=1):
        c.id = f"C{i}"
    _link_denials(document, out)
    document.claims = out
    _flag_unattributed(document, out)


def _claimed_parts(sdoc, atts, s_start: int, s_end: int) -> list[tuple]:
    """(start, end, attribution) of each claim a sentence holds: one per attribution that states
    something (a claim and its denial may share one); else the whole sentence, credited to its one
    attribution ("the study lists forty shipments") or to the article ("he asked about the
    Brotherhood", "Clinton did not mention Trump by name", "the company would not disclose that …",
    several cues none of which says what)."""
    parts, credited = [], []
    for att in atts:
        content = [c for c in att.content if c.start < s_end and s_start < c.end]
        start, end = max(s_start, content[0].start), min(s_end, content[-1].end)
        asks = _asks(att, sdoc)  # a question asserts nothing
        silent = not att.is_denial and cue_negated(att, sdoc)  # "would not disclose X": no one states X
        if asks or silent or (not att.is_denial and not _states_something(sdoc, start, end)):
            # a cue inside a relative clause ("the grand finale he hoped for") describes a noun of the
            # article's own sentence: the sentence is not that speaker's
            credited.append(None if asks or silent or _in_relative_clause(att, sdoc) else att)
        else:
            parts.append((start, end, att))
    return parts or [(s_start, s_end, credited[0] if len(credited) == 1 else None)]


def _in_relative_clause(att, sdoc) -> bool:
    """Is the cue a relative clause's verb, or inside one ("the grand finale he hoped for")?"""
    span = sdoc.char_span(att.cue.start, att.cue.end, alignment_mode="expand") if att.cue is not None else None
    if span is None:
        return False
    return any(t.dep_ in ("relcl", "acl") for t in [span.root, *span.root.ancestors])


# verbs that put a question when what follows opens with a question word ("demanded how Andrew could be so sure")
PRESSING = {"demand", "press", "challenge", "quiz", "query", "grill", "probe"}
QUESTION_WORDS = {"how", "why", "whether", "what", "when", "where", "who", "whom", "which", "if"}


def _asks(att, sdoc) -> bool:
    """Is the cue a question ("asked about", "wondered whether", "demanded how")? Its source asks, and
    states nothing."""
    if att.cue is None:
        return False
    span = sdoc.char_span(att.cue.start, att.cue.end, alignment_mode="expand")
    if span is None:
        return False
    lemma = span.root.lemma_.lower()
    if lemma in QUESTION_CUES:
        return True
    first = sdoc.text[att.content[0].start:att.content[0].end].split(maxsplit=1) if att.content else []
    return lemma in PRESSING and bool(first) and first[0].lower() in QUESTION_WORDS


def _states_something(sdoc, start: int, end: int) -> bool:
    """Does a reported part hold a verb, or a quote, rather than a bare noun phrase ("forty shipments",
    "a loss of $3 million on sales that fell", whose only verb describes one of its nouns)? A noun
    phrase is no statement on its own: the whole sentence is the claim."""
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or sdoc.text[start] in "\"“'‘":
        return True
    return any(t.pos_ in ("VERB", "AUX") for t in span) and not bare_noun_phrase(span)


def _flag_unattributed(document: Document, claims_: list[Claim]) -> None:
    """Grave accusations against a named actor stated in the article's own voice with no source:
    a named actor doing violence, a crime or corruption, aiding an armed group, or moving arms.
    Background facts (a disease that killed millions, a company that funds research) are not flagged."""
    from ..document import Signal

    sdoc = document.spacy_doc
    actors = mention_index(document)
    reported = SpanIndex([c for a in document.attributions for c in a.content], lambda c: [(c.start, c.end)])
    flags = []
    for claim in claims_:
        if claim.voice != "article" or claim.hedged or claim.is_denial or claim.text.rstrip().endswith("?"):
            continue
        if reported.overlapping(claim.start, claim.end):
            continue  # "the minister did not say that X": X is reported, not the article's own word
        span = sdoc.char_span(claim.start, claim.end, alignment_mode="expand")
        if span is None:
            continue
        found = _accusation(span, actors)
        if found is None:
            continue
        actor, act = found
        flags.append(Signal(
            id="", type="unattributed_allegation", start=claim.start, end=claim.end, text=claim.text,
            severity="warning",
            explanation=(f"The article accuses {actor} of {act} in its own voice, without saying who says so "
                         "or how it is known."),
            evidence=[Span.of(document.text, t.idx, t.idx + len(t.text)) for t in span
                      if t.lemma_.lower() in GRAVE_ACTS | AID_VERBS | MOVING or t.lower_ in ARMS][:3],
        ))
    document.merge("signals", flags, by="claims")


def _named_in(tok, actors) -> str | None:
    """The named actor (person, organisation, state or people) in a token's phrase, if any."""
    tokens = subtree(tok)
    lo, hi = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    for ent in actors.overlapping(lo, hi):
        if ent.label in ("PERSON", "ORG", "GPE", "NORP"):
            return ent.name
    return None


def _agents(verb) -> list:
    """The doers of a verb: its subjects (a parse may give two), or the "by" phrase of a passive."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:
        return subjects
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    return [c for c in by.children if c.dep_ == "pobj"] if by is not None else []


def _named_agent(verb, actors) -> str | None:
    return next((n for n in (_named_in(a, actors) for a in _agents(verb)) if n), None)


def _accusation(span, actors) -> tuple[str, str] | None:
    """(named actor, what they are accused of) when the claim makes a grave accusation, else None."""
    for tok in span:
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") and lemma in GRAVE_ACTS | AID_VERBS:
            name = _named_agent(tok, actors)
            if name is None:
                continue
            if lemma in GRAVE_ACTS:
                return name, f"{lemma}ing" if not lemma.endswith("e") else f"{lemma[:-1]}ing"
            helped = [t.lower_ for c in tok.children if c.dep_ in ("dobj", "dative", "prep", "iobj") for t in subtree(c)]
            if ARMED_GROUP_WORDS & set(helped):
                return name, f"aiding an armed group ({lemma})"
        if tok.lower_ in ARMS and tok.head.lemma_.lower() in MOVING:
            mover = tok.head
            name = _named_agent(mover, actors) if mover.pos_ in ("VERB", "AUX") else None
            if name is None and mover.dep_ in ("acl", "relcl"):
                name = _named_in(mover.head, actors)  # "trucks of the MIT carrying weapons": the trucks carry them
            if name is not None:
                return name, f"moving arms ({tok.text})"
    return None


def _actors(claim: Claim, mentions, sides: dict, cache: dict) -> set[str]:
    """The actors a claim names, and the sides they belong to (computed once per claim)."""
    if claim.id not in cache:
        actors = {e.id for e in mentions.within(claim.start, claim.end)}
        cache[claim.id] = actors | {p for a in actors for p in sides.get(a, set())}
    return cache[claim.id]


def _asserted_by(claim: Claim, atts: dict) -> set[str]:
    att = atts.get(claim.attribution)
    return set(att.speakers if att else []) | ({claim.speaker} if claim.speaker else set())


def _claimants(sdoc, denial: Claim, mentions) -> set[str]:
    """Whose claims a denial names: the owner of its accusation noun ("Swift's claims", "the
    allegations by the union", "claims made by Swift")."""
    span = sdoc.char_span(denial.start, denial.end, alignment_mode="expand")
    owners: set[str] = set()
    for noun in (t for t in span or () if t.lemma_.lower() in ACCUSATION_NOUNS and t.pos_ == "NOUN"):
        heads = [c for c in noun.children if c.dep_ == "poss"]
        for prep in (c for c in noun.subtree if c.dep_ == "agent" or c.lower_ in ("by", "from") and c.dep_ == "prep"):
            heads += [c for c in prep.children if c.dep_ == "pobj"]
        for head in heads:
            sub = list(head.subtree)
            owners |= {e.id for e in mentions.within(sub[0].idx, sub[-1].idx + len(sub[-1].text))}
    return owners


def _link_denials(document: Document, claims_: list[Claim]) -> None:
    """A denial denies the claims that accuse the denier's side of what the denial names."""
    sides = affiliations(document)
    sdoc = document.spacy_doc
    atts = {a.id: a for a in document.attributions}
    mentions = mention_index(document)
    actors_of: dict[str, set[str]] = {}  # per claim, computed once for all denials
    lemmas_of: dict[str, set[str]] = {}
    for denial in (c for c in claims_ if c.is_denial):
        att = atts.get(denial.attribution)
        deniers = set(att.speakers if att else []) or ({denial.speaker} if denial.speaker else set())
        side = set().union(*(sides.get(d, {d}) for d in deniers)) if deniers else set()
        topic = _lemmas(sdoc, denial.start, denial.end)
        family: set[str] = set()
        for words in DENIAL_FAMILY.values():
            if topic & words:
                family |= words
        if not family:
            span = sdoc.char_span(denial.start, denial.end, alignment_mode="expand")
            family = {t.lemma_.lower() for t in span if t.pos_ in ("VERB", "NOUN") and not t.is_stop} if span else set()
        owners = _claimants(sdoc, denial, mentions)
        # "denied Swift's claims": what the named claimant asserted before, where it names the denier's side
        # (a claimant the text gives no claims to leaves the denial to the rules below)
        owned = [c.id for c in claims_ if owners and c.start < denial.start and not c.is_denial
                 and _asserted_by(c, atts) & owners and side & _actors(c, mentions, sides, actors_of)]
        if owned:
            denial.denies.extend(owned)
            continue
        generic = bool(topic & ACCUSATION_NOUNS) and not any(topic & words for words in DENIAL_FAMILY.values())
        if generic:
            # "Assange, who denies the accusation": the accusation the text has just made, the nearest
            # one before the denial against the denier's side, not every grave word in the article
            family |= GRAVE | ACCUSING
        matched = []
        for claim in claims_:
            if claim is denial or claim.is_denial or claim.speaker in deniers and claim.speaker is not None:
                continue
            if not side & _actors(claim, mentions, sides, actors_of):
                continue
            if claim.id not in lemmas_of:
                lemmas_of[claim.id] = _lemmas(sdoc, claim.start, claim.end)
            if lemmas_of[claim.id] & family:
                matched.append(claim)
        if generic:
            before = [c for c in matched if c.start < denial.start]
            matched = [max(before, key=lambda c: c.start)] if before else []
        denial.denies.extend(c.id for c in matched)
