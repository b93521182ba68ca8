"""Persuasion techniques at span level (the 14 PTC classes), from the ONNX model."""
from __future__ import annotations

from ..document import Document, Technique
from ..registry import analyzer
from ..techniques_info import TECHNIQUE_EXPLANATIONS

DEFAULT_MIN_CONFIDENCE = 0.0


@analyzer("techniques", description="persuasion techniques (PTC, 14 classes) with confidence")
def techniques(document: Document, config: dict) -> None:
    from ..techniques_model import load

    model = load()
    minimum = config.get("min_confidence")
    minimum = DEFAULT_MIN_CONFIDENCE if minimum is None else minimum
    found = [f for f in model.analyze(document.text) if f.confidence >= minimum]
    document.techniques = [
        Technique(id=f"T{i}", technique=f.technique, start=f.start, end=f.end,
                  text=document.text[f.start:f.end], confidence=round(f.confidence, 3),
                  explanation=TECHNIQUE_EXPLANATIONS.get(f.technique, ""))
        for i, f in enumerate(found, start=1)
    ]
