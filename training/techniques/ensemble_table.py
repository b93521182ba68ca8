"""Technique classification on one held-out fold: the shipped model, other encoders, and their means.

    python training/techniques/train.py ../shared/data/ptc-train --cv 3 --seed 29 --save-vectors V ...
    python training/techniques/teacher.py ../shared/data/ptc-train --base DIR --seed 29 --fold 0 \
        --out T.json --save-probs T.pkl
    python training/techniques/ensemble_table.py V --fold 0 --probs mpnet=T.pkl [--probs minilm_tc=M.pkl]

The shipped row refits the shipped stacked head (C 0.01) on the fold's training articles over the span
vectors that train.py saved for that fold; each --probs file holds another model's probabilities for
the same held-out spans (teacher.py --save-probs, same seed and fold). Printed: micro-F1 of each model
alone and of the mean of every pair's probabilities. The seed must be the one of train.py's run, so
that the folds are the same.
"""
from __future__ import annotations

import argparse
import itertools
import pickle
import sys
from pathlib import Path

import numpy as np

import train as T  # noqa: E402
from teacher import soft_labels  # noqa: E402
from claimscope.evaluation.ptc import score_tc  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("vectors", type=Path, help="train.py --save-vectors output")
    parser.add_argument("--fold", type=int, default=0)
    parser.add_argument("--probs", action="append", default=[], help="name=path of teacher.py --save-probs output")
    parser.add_argument("--save-soft", type=Path, default=None,
                        help="pickle the shipped model's soft labels of the fold's training spans here (for distil.py)")
    parser.add_argument("--seed", type=int, default=29, help="of the inner folds of --save-soft")
    parser.add_argument("--in-sample", action="store_true", help="--save-soft from the head fitted on all training spans")
    args = parser.parse_args(argv)
    data = pickle.loads(args.vectors.read_bytes())
    items, fold_of = data["items"], data["fold_of"]
    vecs = {id(it): v for it, v in zip(items, data["vectors"][args.fold])}
    train_rows = [it for it in items if fold_of[it["art"]] != args.fold]
    test_rows = [it for it in items if fold_of[it["art"]] == args.fold]
    if args.save_soft:
        args.save_soft.write_bytes(pickle.dumps(soft_labels(train_rows, [], vecs, args.seed, cross_fit=not args.in_sample)))
    models = {"shipped": T.softmax(T.StackedHead(0.01).fit(train_rows, vecs).logits(test_rows, vecs))}
    for spec in args.probs:
        name, path = spec.split("=", 1)
        rows = {(a, tuple(span), label): p for a, span, label, p in pickle.loads(Path(path).read_bytes())}
        models[name] = np.stack([rows[(it["art"], tuple(it["span"]), it["label"])] for it in test_rows])
    gold = T.gold_of(test_rows)

    def f1(probs) -> float:
        pred = T.tc_predictions(test_rows, {id(t): p for t, p in zip(test_rows, probs)})
        return score_tc(pred, gold)["micro_f1"]

    print(f"fold {args.fold}: {len(test_rows)} held-out spans")
    for name, probs in models.items():
        print(f"  {name:24s} {f1(probs):.4f}")
    for a, b in itertools.combinations(models, 2):
        print(f"  mean of {a} and {b}: {f1((models[a] + models[b]) / 2):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
