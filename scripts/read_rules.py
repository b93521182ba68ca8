"""List what a rule finds on real pages, with context, for a person to read and judge:

    .venv/bin/python scripts/read_rules.py speakers ../shared/data/news-html
    .venv/bin/python scripts/read_rules.py who ../shared/data/news-html
    .venv/bin/python scripts/read_rules.py vague ../shared/data/news-html
    .venv/bin/python scripts/read_rules.py sourcing ../shared/data/news-html
    .venv/bin/python scripts/read_rules.py relations ../shared/data/news-html [--ungated]
    .venv/bin/python scripts/read_rules.py denials ../shared/data/news-html
    .venv/bin/python scripts/read_rules.py headlines ../shared/data/news-html
    .venv/bin/python scripts/read_rules.py colons ../shared/data/news-html
    .venv/bin/python scripts/read_rules.py unsaid ../shared/data/news-html
    .venv/bin/python scripts/read_rules.py things ../shared/data/news-html

``speakers``: the attributions whose source ("the ministry", "the company", "they") the body and
group rules resolved. ``who``: the sources "who" that went to the name the clause follows. ``vague``: the vague-source flags raised by the subject rule (unnamed people as
the subject of a verb of saying). ``sourcing``: every vague-source flag, with its explanation. ``relations``: the relations the dossier shows (``--ungated``: those
it would show without the event-word gate). ``denials``: the statements read as denials because the speaker says that they did not do
something ("it had not supplied weapons"), not by a verb of denying. ``headlines``: the lines of the
body read as other stories' headlines, list items or headings, from which nothing is read. ``colons``:
the lines "Label: text" read as the label's speech ("Anthony Lynn: “We needed to win”"). ``unsaid``: the
readings that the rules for verbs that let someone act ("not allowing | an artist to perform") and for
"write" with a thing for its object ("wrote | hundreds of songs") take away: each page is read with those
two rules switched off and then as shipped. ``things``: the same for the rule that a thing is no speaker
through a verb PolNeAR rarely reads as saying ("Dangling ropes | require | a pull"). Each with 160 characters of context, then the count.
"""
import sys
from contextlib import contextmanager
from pathlib import Path

from claimscope.analyzers.claims import mention_index
from claimscope.analyzers.sourcing import _subject_sources
from claimscope.errors import ClaimscopeError
from claimscope.evaluation.extraction import read_html, read_pages
from claimscope.ingest import from_html, html_bytes_to_str
from claimscope.pipeline import Pipeline

SPEAKER_RULES = ("named just before", "organisation just before", "the last", "body quoted just before",
                 "group quoted just before", "group named just before")


def resolved_speakers(doc):
    for att in doc.attributions:
        how = att.resolved_by or ""
        if att.source is not None and "person" not in how and any(rule in how for rule in SPEAKER_RULES):
            yield att.source.start, att.source.end, f"{att.source.text!r} -> {att.speaker_name!r} ({how})"


def relative_speakers(doc):
    for att in doc.attributions:
        if att.resolved_by and "whom it follows" in att.resolved_by:
            yield att.source.start, att.cue.end, f"{att.source.text!r} -> {att.speaker_name!r}"


def vague_subjects(doc):
    spans = {(s, e) for s, e, _kind in _subject_sources(doc, mention_index(doc))}
    for sig in doc.signals:
        if sig.type == "vague_source" and (sig.start, sig.end) in spans:
            yield sig.start, sig.end, repr(sig.text)


def sourcing_flags(doc):
    for sig in doc.signals:
        if sig.type == "vague_source":
            yield sig.start, sig.end, sig.explanation


def own_deed_denials(doc):
    """Denials whose cue is no verb of denying: the speakers module reads the cue's lemma the same way."""
    from claimscope.analyzers.attributions.speakers import DENIAL_LEMMAS

    for att in doc.attributions:
        cue = doc.spacy_doc.char_span(att.cue.start, att.cue.end, alignment_mode="expand")
        if att.is_denial and cue is not None and cue.root.lemma_.lower() not in DENIAL_LEMMAS:
            yield att.content[0].start, att.content[0].end, f"{att.speaker_name!r}: {att.content[0].text!r}"


