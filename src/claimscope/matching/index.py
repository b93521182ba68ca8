"""Claim matching: lexical (BM25) and vector (MiniLM cosine) search, fused.

Each side alone misses what the other finds: BM25 holds on to rare names and numbers, the
encoder to paraphrase. Scores are fused after scaling each side to [0, 1] within the query's
candidates (the top ``depth`` of either side); the weight of the vector side was chosen on
the CheckThat! training queries (``training/claim_matching/choose_fusion.py``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

VECTOR_WEIGHT = 0.5  # chosen on train queries; see training/claim_matching/choose_fusion.py
DEPTH = 100  # candidates taken from each side before fusing

_URL = re.compile(r"(?:https?://|pic\.twitter\.com/|www\.)\S+")
_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """Text as matched: links dropped (they carry no claim), whitespace folded."""
    return _SPACE.sub(" ", _URL.sub(" ", text or "")).strip()


@dataclass
class Match:
    id: str
    score: float
    lexical: float  # BM25 score scaled to [0, 1] among the query's candidates
    vector: float  # cosine similarity


class ClaimIndex:
    """Claims (id, text) indexed for hybrid search."""

    def __init__(self, ids: list[str], texts: list[str], vectors: np.ndarray | None = None,
                 vector_weight: float = VECTOR_WEIGHT):
        import bm25s

        from .encoder import encoder
        if len(ids) != len(texts):
            raise ValueError("ids and texts differ in length")
        self.ids, self.texts = list(ids), [clean(t) for t in texts]
        self.vector_weight = vector_weight
        self.vectors = vectors if vectors is not None else encoder().encode(self.texts)
        self.bm25 = bm25s.BM25()
        self.bm25.index(bm25s.tokenize(self.texts, stopwords="en", show_progress=False), show_progress=False)

    def search(self, queries: list[str], k: int = 10) -> list[list[Match]]:
        from .encoder import encoder
        import bm25s

        if not self.ids:
            return [[] for _ in queries]
        cleaned = [clean(q) for q in queries]
        qvec = encoder().encode(cleaned)
        cos = qvec @ self.vectors.T
        depth = min(DEPTH, len(self.ids))
        tokens = bm25s.tokenize(cleaned, stopwords="en", show_progress=False)
        lex_idx, lex_score = self.bm25.retrieve(tokens, k=depth, show_progress=False, n_threads=1)
        out = []
        for row in range(len(queries)):
            out.append(self._fuse(cos[row], lex_idx[row], lex_score[row], depth, k))
        return out

    def _fuse(self, cos: np.ndarray, lex_idx, lex_score, depth: int, k: int) -> list[Match]:
        vec_idx = np.argpartition(-cos, depth - 1)[:depth]
        top = float(lex_score.max()) if len(lex_score) else 0.0
        lexical = {int(i): (float(s) / top if top > 0 else 0.0) for i, s in zip(lex_idx, lex_score)}
        candidates = set(lexical) | {int(i) for i in vec_idx}
        lo = float(cos[vec_idx].min())
        hi = float(cos[vec_idx].max())
        span = hi - lo if hi > lo else 1.0
        scored = []
        for i in candidates:
            vec = (float(cos[i]) - lo) / span
            score = self.vector_weight * max(vec, 0.0) + (1 - self.vector_weight) * lexical.get(i, 0.0)
            scored.append(Match(self.ids[i], score, lexical.get(i, 0.0), float(cos[i])))
        scored.sort(key=lambda m: -m.score)
        return scored[:k]
