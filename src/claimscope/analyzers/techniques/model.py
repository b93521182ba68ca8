"""CPU inference for the persuasion-technique model: ONNX Runtime + tokenizers + numpy.

The ONNX encoder (fine-tuned MiniLM-L6, int8) returns, for each word piece, the
probability of being inside a technique span and its hidden state; spans are
runs of pieces above the threshold (joined across small gaps), and a linear head
over [CLS; mean of the span's pieces; span, style and context features; tf-idf
of the span's words] names the technique. A second reader (low-rank adapters on the
package's MiniLM, ``reader2.npz``) reads the sentences that hold a span with its own
head; the two heads' probabilities are averaged. No torch at analysis time.
"""
from __future__ import annotations

import json
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from ...errors import ClaimscopeError
from ...numeric import softmax
from ...once import loaded_once

MAX_LEN = 128
_SENT_END = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


class Units(list):
    """Sentence-sized units of a text, in text order, with their starts kept for binary search."""

    @property
    def starts(self) -> list[int]:
        if getattr(self, "_starts", None) is None or len(self._starts) != len(self):
            self._starts = [u[0] for u in self]
        return self._starts


def _units(units) -> "Units":
    return units if isinstance(units, Units) else Units(units)


def unit_at(units, pos: int):
    """The unit holding the character at ``pos`` (u[0] <= pos < u[1]), or None."""
    units = _units(units)
    i = bisect_right(units.starts, pos) - 1
    return units[i] if i >= 0 and pos < units[i][1] else None


def _unit_ending(units, end: int):
    """The unit a span ending at ``end`` ends in (u[0] < end <= u[1]), or None."""
    units = _units(units)
    i = bisect_left(units.starts, end) - 1
    return units[i] if i >= 0 and end <= units[i][1] else None


def split_units(text: str, max_chars: int = 400) -> "Units":
    """Sentence-sized units: lines, and long lines cut after sentence punctuation."""
    units = Units()
    for m in re.finditer(r"[^\n]+", text):
        start, end = m.start(), m.end()
        line = text[start:end]
        if not line.strip():
            continue
        pieces = [start]
        if len(line) > max_chars:
            pieces += [start + b.end() for b in _SENT_END.finditer(line)]
        pieces.append(end)
        for a, b in zip(pieces, pieces[1:]):
            chunk = text[a:b]
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk) - len(chunk.rstrip())
            if b - trail > a + lead:
                units.append((a + lead, b - trail))
    return units


def span_features(text: str, start: int, end: int) -> list[float]:
    """log(1 + times the span recurs in the article), log(1 + words in the span)."""
    needle = " ".join(text[start:end].lower().split())
    count = text.lower().count(needle) if len(needle) >= 3 else 1
    return [math.log1p(max(0, count - 1)), math.log1p(len(needle.split()))]


def span_window(units, start: int, end: int) -> tuple[int, int]:
    """The sentence units a span lies in, from the first to the last: the text the encoder reads
    to name the span's technique (in training and at analysis time alike)."""
    first = unit_at(units, start) or (start, end)
    last = _unit_ending(units, end) or first
    return first[0], max(last[1], first[1])


