"""PLOVER event type of what one actor does to another in a sentence.

A linear model over features of the dependency path between the two actors
(the event verb that joins them, the words on the path and between them,
prepositions, negation). Trained by training/relations/train_plover.py on
PLV_train; stored as plain arrays (no pickles).
"""
from __future__ import annotations

import json
import math
from collections import Counter
from importlib import resources

import numpy as np

from ...errors import ClaimscopeError
from ...numeric import softmax
from ...once import loaded_once

# Codebook hints: predicate words and the PLOVER type the codebook gives them. A feature, not a rule:
# the model learns how far to trust it, and it carries the type to words PLV_train never shows.
CODEBOOK = {
    "AGREE": "agree agreement accord deal sign treaty pact ceasefire truce settle settlement",
    "CONSULT": "meet meeting talk talks visit host discuss consult negotiate negotiation contact call phone summit",
    "SUPPORT": "support supporter back endorse praise defend ally alliance side sympathize sympathizer champion",
    "COOPERATE": "cooperate cooperation collaborate partner partnership coordinate joint collude relationship relation tie ties",
    "AID": "aid supply supplier fund funding finance arm weapon provide donate assist assistance help train shelter logistics mediator",
    "YIELD": "yield concede release withdraw retreat surrender allow ease lift resign return free permit tolerate",
    "REQUEST": "request ask urge appeal demand call seek plead invite",
    "ACCUSE": "accuse blame condemn criticize charge sue allege denounce investigate convict fault",
    "REJECT": "reject deny refuse dismiss veto oppose rebuff boycott",
    "THREATEN": "threaten threat warn ultimatum",
    "PROTEST": "protest demonstrate rally march strike",
    "SANCTION": "sanction embargo expel ban suspend freeze cut sever boycott",
    "MOBILIZE": "mobilize deploy mass troop alert",
    "COERCE": "arrest detain seize raid jail imprison deport coerce repress crack block confiscate",
    "ASSAULT": "attack bomb kill strike shell assault invade shoot fire massacre target",
}
CODEBOOK_INDEX = {w: t for t, words in CODEBOOK.items() for w in words.split()}

NAMING_VERBS = {"call", "describe", "label", "brand", "name", "consider", "see", "regard", "dub", "term"}


def dependency_path(a, b):
    """Tokens from a up to the lowest common ancestor and down to b."""
    up_a = [a] + list(a.ancestors)
    up_b = [b] + list(b.ancestors)
    ids_b = {t.i for t in up_b}
    lca = next((t for t in up_a if t.i in ids_b), None)
    if lca is None:
        return None, []
    path = [t for t in up_a if t.i != lca.i and t.i not in ids_b] + [lca]
    down = []
    for t in up_b:
        if t.i == lca.i:
            break
        down.append(t)
    return lca, path + list(reversed(down))


def features(doc, src_span, tgt_span) -> Counter:
    """Sparse features of a (source, target) pair in a parsed sentence."""
    feats: Counter = Counter()
    s, t = src_span.root, tgt_span.root
    lca, path = dependency_path(s, t)
    if lca is not None and lca.lemma_.lower() in NAMING_VERBS:
        # "called Turkey an ally of ISIS": the relation is the predicate noun, not the naming
        pred = next((c for c in lca.children if c.dep_ in ("oprd", "attr", "xcomp") and c in path), None)
        as_prep = next((c for c in lca.children if c.dep_ == "prep" and c.lower_ == "as"), None)
        if pred is None and as_prep is not None:
            pred = next((g for g in as_prep.children if g.dep_ == "pobj"), None)
        if pred is not None:
            lca = pred
    if lca is not None:
        feats[f"lca={lca.lemma_.lower()}"] += 1
        hint = CODEBOOK_INDEX.get(lca.lemma_.lower())
        if hint:
            feats[f"codebook_lca={hint}"] += 1
        for tok in path:
            hint = CODEBOOK_INDEX.get(tok.lemma_.lower())
            if hint and tok.i != lca.i:
                feats[f"codebook_path={hint}"] += 1
        feats[f"lca_pos={lca.pos_}"] += 1
        if any(c.dep_ == "neg" for c in lca.children):
            feats["lca_neg"] += 1
        for tok in path:
            if tok.i in (s.i, t.i):
                continue
            if tok.pos_ in ("VERB", "NOUN", "ADJ", "ADP", "PART", "ADV"):
                feats[f"path={tok.lemma_.lower()}"] += 1
        xcomp = [c for c in lca.children if c.dep_ in ("xcomp", "ccomp", "dobj")]
        for c in xcomp:
            feats[f"lca_{c.dep_}={c.lemma_.lower()}"] += 1
    if t.head.pos_ == "ADP":
        feats[f"tprep={t.head.lower_}"] += 1
        if lca is not None:
            feats[f"lca_tprep={lca.lemma_.lower()}_{t.head.lower_}"] += 1
    feats[f"sdep={s.dep_}"] += 1
    feats[f"tdep={t.dep_}"] += 1
    lo, hi = sorted([src_span.end, tgt_span.start]) if src_span.start < tgt_span.start else sorted([tgt_span.end, src_span.start])
    for tok in doc[lo:hi]:
        if tok.is_alpha and not tok.is_stop:
            feats[f"btw={tok.lemma_.lower()}"] += 1
    for tok in src_span.sent:
        if tok.is_alpha and not tok.is_stop and tok.pos_ in ("VERB", "NOUN", "ADJ"):
            feats[f"w={tok.lemma_.lower()}"] += 0.5
    feats["order=st" if src_span.start < tgt_span.start else "order=ts"] += 1
    return feats


CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "conj", "parataxis", "xcomp", "acl", "csubj", "pcomp"}
REPORTING = {"say", "tell", "report", "claim", "announce", "state", "add", "note", "write"}


def related_features(doc, src_span, tgt_span, base: Counter | None = None) -> Counter:
    """Features for "does the sentence state that one actor acts on the other at all?": those of
    the typing model (``base``, if already computed), and how the two hang together (path length,
    distance, the clauses between them, each actor's role at the word that joins them)."""
    feats = Counter(base) if base is not None else features(doc, src_span, tgt_span)
    s, t = src_span.root, tgt_span.root
    lca, path = dependency_path(s, t)
    feats[f"pathlen={min(len(path), 8)}"] += 1
    gap = abs(t.i - s.i)
    feats[f"distance={'<3' if gap < 3 else '<6' if gap < 6 else '<12' if gap < 12 else '<25' if gap < 25 else 'far'}"] += 1
    if lca is None:
        feats["no_path"] += 1
        return feats
    feats[f"lca_dep={lca.dep_}"] += 1
    if lca.lemma_.lower() in REPORTING:
        feats["lca_reporting"] += 1
    for tok in path:
        if tok.i != lca.i and tok.dep_ in CLAUSE_DEPS:
            feats[f"clause_on_path={tok.dep_}"] += 1
    for name, end in (("s", s), ("t", t)):
        below = next((tok for tok in [end, *end.ancestors] if tok.head.i == lca.i and tok.i != lca.i), None)
        feats[f"{name}_role={below.dep_ if below is not None else 'lca'}"] += 1
    return feats


def _vector(feats: Counter, vocab: dict[str, int], idf: np.ndarray) -> np.ndarray:
    """tf-idf of sparse features, L2-normalised: as ``training/relations/train_plover.py`` builds them."""
    x = np.zeros(len(vocab), dtype=np.float64)
    for key, value in feats.items():
        j = vocab.get(key)
        if j is not None:
            x[j] = (1 + math.log(value)) if value >= 1 else value
    x *= idf
    norm = np.linalg.norm(x)
    return x / norm if norm else x


class RelationModel:
    """The PLOVER type of what one actor does to another (a linear model trained on PLV_train)."""

    def __init__(self):
        folder = resources.files("claimscope.data").joinpath("plover")
        try:
            vocab = json.loads(folder.joinpath("vocab.json").read_text(encoding="utf-8"))
            with folder.joinpath("weights.npz").open("rb") as fh:
                arrays = np.load(fh)
                self.coef, self.intercept = arrays["coef"], arrays["intercept"]
                self.idf = arrays["idf"]
        except FileNotFoundError:
            raise ClaimscopeError("E070", path="claimscope/data/plover", script="training/relations/train_plover.py") from None
        self.vocab = vocab["features"]
        self.labels = vocab["labels"]

    def vector(self, feats: Counter) -> np.ndarray:
        return _vector(feats, self.vocab, self.idf)

    def predict(self, feats: Counter) -> tuple[str, float, np.ndarray]:
        p = softmax(self.coef @ self.vector(feats) + self.intercept)
        k = int(p.argmax())
        return self.labels[k], float(p[k]), p


@loaded_once
def load() -> RelationModel:
    return RelationModel()
