"""The learned tagger's spans as attributions, checked against the parse, and combined with the
rules' (``COMBINE``, chosen on held-out PolNeAR train articles)."""
from __future__ import annotations

import re
from dataclasses import replace

from ...once import loaded_once
from ..lexicon import PUBLISHED_TEXTS, REPORT_WORDS, ROLE_WORDS, SOURCE_PEOPLE
from ..trees import bare_noun_phrase, modifies_a_noun
from .quotes import _is_quote, find_quotes
from .rules import (RAISING, THRESHOLD, Raw, _source_span, _subject, asked_clause, cue_lexicon, lexicon_key,
                    perfect_read_as_passive)
from .speakers import BODY_NOUNS, GROUP_WORDS, PRONOUNS


COMBINE = "tagger+rules"  # chosen on held-out PolNeAR train articles (training/attributions/evaluate_tagger.py)
COMBINATIONS = ("rules", "tagger", "rules+tagger", "tagger+rules")
# the rules' cue rate beside the tagger, which reads the rarer cues in their context better ("envision",
# "knows", "allows"): 0.30 to 0.50 tried on a held-out fold of PolNeAR train, checked on another
THRESHOLD_BESIDE_TAGGER = 0.45


def rules_threshold(how: str) -> float:
    """The cue rate at which the rules read a word as a cue, for a combination."""
    return THRESHOLD_BESIDE_TAGGER if how == "tagger+rules" else THRESHOLD


@loaded_once
def _tagger():
    from .. import attribution_tagger

    return attribution_tagger.Tagger() if attribution_tagger.available() else None


def _tag(text: str, config: dict):
    """The tagger's cue, source and content spans (it reads the text alone: run beside the parse), or None."""
    if config.get("combine", COMBINE) == "rules":
        return None
    tagger = _tagger()
    return tagger.spans(text) if tagger is not None else None


CUE_POS = {"VERB", "NOUN", "ADJ", "AUX", "PROPN"}
# alone, no cue: "Parents, lawmakers and a bishop were among the hundreds", "One | would | think so"
BARE_VERBS = {"be", "have", "do", "would", "will", "could", "should", "may", "might", "must", "can", "shall"}
SCRAP_WORDS = 2  # a content piece this short beside a longer one is the tagger's noise ("The", "some")
END_PUNCT = " \t\n.,;:"
QUOTE_OPENERS = "\"“«„‘"
QUOTE_CLOSERS = "\"”»’"


def learned_raws(sdoc, spans: list[tuple[str, int, int]]) -> list[Raw]:
    """The tagger's spans as the rules' raw attributions, checked against the parse: a "cue" with no
    verb, noun or adjective in it ("about") is read as content; a cue's content pieces are those in
    its sentence (or quotes), without scraps or end punctuation. The cue's word gives the kind and the
    lemma (for denials), the source its tokens (for speaker resolution)."""
    from ..attribution_tagger import link

    text = sdoc.text
    quotes = find_quotes(text)
    out = []
    for att in link(_real_cues(sdoc, spans), text):
        cue_span = sdoc.char_span(*att["cue"], alignment_mode="expand")
        if cue_span is None:
            continue
        cue_span = _without_dangling_phrase(cue_span)
        att["cue"] = (cue_span.start_char, cue_span.end_char)
        lemma = cue_span.root.lemma_.lower()
        content = _clean_content(sdoc, cue_span, att["content"], quotes)
        if not content:
            continue
        source_span = sdoc.char_span(*att["source"], alignment_mode="expand") if att["source"] else None
        if source_span is not None:
            source_span = _whole_phrase(source_span)
            att["source"] = (source_span.start_char, source_span.end_char)
        if source_span is not None and _passive(cue_span) and not _agent(source_span):
            source_span = None  # "Queen Elizabeth was said to disapprove", "reported in a 55-year-old man"
        if source_span is not None and _subject_of_another(source_span, cue_span):
            source_span = None  # "X pleaded guilty …, the Attorney's Office said": the office says, X pleads
        if source_span is not None and _object_of_the_clause_above(source_span, cue_span):
            source_span = None  # "talks with other partners, publicly threatening them": the talker threatens
        if source_span is not None and source_span.root.sent.start != cue_span.root.sent.start:
            source_span = None  # a name in another sentence: "… were confirmed on May 12. But according to X, …"
        no_speaker = _no_speaker(cue_span)
        if no_speaker:
            source_span = None  # "Hizbollah seems unlikely to …": the article judges; "Asked …, X said": X was asked
        source = att["source"] if source_span is not None else None
        if source is None and cue_span.root.pos_ in ("VERB", "AUX") and not no_speaker:
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
                       kind=kind, lemma=lemma, source_tokens=list(source_span) if source_span is not None else [],
                       no_speaker=no_speaker))
    return out


