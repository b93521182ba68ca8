"""Actor–actor relations typed with PLOVER, marked asserted / denied / questioned,
each tied to the claim and the speaker behind it.

Pairs of actors in one sentence joined by a predicate on their dependency path
are typed by the PLOVER model (trained on PLV_train). A state's organs are
lifted to the state ("Turkish intelligence" -> Turkey, kept in ``*_via``), and a
leader's government to the leader's state. Denials turn the relations of the
claims they deny into denied relations by the denier.
"""
from __future__ import annotations

import re

import numpy as np

from ...document import Document, Relation, Span
from ...pipeline.registry import analyzer
from ..attributions import cue_negated
from ..entities import actors_by_id, country_names
from ..headlines import containing, inner_headlines
from ..spans import SpanIndex
from ..trees import subtree_ids
from .model import dependency_path
from .referents import Referents
from .triggers import ENVOYS_AND_NATIONALS, HOLDINGS, TRIGGERS, names_an_act

MIN_CONFIDENCE = 0.2  # with the gate, types kept from here on were right 0.93 of the time on PLV_train, out of fold
MAX_PATH = 6
MAX_GAP_TOKENS = 30
ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
GOVERNMENT_WORDS = {"government", "administration", "regime", "cabinet", "authorities", "state"}
# a demonym is an actor only when it qualifies a body that can act ("Turkish authorities"), not a place ("Syrian border")
ACTING_BODIES = {"authorities", "government", "army", "military", "forces", "intelligence", "officials", "state",
                 "troops", "police", "ministry", "president", "leadership", "regime", "services", "agents",
                 "companies", "individuals", "businessmen", "officers", "soldiers", "diplomats", "navy",
                 "jets"} | ENVOYS_AND_NATIONALS
# people through whom a named group acts ("Islamic State militants", "Norland officials")
ACTING_PEOPLE = {"militants", "fighters", "members", "leaders", "leadership", "commanders", "operatives", "envoys",
                 "representatives", "spokesman", "spokeswoman", "spokesperson", "negotiators", "delegation",
                 "executives", "agents", "troops", "soldiers", "officers", "ministers", "diplomats", "militia",
                 "rebels", "supporters", "allies", "lawmakers", "prosecutors", "investigators", "inspectors"}
PLACE_PREPS = {"in", "near", "at", "across", "inside", "throughout", "within", "around", "from", "into", "on", "via",
               "through", "outside", "beyond", "along", "before", "after"}
# "southwest of Ithaca", "the outskirts of Lund": "of" after these nouns gives a place
DIRECTIONS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "outskirts",
              "suburb", "suburbs", "center", "centre", "heart", "part", "parts", "edge", "capital"}
# verbs of going somewhere: their object is a place ("visiting Nevada", "reached Mexico")
TRAVEL_NOUNS = {"visit", "trip", "journey", "tour", "flight", "voyage", "return", "move"}
# premises: a body after "at"/"in" one of these is where something happened ("visited his editor at her office at Tor")
PREMISES = {"office", "offices", "headquarters", "home", "house", "studio", "studios", "campus", "plant", "factory",
            "store", "shop", "building", "hotel", "stadium", "arena", "desk", "booth", "warehouse"}
PREFERRING = {"back", "support", "prefer", "choose", "endorse", "pick", "favor", "favour", "select", "vote"}
TRAVEL_VERBS = {"visit", "reach", "travel", "fly", "return", "arrive", "tour", "leave", "enter", "cross", "head", "go",
                "come", "move", "relocate", "stop", "land", "drive", "sail", "board", "campaign"}
# the addressee or the medium of a statement ("said in an email to the AP") is not a party to its content
SPEECH_VERBS = {"say", "tell", "write", "speak", "talk", "report", "announce", "explain", "confirm", "add", "state"}
MEDIA = {"email", "e-mail", "letter", "statement", "interview", "message", "call", "note", "post", "tweet", "briefing"}
GEOGRAPHY = {"place", "street", "avenue", "road", "drive", "lane", "boulevard", "plaza", "river", "border", "sea", "lake", "mountains", "valley", "province", "region", "city", "port",
             "coast", "gulf", "strait", "island", "desert", "square", "street", "airport", "bay"}
# reporting about reporting is not an event between actors ("credited by the Daily to the Forum")
META_VERBS = {"credit", "attribute", "cite", "quote", "mention", "publish", "say", "tell", "write", "list", "name",
              "report", "interview"}
SUPPORT_FAMILY = {"SUPPORT", "AID", "COOPERATE", "AGREE", "CONSULT", "YIELD"}


def _mentions(document: Document):
    out = []
    for ent in document.entities:
        if ent.label not in ACTOR_LABELS:
            continue
        for m in ent.mentions:
            out.append((m.start, m.end, ent))
    return sorted(out, key=lambda x: x[0])


def _actor(document: Document, ent, span, sides) -> tuple[str, str | None]:
    """The actor a mention stands for, and the organ it came through."""
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    if ent.label == "PERSON" and nxt is not None and nxt.lower_ in GOVERNMENT_WORDS:
        states = [s for s in sides.get(ent.id, set()) if s != ent.id]
        if states:
            return sorted(states)[0], ent.id
    if ent.part_of:
        return ent.part_of, ent.id
    return ent.id, None


