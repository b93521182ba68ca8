"""He and she as parties to an event ("He was arrested in April", "he called Omar a terrorist"):
the person each stands for, only when the text leaves no doubt.

Stricter than the speaker of a quote (``attributions.speakers.resolve_pronoun``): a relation names
two actors at once, so a wrong person makes a false accusation. The pronoun goes to the nearest
person named before it in its paragraph or the one before whom a title, a gendered role word or
the first name gives the pronoun's gender (not other pronouns: "Jane Smith said that he was
arrested" would make Jane a he); any person nearer with no known gender, or a pronoun inside a
quote, leaves it unresolved.
"""
from __future__ import annotations

from ..attributions.quotes import find_quotes
from ..attributions.speakers import PRONOUN_GENDER, person_genders
from ..spans import SpanIndex

# the roles in which a pronoun is a party to an event; "his"/"her" as owners are left out ("his
# eviction from the embassy": the owner of a noun, which the gate reads through the noun)
ROLES = {"he": {"nsubj", "nsubjpass"}, "she": {"nsubj", "nsubjpass"},
         "him": {"dobj", "pobj", "dative"}, "her": {"dobj", "pobj", "dative"}}
MAX_PARAGRAPHS_BACK = 1  # the pronoun's paragraph and the one before it


class PronounParties:
    """The resolved he/she/him/her of one document, computed on first use."""

    def __init__(self, document, mentions: SpanIndex):
        self.document = document
        self.mentions = mentions
        self._genders = None
        self._quotes = None

    def _ready(self):
        if self._genders is None:
            self._genders = person_genders(self.document, self.mentions, pronouns=False)
            self._quotes = find_quotes(self.document.text)

    def in_sentence(self, sent) -> list[tuple[object, object, str]]:
        """(pronoun span, person entity, how) for the pronouns of ``sent`` that are parties."""
        out = []
        for tok in sent:
            low = tok.lower_
            if tok.dep_ not in ROLES.get(low, ()):
                continue
            self._ready()
            if any(s < tok.idx < e for s, e in self._quotes):
                continue  # "“He lied,” she said": the quote's own people
            person = self.person(tok.idx, PRONOUN_GENDER[low])
            if person is not None:
                how = f"{tok.text} = {person.name} (the nearest person named before, whom the text calls {low})"
                out.append((sent.doc[tok.i:tok.i + 1], person, how))
        return out

    def person(self, pos: int, wanted: str):
        """The nearest person before ``pos`` (this paragraph or the one before) when the text gives
        them the wanted gender; None when a nearer person's gender is unknown or none fits."""
        text = self.document.text
        start = pos
        for _ in range(MAX_PARAGRAPHS_BACK + 1):
            start = text.rfind("\n\n", 0, max(0, start - 1))
            if start < 0:
                start = 0
                break
        for ms, _me, ent in reversed(self.mentions.starting(start, pos)):
            if ent.label != "PERSON" or any(s < ms < e for s, e in self._quotes):
                continue
            gender = self._genders.get(ent.id)
            if gender is None:
                return None  # "Persson and Lee met; he said": no telling which
            if gender == wanted:
                return ent
        return None
