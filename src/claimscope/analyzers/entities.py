"""Canonical actors with their aliases merged.

Mentions come from the curated alias table (``data/aliases.json``) and spaCy's
named entities; they are merged by the table, by an acronym defined in
parentheses next to its name, by an acronym that fits a name's initials, and
by a surname that ends a full name mentioned elsewhere.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..document import Document, Entity, Span
from ..pipeline.registry import analyzer
from ..once import loaded_once
from .lexicon import CORPORATE_WORDS, EXPERTISE, GROUPS_OF_PEOPLE, ROLE_WORDS, first_names
from .spans import Coverage, SpanIndex

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
FUNCTION_WORDS = {"of", "for", "and", "the", "in", "on", "to", "de", "du", "des", "la", "le", "&", "at"}
ACRONYM = re.compile(r"^[A-ZÀ-ÞİŞĞ][A-ZÀ-ÞİŞĞ0-9&.]{1,9}$")


@loaded_once
def alias_table() -> dict:
    with resources.files("claimscope.data").joinpath("aliases.json").open(encoding="utf-8") as fh:
        return json.load(fh)


@loaded_once
def actors_by_id() -> dict[str, dict]:
    return {a["id"]: a for a in alias_table()["actors"]}


RIVAL_POPULATION = 2  # a demonym shared by two countries this close in size names neither


@loaded_once
def country_names() -> frozenset[str]:
    """The names of states: countryinfo's countries and the alias table's states."""
    return frozenset(country_demonyms().values()) | {a["name"] for a in alias_table()["actors"] if a["label"] == "GPE"}


@loaded_once
def country_demonyms() -> dict[str, str]:
    """The adjective of every country (countryinfo's table): "Venezuelan" -> "Venezuela". Where
    territories share one ("French": France, Réunion, Martinique), the most populous country has it,
    unless another is within a factor of two ("Burmese": Burma and Myanmar are one table entry each)."""
    from countryinfo import all_countries

    claims: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for country in all_countries():
        try:
            adjectives, name, people = country.demonym(), country.name(), country.population() or 0
        except (KeyError, AttributeError, TypeError):
            continue  # an entry without the fields (a few uninhabited territories)
        for adjective in re.split(r"[,/]", adjectives or ""):
            if adjective.strip():
                claims[adjective.strip()].append((people, name))
    out = {}
    for adjective, countries in claims.items():
        countries.sort(reverse=True)
        if len(countries) == 1 or countries[0][0] >= RIVAL_POPULATION * countries[1][0]:
            out[adjective] = countries[0][1]
    return out


@loaded_once
def _phrase_matcher(nlp):
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    for actor in alias_table()["actors"]:
        matcher.add(actor["id"], [nlp.make_doc(a) for a in actor["aliases"]])
    return matcher


@dataclass
class Mention:
    start: int
    end: int
    text: str
    label: str
    actor: str | None = None  # alias-table id
    tokens: int = 1
    country: str | None = None  # the country a demonym names ("Venezuelan" -> "Venezuela"), when not in the alias table


OPTIONAL_LETTERS = set("OATFD")  # of, and, the, for, de: often in an acronym, not always in the name
MAX_UNMATCHED = 1
MIN_INITIALS = 2  # "AP" is no acronym of "Party" with an "A" of nothing: two letters at least start words


@lru_cache(maxsize=1 << 16)  # the same acronym meets the same names many times in a long text
def fits_acronym(acronym: str, name: str) -> bool:
    """True if the acronym can be read off the name (or a stretch of it).

    Each letter starts a word of the name, in order; function words may be
    skipped, letters of omitted function words (O for "of") may go unmatched,
    and leading or trailing qualifiers may stand outside the acronym. So "CSI"
    does not fit "Center for Strategic Studies" while "ISIL" fits "Islamic State
    of Iraq and the Levant" and "SSMU" fits "Board of the Students' Society of
    McGill University". Acronyms with more letters than the name has content
    words ("LORRI") may also take letters from inside words.
    """
    letters = [c for c in acronym.upper().replace("İ", "I") if c.isalpha()]
    words = [w for w in re.split(r"[\s\-/,]+", name) if w and w[0].isalnum()]
    if not letters or not words:
        return False
    if not set(letters) - OPTIONAL_LETTERS <= set(name.upper().replace("İ", "I")):
        return False  # a letter that is nowhere in the name: no reading can fit (a cheap first test)
    content = [w for w in words if w.lower() not in FUNCTION_WORDS]
    if any(_window_fits(letters, words[i:j]) for i in range(len(words)) for j in range(len(words), i, -1)):
        return True
    if len(letters) > len(content) + 1:
        return any(_syllabic_fit("".join(letters), " ".join(content[i:])) for i in range(len(content)))
    return False


def _window_fits(letters: list[str], words: list[str]) -> bool:
    if words[0].lower() in FUNCTION_WORDS or words[-1].lower() in FUNCTION_WORDS:
        return False

    # one letter of an omitted function word at most: with two, "NASA" would fit "Nano-Satellite"
    @lru_cache(maxsize=None)
    def match(i: int, k: int, unmatched: int) -> bool:
        if unmatched > MAX_UNMATCHED:
            return False
        if i == len(letters):
            return len(letters) - unmatched >= MIN_INITIALS and all(w.lower() in FUNCTION_WORDS for w in words[k:])
        if k == len(words):
            rest = letters[i:]
            return (all(c in OPTIONAL_LETTERS for c in rest) and unmatched + len(rest) <= MAX_UNMATCHED
                    and len(letters) - unmatched - len(rest) >= MIN_INITIALS)
        word = words[k]
        if _initial(word) == letters[i] and match(i + 1, k + 1, unmatched):
            return True
        if letters[i] in OPTIONAL_LETTERS and match(i + 1, k, unmatched + 1):
            return True
        return word.lower() in FUNCTION_WORDS and match(i, k + 1, unmatched)

    return match(0, 0, 0)


def _syllabic_fit(letters: str, name: str) -> bool:
    """Every letter in order inside the name, the first one starting it (Schwartz & Hearst)."""
    name = name.upper()
    if not name or name[0] != letters[0]:
        return False
    pos = 0
    for c in letters:
        pos = name.find(c, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def _initial(word: str) -> str:
    return word[0].upper().replace("İ", "I")


def _norm(text: str) -> str:
    text = re.sub(r"^(the|The|THE)\s+", "", text.strip())
    text = re.sub(r"[’']s$", "", text)
    return text.strip(" .,;:")


def collect_mentions(document: Document, nlp, words: "TextWords | None" = None) -> list[Mention]:
    sdoc = document.spacy_doc
    words = words or TextWords(document.text)
    nlp_vocab = sdoc.vocab
    demonyms = alias_table()["demonyms"]
    found: list[Mention] = []
    matcher = _phrase_matcher(nlp)
    for match_id, s, e in matcher(sdoc):
        span = sdoc[s:e]
        if len(span.text) <= 3 and in_caps_line(document.text, span.start_char):
            continue
        actor = nlp_vocab.strings[match_id]
        label = actors_by_id()[actor]["label"]
        found.append(Mention(span.start_char, span.end_char, span.text, label, actor, len(span)))
    for ent in sdoc.ents:
        if ent.label_ not in ACTOR_LABELS:
            continue
        start, end, text = _trim_entity(ent, document.text)
        if not re.search(r"[A-Za-zÀ-ÿ]", text) or not text[0].isupper() or _shouted_verb(ent):
            continue
        # a country's adjective the tagger took for a name ("300 Guatemalan | ORG | migrants") is one still
        if ent.label_ == "NORP" or text in demonyms or text in country_demonyms():
            actor = demonyms.get(text)
            if actor:
                found.append(Mention(start, end, text, actors_by_id()[actor]["label"], actor, 1))
            elif text in country_demonyms() and ent.root.dep_ in ("amod", "compound", "nmod"):
                # before a noun only: "the 48-year-old Australian" is a person, not the country
                found.append(Mention(start, end, text, "NORP", None, len(ent), country=country_demonyms()[text]))
            elif ent[-1].tag_ in ("NNPS", "NNS") or _demonym_of_known(text, words):
                found.append(Mention(start, end, text, "NORP", None, len(ent)))
            continue
        label = "PERSON" if ent.label_ == "ORG" and _described_as_a_person(ent) else ent.label_
        found.append(Mention(start, end, text, label, None, len(ent)))
    for m in GROUP_NAME.finditer(document.text):
        start = m.start() + (4 if m.group(0).startswith("The ") else 0)
        if len(document.text[start:m.end()].split()) >= 2:
            found.append(Mention(start, m.end(), document.text[start:m.end()], "ORG", None,
                                 len(document.text[start:m.end()].split())))
    found = _drop_overlaps(_without_table_prefix(_states_inside_names(found), document.text))
    return _drop_overlaps(found + _surname_mentions(sdoc, found) + _demonym_mentions(sdoc, found)
                          + _list_members(sdoc, found) + _repeated_names(document.text, sdoc, found))


def _repeated_names(text: str, sdoc, found: list[Mention]) -> list[Mention]:
    """The other occurrences of a name the tagger took for an organisation or a place somewhere in the
    text, where it missed them ("… by Wikileaks in 2010." and later "Wikileaks welcomed the move"):
    one name, one bearer in a story (the tagger may read "Wikileaks" as a plural noun). At the start of a
    sentence only as a proper noun, where a capital says nothing."""
    names: dict[str, str] = {}
    for m in found:
        if m.label in ("ORG", "GPE") and m.actor is None and m.country is None and len(m.text) >= 3:
            names.setdefault(m.text, m.label)
    if not names:
        return []
    taken = Coverage((m.start, m.end) for m in found)
    pattern = re.compile(r"(?<![\w'’&-])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                         + r")(?![\w&-])")
    extra = []
    for hit in pattern.finditer(text):
        start, end = hit.span()
        span = sdoc.char_span(start, end)
        if span is None or taken.covers(start) or taken.covers(end - 1):
            continue
        if not any(t.pos_ == "PROPN" for t in span) and span[0].is_sent_start:
            continue  # a capital the sentence gives may be a word's ("Apple" the tagger read as a fruit)
        if any(0 <= k < len(sdoc) and sdoc[k].pos_ == "PROPN" and sdoc[k].is_title for k in (span.start - 1, span.end)):
            continue  # part of a longer name ("The Steve Harvey Morning Show" after a "Harvey")
        extra.append(Mention(start, end, hit.group(0), names[hit.group(0)], None, len(span)))
    return extra


# the nouns for one person by what they do, for a name the tagger took for an organisation
PERSON_NOUNS = (ROLE_WORDS | EXPERTISE | GROUPS_OF_PEOPLE | {
    "professor", "founder", "co-founder", "author", "writer", "journalist", "reporter", "editor", "columnist",
    "ceo", "chairman", "chairwoman", "lecturer", "fellow", "consultant", "strategist", "adviser", "advisor"}) - {
    "union", "police", "authority", "staff", "group", "party", "office", "state", "head", "parent"}
ORGANISATION_WORDS = CORPORATE_WORDS | {
    "media", "investment", "investments", "capital", "partners", "university", "college", "institute", "news",
    "bank", "fund", "association", "council", "foundation", "center", "centre", "party", "committee", "agency",
    "ministry", "department", "office", "court", "commission", "times", "post", "journal", "press"}


def _shouted_verb(ent) -> bool:
    """Is the "name" a capitalised verb that opens a listing's sentence ("SPEND a day in the country …",
    "ATTEND a two-day symposium …"): one word in capitals, the sentence's root, before an article?"""
    tok = ent[0]
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return (len(ent) == 1 and tok.text.isupper() and tok.dep_ == "ROOT" and tok.i == tok.sent.start
            and nxt is not None and nxt.lower_ in ("a", "an", "the"))