def _acts(span, ent, person_starts: set[int], text: str) -> bool:
    """Is this mention an actor in its sentence, rather than a label or a place?"""
    root = span.root
    tok = root
    for _ in range(3):
        if tok.dep_ not in ("amod", "compound", "nmod") or tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.idx in person_starts:
            return False  # "Turkish President Erdogan", "ISIS chief recruiter X": an affiliation
    if root.pos_ == "ADJ" or root.dep_ == "amod":
        return root.head.lower_ in ACTING_BODIES or span.text.endswith(tuple(ACTING_BODIES)) or (
            ent.label in ("GPE", "NORP") and root.dep_ == "amod" and names_an_act(root.head))  # "the Swedish move"
    if root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPS and (
            ent.label == "GPE" or root.lower_ in GEOGRAPHY or span.text.split()[-1].lower() in GEOGRAPHY) and not (
            _through_whom(root.head)):
        return False
    first = root
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head  # "visiting Nevada and Iowa": Iowa is visited too
    if _visits_a_state(first, ent):
        return True  # "visited China", "Lam's trip to Beijing": a visit to a state is a meeting with it
    if ent.label == "GPE" and first.dep_ in ("dobj", "npadvmod", "pobj") and (
            first.head.lemma_.lower() in TRAVEL_VERBS or first.head.lower_ in PLACE_PREPS) and not (
            first.dep_ == "pobj" and _through_whom(first.head)):
        return False  # "visiting Nevada", "reached Mexico", "before South Carolina": a destination
    if ent.label == "GPE" and first.dep_ == "pobj" and first.head.lower_ == "of" and first.head.head.lower_ in DIRECTIONS:
        return False  # "a village southwest of Ithaca"
    if first.dep_ == "pobj" and first.head.lower_ in ("to", "at") and first.head.head.lemma_.lower() in TRAVEL_NOUNS:
        return False  # "Trump's visit to Walter Reed": a destination, even when it is an organisation
    if first.dep_ == "pobj" and first.head.lower_ == "with" and first.head.i > 0 and (
            first.doc[first.head.i - 1].lower_ in ("together", "along")):
        return False  # "together with Canada, Mexico should sue": a partner in the act, not its target
    before = first.doc[first.left_edge.i - 1] if first.left_edge.i > 0 else None
    over = first.head if first.dep_ == "pobj" and first.head.lower_ == "over" else (
        before if before is not None and before.lower_ == "over" else None)  # the parser may leave "over" bare
    if over is not None and PREFERRING & {over.head.lemma_.lower(), over.head.head.lemma_.lower()}:
        return False  # "backs Trump over Clinton": the one passed over is no party to the backing
    if first.dep_ == "pobj" and first.head.lower_ in ("at", "in") and first.head.head.lower_ in PREMISES:
        return False  # "at her office at Tor": the body whose premises they are is the setting, not a party
    if ent.label == "GPE" and first.dep_ in ("appos", "npadvmod") and first.head.ent_type_ in ("GPE", "LOC", "FAC"):
        return False  # "near McAllen, Texas": the state of a place
    if first.dep_ == "pobj" and (first.head.lower_ == "per" or (
            first.head.lower_ == "to" and first.head.head.lower_ == "according")):
        return False  # "according to the White House", "per the WHO": the source of what is said
    if root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.lower_ not in ACTING_BODIES | ACTING_PEOPLE \
            and root.head.lower_ not in HOLDINGS:
        return False  # "NFL football", "the Burbank entertainment giant": a name used as a label
    if _dateline(span, text):
        return False  # "NEW DELHI: ...", "SIOUX FALLS, S.D. – ...": where the story was filed
    if any(_addressee(tok) for tok in span):
        return False
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    if nxt is not None and nxt.lower_ in GEOGRAPHY:
        return False  # "the Osk river", "the Syrian border": a place named after an actor
    return True


VISITS = {"visit", "trip", "tour"}


def _visits_a_state(first, ent) -> bool:
    """Is this a country, visited ("visited China") or the end of a trip ("Lam's trip to Beijing")?
    PLOVER counts a visit to a state as a meeting with it; a visit to a town or a province stays a place."""
    if ent.label != "GPE" or ent.name not in country_names():
        return False
    head = first.head
    if first.dep_ == "dobj" and head.lemma_.lower() == "visit" and head.pos_ == "VERB":
        return True
    trip = head.head
    return first.dep_ == "pobj" and head.lower_ == "to" and trip.lemma_.lower() in VISITS and trip.pos_ == "NOUN"


PARTY_PREPS = {"from", "with", "against", "to", "by", "between", "on"}  # not "in", "at", "near": places


def _through_whom(prep) -> bool:
    """Does a place after this preposition name a party rather than a place: "extradition from the
    UK", "a request from the US", "sanctions on Iran" (after an event word), "prosecutors in Sweden"
    (after people who act for it)? "A meeting in Chile" still names a place."""
    from .triggers import TRIGGERS

    word = prep.head
    if word.pos_ == "NOUN" and (word.lemma_.lower() in TRIGGERS or word.lower_ in TRIGGERS):
        return prep.lower_ in PARTY_PREPS
    return word.lower_ in ACTING_PEOPLE or word.lower_ in ACTING_BODIES


