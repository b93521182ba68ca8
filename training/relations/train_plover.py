"""Train the PLOVER relation classifier on PLV_train (../shared/data/plover/PLV_train.tsv).

Features come from claimscope.analyzers.relations.model.features (dependency path between
the marked source and target); a tf-idf weighted logistic regression is chosen
by stratified 5-fold cross-validation and written to src/claimscope/data/plover/
as plain arrays (vocab.json, weights.npz).

    python training/relations/train_plover.py ../shared/data/plover/PLV_train.tsv
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]

from claimscope.evaluation.plover import parse_marked, read_tsv  # noqa: E402
from claimscope.analyzers.relations.model import features  # noqa: E402

OUT = ROOT / "src/claimscope/data/plover"


def featurize(nlp, rows):
    return [features(*parse_marked(nlp, r["marked_sentence"])) for r in rows]


def vectorize(feature_dicts, vocab=None, idf=None):
    from scipy.sparse import csr_matrix

    if vocab is None:
        df = {}
        for f in feature_dicts:
            for k in f:
                df[k] = df.get(k, 0) + 1
        vocab = {k: j for j, k in enumerate(sorted(k for k, v in df.items() if v >= 2))}
        n = len(feature_dicts)
        idf = np.ones(len(vocab))
        for k, j in vocab.items():
            idf[j] = math.log((1 + n) / (1 + df[k])) + 1
    rows, cols, vals = [], [], []
    for i, f in enumerate(feature_dicts):
        entries = [(vocab[k], ((1 + math.log(v)) if v >= 1 else v) * idf[vocab[k]]) for k, v in f.items() if k in vocab]
        norm = math.sqrt(sum(v * v for _, v in entries)) or 1.0
        for j, v in entries:
            rows.append(i)
            cols.append(j)
            vals.append(v / norm)
    return csr_matrix((vals, (rows, cols)), shape=(len(feature_dicts), len(vocab))), vocab, idf


def classifier(c: float):
    """The one PLOVER classifier: classes weighted by their inverse frequency (PLV is unbalanced)."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced")


def fold_predictions(feats, labels, folds: int, c: float, seed: int):
    """Out-of-fold predictions: each fold predicted by a model fitted on the other folds."""
    from sklearn.model_selection import StratifiedKFold

    preds = [None] * len(labels)
    for train_idx, test_idx in StratifiedKFold(folds, shuffle=True, random_state=seed).split(feats, labels):
        x_tr, vocab, idf = vectorize([feats[i] for i in train_idx])
        x_te, _, _ = vectorize([feats[i] for i in test_idx], vocab, idf)
        clf = classifier(c).fit(x_tr, [labels[i] for i in train_idx])
        for i, p in zip(test_idx, clf.predict(x_te)):
            preds[i] = p
    return preds


def cross_validate(feats, labels, c: float, seed: int):
    from sklearn.metrics import accuracy_score, f1_score

    preds = fold_predictions(feats, labels, 5, c, seed)
    return accuracy_score(labels, preds), f1_score(labels, preds, average="macro"), preds


def nested_cv(feats, labels, grid, seed: int):
    """Outer 5 folds for the figures; C picked by an inner 3-fold CV on each outer training part."""
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold

    preds = [None] * len(labels)
    for train_idx, test_idx in StratifiedKFold(5, shuffle=True, random_state=seed + 1).split(feats, labels):
        inner_f = [feats[i] for i in train_idx]
        inner_y = [labels[i] for i in train_idx]
        scores = {c: f1_score(inner_y, fold_predictions(inner_f, inner_y, 3, c, seed), average="macro") for c in grid}
        c = max(scores, key=scores.get)
        x_tr, vocab, idf = vectorize(inner_f)
        x_te, _, _ = vectorize([feats[i] for i in test_idx], vocab, idf)
        clf = classifier(c).fit(x_tr, inner_y)
        for i, p in zip(test_idx, clf.predict(x_te)):
            preds[i] = p
    return accuracy_score(labels, preds), f1_score(labels, preds, average="macro")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("tsv", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--results", type=Path, default=ROOT / "training/relations/cv_results.json")
    args = parser.parse_args(argv)
    from sklearn.metrics import classification_report

    from claimscope.pipeline import nlp as nlp_mod

    t0 = time.time()
    nlp = nlp_mod.load()
    rows = read_tsv(args.tsv)
    labels = [r["gold_root"] for r in rows]
    feats = featurize(nlp, rows)
    grid = {}
    for c in (1.0, 3.0, 10.0, 30.0):
        acc, macro, _ = cross_validate(feats, labels, c, args.seed)
        grid[c] = (acc, macro)
        print(f"C={c}: accuracy {acc:.3f}  macro-F1 {macro:.3f}")
    best = max(grid, key=lambda c: grid[c][1])
    acc, macro, preds = cross_validate(feats, labels, best, args.seed)
    nested_acc, nested_macro = nested_cv(feats, labels, list(grid), args.seed)
    print(f"nested CV (C chosen inside each outer fold): accuracy {nested_acc:.3f}  macro-F1 {nested_macro:.3f}")
    report = classification_report(labels, preds, output_dict=True, zero_division=0)
    x, vocab, idf = vectorize(feats)
    clf = classifier(best).fit(x, labels)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "vocab.json").write_text(json.dumps({"labels": list(clf.classes_), "features": vocab}))
    np.savez_compressed(OUT / "weights.npz", coef=clf.coef_.astype(np.float32),
                        intercept=clf.intercept_.astype(np.float32), idf=idf.astype(np.float32))
    args.results.write_text(json.dumps({
        "data": str(args.tsv.name), "rows": len(rows), "seed": args.seed, "folds": 5, "C_grid": grid,
        "C": best, "cv_accuracy": acc, "cv_macro_f1": macro,
        "nested_cv_accuracy": nested_acc, "nested_cv_macro_f1": nested_macro,
        "per_class": {k: v for k, v in report.items() if k.isupper()}, "seconds": round(time.time() - t0)},
        indent=2))
    print(f"best C={best}: 5-fold CV accuracy {acc:.3f}, macro-F1 {macro:.3f} -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