def _described_as_a_person(ent) -> bool:
    """Does an "organisation" that reads like a person's name (two or more capitalised words, none of an
    organisation's: not "New Media Investment Group") have an appositive that names one person by what
    they do ("Eswar Prasad, a trade professor at Cornell, said")? Then the tagger mistook a person's name."""
    words = [t for t in ent if not t.is_punct]
    if len(words) < 2 or not all(t.is_alpha and t.is_title for t in words) or any(
            t.lower_ in ORGANISATION_WORDS for t in words):
        return False
    return any(c.dep_ == "appos" and c.tag_ == "NN" and c.lemma_.lower() in PERSON_NOUNS for c in ent.root.children)


def _without_table_prefix(mentions: list[Mention], text: str) -> list[Mention]:
    """A person's name the tagger ran together with a known actor before it ("ambassador to Ukraine
    Marie Yovanovitch" as one person): the part after the actor, which would otherwise be lost."""
    table = [m for m in mentions if m.actor]
    out = []
    for m in mentions:
        lead = next((t for t in table if m.label == "PERSON" and not m.actor and t.start <= m.start < t.end < m.end), None)
        if lead is not None:
            rest = text[lead.end:m.end]
            start = lead.end + len(rest) - len(rest.lstrip())
            if text[start:start + 1].isupper():  # a name goes on after the actor
                m = Mention(start, m.end, text[start:m.end], m.label, None, max(1, m.tokens - lead.tokens))
        out.append(m)
    return out