DATELINE_PREFIX = re.compile(r"[A-Z][A-Za-z.,'’() \t-]*")  # capitalised place words, commas, an agency in brackets
DATELINE_MAX = 70


def _dateline(span, text: str) -> bool:
    """A place in the dateline that opens a line ("NEW DELHI:", "SIOUX FALLS, S.D. –",
    "Washington, DC, United States:"): where the story was filed, not an actor in it. (``text`` is the
    document's text: spaCy's ``Doc.text`` joins every token again at each call.)"""
    line_start = text.rfind("\n", 0, span.start_char) + 1
    if span.start_char - line_start > DATELINE_MAX:
        return False
    head = text[line_start:line_start + DATELINE_MAX]
    cut = min((i for i in (head.find(":"), head.find(" –"), head.find(" —"), head.find(" - ")) if i > 0), default=-1)
    if cut < 0 or span.end_char > line_start + cut:
        return False
    prefix = head[:cut]
    return bool(DATELINE_PREFIX.fullmatch(prefix)) and all(w[:1].isupper() or not w[:1].isalpha()
                                                           for w in re.split(r"[\s,()]+", prefix) if w)


def _addressee(tok) -> bool:
    """Is the token whom a statement is addressed to, or the medium it came in ("said in an email to
    The Associated Press", "told Reuters")?"""
    head = tok.head
    if tok.dep_ in ("dative", "dobj") and head.lemma_.lower() in SPEECH_VERBS:
        return True
    if tok.dep_ == "pobj" and head.lower_ == "to":
        up = head.head
        if up.lemma_.lower() in SPEECH_VERBS:
            return True  # "said to Reuters"
        if up.lemma_.lower() in MEDIA and up.head.dep_ == "prep" and up.head.head.lemma_.lower() in SPEECH_VERBS:
            return True  # "said in an email to The Associated Press"
    return False


def _speaker_and_content(atts, one, other) -> bool:
    """Is one actor the speaker (or source) of a statement, and the other inside its content?"""
    for a in atts:
        for (span_x, actor_x), (span_y, _actor_y) in ((one, other), (other, one)):
            speaks = a.speaker == actor_x or (a.source is not None and a.source.start <= span_x.start_char < a.source.end)
            inside = any(c.start <= span_y.start_char < c.end for c in a.content)
            outside = not any(c.start <= span_x.start_char < c.end for c in a.content)
            if speaks and inside and outside:
                return True
    return False


def _statements(atts, sdoc) -> list:
    """The attributions whose cue says or believes; an act the tagger marks as a cue ("chose to
    receive bids from X") is an event between the actors, not a statement about them."""
    def says(att):
        cue = sdoc.char_span(att.cue.start, att.cue.end, alignment_mode="expand") if att.cue else None
        return cue is not None and any(_reports(t) for t in cue)
    return [a for a in atts if says(a)]


# platforms a statement is made on: "thanked Trump on Twitter" is no act towards Twitter
MEDIA = {"twitter", "facebook", "instagram", "youtube", "tiktok", "snapchat", "reddit", "linkedin", "telegram",
         "whatsapp", "truth social", "x", "cnn", "fox news", "msnbc", "cnbc", "nbc", "abc", "cbs", "bbc", "npr",
         "fox", "sky news", "al jazeera"}
MEDIUM_PREPS = {"on", "via", "through", "over"}


def _medium(span) -> bool:
    """Is the actor the platform something is said on ("on Twitter", "in an interview on CNN")?"""
    root = span.root
    return (span.text.lower() in MEDIA and root.dep_ == "pobj" and root.head.lower_ in MEDIUM_PREPS)


# what one actor gives another, named as a noun: the giver is its owner ("the endorsement of
# LeBron James", "the party's support"), whatever the sentence's subject does with it ("receive")
GIVEN_NOUNS = {"endorsement", "endorsements", "support", "backing", "blessing", "help", "aid", "vote", "votes",
               "loyalty", "sponsorship", "funding", "donation", "donations"}


def _given_by(trigger, span) -> bool:
    """Is ``span`` the owner of a gift noun that names the event ("the endorsement of X", "X's backing")?"""
    if trigger.pos_ != "NOUN" or trigger.lemma_.lower() not in GIVEN_NOUNS:
        return False
    root = span.root
    if root.dep_ == "poss" and root.head.i == trigger.i:
        return True
    return root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.i == trigger.i


def _done_to_by(trigger, src, tgt) -> bool:
    """Is ``src`` the one an event noun is done to and ``tgt`` the one who does it: "the arrest of X by
    the police", "X's arrest by the police"?"""
    def on_trigger(span, preps) -> bool:
        root = span.root
        while root.dep_ in ("amod", "compound") and root.head.i != root.i:
            root = root.head  # "by French police": the police
        return root.dep_ == "pobj" and root.head.lower_ in preps and root.head.head.i == trigger.i

    patient = on_trigger(src, ("of",)) or (src.root.dep_ == "poss" and src.root.head.i == trigger.i)
    return trigger.pos_ == "NOUN" and patient and on_trigger(tgt, ("by",))


