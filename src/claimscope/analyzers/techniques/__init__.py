"""Persuasion techniques at span level (the 14 PTC classes): the ONNX model; a phrase pattern for
appeals to popularity, which PTC's Bandwagon class hardly covers; and quotes of titled authorities
offered to the model as candidate spans for the appeal to authority, which its span finder misses.

By default the dossier shows a span only when its confidence says it is right most of the time (the
calibration's ``show_at``, fitted on articles the model never saw), and only in news about public
affairs (``held_back``); ``min_confidence`` sets the bar and shows spans in any text."""
from __future__ import annotations

import numpy as np

from ...document import Document, Technique
from ...pipeline.registry import analyzer
from ...schema.techniques import TECHNIQUE_EXPLANATIONS


def _run_model(text: str, config: dict, threads: int = 1):
    from .model import load

    # as a prefetch, one ONNX thread: spaCy parses on the other core meanwhile
    return load(threads=threads).analyze(text, threshold=config.get("threshold"))


def _authority_appeals(document: Document, threads: int) -> list[tuple]:
    """Quotes of titled authorities that the technique head names Appeal_to_Authority."""
    from .candidates import APPEAL_TO_AUTHORITY, SPAN_RATE, authority_quotes
    from .model import load

    quotes = authority_quotes(document)
    if not quotes:
        return []
    model = load(threads=threads)
    found = []
    # the shipped encoder's head alone: SPAN_RATE, the share of candidates it names that PTC marks, was
    # measured with it out of fold (authority_candidates.py); the second reader is not measured on them
    spans = [(q.start, q.end) for q in quotes]
    for q, probs in zip(quotes, model.classify_spans(document.text, spans, second_reader=False)):
        best, second = (int(i) for i in np.argsort(-probs)[:2])
        if model.labels[best] != APPEAL_TO_AUTHORITY:
            continue
        evidence = (f"quoted authority: {q.source!r} (title {q.title!r}), span rate {SPAN_RATE:.2f}; "
                    f"{APPEAL_TO_AUTHORITY} {probs[best]:.2f}, next {model.labels[second]} {probs[second]:.2f}")
        found.append((q.start, q.end, APPEAL_TO_AUTHORITY, float(probs[best]) * SPAN_RATE, "attribution",
                      evidence))
    return found


# check-worthy claims per sentence below which a text of some length is no news about public affairs
# (a review, a lifestyle or marketing page): the technique model, trained on such news, is not shown
# there. No PTC-extra article of that length falls below it; on the real pages it held back 7 spans,
# all judged wrong. A snippet of a few sentences is judged on its own: someone chose to check it.
PUBLIC_AFFAIRS_SHARE = 0.05
PUBLIC_AFFAIRS_MIN_SENTENCES = 10


def held_back(document: Document) -> str | None:
    """Why the dossier shows no technique in this text by default, or None."""
    sentences = sum(1 for _ in document.spacy_doc.sents)
    claims = len(document.claims)
    if sentences < PUBLIC_AFFAIRS_MIN_SENTENCES or claims / sentences >= PUBLIC_AFFAIRS_SHARE:
        return None
    return (f"This text states few check-worthy claims ({claims} in {sentences} sentences): it reads as no "
            f"news about public affairs, on which the technique model was trained, so no technique is shown "
            f"by default.")


def shown_from() -> float:
    """The calibrated confidence from which the dossier shows a span (0 for an uncalibrated model)."""
    from .model import load

    calibration = load().calibration
    return float(calibration["show_at"]) if calibration else 0.0


@analyzer("techniques", requires=("entities", "attributions", "claims"), assigns=("techniques",), prefetch=_run_model,
          description="persuasion techniques (PTC, 14 classes) with confidence")
def techniques(document: Document, config: dict) -> None:
    from .patterns import PATTERN_CONFIDENCE, appeals_to_popularity

    minimum = config.get("min_confidence")
    why_not = held_back(document) if minimum is None else None
    if minimum is None:
        minimum = shown_from()
    model_found = config.get("prefetched")
    # the session the prefetch used (one thread, beside the next parse), else one with every core
    threads = 0 if model_found is None else 1
    if model_found is None:
        model_found = _run_model(document.text, config, threads=threads)
    found = [(f.start, f.end, f.technique, f.confidence, "model", f.evidence) for f in model_found]
    if config.get("patterns", True):
        found += [(m.start, m.end, m.technique, PATTERN_CONFIDENCE, "pattern", m.evidence)
                  for m in appeals_to_popularity(document.text)]
        found += _authority_appeals(document, threads)
    found = sorted(f for f in found if f[3] >= minimum)
    if why_not is not None:
        document.metadata["techniques_held_back"] = (
            f"{why_not} {len(found)} span(s) would have been shown; analyze --min-confidence {minimum:.2f} shows "
            f"them, 0 lists every lead.")
        found = []
    document.techniques = [
        Technique(id=f"T{i}", technique=tech, start=s, end=e, text=document.text[s:e],
                  confidence=round(conf, 3), explanation=TECHNIQUE_EXPLANATIONS.get(tech, ""),
                  method=method, evidence=evidence)
        for i, (s, e, tech, conf, method, evidence) in enumerate(found, start=1)
    ]