NAME_TYPES = {"PERSON", "ORG", "GPE", "NORP"}  # not a headline the tagger took for a work's title
NAME_POS = {"PROPN", "ADP", "CCONJ", "DET", "PUNCT", "NUM"}
TITLES = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "prof", "lt", "sgt", "col", "capt"}


def _whole_phrase(span):
    """The tagged source widened to whole names and a whole noun: "Kong" in "Many in Hong Kong" is
    "Hong Kong", a lone "The" is "The protests" (the tagger's pieces need not end where names do)."""
    sdoc = span.doc
    start, end = span.start, span.end

    def joins(tok) -> bool:  # a word of the same name: not a verb of a headline the tagger took for one
        return tok.ent_iob_ == "I" and tok.ent_type_ in NAME_TYPES and tok.pos_ in NAME_POS and end - start < 6

    while start > 0 and joins(sdoc[start]) and sdoc[start - 1].pos_ in NAME_POS:
        start -= 1
    while end < len(sdoc) and joins(sdoc[end]) and sdoc[end].tag_ != "POS":
        end += 1
    while end > span.end and sdoc[end - 1].pos_ == "PUNCT":
        end -= 1  # "Clinton-" of "Clinton-Supporting"
    if sdoc[end - 1].lower_.rstrip(".") in TITLES:
        while end < len(sdoc) and sdoc[end].pos_ == "PROPN" and sdoc[end].tag_ != "POS":
            end += 1  # "Mr." of "Mr. Trump requested": a title is no one without the name after it
    if all(t.pos_ in ("DET", "ADP", "PUNCT", "CCONJ") for t in sdoc[start:end]):
        head = sdoc[end - 1].head
        if head.pos_ in ("NOUN", "PROPN") and head.i >= end and head.i - end < 4:
            end = head.i + 1
    return sdoc[start:end]


def _no_speaker(cue_span) -> bool:
    """Does the cue name no one who speaks: a raising verb alone ("seems", "appeared"), or a participle
    clause with no subject ("Asked whether …", whose subject was asked, not asking)?"""
    verbs = [t for t in cue_span if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() not in BARE_VERBS]
    if verbs and all(t.lemma_.lower() in RAISING for t in verbs):
        return True
    return asked_clause(cue_span.root)


def _subject_of_another(source_span, cue_span) -> bool:
    """Is the tagged source the subject of some other verb, while the cue's verb has a subject of its
    own ("Carlineo … pleaded guilty to …, the U.S. Attorney's Office said"), or while the cue is a noun
    in that verb's circumstances ("X said on Tuesday, after years of debate over Y": X does not debate)?"""
    root = source_span.root
    verb = cue_span.root
    if root.dep_ not in ("nsubj", "nsubjpass") or root.head.i in {t.i for t in cue_span}:
        return False
    if verb.pos_ == "ADP":  # a cue tagged with the preposition before its noun: "of debate"
        verb = next((t for t in cue_span if t.pos_ == "NOUN"), verb)
    if verb.pos_ == "NOUN":
        return _in_circumstance(verb, root.head)
    if verb.pos_ != "VERB":
        return False
    own = _subject(verb)
    return own is not None and own.i not in {t.i for t in source_span}


def _object_of_the_clause_above(source_span, cue_span) -> bool:
    """Is the cue a participle clause hung on another verb ("He has injected drama into talks with other
    partners, publicly threatening them with tariffs") and the tagged source a phrase of that verb other
    than its subject ("other partners")? The participle's speaker is the subject above."""
    verb = cue_span.root
    if verb.tag_ != "VBG" or verb.dep_ != "advcl":
        return False
    above, tok = verb.head, source_span.root
    while tok.head.i != above.i:
        if tok.head.i == tok.i or tok.i == verb.i:
            return False  # not below the verb above, or inside the participle's own clause
        tok = tok.head
    return tok.i != verb.i and tok.dep_ not in ("nsubj", "nsubjpass")


CIRCUMSTANCE_PREPS = {"after", "amid", "amidst", "despite", "following", "before", "during", "since", "until"}


