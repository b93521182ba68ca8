"""Words that stand for an actor named elsewhere, as parties to an event: he and she ("He was
arrested in April", "he called Omar a terrorist") and the police ("Officers arrested Chris Tays"),
each resolved only when the text leaves no doubt.

Stricter than the speaker of a quote (``attributions.speakers.resolve_pronoun``): a relation names
two actors at once, so a wrong person makes a false accusation. A pronoun goes to the nearest
person named before it in its paragraph or the one before whom a title, a gendered role word or
the first name gives the pronoun's gender (not other pronouns: "Jane Smith said that he was
arrested" would make Jane a he); any person nearer with no known gender, or a pronoun inside a
quote, leaves it unresolved, unless the pronoun is a subject that carries on the same pronoun as
subject of the sentence before and the persons named since are not subjects ("He was arrested for
the call to the offices of Omar. During the call, he asked ..."): a new sentence keeps its subject.
A subject he/she after a sentence whose subject is a name the tagger missed ("Mehmet Oz — … — has
been called a charlatan. He's been investigated …") is nobody: not someone named further back.
A description that opens a story ("A New York man pleaded guilty ...") goes to the person the next
sentence introduces as its subject with an age ("Patrick Carlineo, 55, of Addison, ..."), the news
convention for naming the one just described, when that person is not named before it.
"Police" and "officers" go to the police force named with them ("officers from the Columbus Police
Department") or named before (``speakers.resolve_body``); none named, none taken.
"""
from __future__ import annotations

from ..attributions.quotes import find_quotes
from ..attributions.speakers import PRONOUN_GENDER, person_genders, resolve_body
from ..spans import SpanIndex

# the roles in which a pronoun is a party to an event; "his"/"her" as owners are left out ("his
# eviction from the embassy": the owner of a noun, which the gate reads through the noun)
ROLES = {"he": {"nsubj", "nsubjpass"}, "she": {"nsubj", "nsubjpass"},
         "him": {"dobj", "pobj", "dative"}, "her": {"dobj", "pobj", "dative"}}
SUBJECTS = {"nsubj", "nsubjpass"}
MAX_PARAGRAPHS_BACK = 1  # the pronoun's paragraph and the one before it
POLICE_WORDS = {"police", "officer", "officers", "policeman", "policemen", "policewoman", "detective", "detectives"}
POLICE_ROLES = {"nsubj", "nsubjpass", "pobj"}  # "Officers arrested X", "X was arrested by officers"
BODY_PREPS = {"from", "of", "with"}  # "officers from the Columbus Police Department"
DESCRIBED = {"man": "m", "woman": "f", "boy": "m", "girl": "f", "teenager": None, "teen": None, "resident": None}


