"""Train the related-or-not gate for actor relations on AW_train (../shared/data/plover/AW_train.tsv).

PLV_train holds only sentences that do state a relation between the marked pair, so the PLOVER
model never learned "no relation". AW_train marks pairs that take part in one event (1) and pairs
that are only mentioned in the same sentence (0). A logistic regression over the same dependency
path features as the typing model (plus path length, distance and clause features) learns the
difference; its out-of-fold probabilities choose the threshold the analyzer shows relations above.

    python training/relations/train_related.py ../shared/data/plover/AW_train.tsv \\
        [--plv ../shared/data/plover/PLV_train.tsv]   # PLV positives added to the training folds

Writes src/claimscope/data/plover/related.npz + related_vocab.json and
training/relations/related_results.json (seed, folds, scores, the threshold).

Not shipped yet: out of fold on AW it separates related pairs well (F1 0.905 and macro-F1 0.819 at
0.5, against 0.854 and 0.427 for "always related"), but it scores the nominal relations that fill
political news ("the relationship between the Turkish state and the Islamic State", "called Turkey
an ally of ISIS") at 0.2-0.3, since AW's "related" means taking part in an ACE event. Its threshold
is to be chosen on annotated real news, not on AW.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from claimscope.analyzers.relations.model import related_features
from claimscope.evaluation.plover import parse_marked, read_tsv

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "src/claimscope/data/plover"
# the threshold is the lowest at which out-of-fold precision on AW reaches this. AW pairs are related
# three times in four; in real articles most pairs of actors in a sentence are not, so a precision
# that would do on AW would not on news: ask for much more than the target of 0.80 on real pages.
TARGET_PRECISION = 0.95


def featurize(nlp, rows):
    return [related_features(*parse_marked(nlp, r["marked_sentence"])) for r in rows]


def main(argv=None) -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score, precision_score, recall_score
    from sklearn.model_selection import StratifiedKFold

    from claimscope.pipeline import nlp as nlp_mod
    from train_plover import vectorize

    parser = argparse.ArgumentParser()
    parser.add_argument("tsv", type=Path)
    parser.add_argument("--plv", type=Path, default=None, help="PLV_train.tsv: its pairs as extra positives")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--c", type=float, default=1.0)
    parser.add_argument("--results", type=Path, default=ROOT / "training/relations/related_results.json")
    args = parser.parse_args(argv)
    t0 = time.time()
    nlp = nlp_mod.load()
    rows = read_tsv(args.tsv)
    labels = np.array([int(r["gold_binary"]) for r in rows])
    feats = featurize(nlp, rows)
    extra_feats, extra_labels = [], []
    if args.plv:
        extra_feats = featurize(nlp, read_tsv(args.plv))
        extra_labels = [1] * len(extra_feats)
    oof = np.zeros(len(rows))
    folds = StratifiedKFold(5, shuffle=True, random_state=args.seed)
    for train_idx, test_idx in folds.split(feats, labels):
        x_tr, vocab, idf = vectorize([feats[i] for i in train_idx] + extra_feats)
        x_te, _, _ = vectorize([feats[i] for i in test_idx], vocab, idf)
        clf = LogisticRegression(C=args.c, max_iter=3000, class_weight="balanced")
        clf.fit(x_tr, list(labels[train_idx]) + extra_labels)
        oof[test_idx] = clf.predict_proba(x_te)[:, 1]
    table = []
    for threshold in np.round(np.arange(0.3, 0.96, 0.05), 2):
        pred = (oof >= threshold).astype(int)
        table.append({"threshold": float(threshold), "precision": precision_score(labels, pred, zero_division=0),
                      "recall": recall_score(labels, pred), "f1": f1_score(labels, pred),
                      "macro_f1": f1_score(labels, pred, average="macro")})
    chosen = next((row for row in table if row["precision"] >= TARGET_PRECISION), table[-1])
    baseline = {"precision": labels.mean(), "f1": f1_score(labels, np.ones_like(labels)),
                "macro_f1": f1_score(labels, np.ones_like(labels), average="macro")}
    at_half = next(row for row in table if row["threshold"] == 0.5)
    print(f"always 'related': P {baseline['precision']:.3f}  F1 {baseline['f1']:.3f}  macro-F1 {baseline['macro_f1']:.3f}")
    for row in table:
        print(f"threshold {row['threshold']:.2f}: P {row['precision']:.3f}  R {row['recall']:.3f}  "
              f"F1 {row['f1']:.3f}  macro-F1 {row['macro_f1']:.3f}")
    print(f"chosen threshold {chosen['threshold']:.2f} (lowest with out-of-fold precision >= {TARGET_PRECISION})")
    x, vocab, idf = vectorize(feats + extra_feats)
    clf = LogisticRegression(C=args.c, max_iter=3000, class_weight="balanced").fit(x, list(labels) + extra_labels)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "related_vocab.json").write_text(json.dumps({"features": vocab}))
    np.savez_compressed(OUT / "related.npz", coef=clf.coef_[0].astype(np.float32),
                        intercept=np.float32(clf.intercept_[0]), idf=idf.astype(np.float32),
                        threshold=np.float32(chosen["threshold"]))
    args.results.write_text(json.dumps({
        "data": args.tsv.name, "extra_positives": args.plv.name if args.plv else None, "rows": len(rows),
        "seed": args.seed, "folds": 5, "C": args.c, "always_related": baseline, "at_0.5": at_half,
        "thresholds": table, "chosen": chosen, "seconds": round(time.time() - t0)}, indent=2, default=float))
    print(f"-> {OUT / 'related.npz'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