def _in_circumstance(noun, verb) -> bool:
    """Is the noun inside a phrase of time or concession on the verb ("after years of debate", "amid
    claims that …"), which tells when or despite what the subject acts, not what it says?"""
    tok = noun
    for _ in range(6):
        if tok.head.i == tok.i:
            return False
        if tok.dep_ == "pobj" and tok.head.lower_ in CIRCUMSTANCE_PREPS:
            return tok.head.head.i == verb.i
        if tok.dep_ not in ("pobj", "prep", "conj", "compound", "amod"):
            return False
        tok = tok.head
    return False


def _without_dangling_phrase(cue_span):
    """A cue without the start of a phrase whose rest lies outside it: "said" of "said in a (statement)"
    or "said on (Monday)"; "according to" stays whole."""
    doc, start, end = cue_span.doc, cue_span.start, cue_span.end
    while end - start > 1 and doc[end - 1].pos_ == "DET":
        end -= 1
    last = doc[end - 1]
    if end - start > 1 and last.pos_ == "ADP" and last.head.lemma_.lower() != "accord" and \
            not any(start <= c.i < end for c in last.children):
        end -= 1
    return doc[start:end]


# passives whose subject holds the feeling or stance the cue names ("voters were reassured", "the party
# is divided", "Tom Berg is convinced that …"): that subject speaks. In every other passive ("X was said
# to …", "Sanders was asked to name …", "he has been criticized for …") the subject is what is said about
# or to, and only an agent ("by the ministry") is a source: on 400 PolNeAR train articles, the gold
# source was the subject of 33 passive cues, mostly of these kinds, and another phrase or none at 284.
SUBJECT_HOLDS = {"assure", "reassure", "convince", "persuade", "divide", "split", "worry", "concern", "startle",
                 "shock", "surprise", "alarm", "embitter", "mystify", "intrigue", "impress", "thrill", "please",
                 "disappoint", "frustrate", "anger", "outrage", "dismay", "trouble", "encourage", "poise", "prepare",
                 "determine", "commit", "oppose", "align", "incline", "satisfy", "interest", "excite", "bother",
                 "delight", "stun", "appal", "appall", "horrify", "puzzle", "baffle", "confuse", "tempt", "inspire"}


def _agent(source_span) -> bool:
    """Is the phrase the agent of a passive ("by the ministry"), the only source a passive cue has?"""
    root = source_span.root
    return root.dep_ == "pobj" and root.head.lower_ == "by"


def _passive(cue_span) -> bool:
    """A passive cue ("was said", "was asked"), unless its subject holds what the cue names ("were
    reassured"): its subject is what is said about or to, and only an agent is a source."""
    return any(c.dep_ == "auxpass" and t.lemma_.lower() not in SUBJECT_HOLDS and not perfect_read_as_passive(t)
               for t in cue_span for c in t.children)


def _real_cues(sdoc, spans):
    """Cues the parse can bear: one with no verb, noun or adjective becomes content, and runs of
    content are joined again ("They said nothing about it": "about" is no cue)."""
    out = []
    for role, s, e in spans:
        if role == "CUE":
            span = sdoc.char_span(s, e, alignment_mode="expand")
            if span is None or not any(t.pos_ in CUE_POS and t.lemma_.lower() not in BARE_VERBS for t in span):
                role = "CON"
        if role == "CON" and out and out[-1][0] == "CON" and not sdoc.text[out[-1][2]:s].strip(" \t"):
            out[-1] = ("CON", out[-1][1], e)
        else:
            out.append((role, s, e))
    return out


def _without_object_of_cue(sdoc, cue_span, piece) -> tuple[int, int]:
    """A content piece without the object of a preposition that opens it and belongs to the cue's
    phrase: "decades" of "has argued for | decades that it was the first victim", or "for decades" of
    "has argued | for decades that …"."""
    span = sdoc.char_span(*piece, alignment_mode="expand")
    if span is None or len(span) < 3:
        return piece
    first = span[0]
    if first.dep_ == "prep":  # the piece opens with the preposition itself: "for | decades that …"
        first = next((c for c in first.children if c.dep_ == "pobj"), first)
    noun = next((t for t in [first, *first.ancestors] if t.dep_ == "pobj"), None)
    if noun is None or not (noun.head.i <= span.start and noun.head.head.i in {t.i for t in cue_span}):
        return piece
    clauses = {i for c in noun.children if c.dep_ in ("acl", "relcl", "ccomp") for i in (t.i for t in c.subtree)}
    phrase = ({t.i for t in noun.subtree} | {noun.head.i}) - clauses
    k = span.start
    while k < span.end and k in phrase:
        k += 1
    if k >= span.end - 1 or sdoc[k].lower_ not in ("that", "whether", "how", "why", "if"):
        return piece
    return sdoc[k].idx, piece[1]


