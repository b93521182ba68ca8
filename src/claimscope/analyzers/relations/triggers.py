"""The word that makes a relation an event, and the actors' places around it.

A relation is shown only when a word on the dependency path between the two actors is a trigger of
a type the models find likely (the PLOVER codebook's verbs and nouns: "arrest" for COERCE, "talks"
for CONSULT), the source does it and the target is a party to it rather than a detail of something
else ("a letter from his physician" is not the physician released). Out of fold on PLV_train the
types kept this way are right far more often than the models' types overall
(``training/relations/trigger_gate.py``; figures in the PLOVER model card): the gate is what lets the
dossier show few relations that hold instead of many that do not.
"""
from __future__ import annotations

from .model import CODEBOOK, NAMING_VERBS, dependency_path

# more of the codebook's words, by type; a word may trigger several types ("strike", "call")
MORE_TRIGGERS = {
    "AGREE": "approve accept ratify consent sign-off reconcile compromise",
    "CONSULT": "hearing confer discussion consultation dialogue negotiator mediate mediation host welcome trip",
    "SUPPORT": "welcome applaud commend hail congratulate thank vote endorsement praise solidarity",
    "COOPERATE": "collaboration coordinate team enlist hire contract join alliance",
    "AID": "give grant lend offer deliver evacuate rescue donation loan subsidy",
    "YIELD": "pardon drop apologize comply relent accede grant",
    "REQUEST": "press petition extradition invitation diktat edict directive",
    "ACCUSE": "indict prosecute prosecution lawsuit probe slam criticism accusation charges complaint "
              "investigation",
    "REJECT": "decline defy spurn rejection refusal",
    "THREATEN": "menace intimidate",
    "PROTEST": "picket boycott",
    "SANCTION": "restrict tariff penalty penalize blacklist suspension",
    "MOBILIZE": "mobilization deployment",
    "COERCE": "extradite expel censor stop drag handcuff search evict impose sanction outlaw curfew",
    "ASSAULT": "harm injure wound murder abduct kidnap torture stab storm airstrike",  # not "beat": in sport it is winning
}


def _index() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for table in (CODEBOOK, MORE_TRIGGERS):
        for rtype, words in table.items():
            for w in words.split():
                out.setdefault(w, set()).add(rtype)
    return out


TRIGGERS = _index()
# nouns through which an actor acts or is acted on ("executives from AT&T", "Mexican immigration
# authorities"): a party to the event, unlike the sender of "a letter from X"
PARTY_NOUNS = {
    "authorities", "authority", "government", "administration", "officials", "official", "executives", "executive",
    "forces", "troops", "army", "military", "police", "officers", "agents", "members", "leaders", "leader",
    "representatives", "delegation", "envoy", "envoys", "ministry", "minister", "president", "prime", "chief",
    "spokesman", "spokeswoman", "lawmakers", "prosecutors", "investigators", "militants", "fighters", "rebels",
    "soldiers", "diplomats", "regime", "department", "agency", "office", "court", "judge", "staff", "team",
    "immigration", "security", "intelligence", "border", "customs", "bodies", "body", "unit", "units",
}
# a state's envoys ("his Saudi counterpart", "a Chinese diplomat") and its people as the ones an act falls
# on ("deported 300 Guatemalan migrants", "freed two American hostages")
ENVOYS_AND_NATIONALS = {"diplomat", "diplomats", "ambassador", "envoy", "minister", "counterpart", "counterparts",
                        "delegation", "nationals", "citizens", "migrants", "refugees", "hostages", "prisoners"}
# what an armed group holds, struck as the group itself ("jets struck Hamas positions")
HOLDINGS = {"positions", "targets", "bases", "strongholds", "outposts", "camps", "convoys", "installations"}
PARTY_NOUNS |= ENVOYS_AND_NATIONALS | HOLDINGS
# what a state does, named by the state's adjective as by its owner ("welcomed the Swedish move", "the
# Russian attack on Ukraine"), with the nouns of events themselves
ACTS = {"decision", "move", "plan", "proposal", "effort", "efforts", "initiative", "bid", "step", "steps", "policy",
        "action", "actions", "response", "offer", "demand", "demands", "request"}


def names_an_act(noun) -> bool:
    """Is this noun an act someone does, so that its owner or its state's adjective is the doer?"""
    return noun.pos_ == "NOUN" and (noun.lower_ in ACTS or noun.lemma_.lower() in ACTS or noun.lemma_.lower() in TRIGGERS)
