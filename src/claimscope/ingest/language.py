"""The language of a document, detected with py3langid (the detector trafilatura uses).

claimscope's models and lexicons are English: a Korean page analysed as English gives hundreds of
meaningless relations. So the language is detected at ingestion and kept in the metadata, and the
pipeline refuses a document that is confidently not English (``--lang en`` forces the analysis).
Short texts say too little to be sure: they are analysed, with the detection and its confidence
in the metadata.
"""
from __future__ import annotations

from ..once import loaded_once

SAMPLE = 5000  # characters read: a page's language shows in its first screens
MIN_CHARS = 100  # below this a detection is too unsure to refuse a document on
MIN_CONFIDENCE = 0.75  # the detector's probability needed to call a document not English


@loaded_once
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the text's language."""
    lang, prob = _identifier().classify(text[:SAMPLE])
    return str(lang), round(float(prob), 3)


def describe(text: str) -> dict:
    lang, prob = detect(text)
    return {"language": lang, "language_confidence": prob}


def confidently_not(text: str, metadata: dict, languages: tuple[str, ...]) -> bool:
    """Is the document, by its detected language, confidently in none of ``languages``?"""
    if len(text.strip()) < MIN_CHARS:
        return False
    return (metadata.get("language") not in languages
            and float(metadata.get("language_confidence", 0)) >= MIN_CONFIDENCE)