def _clean_content(sdoc, cue_span, pieces, quotes) -> list[tuple[int, int]]:
    """A cue's content pieces that touch its sentence or are quotes, without the scraps of a word or
    two beside a longer piece and without punctuation at their ends (outside quotation marks)."""
    sent = cue_span.sent
    text = sdoc.text

    def keep(p):
        touches = p[0] < sent.end_char and sent.start_char < p[1]
        return (touches or _is_quote(p, quotes) or text[p[0]:p[0] + 1] in QUOTE_OPENERS) and not _question_frame(sdoc, p)
    pieces = [q for p in pieces if keep(p) for q in _within_sentence(p, sent, quotes)]
    if pieces:
        pieces[0] = _without_object_of_cue(sdoc, cue_span, pieces[0])
    if any(len(text[s:e].split()) > SCRAP_WORDS for s, e in pieces):
        pieces = [p for p in pieces if len(text[p[0]:p[1]].split()) > SCRAP_WORDS or _is_quote(p, quotes)]
    out = [p for p in (_trimmed(text, piece) for piece in pieces) if p[1] > p[0]]
    if any(_is_quote(p, quotes) for p in out):
        return out
    if sum(len(text[s:e].split()) for s, e in out) < 2:
        return []  # "who denies the", "What did the prosecutors say": a word is no statement
    if len(out) > 1 and all(len(text[s:e].split()) <= SCRAP_WORDS for s, e in out):
        return []  # "published" with "a", "on", "port": scraps, no statement
    return out


def _within_sentence(piece, sent, quotes) -> list[tuple[int, int]]:
    """A piece that runs out of the cue's sentence into text no quote holds ("The pier was called
    “reckless.” The plan seemed to stumble") ends with the sentence; the quotes in the rest stay
    ("The report reveals X. The most notable feature “is that …”")."""
    start, end = piece
    stop = sent.end_char
    if not (sent.start_char <= start < stop < end) or any(qs < stop < qe for qs, qe in quotes):
        return [piece]
    return [(start, stop)] + [(qs, min(qe, end)) for qs, qe in quotes if stop <= qs < end]


def _question_frame(sdoc, piece) -> bool:
    """Is the piece only the frame of a question, a wh-word and its auxiliary ("What did | the
    prosecutors say?"), which asks what was said and says nothing?"""
    span = sdoc.char_span(*piece, alignment_mode="expand")
    return span is not None and any(t.tag_ in ("WP", "WDT", "WRB") for t in span) and all(
        t.tag_ in ("WP", "WDT", "WRB") or t.pos_ in ("AUX", "PUNCT") for t in span)


def combine(rules: list[Raw], learned: list[Raw], how: str = COMBINE, sdoc=None) -> list[Raw]:
    """``rules`` or ``tagger`` alone, or one of them with those of the other whose content overlaps
    none of its own (``rules+tagger``: the rules first). With the tagger first, a rule adds nothing
    at a cue the tagger read, quotes aside ("tells the paper that …": not "the paper" as what was
    told), and no statement without a speaker where the tagger read none ("appears to be a break
    from the norm", "seeking to appeal": on two held-out folds of PolNeAR train, the content of 32 of
    132 such readings was annotated; a quote stays, whoever said it). With the parse (``sdoc``), a
    statement the rules find in a clause joined by "and" to the tagger's is split off it, and a few
    words that no one is said to say are dropped."""
    if how == "rules":
        return _apart_from_source(_without_non_statements(sdoc, rules))
    if how == "tagger":
        return _apart_from_source(_without_non_statements(sdoc, learned))
    first, second = (rules, learned) if how == "rules+tagger" else (learned, rules)
    if how == "tagger+rules":
        first = [_with_source_of(r, rules) for r in learned]
        if sdoc is not None:
            first, moved = _quotes_to_their_cues(sdoc, first, rules)
            first, split_off = _split_joined(sdoc, first, rules)
            first += moved + split_off
            first = _shared_to_nearer_cue(sdoc.text, first)
    extra = [r for r in second if not any(_same(r, f) for f in first)
             and not (how == "tagger+rules" and r.kind != "direct" and (_cue_taken(r, first) or r.source is None))]
    return _apart_from_source(_without_non_statements(sdoc, sorted(first + extra, key=lambda r: r.cue[0])))