# what a verb of giving hands over when it is information, not aid ("did not provide PolitiFact with
# further information"): a reply to a reporter, not an act between the two
INFORMATION = {"information", "details", "comment", "comments", "answer", "answers", "response", "data",
               "explanation", "evidence", "documentation", "update", "updates", "statement"}
# the ways down from an event word to a party to it
ARGUMENT_DEPS = {"nsubj", "nsubjpass", "agent", "dobj", "dative", "pobj", "prep", "poss", "conj", "appos",
                 "compound", "amod", "attr", "oprd", "npadvmod", "nmod", "cc", "xcomp", "ccomp", "acl"}


# verbs whose object names the event ("holds a hearing with", "launched an attack on")
LIGHT_VERBS = {"hold", "have", "launch", "conduct", "carry", "make", "stage", "mount", "issue", "file", "open"}


def _words(path: list, lca):
    """The words that may name the event: the one joining the pair, those on the path, a light
    verb's object; not a word of a name ("Volatiles Investigating Polar Exploration Rover")."""
    light = [c for c in lca.children if c.dep_ == "dobj"] if lca is not None and lca.lemma_ in LIGHT_VERBS else []
    return [tok for tok in [lca, *path, *light] if tok is not None and not tok.ent_type_]


def _types(tok) -> set[str]:
    return TRIGGERS.get(tok.lemma_.lower(), set()) | TRIGGERS.get(tok.lower_, set())


def trigger_on(path: list, lca, rtype: str):
    """The first of those words that triggers ``rtype``, else None."""
    return next((tok for tok in _words(path, lca) if rtype in _types(tok)), None)


# how the event word hangs in its own clause: an object or complement of a verb that carries the
# event ("holds a hearing with X"), not the subject of one ("X's refusal did not go over well with Y")
# nor a clause below another (advcl, ccomp, relcl)
IN_CLAUSE_DEPS = {"dobj", "xcomp", "conj", "pobj", "prep", "attr", "oprd", "dative", "acomp", "aux", "auxpass", "acl"}


def _beside(tok, trigger) -> bool:
    """Is an actor outside the trigger's subtree reached from the trigger's own clause through
    arguments ("holds a hearing with executives from AT&T")? Not as the subject of a clause of its own
    ("how X offers all models, it's possible the LC500 could arrive"), nor through a clause the
    trigger is not in ("Though he has given $60 million to his campaign, he established a pact with
    the RNC")."""
    clause = {trigger.i}
    up = trigger
    while up.dep_ in IN_CLAUSE_DEPS and up.head.i != up.i:
        up = up.head
        clause.add(up.i)
    while tok.i not in clause:
        if tok.dep_ in ("nsubj", "nsubjpass") or tok.dep_ not in ARGUMENT_DEPS or tok.head.i == tok.i:
            return False
        tok = tok.head
    return True


def party_to(trigger, span) -> bool:
    """Is the actor a party to the event word: reached from it through arguments and the bodies an
    actor acts through, not through some other thing's modifiers?"""
    tok = span.root
    if tok.i == trigger.i:
        return True
    if tok.i in {a.i for a in trigger.ancestors}:
        return True  # the actor is above the trigger (its subject side): the path checks that part
    if trigger.i not in {a.i for a in tok.ancestors}:
        return _beside(tok, trigger)  # in a branch beside the trigger's
    while tok.i != trigger.i:
        if tok.dep_ not in ARGUMENT_DEPS:
            return False  # "after X said", "which X ...": a clause of its own
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "conj":
            return False  # "X had agreed to play R., and Harper knew": the subject of another clause
        if tok.head.pos_ in ("VERB", "AUX") and _reported_clause(tok.head, trigger):
            return False  # "declined to say when Disney might change": a clause talked about, not acted on
        head = tok.head
        if tok.dep_ == "conj" and head.i == trigger.i and trigger.pos_ == "NOUN":
            return False  # "mishandled the investigation and Democrats accused …": beside the event, not in it
        if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.ent_type_ == "PERSON":
            return False  # "arrested Chris Tays, 32, of Franklin": where the person lives or works
        if tok.dep_ == "pobj" and head.lower_ == "about" and head.head.i == trigger.i \
                and trigger.lemma_.lower() in TALKING:
            return False  # "asked about the Party", "talked about Clinton": the topic, not the one asked
        # an owner is a party when what it owns is what the event is about ("praised the UAE's efforts",
        # "faulted Buhari's decision"), not the owner of anything further down
        owner = tok.dep_ == "poss" or (tok.dep_ == "amod" and names_an_act(head))  # "the Swedish move"
        if owner and head.head.i != trigger.i and not (
                head.head.dep_ == "prep" and head.head.head.i == trigger.i):
            return False
        if _recipient(tok, head, trigger):
            return True  # "supplied rifles to the militia": the militia gets what the event moves
        if head.i != trigger.i and head.pos_ in ("NOUN", "PROPN") and not owner and not (
                head.lower_ in PARTY_NOUNS or head.lemma_.lower() in PARTY_NOUNS or head.ent_type_
                or head.lemma_.lower() in TRIGGERS):
            return False  # "a letter from his physician": the physician is the letter's, not the event's
        tok = head
    return True


