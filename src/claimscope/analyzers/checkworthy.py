"""The trained check-worthiness model: is this sentence a factual claim worth checking?

A logistic regression over two views of the sentence: tf-idf of its words and word pairs
(what it talks about) and its MiniLM embedding (how it says it). Trained on ClaimBuster's
debate sentences by ``training/checkworthiness/train.py``; see the model card beside the
weights. Inference is numpy plus the shared ONNX encoder; the tf-idf transform is
scikit-learn's, re-done here so that analysis does not need scikit-learn.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import ClaimscopeError
from ..once import loaded_once

_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern


def words_and_pairs(text: str) -> list[str]:
    words = _TOKEN.findall(text.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


@dataclass
class Scored:
    probability: float
    terms: list[tuple[str, float]]  # the words that pushed the score most, with their weight


class CheckWorthiness:
    def __init__(self, path: Path | None = None):
        path = path or Path(str(resources.files("claimscope") / "data" / "checkworthiness" / "model.npz"))
        if not path.exists():
            raise ClaimscopeError("E070", path=str(path), script="training/checkworthiness/train.py")
        with np.load(path, allow_pickle=False) as data:
            self.vocab = {term: i for i, term in enumerate(data["vocab"].tolist())}
            self.terms = data["vocab"]
            self.idf = data["idf"].astype(np.float32)
            self.w_terms = data["w_terms"].astype(np.float32)
            self.w_vector = data["w_vector"].astype(np.float32)
            self.bias = float(data["bias"])
            self.threshold = float(data["threshold"])

    def _tfidf(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        counts = Counter(t for t in words_and_pairs(text) if t in self.vocab)
        if not counts:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        idx = np.fromiter((self.vocab[t] for t in counts), np.int64, len(counts))
        tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), np.float32, len(counts))
        values = tf * self.idf[idx]
        return idx, values / np.linalg.norm(values)

    def score(self, texts: list[str]) -> list[Scored]:
        from ..matching.encoder import encoder
        if not texts:
            return []
        vectors = encoder().encode(texts)
        out = []
        for text, vector in zip(texts, vectors):
            idx, values = self._tfidf(text)
            contributions = values * self.w_terms[idx]
            z = self.bias + float(contributions.sum()) + float(vector @ self.w_vector)
            top = sorted(zip(idx.tolist(), contributions.tolist()), key=lambda p: -abs(p[1]))[:3]
            out.append(Scored(1.0 / (1.0 + math.exp(-z)), [(str(self.terms[i]), round(c, 2)) for i, c in top]))
        return out


@loaded_once
def load() -> CheckWorthiness:
    return CheckWorthiness()