def _list_members(sdoc, found: list[Mention]) -> list[Mention]:
    """Names the tagger missed in a list of organisations ("executives from AT&T, Comcast, T-Mobile
    and others"): a capitalised proper noun the tagger gave no type, in a list ("and", commas) that
    holds two organisations' names at least."""
    taken = Coverage((m.start, m.end) for m in found)
    org_roots = {}
    for m in found:
        span = sdoc.char_span(m.start, m.end, alignment_mode="expand") if m.label == "ORG" else None
        if span is not None:
            org_roots[span.root.i] = span.root
    extra, seen = [], set()
    for root in org_roots.values():
        listed = root.conjuncts
        if sum(t.i in org_roots for t in listed) < 1:  # the root and one more organisation at least
            continue
        for tok in listed:
            if (tok.i in seen or tok.pos_ != "PROPN" or not tok.text[:1].isupper() or tok.ent_type_
                    or tok.lower_ in ROLE_WORDS or taken.covers(tok.idx)):
                continue
            seen.add(tok.i)
            first = tok
            while first.i > 0 and sdoc[first.i - 1].head.i == tok.i and (
                    sdoc[first.i - 1].dep_ == "compound" and sdoc[first.i - 1].pos_ == "PROPN"
                    or sdoc[first.i - 1].text == "-"):
                first = sdoc[first.i - 1]
            if first.text == "-" or taken.covers(first.idx):
                continue
            end = tok.idx + len(tok.text)
            extra.append(Mention(first.idx, end, sdoc.text[first.idx:end], "ORG", None, tok.i - first.i + 1))
    return extra


