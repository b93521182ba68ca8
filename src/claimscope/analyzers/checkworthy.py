"""The trained check-worthiness model: is this sentence a factual claim worth checking?

Two models, their probabilities mixed with a weight chosen by cross-validation on train: MiniLM
fine-tuned on ClaimBuster's debate sentences (low-rank adapters merged into the package's weights,
int8 on ONNX Runtime, as the attribution tagger) and a logistic regression over tf-idf of the
sentence's words and word pairs, whose weightiest terms are the score's readable evidence.
Trained by ``training/checkworthiness/finetune.py`` and ``train.py``; see the model card beside
the weights. The tf-idf transform is scikit-learn's, re-done here so that analysis does not need
scikit-learn.
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
    probability: float  # the mixed probability the threshold applies to
    terms: list[tuple[str, float]]  # the words that pushed the lexical model most, with their weight
    encoder: float = 0.0  # the fine-tuned encoder's probability
    lexical: float = 0.0  # the tf-idf model's probability


def _data_dir() -> Path:
    return Path(str(resources.files("claimscope") / "data" / "checkworthiness"))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0


class FineTuned:
    """MiniLM with the trained adapters; the mean of its token states through a logistic head."""

    def __init__(self, path: Path, threads: int = 0):
        from ..matching import encoder as shared
        # a batch worker runs every encoder on one thread (``use_threads``): read it when the model loads
        self.session = shared.cpu_session(build(path), threads or shared.THREADS)
        self.tokenizer = shared.package_tokenizer()
        with np.load(path) as arrays:
            self.w, self.b = arrays["head.weight"].astype(np.float32), float(arrays["head.bias"][0])

    def probabilities(self, texts: list[str]) -> list[float]:
        """One sentence a run: the int8 graph quantizes activations per run, so a sentence's score
        must not depend on what is batched beside it (and on one thread it is faster)."""
        encodings = self.tokenizer.encode_batch([t or "" for t in texts])
        out = []
        for enc in encodings:
            ids = np.array([enc.ids], np.int64)
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0][0]
            out.append(_sigmoid(float(hidden.mean(0) @ self.w) + self.b))
        return out


def build(path: Path | None = None) -> Path:
    """The int8 ONNX graph (built once per model file, cached)."""
    from ..matching.encoder import build_from, with_adapters
    return build_from(path or _data_dir() / "encoder.npz", "checkworthiness", with_adapters)


class CheckWorthiness:
    def __init__(self, folder: Path | None = None):
        folder = folder or _data_dir()
        path = folder / "model.npz"
        for needed, script in ((folder / "encoder.npz", "finetune.py --export"), (path, "train.py")):
            if not needed.exists():
                raise ClaimscopeError("E070", path=str(needed), script=f"training/checkworthiness/{script}")
        with np.load(path, allow_pickle=False) as data:
            self.vocab = {term: i for i, term in enumerate(data["vocab"].tolist())}
            self.terms = data["vocab"]
            self.idf = data["idf"].astype(np.float32)
            self.w_terms = data["w_terms"].astype(np.float32)
            self.bias = float(data["bias"])
            self.threshold = float(data["threshold"])
            self.mix = float(data["mix"])  # the fine-tuned encoder's share of the probability
        self.fine_tuned = FineTuned(folder / "encoder.npz")

    def _tfidf(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        counts = Counter(t for t in words_and_pairs(text) if t in self.vocab)
        if not counts:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        idx = np.fromiter((self.vocab[t] for t in counts), np.int64, len(counts))
        tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), np.float32, len(counts))
        values = tf * self.idf[idx]
        return idx, values / np.linalg.norm(values)

    def lexical(self, text: str) -> tuple[float, list[tuple[str, float]]]:
        idx, values = self._tfidf(text)
        contributions = values * self.w_terms[idx]
        top = sorted(zip(idx.tolist(), contributions.tolist()), key=lambda p: -abs(p[1]))[:3]
        return _sigmoid(self.bias + float(contributions.sum())), [(str(self.terms[i]), round(c, 2)) for i, c in top]

    def score(self, texts: list[str]) -> list[Scored]:
        if not texts:
            return []
        out = []
        for text, p_encoder in zip(texts, self.fine_tuned.probabilities(texts)):
            p_lexical, terms = self.lexical(text)
            out.append(Scored(self.mix * p_encoder + (1 - self.mix) * p_lexical, terms, p_encoder, p_lexical))
        return out


@loaded_once
def load() -> CheckWorthiness:
    return CheckWorthiness()