def _possessed(owner, owned) -> bool:
    """Is ``owned`` inside a phrase that ``owner`` possesses ("Disney's flagship ESPN channels"), not
    an event the owner makes ("Beijing's diktats to Lam", "Russia's attack on Ukraine")?"""
    root = owner.root
    if root.dep_ != "poss" or root.head.lemma_.lower() in TRIGGERS:
        return False
    return owned.root.i in subtree_ids(root.head)


def _path_ok(a, b) -> tuple[bool, object]:
    lca, path = dependency_path(a.root, b.root)
    if lca is None or len(path) > MAX_PATH:
        return False, None
    inner = [t for t in path if t.i not in (a.root.i, b.root.i)]
    if not inner and lca.i in (a.root.i, b.root.i) and lca.pos_ == "PROPN":
        return False, None
    deps = {t.dep_ for t in path}
    if deps <= {"conj", "cc", "appos", "compound", "punct", "nmod", "amod"}:
        return False, None  # lists and name parts are not events
    if not any(t.pos_ == "VERB" or (t.pos_ == "NOUN" and t.lemma_.lower() in TRIGGERS) for t in path + [lca]):
        # "vice president of Advanced Development Programs at Blue Origin", "Hollman, 31, of Hope":
        # an act needs a verb or an event noun ("talks", "support", "ally") between the two
        return False, None
    return True, lca


LABELLING_VERBS = {"call", "brand", "label", "dub", "term", "describe"}
# a word of ACCUSING_LABELS used as an adjective still accuses the body it qualifies ("a terrorist state")
ACCUSED_BODIES = {"state", "regime", "organisation", "organization", "group", "network", "enterprise", "government"}


def _accusing_label(lca, source, target):
    """The word by which a verb names the target something that accuses it ("called Omar a “terrorist”",
    "branded Norland a terrorist state", "labelled Vik as a criminal"), or None: naming is otherwise
    no event ("called Turkey an ally": its predicate holds the relation, if any). The verb is the
    actors' common head or one of a series of verbs under it ("asked about X, called Omar …")."""
    from ..lexicon import ACCUSING_LABELS

    verb = target.root.head
    if verb.lemma_.lower() not in LABELLING_VERBS or target.root.dep_ not in ("dobj", "oprd"):
        return None
    step = verb
    if verb.dep_ == "acl" and verb.tag_ == "VBD":
        # a finite verb read as a relative ("asked about the Brotherhood, called Omar …"), unlike a
        # participle ("a group called Hamas"): one of a series under the nearest verb above it
        step = next((t for t in verb.ancestors if t.pos_ == "VERB"), verb)
    while step.i != lca.i and step.head.i != step.i and (step.dep_ == "conj" or (
            step.dep_ == "xcomp" and not any(c.dep_ == "aux" for c in step.children))):
        step = step.head  # a series the parser may read as an infinitive, but not "asked him to call …"
    if step.i != lca.i or source.root.dep_ != "nsubj" or source.root.head.i != lca.i:
        return None  # the one who names is the subject ("asked about the Party, called Vik …": not the Party)
    for child in verb.children:
        if child.dep_ not in ("dobj", "oprd", "attr", "xcomp") and not (child.dep_ == "prep" and child.lower_ == "as"):
            continue
        for tok in child.subtree:
            if tok.i in range(target.start, target.end) or tok.lemma_.lower() not in ACCUSING_LABELS:
                continue
            if tok.pos_ in ("NOUN", "PROPN") or tok.head.lemma_.lower() in ACCUSED_BODIES:
                return tok
    return None


VERBAL_TYPES = {"ACCUSE", "REJECT", "REQUEST", "THREATEN", "SUPPORT", "PROTEST", "AGREE"}
DENYING = {"deny", "dispute", "refute", "reject", "dismiss"}


