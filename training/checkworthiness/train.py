"""Train the check-worthiness model on ClaimBuster sentences and write it with its figures.

    pip install -e ".[train]"
    python training/checkworthiness/train.py ../shared/data/checkworthiness

Features: tf-idf of words and word pairs (min_df 2, sublinear tf) and the MiniLM sentence
embedding; a logistic regression over both. C is chosen by 5-fold stratified cross-validation
on train (seed 13); the decision threshold stays at 0.5 (see the model card for why). Then one
fit on all of train, scored once on dev, written to src/claimscope/data/checkworthiness/.
``--float32`` runs the same on the unquantized encoder's embeddings and writes nothing: a check that
the int8 encoder costs the model nothing.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedKFold

from claimscope.analyzers.checkworthy import CheckWorthiness
from claimscope.matching.encoder import Encoder, encoder

SEED = 13
CS = (1.0, 3.0, 10.0)
THRESHOLD = 0.5
OUT = Path(__file__).resolve().parents[2] / "src" / "claimscope" / "data" / "checkworthiness"


def read(path: Path) -> tuple[list[str], list[str], np.ndarray]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r["Sentence_id"] for r in rows], [r["Text"] for r in rows], np.array([r["class_label"] == "Yes" for r in rows])


def features(vectorizer, texts, vectors):
    return hstack([vectorizer.transform(texts), csr_matrix(vectors)]).tocsr()


def cross_validate(texts, vectors, y, C):
    """Out-of-fold probabilities; the tf-idf vocabulary is fitted inside each fold."""
    oof, per_fold = np.zeros(len(y)), []
    for train, test in StratifiedKFold(5, shuffle=True, random_state=SEED).split(texts, y):
        vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        vec.fit([texts[i] for i in train])
        clf = LogisticRegression(C=C, max_iter=5000)
        clf.fit(features(vec, [texts[i] for i in train], vectors[train]), y[train])
        oof[test] = clf.predict_proba(features(vec, [texts[i] for i in test], vectors[test]))[:, 1]
        per_fold.append(f1_score(y[test], oof[test] >= THRESHOLD))
    return oof, per_fold


def main(folder: Path, float32: bool = False) -> None:
    _, texts, y = read(folder / "train.tsv")
    _, dev_texts, dev_y = read(folder / "dev.tsv")
    enc = Encoder(quantized=False) if float32 else encoder()
    vectors, dev_vectors = enc.encode(texts), enc.encode(dev_texts)
    results = {"seed": SEED, "threshold": THRESHOLD, "cv": {}}
    for C in CS:
        oof, per_fold = cross_validate(texts, vectors, y, C)
        best = max(np.arange(0.2, 0.75, 0.05), key=lambda t: f1_score(y, oof >= t))
        results["cv"][str(C)] = {"f1": f1_score(y, oof >= THRESHOLD), "fold_f1": per_fold,
                                 "precision": precision_score(y, oof >= THRESHOLD),
                                 "recall": recall_score(y, oof >= THRESHOLD),
                                 "best_threshold": round(float(best), 2), "f1_at_best": f1_score(y, oof >= best)}
        print(f"C {C:g}: CV F1 {results['cv'][str(C)]['f1']:.3f} (folds {min(per_fold):.3f}-{max(per_fold):.3f}); "
              f"best threshold on the folds {best:.2f} -> {results['cv'][str(C)]['f1_at_best']:.3f}", flush=True)
    C = max(CS, key=lambda c: results["cv"][str(c)]["f1"])
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit(texts)
    clf = LogisticRegression(C=C, max_iter=5000).fit(features(vectorizer, texts, vectors), y)
    if float32:  # a check of the features, not the shipped model (which reads the int8 encoder)
        dev_f1 = f1_score(dev_y, clf.predict_proba(features(vectorizer, dev_texts, dev_vectors))[:, 1] >= THRESHOLD)
        print(f"float32 features, C {C:g}: dev F1 {dev_f1:.3f}; no model written")
        return
    n_terms = len(vectorizer.vocabulary_)
    vocab = np.array(sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get))
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT / "model.npz", vocab=vocab, idf=vectorizer.idf_.astype(np.float32),
                        w_terms=clf.coef_[0, :n_terms].astype(np.float32),
                        w_vector=clf.coef_[0, n_terms:].astype(np.float32),
                        bias=np.float32(clf.intercept_[0]), threshold=np.float32(THRESHOLD))
    # the shipped numpy re-implementation must give scikit-learn's probabilities
    shipped = CheckWorthiness(OUT / "model.npz")
    ours = np.array([s.probability for s in shipped.score(dev_texts)])
    theirs = clf.predict_proba(features(vectorizer, dev_texts, dev_vectors))[:, 1]
    assert np.abs(ours - theirs).max() < 1e-3, np.abs(ours - theirs).max()
    dev_pred = ours >= THRESHOLD
    results.update(C=C, terms=n_terms, dev={"f1": f1_score(dev_y, dev_pred), "precision": precision_score(dev_y, dev_pred),
                                            "recall": recall_score(dev_y, dev_pred),
                                            "f1_at_cv_best_threshold": f1_score(
                                                dev_y, ours >= results["cv"][str(C)]["best_threshold"])})
    print(f"chosen C {C:g}; dev F1 {results['dev']['f1']:.3f} (P {results['dev']['precision']:.3f} "
          f"R {results['dev']['recall']:.3f}); at the folds' best threshold: {results['dev']['f1_at_cv_best_threshold']:.3f}")
    (Path(__file__).parent / "results.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--float32"]
    if len(args) != 1:
        sys.exit("usage: train.py CHECKWORTHINESS_DIR [--float32]")
    main(Path(args[0]), float32="--float32" in sys.argv[1:])