def _writers_comment(sdoc, raw: Raw) -> bool:
    """Is the source an "it" that only holds the place of a clause, with "be" and an adjective or a
    noun ("It's safe to say …", "It was not clear whether …", "It is important to note that …")?
    The article comments in its own voice; no one is quoted."""
    span = sdoc.char_span(*raw.source, alignment_mode="expand") if raw.source else None
    if span is None or len(span) != 1 or span[0].lower_ != "it":
        return False
    head = span[0].head
    return (span[0].dep_ in ("nsubj", "expl") and head.lemma_ == "be"
            and any(c.dep_ in ("acomp", "attr") for c in head.children))


# a statement of fewer words than this that no one is said to make is no attribution: "seemed | to
# stumble", "called | “rebels”", "propose | alternatives", "thanks | to evangelical support" (on a
# held-out fold of PolNeAR train, 17 of 105 such readings matched an annotated attribution)
UNSOURCED_WORDS = 6


def _describes_a_noun(sdoc, raw: Raw) -> bool:
    """Is the cue, with no speaker, a past participle that describes a noun ("a poll | released |
    Sunday", "a book | titled | …", "a state | known | as the most conservative")? It names the noun;
    nobody says anything (on two held-out folds of PolNeAR train, taking away 28 such readings lost
    one annotated attribution). Nor is the noun it describes its speaker ("the level | deemed | safe
    by the World Health Organization")."""
    span = sdoc.char_span(*raw.cue, alignment_mode="expand") if raw.cue else None
    if span is not None and span.root.dep_ == "amod" and span.root.tag_ == "VBN":
        return True  # "the publicly | expressed | ire": a participle before its noun says nothing
    if span is None or span.root.dep_ != "acl":
        return False
    if raw.source is None:
        return span.root.tag_ == "VBN"
    # a past participle (the parser may tag it past tense) with no object of its own
    passive = span.root.tag_ in ("VBN", "VBD") and not any(c.dep_ in ("dobj", "nsubj") for c in span.root.children)
    noun = span.root.head
    return passive and noun.pos_ == "NOUN" and not noun.ent_type_ and raw.source[0] <= noun.idx < raw.source[1]


# what "add" can add that is itself said: "added a note of caution", "she added the words …"
WORDS_SAID = {"word", "note", "caveat", "warning", "comment", "remark", "line", "thought", "message", "statement",
              "quote", "phrase", "caution", "voice", "detail", "point", "innocence", "position", "stance", "view",
              "claim", "silence", "belief", "denial", "opposition", "argument", "insistence"}
# cues that are also verbs of doing something to a thing: they report speech with a clause or a quote
DOING_TOO = {"add", "maintain", "write"}


def _adds_a_thing(sdoc, raw: Raw) -> bool:
    """Is the cue "add", "maintain" or "write" with a thing for its object ("is adding pioneer Ivan
    Braiker as its first chief strategy officer", "maintains its own air quality monitor", "wrote
    hundreds of songs")? Something is added, kept or made; nothing is said, which these verbs report
    with a clause, a quote or a word for what is said ("added that …", "“…,” he added", "maintained his
    innocence", "wrote a note"). A quote stays whatever the parse takes for the object ("“…,” wrote
    Fadem in a research report"). What "write" takes on real pages: ``scripts/read_rules.py unsaid``."""
    if raw.kind == "direct":
        return False
    span = sdoc.char_span(*raw.cue, alignment_mode="expand") if raw.cue else None
    return span is not None and any(t.lemma_.lower() in DOING_TOO and any(
        c.dep_ == "dobj" and c.lemma_.lower() not in WORDS_SAID for c in t.children) for t in span)


# verbs whose subject, when it is a thing, undergoes something rather than says it ("U.S. imports have
# seen price increases", "the twists have left firms uncertain")
UNDERGOING = {"see", "leave", "witness"}
ABLE_TO_SAY = SOURCE_PEOPLE | GROUP_WORDS | set(BODY_NOUNS) | PUBLISHED_TEXTS | REPORT_WORDS


def _a_thing_undergoes(sdoc, raw: Raw) -> bool:
    """Is the source a thing (a common noun that names no one who can say anything) and the cue a verb
    of undergoing ("imports | have seen | price increases")?"""
    source, cue = _source_and_cue(sdoc, raw)
    if source is None or not any(t.lemma_.lower() in UNDERGOING for t in cue):
        return False
    return _common_thing(source.root)


