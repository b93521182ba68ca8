"""Claim matching: lexical (BM25) and vector (MiniLM cosine) search, fused.

Each side alone misses what the other finds: BM25 holds on to rare names and numbers, the
encoder to paraphrase. Scores are fused after scaling each side to [0, 1] within the query's
candidates (the top ``depth`` of either side). The vector side is the mean cosine over the claim's
fields (its full text, and its bare claim when given apart). When the query and a claim both have a
date, a claim dated from a few days before to a month after the query gains a bonus: a fact-check
follows the claim it checks by days. The weight of the vector side, the fields, the date window and
its bonus were chosen on the CheckThat! training queries (``training/claim_matching/choose_fusion.py``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np

VECTOR_WEIGHT = 0.5  # chosen on train queries; see training/claim_matching/choose_fusion.py
DEPTH = 100  # candidates taken from each side before fusing
DATE_WINDOW = (-3, 30)  # days from the query's date to a claim's that earn the bonus (train queries)
DATE_BONUS = 0.4

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
    """Claims indexed for hybrid search: ``texts`` (all a claim says: claim, title, subtitle) for both
    sides; ``claims`` (the bare claim, optional) as a second field of the vector side; ``dates``
    (optional) for the date bonus."""

    def __init__(self, ids: list[str], texts: list[str], vectors: np.ndarray | None = None,
                 vector_weight: float = VECTOR_WEIGHT, claims: list[str] | None = None,
                 dates: list[date | None] | None = None, claim_vectors: np.ndarray | None = None):
        import bm25s

        from .encoder import encoder
        if len(ids) != len(texts) or (claims is not None and len(claims) != len(ids)) or \
                (dates is not None and len(dates) != len(ids)):
            raise ValueError("ids, texts, claims and dates differ in length")
        self.ids, self.texts = list(ids), [clean(t) for t in texts]
        self.vector_weight = vector_weight
        self.vectors = vectors if vectors is not None else encoder().encode(self.texts)
        if claim_vectors is None and claims is not None:
            claim_vectors = encoder().encode([clean(c) for c in claims])
        self.fields = [self.vectors] + ([claim_vectors] if claim_vectors is not None else [])
        self.days = None if dates is None else np.array([d.toordinal() if d else np.nan for d in dates], dtype=float)
        self.bm25 = bm25s.BM25()
        self.bm25.index(bm25s.tokenize(self.texts, stopwords="en", show_progress=False), show_progress=False)

    def search(self, queries: list[str], k: int = 10, dates: list[date | None] | None = None) -> list[list[Match]]:
        from .encoder import encoder
        import bm25s

        if not self.ids:
            return [[] for _ in queries]
        cleaned = [clean(q) for q in queries]
        qvec = encoder().encode(cleaned)
        cos = sum(qvec @ field.T for field in self.fields) / len(self.fields)
        depth = min(DEPTH, len(self.ids))
        tokens = bm25s.tokenize(cleaned, stopwords="en", show_progress=False)
        lex_idx, lex_score = self.bm25.retrieve(tokens, k=depth, show_progress=False, n_threads=1)
        out = []
        for row in range(len(queries)):
            when = dates[row] if dates is not None else None
            out.append(self._fuse(cos[row], lex_idx[row], lex_score[row], depth, k, when))
        return out

    def _near_in_time(self, when: date | None) -> np.ndarray | None:
        """Which claims are dated within the window after ``when`` (None: no date to compare)."""
        if when is None or self.days is None:
            return None
        gap = self.days - when.toordinal()
        return (gap >= DATE_WINDOW[0]) & (gap <= DATE_WINDOW[1])

    def _fuse(self, cos: np.ndarray, lex_idx, lex_score, depth: int, k: int, when: date | None = None) -> list[Match]:
        vec_idx = np.argpartition(-cos, depth - 1)[:depth]
        top = float(lex_score.max()) if len(lex_score) else 0.0
        lexical = {int(i): (float(s) / top if top > 0 else 0.0) for i, s in zip(lex_idx, lex_score)}
        candidates = set(lexical) | {int(i) for i in vec_idx}
        lo = float(cos[vec_idx].min())
        hi = float(cos[vec_idx].max())
        span = hi - lo if hi > lo else 1.0
        near = self._near_in_time(when)
        scored = []
        for i in candidates:
            vec = (float(cos[i]) - lo) / span
            score = self.vector_weight * max(vec, 0.0) + (1 - self.vector_weight) * lexical.get(i, 0.0)
            if near is not None and near[i]:
                score += DATE_BONUS
            scored.append(Match(self.ids[i], score, lexical.get(i, 0.0), float(cos[i])))
        scored.sort(key=lambda m: -m.score)
        return scored[:k]
