"""Persuasion techniques at span level (the 14 PTC classes): the ONNX model, plus a phrase
pattern for appeals to popularity, which PTC's Bandwagon class hardly covers."""
from __future__ import annotations

from ..document import Document, Technique
from ..registry import analyzer
from ..techniques_info import TECHNIQUE_EXPLANATIONS

DEFAULT_MIN_CONFIDENCE = 0.0


def _run_model(text: str, config: dict, threads: int = 1):
    from ..techniques_model import load

    # as a prefetch, one ONNX thread: spaCy parses on the other core meanwhile
    return load(threads=threads).analyze(text)


@analyzer("techniques", description="persuasion techniques (PTC, 14 classes) with confidence", prefetch=_run_model)
def techniques(document: Document, config: dict) -> None:
    from ..technique_patterns import PATTERN_CONFIDENCE, appeals_to_popularity

    minimum = config.get("min_confidence")
    minimum = DEFAULT_MIN_CONFIDENCE if minimum is None else minimum
    model_found = config.get("prefetched")
    if model_found is None:
        model_found = _run_model(document.text, config, threads=0)  # alone: every core
    found = [(f.start, f.end, f.technique, f.confidence, "model", f.evidence) for f in model_found]
    if config.get("patterns", True):
        found += [(m.start, m.end, m.technique, PATTERN_CONFIDENCE, "pattern", m.evidence)
                  for m in appeals_to_popularity(document.text)]
    found = sorted(f for f in found if f[3] >= minimum)
    document.techniques = [
        Technique(id=f"T{i}", technique=tech, start=s, end=e, text=document.text[s:e],
                  confidence=round(conf, 3), explanation=TECHNIQUE_EXPLANATIONS.get(tech, ""),
                  method=method, evidence=evidence)
        for i, (s, e, tech, conf, method, evidence) in enumerate(found, start=1)
    ]