def _verbal_act(word) -> set[str]:
    """The types a speech verb is an event of between its speaker and its object ("X accused Y",
    "urged Y", "is seeking Y's extradition"); none for naming and plain saying ("called Turkey an
    ally", "said"), whose content holds the relation, if any."""
    from .model import NAMING_VERBS
    from .triggers import TRIGGERS

    lemma = word.lemma_.lower()
    if word.pos_ != "VERB" or lemma in NAMING_VERBS or lemma in SPEECH_VERBS:
        return set()
    if lemma == "plead" and any(t.lower_ in ("guilty", "innocent") for t in word.doc[word.i + 1:word.i + 3]):
        return set()  # "pleaded guilty to threatening": a plea in court, no request to anyone
    if lemma in DENYING and any(c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX") for c in word.children):
        return set()  # "Iran denied supplying drones to Russia": the denial is of the deed, no rejection of Russia
    types = TRIGGERS.get(lemma, set())
    if types & {"ASSAULT", "COERCE"}:
        return set()  # "jets struck Hamas positions": a blow, though a strike is also a protest
    return types & VERBAL_TYPES


WH_WORDS = {"why", "how", "when", "where", "what", "who", "whom"}


def _reports(word) -> bool:
    """Is the word one of saying or believing, whose content holds any relation ("Zeman called Turkey
    …")? The learned tagger also marks acts as cues ("NASA chose to receive bids from X"), as PolNeAR
    does; those acts are events between the actors."""
    from ..attributions import THRESHOLD, cue_lexicon, lexicon_key

    return cue_lexicon().get(lexicon_key(word), 0.0) >= THRESHOLD


def _denied_deed(speech, lca, src, tgt):
    """The clause in which a denier says it did not do something to the target ("Iran denied supplying
    drones to Russia", "Norland denies arming the rebels"): the denial's verb complement holding the
    target and not the denier, else None."""
    if speech is None or not speech.is_denial or lca.lemma_.lower() not in DENYING:
        return None
    for clause in lca.children:
        inside = {t.i for t in clause.subtree}
        if tgt.root.i not in inside or src.root.i in inside or clause.pos_ not in ("VERB", "AUX"):
            continue
        if clause.dep_ == "xcomp" or (clause.dep_ == "ccomp" and _doer(clause) is not None):
            return clause  # "denied supplying …", "denied that it had armed …"
    return None


def _doer(clause):
    """The pronoun subject of a denied clause that stands for the denier ("denied that it had armed …"),
    as a span, else None."""
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lower_ not in SELF_PRONOUNS:
        return None
    return subject.doc[subject.i:subject.i + 1]


SELF_PRONOUNS = {"it", "they", "we", "he", "she", "i"}


def _deed_typed(typer, labels: list[str], src, tgt, deed, doer):
    """The fine-tuned typer's reading of the denied deed alone, the denier marked as its doer (``doer``
    is the clause's own pronoun subject, or the denier) ("<< Iran >> supplying drones to [[ Russia ]]"): with the denial in the sentence, both models read
    a rejection. The linear model needs a parse of the whole sentence, so the typer reads alone."""
    from .typer import marked

    first = doer.end if doer is not src else deed.left_edge.i  # "it had armed Sudria": from "had"
    clause = deed.doc[first:deed.right_edge.i + 1]
    prefix = src.text + " "
    start = len(prefix) + tgt.start_char - clause.start_char
    text = marked(prefix + clause.text, (0, len(src.text)), (start, start + len(tgt.text)))
    by_label = dict(zip(typer.labels, typer.probabilities([text])[0]))
    probs = np.array([by_label[label] for label in labels])
    k = int(probs.argmax())
    return labels[k], float(probs[k]), probs


def _taken_as_given(att) -> bool:
    """Does the content present its clause as a fact the speaker fails to account for ("cannot
    explain why X", "does not know how X"), rather than as what the speaker says ("did not say that X")?"""
    words = re.findall(r"[a-z]+", att.content[0].text.lower()) if att.content else []
    return bool(words) and words[0] in WH_WORDS


def _typer():
    from . import typer

    return typer.load() if typer.available() else None


# the linear model's share of a pair's type probabilities, the typer's the rest: equal, not tuned (for the
# adapter typer, not shipped, training/relations/typer_weight.py chose 0.3 on held-out folds; README)
LINEAR_WEIGHT = 0.5


def _with_typer(typer, labels: list[str], linear_probs, sent, src, tgt, names: dict[int, str] | None = None):
    """The type from a weighted mean of the linear model's and the fine-tuned typer's probabilities
    (``LINEAR_WEIGHT``): the two err on different sentences (figures in the model card). A pronoun
    party is shown to the typer as the name it stands for (``names``: token index -> name), as the
    typer was trained on names; a negation of the act is left out ("would not accept X's endorsement"
    reads as "would accept X's endorsement"), as a typer reads a "not" as a rejection: the polarity
    says "denied"."""
    from .typer import marked

    start = sent.start_char
    edits = [(span.start_char - start, span.end_char - start, (names or {}).get(span.start)) for span in (src, tgt)]
    edits = [(lo, hi, name) for lo, hi, name in edits if name is not None]
    edits += [(t.idx - start, t.idx + len(t.text_with_ws) - start, "") for t in _act_negations(sent, src, tgt)]
    text = sent.text
    bounds = {"src": [src.start_char - start, src.end_char - start], "tgt": [tgt.start_char - start, tgt.end_char - start]}
    for lo, hi, new in sorted(edits, key=lambda e: -e[0]):
        text = text[:lo] + new + text[hi:]
        shift = len(new) - (hi - lo)
        for where in bounds.values():
            if where[0] == lo:
                where[1] += shift  # the span replaced
            elif where[0] >= hi:
                where[0] += shift
                where[1] += shift
    text = marked(text, tuple(bounds["src"]), tuple(bounds["tgt"]))
    fine = typer.probabilities([text])[0]
    by_label = dict(zip(typer.labels, fine))
    probs = LINEAR_WEIGHT * linear_probs + (1 - LINEAR_WEIGHT) * np.array([by_label[label] for label in labels])
    k = int(probs.argmax())
    return labels[k], float(probs[k]), probs


def _act_negations(sent, src, tgt) -> list:
    """The "not"/"never" of the words joining the two ("decided not to arrest", "did not attack")."""
    _lca, path = dependency_path(src.root, tgt.root)
    on_path = {t.i for t in path}
    return [t for t in sent if t.dep_ == "neg" and t.head.i in on_path and t.head.pos_ in ("VERB", "AUX")]


def _first_conjunct(span):
    """The first of a list the actor is in ("executives from AT&T, Comcast and T-Mobile"): every
    member of the list is typed as the first one, which the sentence's grammar joins to the event."""
    tok = span.root
    while tok.dep_ == "conj" and tok.head.i != tok.i and tok.head.pos_ in ("PROPN", "NOUN"):
        tok = tok.head
    return span if tok.i == span.root.i else span.doc[tok.i:tok.i + 1]


def _part_of(a: str, b: str) -> bool:
    """One name is the other's words and more: "Disney" in "Disney Channel", "Blue Origin" in "Jeff
    Bezos's Blue Origin"."""
    wa, wb = re.findall(r"\w+", a.lower()), re.findall(r"\w+", b.lower())
    short, long_ = sorted((wa, wb), key=len)
    if not short or len(short) == len(long_):
        return False
    return any(long_[i:i + len(short)] == short for i in range(len(long_) - len(short) + 1))


def _order(a, b, lca):
    """Source first: the one on the subject side of the event; in a passive, the agent ("Syrians were
    deported by Turkish authorities": the authorities deport, the Syrians are deported)."""
    def dep_below_lca(span):
        tok = span.root
        while tok.i != lca.i and tok.head.i != tok.i:
            if tok.head.i == lca.i:
                return tok.dep_
            tok = tok.head
        return None

    def subjectish(dep):
        return dep in ("nsubj", "nsubjpass", "poss", "agent")

    dep_a, dep_b = dep_below_lca(a), dep_below_lca(b)
    if "agent" in (dep_a, dep_b) and dep_a != dep_b:
        return (a, b) if dep_a == "agent" else (b, a)
    if subjectish(dep_b) and not subjectish(dep_a):
        return b, a
    return a, b


# words by which a speaker or the article dismisses what a clause says ("the idea that X aids Y is absurd")
DISMISSALS = {"absurd", "false", "ridiculous", "nonsense", "baseless", "untrue", "groundless", "unfounded",
              "fabricated", "fabrication", "fake", "lie", "lies", "preposterous", "laughable", "bogus", "myth"}
CONDITIONAL = {"if", "unless", "whether"}
MODALS = {"would", "could", "might", "may", "should"}  # "Mexico should sue": urged, not done
# verbs whose clause is an event wished for, not one that took place ("want X to investigate Y")
WISHES = {"want", "hope", "wish", "expect", "prefer", "plan", "intend",
          "demand", "urge", "ask", "request", "propose"}  # "demanding that X investigate Y": asked for, not done


def _polarity(attributions, sent, lca, start: int, end: int, trigger=None) -> str:
    """How the sentence puts the relation: asserted, denied (negated, inside a denial, or a clause the
    sentence calls absurd or false), questioned, or hypothetical (under "if", or "would"/"could").
    The event word counts as much as the actors' common head ("the decision not to prosecute Clinton",
    "Mexico should sue")."""
    heads = [lca] + ([trigger] if trigger is not None and trigger.i != lca.i else [])
    if any(c.dep_ == "neg" for h in heads for c in h.children):
        return "denied"
    if sent.text.rstrip().endswith("?"):
        return "questioned"
    for att in attributions:
        if att.is_denial and any(c.start <= start and end <= c.end for c in att.content):
            return "denied"
    if lca.i != sent.root.i:
        clause_ids = subtree_ids(lca)
        if any(t.lemma_.lower() in DISMISSALS and not (start <= t.idx < end) and t.i not in clause_ids for t in sent):
            return "denied"  # "the claim that Norland arms the militia is absurd"
    if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONAL for m in c.children)
           for c in lca.children):
        return "hypothetical"  # "investigate Trump if he committed offenses": on a condition
    clause = lca
    for _ in range(4):
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL for c in clause.children):
            return "hypothetical"
        if clause.dep_ in ("xcomp", "ccomp") and clause.head.lemma_.lower() in WISHES:
            return "hypothetical"  # "want Congress to investigate Trump": wanted, not done
        if clause.dep_ not in ("conj", "xcomp") or clause.head.i == clause.i:
            break
        clause = clause.head
    if any(c.dep_ == "aux" and c.lower_ in MODALS for h in heads for c in h.children):
        return "hypothetical"
    return "asserted"