class Referents:
    """The resolved stand-ins of one document, computed on first use."""

    def __init__(self, document, mentions: SpanIndex):
        self.document = document
        self.mentions = mentions
        self._genders = None
        self._quotes = None

    def _ready(self):
        if self._genders is None:
            self._genders = person_genders(self.document, self.mentions, pronouns=False)
            self._quotes = find_quotes(self.document.text)

    def _quoted(self, pos: int) -> bool:
        return any(s < pos < e for s, e in self._quotes)

    def in_sentence(self, sent) -> list[tuple[object, object, str]]:
        """(word span, entity, how) for the pronouns and police words of ``sent`` that are parties."""
        out = []
        for tok in sent:
            low = tok.lower_
            pronoun = tok.dep_ in ROLES.get(low, ())
            police = low in POLICE_WORDS and tok.dep_ in POLICE_ROLES and not tok.ent_type_
            described = low in DESCRIBED and tok.dep_ in SUBJECTS and any(
                c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children)
            if not (pronoun or police or described):
                continue
            self._ready()
            if self._quoted(tok.idx):
                continue  # "“He lied,” she said", "“The police beat us”": the quote's own people
            if described:
                person = self.introduced(tok)
                if person is not None:
                    words = sent.doc[tok.left_edge.i:tok.i + 1]
                    out.append((words, person, f"{words.text} = {person.name} (introduced with an age in the "
                                               "sentence after)"))
            elif pronoun:
                if tok.dep_ in SUBJECTS and self._unnamed_subject_before(tok):
                    continue  # "Mehmet Oz — … — has been called a charlatan. He's been investigated …": a
                    # subject the tagger did not take for a name, whom no person named further back replaces
                person, why = self.person(tok.idx, PRONOUN_GENDER[low], subject=tok.dep_ in SUBJECTS)
                if person is not None:
                    out.append((sent.doc[tok.i:tok.i + 1], person, f"{tok.text} = {person.name} ({why.format(low)})"))
            else:
                body, how = self.police(tok)
                if body is not None:
                    out.append((sent.doc[tok.i:tok.i + 1], body, f"{tok.text} = {body.name} ({how})"))
        return out

    def person(self, pos: int, wanted: str, subject: bool = False, depth: int = 0):
        """The nearest person before ``pos`` (this paragraph or the one before) when the text gives
        them the wanted gender; None when a nearer person's gender is unknown or none fits, unless
        the pronoun is a subject that carries on the subject of the sentence before (``carried``)."""
        text = self.document.text
        start = pos
        for _ in range(MAX_PARAGRAPHS_BACK + 1):
            start = text.rfind("\n\n", 0, max(0, start - 1))
            if start < 0:
                start = 0
                break
        for ms, _me, ent in reversed(self.mentions.starting(start, pos)):
            if ent.label != "PERSON" or self._quoted(ms):
                continue
            gender = self._genders.get(ent.id)
            if gender is None:
                if subject and depth < 2:
                    return self.carried(pos, ms, wanted, depth)
                return None, None  # "Persson and Lee met; he said": no telling which
            if gender == wanted:
                return ent, "the nearest person named before, whom the text calls {}"
        return None, None

    def _unnamed_subject_before(self, tok) -> bool:
        """Is the subject of the sentence before a proper name that no mention covers?"""
        sdoc = tok.doc
        if tok.sent.start == 0:
            return False
        before = sdoc[tok.sent.start - 1].sent
        return any(t.dep_ in SUBJECTS and t.head.dep_ == "ROOT" and t.pos_ == "PROPN"
                   and not self.mentions.overlapping(t.idx, t.idx + len(t)) for t in before)

    def carried(self, pos: int, blocker: int, wanted: str, depth: int):
        """The person a subject he/she stands for when it carries on the same pronoun as subject of the
        sentence before, and the persons named since are not subjects ("He was arrested for the call to
        the offices of Omar. During the call, he asked ...": the he who was arrested asks, not Omar)."""
        sdoc = self.document.spacy_doc
        here = sdoc.char_span(pos, pos + 1, alignment_mode="expand")
        if here is None or here.sent.start == 0:
            return None, None
        before = sdoc[here.sent.start - 1].sent
        earlier = [t for t in before if t.dep_ in SUBJECTS and PRONOUN_GENDER.get(t.lower_) == wanted
                   and t.lower_ in ROLES and not self._quoted(t.idx)]
        if not earlier or earlier[0].idx > blocker:
            return None, None
        pronoun = earlier[0]
        for ms, me, ent in self.mentions.starting(pronoun.idx, pos):
            span = sdoc.char_span(ms, me, alignment_mode="expand")
            if ent.label == "PERSON" and (span is None or span.root.dep_ in SUBJECTS):
                return None, None  # a person named since as a subject may be the one meant
        person, _why = self.person(pronoun.idx, wanted, subject=True, depth=depth + 1)
        return person, f"the {pronoun.lower_} of the sentence before, whom {{}} carries on as subject"

    def introduced(self, tok):
        """The person the sentence after a description names as its subject with an age ("A New York
        man pleaded guilty ... Patrick Carlineo Jr., 55, of Addison, pleaded ..."); None when that
        person was named before the description or the gender the description gives does not fit."""
        sdoc = self.document.spacy_doc
        sent = tok.sent
        if sent.end >= len(sdoc):
            return None
        after = sdoc[sent.end].sent
        for ms, me, ent in self.mentions.starting(after.start_char, after.end_char):
            span = sdoc.char_span(ms, me, alignment_mode="expand")
            if ent.label != "PERSON" or span is None or span.root.dep_ not in SUBJECTS:
                continue
            rest = sdoc[span.end:span.end + 3]
            aged = len(rest) == 3 and rest[0].text == "," and rest[1].like_num and rest[2].text == ","
            named_before = any(m.start < tok.idx for m in ent.mentions)
            wanted, gender = DESCRIBED[tok.lower_], self._genders.get(ent.id)
            if aged and not named_before and (wanted is None or gender in (None, wanted)):
                return ent
            return None  # only the sentence's first person subject is the one introduced
        return None

    def police(self, tok):
        """The police force a bare "officers" or "police" stands for: the body in its own phrase
        ("officers from X"), else the last body named before whose name says police; (None, None)
        when the phrase names someone else ("Turkish police": the state, read through its mention)."""
        if any(c.dep_ in ("amod", "compound", "poss") and (c.ent_type_ or c.pos_ == "PROPN") for c in tok.children):
            return None, None
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in BODY_PREPS):
            lo, hi = prep.idx, max(t.idx + len(t) for t in prep.subtree)
            named = [ent for ms, _me, ent in self.mentions.starting(lo, hi) if ent.label in ("ORG", "GPE")]
            return (named[0], "the body named with them") if named else (None, None)
        body, _how = resolve_body("police", tok.idx, self.mentions, self.document.spacy_doc)
        return (body, "the police named before") if body is not None else (None, None)