def _source_and_cue(sdoc, raw: Raw):
    """The source and cue spans of a reading that has both, else (None, None)."""
    if raw.source is None or raw.cue is None:
        return None, None
    source = sdoc.char_span(*raw.source, alignment_mode="expand")
    cue = sdoc.char_span(*raw.cue, alignment_mode="expand")
    return (source, cue) if source is not None and cue is not None else (None, None)


def _common_thing(head) -> bool:
    """Is the word a common noun that names no one who can say anything?"""
    return head.pos_ == "NOUN" and not head.ent_type_ and head.lemma_.lower() not in ABLE_TO_SAY


THING_CUE_RATE = 0.3  # below this share of PolNeAR's readings, a cue is no way for a thing to "say" anything
AGENT_ENDINGS = ("er", "ers", "or", "ors", "ist", "ists", "ian", "ians", "ant", "ants", "ent", "ents", "ee", "ees")
# nouns for people and the bodies they form that the source lexicons leave out
PEOPLE_NOUNS = {"guy", "man", "woman", "person", "people", "kid", "child", "friend", "family", "mother", "father",
                "mom", "dad", "wife", "husband", "son", "daughter", "brother", "sister", "parent", "public", "nation",
                "jury", "side", "administration", "duo", "trio", "couple", "crowd", "audience", "fan", "enemy",
                "rival", "ally", "partner", "colleague", "victim", "suspect", "patient", "student", "one", "nobody",
                "everyone", "someone", "anyone", "somebody", "everybody", "anybody", "pair", "candidate",
                "state", "country", "military", "panel", "committee", "board", "council", "court"}
# what carries someone's words or pictures ("the ad features", "the film explores"): PolNeAR reads these
MEDIA_NOUNS = {"ad", "advert", "advertisement", "commercial", "spot", "piece", "article", "story", "film", "movie",
               "documentary", "video", "footage", "recording", "tape", "clip", "photo", "picture", "chart",
               "graphic", "map", "tweet", "post", "book", "episode", "column", "editorial", "op-ed", "headline",
               "version", "return", "filing", "record", "poll", "data", "figure", "number", "test", "result"}


def _a_thing_as_speaker(sdoc, raw: Raw) -> bool:
    """Is the source a thing (a common noun naming no one who can say anything: "Classic rock", "Dangling
    ropes", "Pochettino's sacking") and the cue one PolNeAR rarely reads as saying ("looking", "require",
    "will reignite")? A thing does speak through a verb of showing or claiming ("the video shows", "the
    tweet claimed"), which PolNeAR reads as saying more often; a noun for a doer ("donors",
    "biologists") may be someone."""
    source, cue = _source_and_cue(sdoc, raw)
    if source is None or raw.kind == "direct":
        return False
    head = source.root
    if not _common_thing(head) or head.lower_ in ABLE_TO_SAY \
            or head.lemma_.lower() in PEOPLE_NOUNS | MEDIA_NOUNS | ROLE_WORDS:
        return False
    if head.text[:1].isupper():
        return False  # a name the tagger took for a noun ("Wikileaks welcomed", "Simmons teased")
    if head.lower_.endswith(AGENT_ENDINGS) or any(t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
                                                  and "poss" not in (t.dep_, t.head.dep_) for t in source):
        return False  # "donors", "the laboratory of Stephen Liggett"; not an owner ("Apple's new smartphone")
    rate = cue_lexicon().get(lexicon_key(cue.root))
    return rate is None or rate < THING_CUE_RATE


# what a speaker cites as the origin of what it says, beside who can say anything ("citing an
# anonymous government source", "citing Cooke's past testimony")
CITED_ORIGINS = ABLE_TO_SAY | {"testimony", "op-ed", "record", "records", "filing", "data", "figures", "account"}


def _cites_an_origin(sdoc, raw: Raw) -> bool:
    """Is the cue "cite" and its content only a noun phrase naming where the speaker's information
    comes from ("Xinhua said …, citing the regional health commission")? That is the speaker's own
    source, not a statement; "citing internal business issues" (a reason) stays."""
    cue = sdoc.char_span(*raw.cue, alignment_mode="expand") if raw.cue else None
    if cue is None or not any(t.lemma_.lower() == "cite" for t in cue) or len(raw.content) != 1:
        return False
    content = sdoc.char_span(*raw.content[0], alignment_mode="expand")
    if content is None or not bare_noun_phrase(content):
        return False
    head = content.root
    return bool(head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
                or head.lemma_.lower() in CITED_ORIGINS or head.lower_ in CITED_ORIGINS)