DEMONYM_ENDINGS = ("n", "an", "ian", "ese", "ic", "ish", "i", "ns", "ans", "ians")
STEM_VOWELS = "aeiyo"  # the final vowels a place drops before its demonym's ending: Mexico/Mexican, Syria/Syrian


def _demonym_mentions(sdoc, found: list[Mention]) -> list[Mention]:
    """Adjectives of places in the text ("Norlandic" beside "Norland") that the tagger missed."""
    stems = {m.text.rstrip(STEM_VOWELS): m.text for m in found
             if m.label in ("GPE", "ORG") and " " not in m.text and len(m.text) >= 4 and not m.text.isupper()}
    taken = Coverage((m.start, m.end) for m in found)
    extra = []
    for tok in sdoc:
        word = tok.text
        if not word[:1].isupper() or taken.covers(tok.idx):
            continue
        # only the word's own prefixes can be its stem: a lookup each, not a scan of every stem
        fitting = [word[:k] for k in range(len(word) + 1) if word[:k] in stems and word != stems[word[:k]]
                   and word[k:] in DEMONYM_ENDINGS + tuple(stems[word[:k]][k:] + end for end in DEMONYM_ENDINGS)]
        if fitting:
            extra.append(Mention(tok.idx, tok.idx + len(word), word, "NORP", None, 1))
    return extra


# what may follow a family name in a full name ("Patrick W. Carlineo Jr.", "James P. Kennedy Jr.")
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def surname(name: str) -> str:
    """The family name that ends a full name, a generational suffix aside: "Carlineo" of
    "Patrick W. Carlineo Jr." (the article goes on with "Carlineo", never "Jr.")."""
    words = [w.strip(",") for w in name.split()]
    while len(words) > 2 and words[-1].lower().rstrip(".") in NAME_SUFFIXES:
        words.pop()
    return words[-1]


def _surname_mentions(sdoc, found: list[Mention]) -> list[Mention]:
    """Surnames the tagger missed ("…," Hale told reporters) when the full name is known."""
    surnames = {surname(m.text) for m in found if m.label == "PERSON" and len(m.text.split()) >= 2}
    taken = Coverage((m.start, m.end) for m in found)
    extra = []
    for tok in sdoc:
        # a line's first word may be tagged a noun; with a possessive it is still the name ("Schiff’s assertion")
        owner = tok.pos_ == "NOUN" and tok.is_title and any(c.dep_ == "case" for c in tok.children)
        if tok.text in surnames and (tok.pos_ == "PROPN" or owner) and not taken.covers(tok.idx):
            after = sdoc[tok.i + 1] if tok.i + 1 < len(sdoc) else None
            if after is not None and after.pos_ == "PROPN" and after.is_title:
                continue  # the name goes on: "He Jianxiong" after "Liu He" is someone else
            extra.append(Mention(tok.idx, tok.idx + len(tok.text), tok.text, "PERSON", None, 1))
    return extra


# "the Red Dawn militia", "the Northern Liberation Front": capitalised names of armed or political groups
GROUP_NAME = re.compile(
    r"\b(?:[A-Z][\w'’-]+\s+){1,4}(?:militia|militias|Militia|Brigades?|brigades?|Front|Movement|movement|"
    r"Army|Party|Organization|Organisation|Network|network|Cartel|cartel|Council|Committee|Forces|Group)\b")


def _demonym_of_known(word: str, words: "TextWords") -> bool:
    """"Veltrian" when "Veltria" also occurs in the text."""
    for cut in range(1, 4):
        stem = word[:-cut]
        if len(stem) >= 4 and stem != word and words.has(stem, "[aeiy]?", [stem + v for v in ("", "a", "e", "i", "y")]):
            return True
    return False