TALKING = {"ask", "talk", "speak", "inquire", "enquire", "chat", "write", "tell", "hear", "learn", "read", "think",
           "know", "meet", "consult", "question", "brief", "testify", "joke", "call"}  # "about" their topic
CLAUSE_OPENERS = {"when", "why", "how", "whether", "if", "where", "what", "while", "because", "after", "before"}
SAYING = {"say", "tell", "comment", "discuss", "speculate", "explain", "disclose", "reveal", "confirm", "specify",
          "elaborate", "answer", "predict", "know", "ask", "wonder"}


def _reported_clause(verb, trigger) -> bool:
    """Is ``verb`` (below the trigger) the verb of a clause the sentence talks about rather than one the
    trigger acts on: opened by a wh-word or a conjunction ("declined to say when Disney might change"),
    or reported by a verb of saying? The complement the trigger governs ("demanded that X resign",
    "refused to allow X to land") keeps its subject as a party."""
    if verb.i == trigger.i:
        return False
    if any(c.dep_ in ("advmod", "mark") and c.lower_ in CLAUSE_OPENERS and c.i < verb.i for c in verb.children):
        return True
    return verb.head.i != trigger.i and verb.head.lemma_.lower() in SAYING


# verbs that establish their subject did what follows "to"/"of": an admission or a court's finding (not a
# charge or an accusation, which stay the accuser's claim: "charged with assaulting Y" is no relation)
ADMITTING = {"plead", "admit", "confess", "convict"}
# how a verb passes its subject to the event word below it ("sought to arrest", "arrested and charged")
CONTROL_DEPS = {"xcomp", "conj", "aux", "auxpass", "acl", "dobj"}  # "launched operations to detain"
SUBJECT_DEPS = {"nsubj", "agent", "poss", "compound", "amod", "nmod"}
NOUN_SUBJECT_PREPS = {"of", "by", "from", "between"}


def acts_in(trigger, span) -> bool:
    """Is the source the one doing the event: the subject of the event word (or its agent, owner or
    qualifier: "Norland troops attacked", "deported by Mexican authorities", "Russia's support"),
    or of a verb that hands its subject down to it ("X sought to arrest Y", "X met and thanked Y")?
    Not its object ("had agreed to play Rose-Lynn", "had been signed to Universal"), nor the
    subject of some other clause ("Nadal defeated K. after Rublev had rallied to beat B.")."""
    governors = [trigger]
    tok = trigger
    while tok.dep_ in CONTROL_DEPS and tok.head.i != tok.i:
        tok = tok.head
        governors.append(tok)
    if tok.dep_ == "pcomp" and tok.head.lower_ in ("to", "of") and _admits(tok.head.head):
        governors.append(tok.head.head)  # "pleaded guilty to threatening to kill Y": the one who pleads did it
    if trigger.pos_ == "NOUN":  # "X's support for Y", "X launched attacks on Y"
        governors.append(trigger.head)
        if trigger.dep_ == "pobj" and trigger.head.lower_ == "as":
            governors.append(trigger.head.head)  # "see Turkey as a supporter of ISIS"
    root = span.root
    above = {t.i for t in root.ancestors}
    for gov in governors:
        if gov.i in above:
            up = root
            while up.head.i != gov.i:
                up = up.head
            if gov.i == trigger.i and trigger.pos_ == "NOUN" and up.dep_ == "prep":
                return up.lower_ in NOUN_SUBJECT_PREPS  # "contacts of X with Y", "a request from X"
            if up.dep_ == "dobj" and gov.lemma_.lower() in NAMING_VERBS:
                return True  # "called Turkey an ally of ISIS": the one named is the predicate's subject
            return up.dep_ in SUBJECT_DEPS and not _disagrees(trigger, gov, root)
    return False