# how often PolNeAR must mark a cue for it to report that someone else is to do something ("not
# allowing | an artist to perform their music", 0.12): below it the verb acts and says nothing, while
# "urged | voters to …" (0.67) keeps its statement
INFINITIVE_RATE = 0.15
FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}


def _someone_else_to_act(sdoc, raw: Raw) -> bool:
    """Is the content, outside quotes, an infinitive under a cue PolNeAR never marked ("is ready | to
    take her songs") or one it rarely marks whose object is to act ("not allowing | an artist to
    perform")? Such a verb acts or permits; it reports no statement. On PolNeAR dev a few of the
    readings it takes were annotated ("were willing | to go forward"): end-to-end F1 unchanged (0.684);
    on real pages a few are arguable ("are reluctant | to enforce bans"; ``scripts/read_rules.py
    unsaid`` lists them)."""
    if raw.kind == "direct" or raw.cue is None or len(raw.content) != 1:
        return False
    cue = sdoc.char_span(*raw.cue, alignment_mode="expand")
    content = sdoc.char_span(*raw.content[0], alignment_mode="expand")
    if cue is None or content is None:
        return False
    rate = cue_lexicon().get(lexicon_key(cue.root))
    head = content.root
    infinitive = head.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children)
    # a finite verb anywhere but in a clause about a noun means the parse missed a clause ("I think the
    # importance of listening to truly understand … is the biggest …")
    finite = any(t.tag_ in FINITE_TAGS and not modifies_a_noun(t, content) for t in content)
    if not infinitive or finite:
        return False
    # someone else is to do it: "allowing an artist to perform" (object control)
    other_doer = any(c.dep_ == "nsubj" for c in head.children) or any(c.dep_ == "dobj" for c in cue.root.children)
    return rate is None or (other_doer and rate < INFINITIVE_RATE)


def _without_non_statements(sdoc, raws: list[Raw]) -> list[Raw]:
    """Without the attributions that have no source and only a few words of content or a cue that only
    describes a noun, without an "add" that adds a thing or a thing that undergoes something, without
    a "citing" of the speaker's own source, a verb that lets someone act, a thing as a speaker through a
    verb that rarely reports speech, and without the article's comments in its own voice."""
    if sdoc is None:
        return raws
    text = sdoc.text
    return [r for r in raws if (r.source is not None or sum(len(text[s:e].split()) for s, e in r.content) >= UNSOURCED_WORDS)
            and not _writers_comment(sdoc, r) and not _describes_a_noun(sdoc, r) and not _adds_a_thing(sdoc, r)
            and not _a_thing_undergoes(sdoc, r) and not _cites_an_origin(sdoc, r)
            and not _someone_else_to_act(sdoc, r) and not _a_thing_as_speaker(sdoc, r)]


def _trimmed(text: str, piece: tuple[int, int]) -> tuple[int, int]:
    """A content piece without punctuation at its ends (outside quotation marks): ", will reopen in
    May" after "The port, Anna Vik insists"."""
    s, e = piece
    while s < e and text[s] in END_PUNCT:
        s += 1
    if text[e - 1:e] not in QUOTE_CLOSERS:
        while e > s and text[e - 1] in END_PUNCT:
            e -= 1
        dangling = re.search(r"[\s,;]+(?:and|but|or)$", text[s:e])
        if dangling:  # "Apple employs about 450 Dreamers, and | he sees …": the next statement's joint
            e = s + dangling.start()
    return s, e


def _without(text: str, piece, taken) -> list:
    """What is left of a content piece around the spans taken from it (scraps dropped)."""
    left = [(piece[0], min(piece[1], s)) for s, e in taken if piece[0] < s]
    right = [(max(piece[0], e), piece[1]) for s, e in taken if e < piece[1]]
    kept = [_trimmed(text, p) for p in (min(left, default=None), max(right, default=None)) if p is not None]
    return [p for p in kept if len(text[p[0]:p[1]].split()) > SCRAP_WORDS]


def _shared_to_nearer_cue(text: str, raws: list[Raw]) -> list[Raw]:
    """Two statements, neither inside the other, that claim the same words: the words go to the
    nearer cue ('According to the website, the bar is Oxy Pure. "An Indian start-up …," the
    description on the website reads': the quote is what the description reads)."""
    def gap(a, b):
        return max(0, max(a[0], b[0]) - min(a[1], b[1]))

    def inside(cue, raw):
        return any(s <= cue[0] < e for s, e in raw.content)

    out = list(raws)
    for i, a in enumerate(out):
        for j, b in enumerate(out):
            if i == j or a.cue is None or b.cue is None or inside(a.cue, b) or inside(b.cue, a):
                continue
            shared = [(max(p[0], q[0]), min(p[1], q[1])) for p in a.content for q in b.content
                      if p[0] < q[1] and q[0] < p[1]]
            if not shared or not all(gap(b.cue, r) < gap(a.cue, r) for r in shared):
                continue
            rest = [k for p in a.content for k in ([p] if not any(p[0] < e and s < p[1] for s, e in shared)
                                                    else _without(text, p, shared))]
            if rest:
                out[i] = a = replace(a, content=rest)
    return out


