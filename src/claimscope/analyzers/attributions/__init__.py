"""Who said what: direct quotes, reported speech and "according to".

The rules (``rules``, ``quotes``) and the learned tagger (``learned``, with the model in
``..attribution_tagger``) each read the parsed text into raw attributions; they are combined, and
their sources resolved to speakers (``speakers``).
"""
from __future__ import annotations

import re

from ...document import Attribution, Document, Span
from ...errors import ClaimscopeError
from ...pipeline.registry import analyzer
from ..entities import in_caps_line
from ..headlines import containing, inner_headlines
from .learned import COMBINATIONS, COMBINE, _tag, combine, learned_raws, rules_threshold
from .quotes import find_quotes
from .rules import Raw, THRESHOLD, cue_lexicon, extract_raw, lexicon_key
from .speakers import person_genders, resolve

# read by the evaluation, the training scripts and the relations analyzer
__all__ = ["COMBINATIONS", "Raw", "THRESHOLD", "combine", "cue_lexicon", "cue_negated", "extract_raw", "find_quotes",
           "learned_raws", "lexicon_key", "person_genders", "resolve", "rules_threshold"]

NEGATIONS = {"not", "n't", "never", "no", "cannot"}


def cue_negated(att: Attribution, sdoc=None) -> bool:
    """Is the attribution's cue negated ("did not say", "never mentioned", "cannot explain")? Then
    its source does not state its content. With the parse, a negation outside the cue's span counts
    too (the tagger's cue may be "mentioned" alone)."""
    if att.cue is None:
        return False
    if any(w in NEGATIONS for w in re.findall(r"n't|[a-z]+", att.cue.text.lower())):
        return True
    span = sdoc.char_span(att.cue.start, att.cue.end, alignment_mode="expand") if sdoc is not None else None
    return span is not None and any(c.dep_ == "neg" or c.lower_ == "never" for c in span.root.children)


@analyzer("attributions", requires=("entities",), assigns=("attributions",), prefetch=_tag,
          description="who said what: quotes, reported speech, according to")
def attributions(document: Document, config: dict) -> None:
    how = config.get("combine", COMBINE)
    if how not in COMBINATIONS:
        raise ClaimscopeError("E056", name="attributions", key="combine", value=how, choices=", ".join(COMBINATIONS))
    spans = config["prefetched"] if "prefetched" in config else _tag(document.text, config)
    default = rules_threshold(how if spans is not None else "rules")
    raws = extract_raw(document.spacy_doc, config.get("threshold", default))
    if spans is None:  # the rules alone, or no tagger file
        raws = combine(raws, [], "rules", document.spacy_doc)
    else:
        raws = combine(raws, learned_raws(document.spacy_doc, spans), how, document.spacy_doc)
    sdoc = document.spacy_doc
    headlines = inner_headlines(document)  # other stories' headlines: not this article's statements
    found = resolve(document, [r for r in raws if not _discourse_marker(document.text, r) and not _imperative(sdoc, r)
                               and not _scrap_source(sdoc, r) and not _writers_hedge(sdoc, r)
                               and containing(r.cue[0], headlines) is None
                               and not in_caps_line(document.text, r.cue[0])])  # a section heading in capitals
    checked = _claims_under_review(document.text, found)
    if checked:  # in text order among the others
        found = sorted(found + checked, key=lambda a: a.content[0].start)
        for i, att in enumerate(found, start=1):
            att.id = f"A{i}"
    document.attributions = found


# a fact-check's label for the claim it checks: "Claim" on a line of its own, or "Claim:" before it
REVIEW_LABEL = re.compile(r"(?m)^[ \t]*(?:(?:The )?[Cc]laim|What was claimed|CLAIM)(?:[ \t]*[:–—-][ \t]*|[ \t]*\n+[ \t]*)"
                          r"(?=\S)([^\n]{12,})")


def _claims_under_review(text: str, found: list[Attribution]) -> list[Attribution]:
    """The claim a fact-check page checks ("Claim\nFormer ambassador X has a net worth of $17 million."):
    reported for review, not stated by the page; nobody's unless a speaker was already found for it."""
    out = []
    for m in REVIEW_LABEL.finditer(text):
        start, end = m.start(1), m.start(1) + len(m.group(1).rstrip())
        if any(c.start < end and start < c.end for a in found for c in a.content):
            continue
        label = text[m.start():m.start(1)].strip(" \t\n:–—-")
        label_start = m.start() + text[m.start():m.start(1)].index(label)
        out.append(Attribution(
            id="", kind="other", cue=Span.of(text, label_start, label_start + len(label)),
            content=[Span.of(text, start, end)], speaker_name="the claim under review",
            resolved_by=f"a fact-check's {label!r} label: the claim the page checks, not one it makes"))
    return out


def _imperative(sdoc, raw) -> bool:
    """Is the cue a bare verb that opens its sentence with no subject ("Seek help", "Tell your boss
    that …")? An instruction to the reader, which no one states."""
    cue = sdoc.char_span(*raw.cue, alignment_mode="expand")
    if cue is None or raw.source is not None:
        return False
    verb = cue.root
    return (verb.tag_ == "VB" and verb.i == verb.sent.start and verb.dep_ == "ROOT"
            and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children))


# "That said, …", "Having said that, …": a turn in the writer's argument, not a statement; nor is the
# "You see, …" or "I mean, …" of a writer talking to the reader
DISCOURSE_MARKER = re.compile(r"(?:that|this|that being|having) said(?: that)?,|(?:needless|suffice it) to say,"
                              r"|you (?:see|know),|i mean,", re.I)


def _writers_hedge(sdoc, raw) -> bool:
    """Is the cue the writer's own "it's safe to assume", "it is fair to say": an "it" of no one, an
    adjective and the verb, which attributes the content to nobody but the article?"""
    span = sdoc.char_span(raw.cue[0], raw.cue[1], alignment_mode="expand")
    if span is None:
        return False
    verb = span.root
    head = verb.head
    return (verb.dep_ == "xcomp" and (head.lemma_ == "be" or head.lower_ in ("’s", "'s"))
            and any(c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in head.children)
            and any(c.dep_ == "acomp" and c.pos_ == "ADJ" for c in head.children))


def _scrap_source(sdoc, raw) -> bool:
    """Is the source a scrap of a phrase rather than someone who speaks: the "'s" of "Let's see if", or a
    word that only qualifies a noun ("all" of "all this purported effort contradicts his claim")?"""
    if raw.source is None:
        return False
    span = sdoc.char_span(*raw.source, alignment_mode="expand")
    if span is None or len(span) != 1:
        return False
    tok = span[0]
    return tok.tag_ == "POS" or tok.lower_ in ("’s", "'s") or tok.dep_ in ("predet", "det")


def _discourse_marker(text: str, raw) -> bool:
    """Is the cue the "said" of "That said," or "Needless to say," (or the "see" of "You see,")
    opening a sentence?"""
    cue_start, cue_end = raw.cue
    before = text[max(0, cue_start - 25):cue_start]
    opening = re.split(r"[.!?\n]\s*", before)[-1].lstrip("\"“ ")
    return bool(DISCOURSE_MARKER.match(opening + text[cue_start:cue_end + 6]))