def _admits(verb) -> bool:
    """Is the verb an admission or a conviction, not negated ("pleaded not guilty", "was not convicted")?"""
    lemma = verb.lemma_.lower()
    if lemma not in ADMITTING or any(c.dep_ == "neg" for c in verb.children):
        return False
    after = {t.lower_ for t in verb.doc[verb.i + 1:verb.i + 3]}
    return "not" not in after and "innocent" not in after and (lemma != "plead" or "guilty" in after)


def _disagrees(trigger, gov, subject) -> bool:
    """Does a verb that took its subject over from a verb it is joined to by "and" disagree with that
    subject in number, or in form? "Businesses agree that China has taken advantage … and support
    Mr. Trump's efforts": "support" is the businesses' verb, which the parser joined to "has taken"
    (a bare "support" shares a subject only with a bare verb: "will attack and destroy")."""
    if gov.i == trigger.i or trigger.dep_ != "conj":
        return False
    if trigger.tag_ == "VB" and trigger.head.tag_ in ("VBN", "VBD", "VBZ", "VBG"):
        return True
    plural_verb, singular_verb = trigger.tag_ == "VBP", trigger.tag_ == "VBZ"
    singular_subject, plural_subject = subject.tag_ in ("NNP", "NN"), subject.tag_ in ("NNPS", "NNS")
    return (plural_verb and singular_subject) or (singular_verb and plural_subject)


RECIPIENT_PREPS = {"to", "for", "against", "on", "into"}


def _recipient(tok, head, trigger) -> bool:
    """Is ``tok`` the preposition that names who receives the trigger's direct object ("supplied
    rifles to X", "sent troops into X"), rather than where the object comes from ("a letter from X")?"""
    return (tok.dep_ == "prep" and tok.lower_ in RECIPIENT_PREPS and head.dep_ == "dobj"
            and head.head.i == trigger.i)


def _naming(trigger) -> bool:
    """Is the word a verb of naming used to give a name ("called him Mike", "a show called X")? The
    relation in "called Turkey an ally of ISIS" is the predicate noun's, which is its own trigger."""
    return trigger.pos_ == "VERB" and trigger.lemma_.lower() in NAMING_VERBS and (
        trigger.dep_ == "acl" or any(c.dep_ == "oprd" for c in trigger.children))


REFUSALS = {"decline", "refuse"}


def _refused_comment(trigger) -> bool:
    """Is the word a refusal to speak ("declined to say", "refused to comment")?"""
    return trigger.lemma_.lower() in REFUSALS and any(
        c.dep_ == "xcomp" and c.lemma_.lower() in SAYING for c in trigger.children)


# verbs that hand something over: their lone direct object is the thing, the one who gets it comes
# with "to" or as a first object ("offered Kyiv loans")
# ("supply" and "provide" are left out: "supplied the rebels" names whom)
HANDING_OVER = {"give", "offer", "deliver", "send", "sell", "lend", "grant", "donate", "ship"}


def thing_given(trigger, tgt) -> bool:
    """Is the target what a verb of handing over hands over, or its owner: the verb's only object
    ("offers Apple's 12-inch MacBook", "offers the MacBook")?"""
    if trigger.lemma_.lower() not in HANDING_OVER:
        return False
    tok = tgt.root
    while tok.dep_ in ("compound", "poss", "amod", "nmod") and tok.head.i != tok.i:
        tok = tok.head
    if tok.head.i != trigger.i or tok.dep_ != "dobj":
        return False
    return not any(c.dep_ in ("dobj", "dative") and c.i != tok.i for c in trigger.children)


def information_given(trigger) -> bool:
    """Is what the giving verb hands over information ("provide X with further information")?"""
    for child in trigger.children:
        if child.dep_ == "dobj" and child.lemma_.lower() in INFORMATION:
            return True
        if child.dep_ == "prep" and child.lower_ == "with":
            if any(g.dep_ == "pobj" and g.lemma_.lower() in INFORMATION for g in child.children):
                return True
    return False


RELEASING = {"release", "free", "return"}
CLOSE_SECOND = 0.5  # a type within this share of the most probable one is a reading too


def choose_type(labels: list[str], probs, src, tgt, lca, verbal: set[str] = frozenset()):
    """The most probable type that a word between the two actors triggers, among the types close to
    the top one ("allowed ... to travel": COERCE 0.31, YIELD 0.26; "allowed" is YIELD's word), with
    its probability and the word; None when none of them has its word there."""
    top = float(probs.max())
    for k in probs.argsort()[::-1]:
        if float(probs[k]) < CLOSE_SECOND * top:
            break
        if verbal and labels[k] not in verbal:
            continue
        trigger = event_word(src, tgt, lca, labels[k])
        if trigger is not None:
            return labels[k], float(probs[k]), trigger
    return None