@analyzer("relations", requires=("entities", "attributions", "claims"), assigns=("relations",),
          description="PLOVER-typed actor relations")
def relations(document: Document, config: dict) -> None:
    from ..claims import affiliations
    from .model import features, load
    from .triggers import choose_type, event_words_between, in_play, verbal_attack

    model = load()
    sdoc = document.spacy_doc
    sides = affiliations(document)
    # an organ's state may be named nowhere in the text ("The FBI raided …"): the alias table names it
    names = {a["id"]: a["name"] for a in actors_by_id().values()} | {e.id: e.name for e in document.entities}
    # only what touches a sentence is looked at, through indexes: long documents stay linear
    mentions = SpanIndex(_mentions(document), lambda m: [(m[0], m[1])])
    attributions = SpanIndex(document.attributions, lambda a: ([(a.cue.start, a.cue.start + 1)] if a.cue else [])
                             + [(c.start, c.end) for c in a.content])
    claims = SpanIndex(document.claims, lambda c: [(c.start, c.end)])
    minimum = config.get("min_confidence", MIN_CONFIDENCE)
    need_trigger = config.get("triggers", True)  # off only to see what the gate holds back
    typer = _typer() if config.get("typer", True) else None
    found: list[Relation] = []
    seen = set()
    title = document.title_span()
    headlines = inner_headlines(document)
    referents = Referents(document, mentions)
    for sent in sdoc.sents:
        inside = mentions.within(sent.start_char, sent.end_char)
        resolved = referents.in_sentence(sent) if inside else []  # "he was dragged out", "officers arrested"
        if len(inside) + len(resolved) < 2:
            continue
        if title and sent.start_char < title.end and not title.text.rstrip().endswith("?"):
            continue  # headline grammar ("X takes campaign to Y"); the body says what it means
        sent_atts = attributions.overlapping(sent.start_char, sent.end_char)
        statements = _statements(sent_atts, sdoc)
        sent_claims = claims.overlapping(sent.start_char, sent.end_char)
        person_starts = {sdoc.char_span(s, e, alignment_mode="expand").root.idx
                         for s, e, ent in inside if ent.label == "PERSON"
                         and sdoc.char_span(s, e, alignment_mode="expand") is not None}
        spans = []
        for s, e, ent in inside:
            span = sdoc.char_span(s, e, alignment_mode="expand")
            if span is not None and _acts(span, ent, person_starts, document.text):
                spans.append((span, ent))
        spans = sorted(spans + [(span, ent) for span, ent, _how in resolved], key=lambda s: s[0].start)
        spans = [(span, ent) for span, ent in spans if containing(span.start_char, headlines) is None]  # another story's
        stands_for = {span.start: how for span, _ent, how in resolved}
        named_as = {span.start: ent.name for span, ent, _how in resolved}
        for i in range(len(spans)):
            for j in range(i + 1, len(spans)):
                (sa, ea), (sb, eb) = spans[i], spans[j]
                if sb.start - sa.end > MAX_GAP_TOKENS:
                    break  # far-apart actors in a long list sentence: bounded work, rarely one event
                actor_a, via_a = _actor(document, ea, sa, sides)
                actor_b, via_b = _actor(document, eb, sb, sides)
                if actor_a == actor_b or actor_b in sides.get(actor_a, ()) or actor_a in sides.get(actor_b, ()):
                    continue  # an actor and its own side (Erdogan and Turkey) are not a relation
                if _part_of(names.get(actor_a, ""), names.get(actor_b, "")):
                    continue  # "Disney" and "Disney Channel": a body and a part named after it
                ok, lca = _path_ok(_first_conjunct(sa), _first_conjunct(sb))  # a list: its first member
                if not ok or lca.lemma_.lower() in META_VERBS:
                    continue
                src, tgt = _order(sa, sb, lca)
                labels = (ea.label, eb.label)
                if src is sb:
                    actor_a, actor_b, via_a, via_b = actor_b, actor_a, via_b, via_a
                    labels = labels[::-1]
                label = _accusing_label(lca, src, tgt)  # "called Omar a terrorist": the naming accuses
                verbal = {"ACCUSE"} if label is not None else _verbal_act(lca)  # "accused", "urged", "is seeking"
                speech = next((a for a in sent_atts if a.cue is not None and a.cue.start <= lca.idx < a.cue.end and (
                    a.speaker in (actor_a, actor_b) or a.source and a.source.start <= src.start_char < a.source.end)),
                    None) if not verbal and _reports(lca) else None
                deed = _denied_deed(speech, lca, src, tgt) if typer is not None and need_trigger else None
                doer = (_doer(deed) or src) if deed is not None else src  # "that it had armed Sudria": it
                if speech is not None and deed is None:
                    continue  # the speech act itself ("Zeman called Turkey …") is an attribution, not a relation
                if not verbal and deed is None and _speaker_and_content(statements, (sa, actor_a), (sb, actor_b)):
                    continue  # "Disney's teams fixed it, Mayer said": the speaker is no party to the event
                if _medium(sa) or _medium(sb):
                    continue  # "thanked Trump on Twitter": where it was said, not a party
                if _possessed(sa, sb) or _possessed(sb, sa):
                    continue  # "Disney's ESPN channels": a part of the possessor
                if need_trigger and label is None and not event_words_between(src, tgt, lca):
                    continue  # no word of any event between them: nothing to type
                rtype, conf, probs = model.predict(features(sdoc, _first_conjunct(src), _first_conjunct(tgt)))
                if deed is not None:  # "denied supplying drones to Russia": the deed denied, read without the denial
                    rtype, conf, probs = _deed_typed(typer, model.labels, src, tgt, deed, doer)
                elif typer is not None:
                    rtype, conf, probs = _with_typer(typer, model.labels, probs, sent, src, tgt, named_as)
                if label is not None:
                    # the type is read from the words; its confidence is still the models' for ACCUSE
                    rtype, conf, trigger = "ACCUSE", float(probs[model.labels.index("ACCUSE")]), tgt.root.head
                elif need_trigger:
                    chosen = choose_type(model.labels, probs, doer, tgt, deed if deed is not None else lca, verbal)
                    if chosen is None:
                        continue  # no word of a likely type between the two: the type would be a guess
                    rtype, conf, trigger = chosen
                    if (_given_by(trigger, tgt) and not _given_by(trigger, src)) or _done_to_by(trigger, src, tgt):
                        # "the arrest of X by the police": the police arrest
                        # "thrilled to receive the endorsement of LeBron James": James endorses
                        src, tgt, actor_a, actor_b, via_a, via_b = tgt, src, actor_b, actor_a, via_b, via_a
                        labels = labels[::-1]
                else:
                    trigger = lca
                if conf < minimum or (verbal and rtype not in verbal):
                    continue
                if need_trigger and in_play(rtype, trigger):
                    continue  # "fired a shot at the goaltender": a game, not violence
                runner_up = next(k for k in probs.argsort()[::-1] if model.labels[k] != rtype)
                why = (f"{rtype} {conf:.2f}, next {model.labels[runner_up]} {float(probs[runner_up]):.2f}; "
                       f"event word {trigger.text!r}")
                why += "".join(f"; {stands_for[span.start]}" for span in (src, tgt) if span.start in stands_for)
                if label is not None:
                    why += f"; read as ACCUSE: the target is called {label.text!r}"
                if deed is not None:
                    who = speech.speaker_name or (speech.source.text if speech.source else "its speaker")
                    why += (f"; denied by {who}: the deed in "
                            f"{deed.doc[deed.left_edge.i:deed.right_edge.i + 1].text!r}, typed without the denial")
                if need_trigger and verbal_attack(rtype, trigger, *labels):
                    rtype = "ACCUSE"  # "Trump attacked Clinton during the rant": words, not blows
                    why += "; read as ACCUSE: an attack between two people with nothing physical in the sentence"
                ev_start, ev_end = sent.start_char, sent.end_char
                stripped = document.text[ev_start:ev_end].rstrip()
                ev_end = ev_start + len(stripped)
                key = (actor_a, actor_b, rtype, ev_start)
                if key in seen:
                    continue
                seen.add(key)
                lo, hi = min(src.start_char, tgt.start_char), max(src.end_char, tgt.end_char)
                claim = next((c for c in sent_claims if c.start <= lo and hi <= c.end), None) or \
                    next((c for c in sent_claims if c.voice == "article"), None)
                att = speech if deed is not None else next(
                    (a for a in sent_atts if any(c.start <= lo and hi <= c.end for c in a.content)), None)
                if att is not None and cue_negated(att, sdoc):
                    if not _taken_as_given(att):
                        continue  # "the minister did not say that X": no one in the text asserts X
                    att = None  # "experts cannot explain why X": the article itself states X
                speaker = att.speaker if att else None
                speaker_name = att.speaker_name if att else None
                found.append(Relation(
                    id="", source=actor_a, target=actor_b, type=rtype,
                    polarity="denied" if deed is not None else _polarity(sent_atts, sent, lca, src.start_char,
                                                                         tgt.end_char, trigger),
                    evidence=Span.of(document.text, ev_start, ev_end),
                    source_name=names.get(actor_a, actor_a), target_name=names.get(actor_b, actor_b),
                    speaker=speaker, speaker_name=speaker_name, claim=claim.id if claim else None,
                    confidence=round(conf, 3), source_via=via_a, target_via=via_b, why=why,
                ))
    found += _denied_by_denials(document, found, sides)
    for i, rel in enumerate(found, start=1):
        rel.id = f"R{i}"
    document.relations = found