def _quotes_to_their_cues(sdoc, learned: list[Raw], rules: list[Raw]) -> tuple[list[Raw], list[Raw]]:
    """A quote the tagger gave to the cue of an earlier sentence, among other content, while the rules
    give it to a nearer cue ('… called the government "a regime". "Veltria is helping terrorists,"
    she said'): it goes to the nearer cue, as the rules read it."""
    text = sdoc.text

    def gap(a, b):
        return max(0, max(a[0], b[0]) - min(a[1], b[1]))

    def sentence(pos):
        span = sdoc.char_span(pos, pos + 1, alignment_mode="expand")
        return span.sent.start if span is not None else None

    def without(piece, taken):
        return _without(text, piece, taken)
    out, moved = list(learned), []
    for rule in (r for r in rules if r.kind == "direct" and not _cue_taken(r, learned)):
        for k, att in enumerate(out):
            hit = [p for p in att.content if any(p[0] < e and s < p[1] for s, e in rule.content)]
            if not hit:
                continue
            rest = [q for p in att.content for q in ([p] if p not in hit else without(p, rule.content))]
            nearer = min(gap(rule.cue, q) for q in rule.content) < min(gap(att.cue, q) for q in rule.content)
            if rest and nearer and sentence(att.cue[0]) != sentence(rule.content[0][0]):
                out[k] = replace(att, content=rest)
                moved.append(rule)
                break
    return out, moved


def _split_joined(sdoc, learned: list[Raw], rules: list[Raw]) -> tuple[list[Raw], list[Raw]]:
    """"Many experts believe X, and sources say Y": where the tagger read both clauses as what the
    sources say, and the rules found a cue in its content that the parse joins to its cue by "and",
    the rules' statement is split off (what it takes leaves the tagger's content)."""
    def root(cue):
        span = sdoc.char_span(*cue, alignment_mode="expand")
        return span.root if span is not None else None

    def joined(a, b):
        return a is not None and b is not None and ((a.dep_ == "conj" and a.head.i == b.i) or
                                                     (b.dep_ == "conj" and b.head.i == a.i))
    out, split_off = list(learned), []
    for rule in (r for r in rules if r.kind != "direct" and not _cue_taken(r, learned)):
        for k, att in enumerate(out):
            if not any(s <= rule.cue[0] < e for s, e in att.content) or not joined(root(rule.cue), root(att.cue)):
                continue
            taken = [rule.cue, *rule.content] + ([rule.source] if rule.source else [])
            lo, hi = min(s for s, _ in taken), max(e for _, e in taken)
            content = [(s, e) for s, e in att.content if not (s < hi and lo < e)]
            if content:
                out[k] = replace(att, content=content)
                split_off.append(rule)
                break
    return out, split_off


def _cue_taken(rule: Raw, learned: list[Raw]) -> bool:
    """Has the tagger an attribution of its own at the rule's cue?"""
    return any(att.cue[0] < rule.cue[1] and rule.cue[0] < att.cue[1] for att in learned)


def _apart_from_source(raws: list[Raw]) -> list[Raw]:
    """Without the content pieces that hold the source itself or a part of it: in a heading such as
    "What did the prosecutors say?" nothing is said, and the speaker is no part of what they say
    ("The Gannett/GateHouse merger | sends a dismal signal": no content is left)."""
    out = []
    for r in raws:
        content = [(s, e) for s, e in r.content if r.source is None or not (s < r.source[1] and r.source[0] < e)]
        if len(content) == len(r.content):
            out.append(r)
        elif content:
            out.append(replace(r, content=content))
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
    if rule is None or learned.no_speaker:
        return learned
    content = [(s, e) for s, e in learned.content if not (s < rule.source[1] and rule.source[0] < e)]
    if not content:
        return rule  # the tagger read the speaker as what is said: the parse's reading
    return Raw(cue=learned.cue, content=content, source=rule.source, kind=learned.kind, lemma=learned.lemma,
               source_tokens=rule.source_tokens)