# "Trump attacked Clinton": between two people, with nothing physical said, an attack is one of words
ATTACK_WORDS = {"attack", "hit", "blast", "slam", "assail", "bash", "lash", "strike", "target", "batter"}
PHYSICAL = {"knife", "gun", "weapon", "rifle", "pistol", "bat", "stab", "shoot", "shot", "punch", "kick", "beat",
            "injure", "injury", "wound", "hospital", "bleed", "blood", "kill", "murder", "assault", "fist", "bomb",
            "police", "arrest", "charge", "physically", "violently"}


# words of a game: in a game an attack, a shot or a hit is play ("fired a shot at Murray that trickled
# to the goaltender's right"), not violence
SPORT_WORDS = {"goaltender", "goalie", "goalkeeper", "puck", "rebound", "overtime", "inning", "innings", "touchdown",
               "quarterback", "striker", "midfielder", "defenseman", "defender", "pitcher", "batter", "wicket",
               "half-time", "halftime", "playoff", "playoffs", "scoreboard", "scored", "score", "goal", "goals",
               "match", "tournament", "league", "championship", "semifinal", "final", "season", "teammate", "coach"}
VIOLENT_TYPES = {"ASSAULT", "COERCE", "THREATEN"}
# what a game also has: blows, and leads given and points conceded ("goals gave the Wild a two-goal lead")
PLAY_TYPES = VIOLENT_TYPES | {"AID", "YIELD"}


def in_play(rtype: str, trigger) -> bool:
    """Is a type a game also has read in a sentence about a game (a word of SPORT_WORDS in it)?"""
    return rtype in PLAY_TYPES and any(t.lower_ in SPORT_WORDS for t in trigger.sent)


# the ways words are delivered: "attacked Machado in early-morning tweets"
WORDS_MEDIA = {"tweet", "tweets", "twitter", "post", "posts", "comment", "comments", "remark", "remarks", "speech",
               "interview", "debate", "statement", "rant", "ad", "ads", "op-ed", "column", "words", "insult",
               "insults", "podcast"}  # not "rally": a place where blows are struck too


def verbal_attack(rtype: str, trigger, source_label: str, target_label: str) -> bool:
    """Is an ASSAULT an attack in words: between two named people (the actors' entity labels) with
    nothing physical in the sentence ("Trump also attacked Hillary Clinton and Marco Rubio during the
    course of the rant"), or made in tweets, remarks or a speech the attack's own phrase names ("attacked
    Machado in early-morning tweets", whatever the tagger took Machado for)? PLOVER counts criticism
    as ACCUSE."""
    if rtype != "ASSAULT" or trigger.lemma_.lower() not in ATTACK_WORDS:
        return False
    if any(t.lemma_.lower() in PHYSICAL for t in trigger.sent):
        return False
    if source_label == "PERSON" and target_label == "PERSON":
        return True
    return any(t.lower_ in WORDS_MEDIA or t.lemma_.lower() in WORDS_MEDIA for t in trigger.subtree)


def event_words_between(src, tgt, lca) -> bool:
    """Is there a word of some event type between the two (a cheap test before typing the pair)?"""
    _, path = dependency_path(src.root, tgt.root)
    return any(_types(tok) for tok in _words(path, lca))


def event_word(src, tgt, lca, rtype: str):
    """The word of the event between source and target, with both of them parties to it, or None."""
    _, path = dependency_path(src.root, tgt.root)
    names = {t.i for t in src} | {t.i for t in tgt}
    trigger = trigger_on([t for t in path if t.i not in names], None if lca.i in names else lca, rtype)
    if trigger is None or not (acts_in(trigger, src) and party_to(trigger, tgt)):
        return None  # (a word inside a name is no event: "Volatiles Investigating Polar Exploration Rover")
    if _naming(trigger):
        return None  # "Everyone called him Mike", "a show called Ask Dr. Mike": a name given, not a call
    if _refused_comment(trigger):
        return None  # "declined to comment on the deal": a reply to the reporter, not a rejection of anyone
    if rtype == "AID" and information_given(trigger):
        return None  # "did not provide PolitiFact with further information": a reply, not aid
    if rtype == "AID" and thing_given(trigger, tgt):
        return None  # "Amazon offers the MacBook for $700": what is offered, not who gets it
    if trigger.lemma_.lower() in RELEASING and tgt.root.ent_type_ not in ("PERSON", "NORP") and tgt.root.tag_ != "NNS":
        return None  # people and prisoners are released, not a laptop ("Apple released the MacBook Pro")
    return trigger