def _denied_by_denials(document: Document, found: list[Relation], sides: dict[str, set[str]]) -> list[Relation]:
    """"X denied any support": the support-kind relations of X's side in the claims it denies, denied by X."""
    out, seen = [], set()
    by_id = {a.id: a for a in document.attributions}
    for denial in (c for c in document.claims if c.is_denial and c.denies):
        att = by_id.get(denial.attribution)
        deniers = set(att.speakers if att else [])
        side = set().union(*(sides.get(d, {d}) for d in deniers)) if deniers else set()
        for rel in found:
            if (rel.claim in denial.denies and rel.polarity == "asserted" and rel.type in SUPPORT_FAMILY
                    and rel.source in side):
                key = (rel.source, rel.target, rel.type, denial.id)
                if key in seen:
                    continue
                seen.add(key)
                out.append(Relation(
                    id="", source=rel.source, target=rel.target, type=rel.type, polarity="denied",
                    evidence=Span(denial.start, denial.end, denial.text),
                    source_name=rel.source_name, target_name=rel.target_name,
                    speaker=denial.speaker, speaker_name=denial.speaker_name, claim=denial.id,
                    confidence=rel.confidence, source_via=rel.source_via, target_via=rel.target_via,
                    why=f"denied by {denial.speaker_name or 'the article'}; the relation: {rel.why}",
                ))
    return out