@lru_cache(maxsize=8192)  # the same span text is normalised for its count and its features
def _norm(span: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", span.lower()))


class SpanSet:
    """An article's technique spans, counted and indexed once, so that the context of each span costs
    O(log n) and not a pass over every other span."""

    def __init__(self, text: str, spans):
        from ..spans import SpanIndex

        self.spans = list(spans)
        self.pairs = Counter(self.spans)
        self.words = Counter(_norm(text[a:b]) for a, b in self.spans)
        self.index = SpanIndex(self.spans, lambda ab: [ab])

    def overlapping(self, start: int, end: int) -> int:
        """How many other spans share a character with [start, end)."""
        return len(self.index.overlapping(start, end)) - self.pairs[(start, end)]


def context_features(text: str, start: int, end: int, spans, units) -> list[float]:
    """Where the span sits among the article's other technique spans and its sentence: how often the
    same words recur as a span (repetition), in the title, share of its sentence, at the sentence's
    start or end, and how many other spans overlap it. ``spans`` is a ``SpanSet`` or a list of
    (start, end) pairs."""
    spans = spans if isinstance(spans, SpanSet) else SpanSet(text, spans)
    words = _norm(text[start:end])
    same = spans.words[words] if words else 1
    overlapping = spans.overlapping(start, end)
    unit = unit_at(units, start) or (start, end)
    title_end = text.find("\n")
    return [math.log1p(max(0, same - 1)), float(start < title_end),
            min(1.0, (end - start) / max(1, unit[1] - unit[0])), float(start <= unit[0] + 1),
            float(end >= unit[1] - 1), math.log1p(overlapping)]


_WORD = re.compile(r"[a-z0-9']+|[!?\"“”]")


def span_terms(text: str, start: int, end: int) -> list[str]:
    """Word unigrams and bigrams of the span (and its punctuation), for the tf-idf part of the TC head."""
    words = _WORD.findall(text[start:end].lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def style_features(text: str, start: int, end: int) -> list[float]:
    """Surface cues: question or exclamation, quotation, capitals, first person plural, position."""
    span = text[start:end]
    letters = [c for c in span if c.isalpha()] or ["a"]
    lower = span.lower()
    return [
        float("?" in span), float("!" in span), float(any(q in span for q in "\"“”")),
        sum(c.isupper() for c in letters) / len(letters),
        float(bool(re.search(r"\b(we|our|us)\b", lower))),
        start / max(1, len(text)),
    ]


def decode_spans(offsets, inside: np.ndarray, threshold: float, gap: int = 0,
                 min_pieces: int = 1) -> list[tuple[int, int]]:
    """Runs of pieces whose inside-probability passes the threshold, as character spans;
    runs at most `gap` pieces apart are joined, runs shorter than `min_pieces` dropped."""
    runs, cur = [], None  # [first piece, last piece]
    for k, ((a, b), p) in enumerate(zip(offsets, inside)):
        if a == b or p < threshold:
            if cur:
                runs.append(cur)
                cur = None
            continue
        cur = [cur[0], k] if cur else [k, k]
    if cur:
        runs.append(cur)
    joined: list[list[int]] = []
    for run in runs:
        between = range(joined[-1][1] + 1, run[0]) if joined else ()
        if joined and len(between) <= gap and all(offsets[k][0] != offsets[k][1] for k in between):
            joined[-1][1] = run[1]
        else:
            joined.append(run)
    return [(offsets[f][0], offsets[l][1]) for f, l in joined if l - f + 1 >= min_pieces]


def finish_span(text: str, s: int, e: int) -> tuple[int, int] | None:
    """Whole words, and nothing that is only a function word."""
    s, e = _snap(text, s, e)
    return (s, e) if _worth_a_span(text[s:e]) else None


@dataclass
class Found:
    start: int
    end: int
    technique: str
    confidence: float  # calibrated: how often spans like it were right on articles the model never saw
    span_score: float
    probability: float = 0.0  # the head's probability of the technique
    evidence: str = ""
    readers: tuple[float, ...] = ()  # each reader's probability of the technique


@dataclass
class Head:
    """A stacked technique head: a linear map over the standardised dense features (the encoder's
    [CLS; span mean], then span, style and context features) and the span's tf-idf."""
    w_dense: np.ndarray
    w_sparse: np.ndarray
    bias: np.ndarray
    mean: np.ndarray
    scale: np.ndarray

    @classmethod
    def from_arrays(cls, arrays) -> "Head":
        return cls(*(arrays[k].astype(np.float32) for k in ("w_dense", "w_sparse", "bias", "mean", "scale")))

    def logits(self, hidden: np.ndarray, piece_mask: np.ndarray, features: np.ndarray, sparse: np.ndarray):
        m = piece_mask[:, None].astype(np.float32)
        pooled = (hidden * m).sum(0) / max(1.0, m.sum())
        dense = (np.concatenate([hidden[0], pooled, features]) - self.mean) / self.scale
        return self.w_dense @ dense + self.w_sparse @ sparse + self.bias


class SecondReader:
    """Low-rank adapters on the package's MiniLM trained for technique classification alone
    (training/techniques/second_reader.py). The base stays frozen, so it reads a span differently from
    the fine-tuned encoder, and the mean of the two heads is right more often than either (README)."""

    def __init__(self, path: Path, threads: int = 0):
        from ...matching.encoder import cpu_session

        self.session = cpu_session(build(path), threads)
        with np.load(path) as arrays:
            self.head = Head.from_arrays(arrays)

    def hidden(self, encoding) -> np.ndarray:
        """The last layer's states of one encoded unit (one unit a run, as the shipped encoder)."""
        ids = np.array([encoding.ids], dtype=np.int64)
        return self.session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0][0]


def model_dir() -> Path:
    return Path(str(resources.files("claimscope.data").joinpath("techniques")))


def build(path: Path | None = None) -> Path:
    """The second reader's int8 ONNX graph: its adapters merged into the package's MiniLM (built once
    per model file, cached)."""
    from ...matching.encoder import build_from, with_adapters

    return build_from(path or model_dir() / "reader2.npz", "technique-reader2", with_adapters)


class TechniqueModel:
    def __init__(self, folder: Path | None = None, threads: int = 0):
        from ...matching.encoder import cpu_session, package_tokenizer

        folder = folder or model_dir()
        encoder = folder / "encoder.onnx"
        if not encoder.exists():
            raise ClaimscopeError("E070", path=str(encoder), script="training/techniques/train.py --export")
        self.session = cpu_session(encoder, threads)
        self.tokenizer = package_tokenizer(MAX_LEN)  # the package's word pieces, as in training
        head = np.load(folder / "tc_head.npz")
        self.head, self.idf = Head.from_arrays(head), head["idf"]
        self.labels = [str(x) for x in head["labels"]]
        self.threshold = float(head["si_threshold"])
        # decoder settings tuned on out-of-fold probabilities (training/techniques/tune_decoder.py)
        self.gap = int(head["si_gap"]) if "si_gap" in head.files else 0
        self.min_pieces = int(head["si_min_pieces"]) if "si_min_pieces" in head.files else 1
        # fitted on out-of-fold logits so that a technique's probability means what it says
        self.temperature = float(head["temperature"]) if "temperature" in head.files else 1.0
        self.vocab = {t: i for i, t in enumerate(json.loads((folder / "tc_vocab.json").read_text(encoding="utf-8")))}
        calibration = folder / "calibration.json"
        self.calibration = json.loads(calibration.read_text(encoding="utf-8")) if calibration.exists() else None
        reader2 = folder / "reader2.npz"
        self.reader2 = SecondReader(reader2, threads) if reader2.exists() else None

    def calibrated(self, probability: float, span_score: float, length: int, technique: str = "") -> float:
        """The chance that a span is right (a gold span of the same technique overlaps it), from a
        logistic fit on held-out articles (training/techniques/calibrate.py), with the technique's own
        offset; uncalibrated, the product of the head's probability and the span score."""
        if not self.calibration:
            return probability * span_score
        w = self.calibration["weights"]
        z = (self.calibration["intercept"] + self.calibration.get("technique_offsets", {}).get(technique, 0.0)
             + w[0] * math.log(max(probability, 1e-4))
             + w[1] * math.log(max(span_score, 1e-4)) + w[2] * math.log(max(length, 1)))
        return 1.0 / (1.0 + math.exp(-z))

    def _encode(self, texts: list[str]):
        return self.tokenizer.encode_batch(texts)

    def _run(self, encodings):
        n = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), n), dtype=np.int64)
        mask = np.zeros_like(ids)
        for i, e in enumerate(encodings):
            ids[i, : len(e.ids)] = e.ids
            mask[i, : len(e.ids)] = 1
        probs, hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
        return probs, hidden

    def _tfidf(self, text: str, start: int, end: int) -> np.ndarray:
        sparse = np.zeros(len(self.idf), dtype=np.float32)
        for term in span_terms(text, start, end):
            j = self.vocab.get(term)
            if j is not None:
                sparse[j] += 1.0
        sparse *= self.idf
        norm = np.linalg.norm(sparse)
        return sparse / norm if norm else sparse

    def readers(self, hidden: np.ndarray, piece_mask: np.ndarray, text: str, start: int, end: int,
                context: list[float], hidden2: np.ndarray | None = None) -> list[np.ndarray]:
        """Each reader's technique probabilities: a linear head over its encoder's span vector, span,
        style and context features (standardised) and tf-idf of the span's words. Alone, the shipped
        head's probabilities are tempered; beside the second reader (``hidden2``: its states of the
        same word pieces), both are plain softmaxes, as measured on held-out folds
        (training/techniques/ensemble_table.py)."""
        features = np.array([*span_features(text, start, end), *style_features(text, start, end), *context],
                            dtype=np.float32)
        sparse = self._tfidf(text, start, end)
        logits = self.head.logits(hidden, piece_mask, features, sparse)
        if hidden2 is None:
            return [softmax(logits / self.temperature)]
        return [softmax(logits), softmax(self.reader2.head.logits(hidden2, piece_mask, features, sparse))]

    def classify(self, *args, **kwargs) -> np.ndarray:
        """Technique probabilities: the mean of the readers' (``readers``)."""
        return np.mean(self.readers(*args, **kwargs), axis=0)

    def analyze(self, text: str, threshold: float | None = None, batch_size: int = 1) -> list[Found]:
        """Find and name technique spans in a whole text. One unit a run (``batch_size`` 1): the
        int8 encoder quantizes activations per run, so a unit's spans do not depend on its
        neighbours, and on one thread it runs faster than padded batches of 32 (about 35% less time an
        article, ``benchmarks/encoder_floor.py --batch 1,4,32``)."""
        threshold = self.threshold if threshold is None else threshold
        units = split_units(text)
        found: list[Found] = []
        candidates = []  # (start, end, hidden, piece mask, span score): classified once all spans are known
        order = sorted(range(len(units)), key=lambda i: units[i][1] - units[i][0])
        for k in range(0, len(order), batch_size):
            chunk = [units[i] for i in order[k:k + batch_size]]
            encs = self._encode([text[s:e] for s, e in chunk])
            probs, hidden = self._run(encs)
            for (us, _), enc, p, h in zip(chunk, encs, probs, hidden):
                n = len(enc.ids)
                offsets = [(a + us, b + us) if b > a else (0, 0) for a, b in enc.offsets]
                inside = p[:n, 1] + p[:n, 2]
                for s, e in decode_spans(offsets, inside, threshold, self.gap, self.min_pieces):
                    span = finish_span(text, s, e)
                    if span is None:
                        continue
                    s, e = span
                    mask = np.array([1 if (b > a and a < e and s < b) else 0 for a, b in offsets])
                    candidates.append((s, e, h[:n], mask, float(inside[mask.astype(bool)].mean()), enc))
        spans = SpanSet(text, {(c[0], c[1]) for c in candidates})
        second = {}  # the second reader reads each unit that holds a span once
        for s, e, h, mask, span_score, enc in candidates:
            if self.reader2 is not None and id(enc) not in second:
                second[id(enc)] = self.reader2.hidden(enc)
            each = self.readers(h, mask, text, s, e, context_features(text, s, e, spans, units), second.get(id(enc)))
            cls = np.mean(each, axis=0)
            best, runner_up = (int(i) for i in np.argsort(-cls)[:2])
            readers = f" (readers {', '.join(f'{p[best]:.2f}' for p in each)})" if len(each) > 1 else ""
            evidence = (f"span score {span_score:.2f}; {self.labels[best]} {cls[best]:.2f}{readers}, "
                        f"next {self.labels[runner_up]} {cls[runner_up]:.2f}")
            confidence = self.calibrated(float(cls[best]), span_score, e - s, self.labels[best])
            found.append(Found(s, e, self.labels[best], confidence, span_score, float(cls[best]), evidence,
                               tuple(float(p[best]) for p in each)))
        return sorted(found, key=lambda f: f.start)

    def classify_spans(self, text: str, spans: list[tuple[int, int]], second_reader: bool = True) -> list[np.ndarray]:
        """Technique probabilities for given spans (TC), each read in its sentence window; by both
        readers, or (``second_reader=False``) by the shipped encoder's head alone."""
        reader2 = self.reader2 if second_reader else None
        units = split_units(text)
        distinct = SpanSet(text, set(spans))
        encoded = {}  # spans in the same sentence share one encoder run
        out = []
        for s, e in spans:
            ws, we = span_window(units, s, e)
            if (ws, we) not in encoded:
                enc = self._encode([text[ws:we]])[0]
                encoded[(ws, we)] = (enc, self._run([enc])[1], reader2.hidden(enc) if reader2 else None)
            enc, hidden, hidden2 = encoded[(ws, we)]
            offsets = [(a + ws, b + ws) if b > a else (0, 0) for a, b in enc.offsets]
            mask = np.array([1 if (b > a and a < e and s < b) else 0 for a, b in offsets])
            if not mask.any():
                mask[min(1, len(mask) - 1)] = 1
            out.append(self.classify(hidden[0], mask, text, s, e, context_features(text, s, e, distinct, units),
                                     hidden2))
        return out


_FUNCTION_WORDS = set("""a an the and or but of to in on at for from by with as is are was were be been it its
this that these those he she they we you i his her their our my your not no so if than then there here""".split())


def _worth_a_span(span: str) -> bool:
    """A lone function word or a fragment of a word is not a technique."""
    words = re.findall(r"[A-Za-z']+", span)
    return any(len(w) > 2 and w.lower() not in _FUNCTION_WORDS for w in words)


def _snap(text: str, s: int, e: int) -> tuple[int, int]:
    """Widen a span that starts or ends inside a word to the whole word."""
    while s > 0 and text[s - 1].isalnum() and text[s].isalnum():
        s -= 1
    while e < len(text) and text[e - 1].isalnum() and text[e].isalnum():
        e += 1
    return s, e


@loaded_once
def load(threads: int = 0) -> TechniqueModel:
    """The shipped model; threads=0 lets ONNX Runtime use every core."""
    return TechniqueModel(threads=threads)