def relations(doc):
    for r in doc.relations:
        yield r.evidence.start, r.evidence.end, (f"{r.source_name} {r.type}/{r.polarity} {r.target_name} "
                                                 f"({r.confidence:.2f}; {r.why})")


def colon_speech(doc):
    for att in doc.attributions:
        if att.cue is not None and att.cue.text == ":":
            yield att.source.start if att.source else att.cue.start, att.content[0].end, (
                f"{att.speaker_name!r}: {att.content[0].text[:80]!r}")


def inner_headlines(doc):
    from claimscope.analyzers.headlines import inner_headlines as find

    for start, end in find(doc):
        yield start, end, repr(doc.text[start:end])


@contextmanager
def without_unsaid_rules():
    """The attribution rules that take readings away as no statement, switched off for a while."""
    from claimscope.analyzers.attributions import learned

    rule, doing = learned._someone_else_to_act, learned.DOING_TOO
    learned._someone_else_to_act, learned.DOING_TOO = (lambda sdoc, raw: False), doing - {"write"}
    try:
        yield
    finally:
        learned._someone_else_to_act, learned.DOING_TOO = rule, doing


@contextmanager
def without_thing_rule():
    """The rule that a thing is no speaker through a verb PolNeAR rarely reads as saying, switched off."""
    from claimscope.analyzers.attributions import learned

    rule = learned._a_thing_as_speaker
    learned._a_thing_as_speaker = lambda sdoc, raw: False
    try:
        yield
    finally:
        learned._a_thing_as_speaker = rule


def unsaid(pipeline, page_id: str, html: str, switched_off=without_unsaid_rules):
    """The attributions read with the rules off that the shipped analyzer does not read."""
    with switched_off():
        before = pipeline(from_html(html, doc_id=page_id))
    after = pipeline(from_html(html, doc_id=page_id))
    kept = {(a.cue.start if a.cue else None, a.content[0].start) for a in after.attributions}
    for att in before.attributions:
        if (att.cue.start if att.cue else None, att.content[0].start) not in kept:
            yield after, att.content[0].start, att.content[0].end, (
                f"{att.speaker_name!r} | {att.cue.text if att.cue else None} | {att.content[0].text[:80]!r}")


def main(rule: str, folder: Path, config: dict) -> None:
    finder, analyzers = {"speakers": (resolved_speakers, ["entities", "attributions"]),
                         "who": (relative_speakers, ["entities", "attributions"]),
                         "vague": (vague_subjects, ["entities", "attributions", "sourcing"]),
                         "sourcing": (sourcing_flags, ["entities", "attributions", "sourcing"]),
                         "denials": (own_deed_denials, ["entities", "attributions"]),
                         "headlines": (inner_headlines, ["entities"]),
                         "colons": (colon_speech, ["entities", "attributions"]),
                         "unsaid": (None, ["entities", "attributions"]),
                         "things": (None, ["entities", "attributions"]),
                         "relations": (relations, None)}[rule]  # relations: the whole pipeline, as the dossier
    count = 0
    with Pipeline(analyzers, config=config) as pipeline:
        for page_id, path, _truth in read_pages(folder):
            html = html_bytes_to_str(read_html(path))
            try:
                if rule in ("unsaid", "things"):
                    off = without_unsaid_rules if rule == "unsaid" else without_thing_rule
                    found = list(unsaid(pipeline, page_id, html, off))
                else:
                    doc = pipeline(from_html(html, doc_id=page_id))
                    found = [(doc, *f) for f in finder(doc)]
            except ClaimscopeError:
                continue  # not English, no main text: the analysis refuses it, so does this list
            for doc, start, end, shown in found:
                count += 1
                context = doc.text[max(0, start - 160):end + 60].replace("\n", " ")
                print(f"[{page_id[:8]}] {shown}\n    …{context}…")
    print(f"{count} found by the {rule} rule")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--ungated"]
    if len(args) != 2 or args[0] not in ("speakers", "who", "vague", "sourcing", "relations", "denials", "headlines", "colons",
                                        "unsaid", "things"):
        sys.exit(__doc__)
    main(args[0], Path(args[1]), {"relations": {"triggers": "--ungated" not in sys.argv}})