class TextWords:
    """The words of a text, to ask "does this word occur?" in O(1) instead of a regex over the whole
    text for each name. A name with characters outside words (O'Neil, al-Assad) still gets the regex."""

    def __init__(self, text: str):
        self.text = text
        tokens = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"\w+", text)]
        self.words = {word for word, _, _ in tokens}
        self.after: dict[str, set[str]] = defaultdict(set)  # word -> words right after it, across whitespace
        for (a, _, a_end), (b, b_start, _) in zip(tokens, tokens[1:]):
            if text[a_end:b_start].isspace():
                self.after[a].add(b)
        self.of: set[tuple[str, str]] = set()  # (w1, w3) of "w1 of w3"
        for (a, _, a_end), (b, b_start, b_end), (c, c_start, _) in zip(tokens, tokens[1:], tokens[2:]):
            if b == "of" and text[a_end:b_start].isspace() and text[b_end:c_start].isspace():
                self.of.add((a, c))

    def has(self, stem: str, tail: str, forms: list[str]) -> bool:
        """Is ``stem`` followed by the regex ``tail`` a whole word of the text (``forms`` lists the words
        that would be)?"""
        if re.fullmatch(r"\w+", stem):
            return any(f in self.words for f in forms)
        return bool(re.search(rf"\b{re.escape(stem)}{tail}\b", self.text))


def in_caps_line(text: str, pos: int) -> bool:
    """Is the position in a line written in capitals (a section heading: "WHAT SAY YOU, IMPEACHMENT JURY?")?"""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start:end if end >= 0 else len(text)]
    letters = [c for c in line if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


# words the entity tagger runs into a name that a clause follows ("The Associated Press that Carlineo …")
TRAILING_WORDS = {"that", "which", "who", "whom", "whose"}


# news agencies named in brackets after a dateline, whatever the tagger took the dateline for
WIRE_SERVICES = {"AP", "AFP", "UPI", "PTI", "IANS", "ANI", "DPA", "CNN", "ANSA", "EFE", "KYODO", "APA", "BNS"}
ASKING_AUXILIARIES = {"will", "can", "may", "should", "would", "could", "does", "did", "is", "has"}


def _asking_auxiliary(tok, ent) -> bool:
    """Is the name's first word the auxiliary that opens a question ("Will Warren continue …?")? The
    question ends with "?" and a bare verb follows the name."""
    if tok.lower_ not in ASKING_AUXILIARIES or not tok.is_sent_start:
        return False
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return after is not None and after.tag_ == "VB" and tok.sent.text.rstrip().endswith("?")


def _trim_entity(ent, doc_text: str) -> tuple[int, int, str]:
    tokens = list(ent)
    while tokens and tokens[-1].is_space:
        tokens.pop()  # "Debate\n\n": a headline's line break is no part of a name
    while tokens and tokens[0].lower_ in ("the", "a", "an"):
        tokens.pop(0)
    if len(tokens) > 1 and _asking_auxiliary(tokens[0], ent):
        tokens.pop(0)  # "Will Warren continue to face the heat, or …?": the question's verb, not a first name
    while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].lower_ in TRAILING_WORDS):
        tokens.pop()
    if not tokens:
        return ent.start_char, ent.start_char, ""
    start = tokens[0].idx
    end = tokens[-1].idx + len(tokens[-1].text)
    return start, end, doc_text[start:end]  # Doc.text would rebuild the whole text each call


# words that make a name with a state's in it one of the state's organs ("the U.S. State Department"),
# where any other name is a body of its own ("China Daily", "the U.S. Chamber of Commerce")
ORGAN_WORDS = {"department", "ministry", "army", "navy", "air", "force", "forces", "embassy", "consulate",
               "government", "senate", "congress", "parliament", "police", "intelligence", "treasury", "military",
               "guard", "administration", "cabinet", "court", "agency", "command", "marines", "state", "office",
               "mission", "delegation", "authorities", "customs", "border", "service", "services", "bureau",
               "commission", "council"}


def _states_inside_names(found: list[Mention]) -> list[Mention]:
    """Without the alias-table states that are part of a longer organisation's name the tagger found
    ("China Daily accused Japan" is the newspaper's accusation), unless that name is one of the state's
    organs ("the U.S. State Department")."""
    names = SpanIndex([m for m in found if m.actor is None and m.label == "ORG"], lambda m: [(m.start, m.end)])
    persons = {m.text for m in found if m.label == "PERSON"}
    out = []
    for m in found:
        inside = m.actor is not None and m.label == "GPE" and next(
            (n for n in names.overlapping(m.start, m.end)
             if n.start <= m.start and m.end <= n.end and (n.start, n.end) != (m.start, m.end)), None)
        if inside:
            rest = (inside.text[:m.start - inside.start] + " " + inside.text[m.end - inside.start:]).strip()
            if not ORGAN_WORDS & set(rest.lower().split()) and rest not in persons:
                continue  # (not "the Ukraine Marie Yovanovitch", a person the tagger ran into the state)
        out.append(m)
    return out


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep alias-table matches first, then longer spans; drop anything overlapping a kept one."""
    from bisect import bisect_left, insort

    ranked = sorted(mentions, key=lambda m: (m.actor is None, -(m.end - m.start), m.start))
    kept: list[Mention] = []
    taken: list[tuple[int, int]] = []  # sorted, non-overlapping
    for m in ranked:
        if m.end <= m.start:
            continue
        k = bisect_left(taken, (m.start, m.start))
        clash = (k > 0 and taken[k - 1][1] > m.start) or (k < len(taken) and taken[k][0] < m.end)
        if clash:
            continue
        kept.append(m)
        insort(taken, (m.start, m.end))
    return sorted(kept, key=lambda m: m.start)


class _Union:
    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # keep alias-table roots as representatives
            if str(rb).startswith("A:") and not str(ra).startswith("A:"):
                ra, rb = rb, ra
            self.parent[rb] = ra


def _key(m: Mention) -> str:
    return f"A:{m.actor}" if m.actor else f"T:{_norm(m.country or m.text)}"  # "Venezuelan" joins "Venezuela"


def cluster(document: Document, mentions: list[Mention]) -> tuple[dict[str, list[Mention]], dict[str, list[str]]]:
    """Mentions grouped by the actor they name, and why each merged mention joined its group."""
    uf = _Union()
    reasons: dict[str, list[str]] = defaultdict(list)
    text = document.text
    for m in mentions:
        uf.find(_key(m))
    # acronym defined beside its name: "Long Name (ACR)" or "ACR (Long Name)"
    for a, b in zip(mentions, mentions[1:]):
        between = text[a.end:b.start]
        if re.fullmatch(r"\s*\(\s*", between) and text[b.end:b.end + 2].lstrip().startswith(")"):
            short, long_ = (b, a) if ACRONYM.match(b.text) else (a, b)
            if (long_.label == "GPE" or short.text in WIRE_SERVICES) and not fits_acronym(short.text, long_.text):
                continue  # "HAYWARD, Calif. (AP) —", "WASHINGTON (AP)": the wire service after a dateline
            if ACRONYM.match(short.text):
                uf.union(_key(long_), _key(short))
                reasons[_key(short)].append(f"acronym defined in the text: {a.text} ({b.text})")
    # surnames: a one-word mention that ends a longer person name
    persons = [m for m in mentions if m.label == "PERSON" and len(m.text.split()) >= 2 and not m.actor]
    surname_to: dict[str, set[str]] = defaultdict(set)
    for p in persons:
        surname_to[surname(p.text)].add(_key(p))
    for name, keys in surname_to.items():
        if len(keys) > 1:
            named = keys - _run_in_words(document, persons, keys)
            surname_to[name] = named or keys
    for m in mentions:
        if m.actor or len(m.text.split()) != 1:
            continue
        targets = surname_to.get(m.text, set())
        if len(targets) == 1:
            target = next(iter(targets))
            uf.union(target, _key(m))
            m.label = "PERSON"
            reasons[_key(m)].append(f"surname: {m.text} = {target[2:]}")
        elif len(targets) > 1 and m.label != "PERSON":
            # "Ford" beside John M. Ford and Mike Ford: a person named Ford, whichever it is, not the carmaker
            m.label = "PERSON"
            reasons[_key(m)].append(f"surname of {len(targets)} people named in the text")
    _first_names_alone(mentions, persons, uf, reasons)
    _family_names_first(document, mentions, surname_to, uf, reasons)
    _short_organisation_names(document, mentions, surname_to, uf, reasons)
    # an acronym with no definition that fits the initials of a named organisation
    org_keys: dict[str, set[str]] = defaultdict(set)  # each distinct name is tried once per acronym
    for m in mentions:
        if m.label == "ORG" and len(m.text.split()) >= 2:
            org_keys[_norm(m.text)].add(_key(m))
    for m in mentions:
        if not m.actor and ACRONYM.match(m.text) and uf.find(_key(m)) == _key(m):
            # a word of the name is no acronym of it ("KLOOK" in "KLOOK Visitors"): a short name, if anything
            fits = {key for name, keys in org_keys.items() if fits_acronym(m.text, name)
                    and m.text.lower() not in name.lower().split() for key in keys}
            if len(fits) == 1:
                uf.union(next(iter(fits)), _key(m))
                reasons[_key(m)].append(f"acronym fits the initials of {next(iter(fits))[2:]}")
    places = {_norm(m.text): _key(m) for m in mentions if m.label in ("GPE", "PERSON", "ORG") and len(m.text) >= 4
              and " " not in m.text and not m.text.isupper()}
    by_stem: dict[str, list[tuple[int, str]]] = defaultdict(list)  # stem -> (rank, place), for prefix lookups
    for rank, place in enumerate(places):
        by_stem[place.rstrip(STEM_VOWELS)].append((rank, place))
    for m in mentions:
        if m.label == "NORP" and not m.actor:
            fitting = [(rank, place) for k in range(len(m.text) + 1) for rank, place in by_stem.get(m.text[:k], ())
                       if m.text != place and len(m.text) - len(place) <= 3]
            if fitting:
                place = min(fitting)[1]  # the first place in text order, as a scan would find
                uf.union(places[place], _key(m))
                reasons[_key(m)].append(f"demonym: {m.text} = {place}")
    clusters: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        clusters[uf.find(_key(m))].append(m)
    return clusters, reasons


def _first_names_alone(mentions: list[Mention], persons: list[Mention], uf, reasons) -> None:
    """A known first name alone ("Everyone called him Mike", "“The town misses Anna,” Berg said") is the
    one person the text names in full with it, when there is exactly one."""
    given = first_names()
    owners: dict[str, set[str]] = defaultdict(set)
    for p in persons:
        owners[p.text.split()[0]].add(_key(p))
    for m in mentions:
        if m.label != "PERSON" or m.actor or " " in m.text or m.text not in given:
            continue
        keys = owners.get(m.text, set())
        if len(keys) == 1 and uf.find(_key(m)) == _key(m):
            target = next(iter(keys))
            uf.union(target, _key(m))
            reasons[_key(m)].append(f"first name: {m.text} = {target[2:]}")


def _run_in_words(document: Document, persons: list[Mention], keys: set[str]) -> set[str]:
    """The full names among ``keys`` that are only a sentence's capitalised first word run into a
    surname ("Hosting Cook at Dreamforce …"): every mention opens a sentence and the first word is no
    known given name. They do not make the surname ambiguous ("Cook" stays Tim Cook)."""
    given = first_names()
    sdoc = document.spacy_doc
    out = set()
    for key in keys:
        ms = [m for m in persons if _key(m) == key]
        word = ms[0].text.split()[0]
        if word in given or re.fullmatch(r"[A-Z]\.?", word):
            continue
        spans = [sdoc.char_span(m.start, m.end, alignment_mode="expand") for m in ms]
        if all(sp is not None and sp[0].is_sent_start for sp in spans):
            out.add(key)
    return out


def _family_names_first(document: Document, mentions: list[Mention], surname_to: dict, uf, reasons) -> None:
    """"Xi" after "Xi Jinping", "Moon" after "Moon Jae-in": names whose family name comes first. A
    one-word mention that starts a single full person name named before it, and that is no known first
    name (those stay as they are: "Carrie" may be someone else), is that person, when it is used as
    a person is: not after "the", not a plural, not a label of another noun ("the Browns' defense",
    "the Mustang performance car brand")."""
    sdoc, text = document.spacy_doc, document.text
    given = first_names()
    first_seen: dict[str, tuple[int, set[str]]] = {}
    for m in mentions:
        if m.label == "PERSON" and m.tokens >= 2 and not m.actor:
            word = m.text.split()[0]
            start, keys = first_seen.get(word, (m.start, set()))
            first_seen[word] = (min(start, m.start), keys | {_key(m)})
    for m in mentions:
        if (m.actor or " " in m.text or m.label == "ORG" or m.text in surname_to or m.text in given
                or uf.find(_key(m)) != _key(m)):
            continue  # ("Disney" after "Disney Plus", taken for a person: an organisation is no family name)
        start, keys = first_seen.get(m.text, (None, set()))
        if len(keys) != 1 or start >= m.start or text[max(0, m.start - 4):m.start].lower() == "the ":
            continue
        tok = sdoc.char_span(m.start, m.end, alignment_mode="expand")
        if tok is not None and tok.root.tag_ not in ("NNPS", "NNS") and tok.root.dep_ not in ("compound", "amod"):
            target = next(iter(keys))
            uf.union(target, _key(m))
            m.label = "PERSON"
            reasons[_key(m)].append(f"family name first: {m.text} = {target[2:]}")


def _short_organisation_names(document: Document, mentions: list[Mention], surname_to: dict, uf, reasons) -> None:
    """"The Chronicle" after "The San Francisco Chronicle": a one-word name after "the" is an
    organisation (no person is "the Berg"), one with the longer organisation name it ends, if a single
    one does. A name that qualifies a noun ("the Trump campaign") and a family of a person named in
    the text ("the Clintons") stay as they are."""
    text, sdoc = document.text, document.spacy_doc
    ends: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.label == "ORG" and len(m.text.split()) >= 2:
            ends[m.text.split()[-1]].add(_key(m))
    for m in mentions:
        if m.actor or " " in m.text or text[max(0, m.start - 4):m.start].lower() != "the " \
                or m.text.rstrip("s") in surname_to:
            continue
        span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or span.root.dep_ in ("compound", "amod", "poss"):
            continue
        if m.label == "PERSON":
            m.label = "ORG"
            reasons[_key(m)].append(f"the {m.text}: an organisation, not a person")
        targets = ends.get(m.text, set())
        if m.label == "ORG" and len(targets) == 1 and uf.find(_key(m)) == _key(m):
            target = next(iter(targets))
            uf.union(target, _key(m))
            reasons[_key(m)].append(f"short name: the {m.text} = {target[2:]}")


def build_entities(document: Document, clusters: dict[str, list[Mention]],
                   reasons: dict[str, list[str]], words: "TextWords | None" = None) -> list[Entity]:
    words = words or TextWords(document.text)
    entities: list[Entity] = []
    used_ids: set[str] = set()
    table = actors_by_id()
    for root, members in clusters.items():
        actor = table.get(root[2:]) if root.startswith("A:") else None
        forms = [m.text for m in members]
        if actor:
            name, label, eid = actor["name"], actor["label"], actor["id"]
        else:
            label = _vote_label(members)
            if label == "PERSON" and all(m.tokens == 1 for m in members) and _is_place(words, members[0].text):
                label = "GPE"
            if any(m.country for m in members) and label == "NORP":
                label = "GPE"  # "Venezuelan diplomats": the country acts through them
            named = [m.country or m.text for m in members if m.label != "NORP" or m.country] or forms
            name = _canonical_name(named, label)
            eid = _slug(name)
        while eid in used_ids:
            eid += "-2"
        used_ids.add(eid)
        why = []
        for m in members:
            why.extend(reasons.get(_key(m), []))
        why.extend(f"demonym: {m.text} = {m.country} (countryinfo's table)" for m in members if m.country)
        if actor:
            table_forms = sorted({f for f in forms if f != actor["name"]})
            if table_forms:
                why.append("alias table: " + ", ".join(table_forms) + f" = {actor['name']}")
        entities.append(Entity(
            id=eid, name=name, label=label,
            aliases=sorted(set(forms), key=lambda f: (-forms.count(f), f)),
            mentions=[Span(m.start, m.end, document.text[m.start:m.end]) for m in members],
            part_of=actor.get("part_of") if actor else None,
            merged_by=sorted(set(why)),
        ))
    entities.sort(key=lambda e: (-len(e.mentions), e.mentions[0].start))
    return entities


def _is_place(words: TextWords, name: str) -> bool:
    """A one-word "person" that has a demonym ("Veltria" / "Veltrian") or a government is a place."""
    text = words.text
    stem = name.rstrip("aeiy")
    suffixes = [a + b for a in ("an", "ian", "ese", "i", "ish") for b in ("", "s")]
    if not re.fullmatch(r"\w+", name):
        stem = re.escape(stem)
        if re.search(rf"\b{stem}(?:an|ian|ese|i|ish)s?\b", text) and not re.search(rf"\b{re.escape(name)}\s+(?:said|told)\b", text):
            return True
        return bool(re.search(rf"\b(?:government|president|people|capital|army|parliament)\s+of\s+{re.escape(name)}\b", text))
    if any(stem + suffix in words.words for suffix in suffixes) and not words.after[name] & {"said", "told"}:
        return True
    return any((w, name) in words.of for w in ("government", "president", "people", "capital", "army", "parliament"))


def _vote_label(members: list[Mention]) -> str:
    if any(m.label == "PERSON" and m.tokens >= 2 for m in members):
        return "PERSON"
    counts = Counter(m.label for m in members)
    return max(counts, key=lambda lab: (counts[lab], lab == "PERSON"))


def _canonical_name(forms: list[str], label: str) -> str:
    names = [_norm(f) for f in forms]
    spelled = [n for n in names if not ACRONYM.match(n)] or names
    best = max(spelled, key=lambda n: (len(n.split()), len(n)))
    acronyms = sorted({n for n in names if ACRONYM.match(n)})
    if label == "ORG" and acronyms and best not in acronyms:
        return f"{best} ({acronyms[0]})"
    return best


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "entity"


@analyzer("entities", assigns=("entities",), description="canonical actors with aliases merged")
def entities(document: Document, config: dict) -> None:
    words = TextWords(document.text)
    mentions = collect_mentions(document, config["nlp"], words)
    document.entities = build_entities(document, *cluster(document, mentions), words)
