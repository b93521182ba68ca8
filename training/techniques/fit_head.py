"""Choose the technique-classification head on the span vectors saved by a CV run.

    python training/techniques/train.py ../shared/data/ptc-train --cv 3 --save-vectors /tmp/vectors.pkl
    python training/techniques/fit_head.py /tmp/vectors.pkl

Each fold's head is fitted on the other folds' articles (with that fold's fine-tuned encoder's
vectors) and scored on the held-out articles. The regularisation C with the best micro-F1 is kept;
its out-of-fold logits give the temperature that calibrates the shipped probabilities. Because C is
chosen on the same folds, the script also scores each fold with the C that did best on the other
folds (the "cross-fold" figure, free of that choice). The TC part of the CV results
(training/techniques/cv_results.json) is rewritten with these figures.
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent

import train as T  # noqa: E402
from claimscope.evaluation.ptc import score_tc  # noqa: E402

C_GRID = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)


def out_of_fold(data, c: float):
    items, fold_of = data["items"], data["fold_of"]
    pred, gold, logits, labels = [], [], [], []
    per_fold = []
    for k, fold_vecs in enumerate(data["vectors"]):
        vecs = {id(it): v for it, v in zip(items, fold_vecs)}
        train_rows = [it for it in items if fold_of[it["art"]] != k]
        test_rows = [it for it in items if fold_of[it["art"]] == k]
        head = T.StackedHead(c).fit(train_rows, vecs)
        z = head.logits(test_rows, vecs)
        pred += T.tc_predictions(test_rows, {id(it): p for it, p in zip(test_rows, T.softmax(z))})
        gold += T.gold_of(test_rows)
        per_fold.append((pred[-len(test_rows):], gold[-len(test_rows):]))
        logits.append(z)
        labels += [it["label"] for it in test_rows]
    return score_tc(pred, gold), np.concatenate(logits), labels, per_fold


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("vectors", type=Path)
    parser.add_argument("--results", type=Path, default=HERE / "cv_results.json")
    args = parser.parse_args()
    data = pickle.loads(args.vectors.read_bytes())
    runs = {}
    for c in C_GRID:
        runs[c] = out_of_fold(data, c)
        print(f"C {c}: TC micro-F1 {runs[c][0]['micro_f1']:.4f}", flush=True)
    best = max(runs, key=lambda c: runs[c][0]["micro_f1"])
    scores, logits, labels, _ = runs[best]
    cross_pred, cross_gold = [], []
    for k in range(len(data["vectors"])):
        def others(c, k=k):
            rows = [runs[c][3][j] for j in range(len(data["vectors"])) if j != k]
            return score_tc([p for r in rows for p in r[0]], [g for r in rows for g in r[1]])["micro_f1"]
        chosen = max(C_GRID, key=others)
        cross_pred += runs[chosen][3][k][0]
        cross_gold += runs[chosen][3][k][1]
        print(f"fold {k + 1}: C {chosen} chosen on the other folds; micro-F1 {score_tc(*runs[chosen][3][k])['micro_f1']:.3f}")
    cross = score_tc(cross_pred, cross_gold)["micro_f1"]
    print(f"cross-fold (C chosen without the scored fold): TC micro-F1 {cross:.4f}")
    calibrated = T.calibration(logits, labels)
    scores.update({"C": best, "micro_f1_cross_fold_C": cross, "C_grid": {str(c): runs[c][0]["micro_f1"] for c in C_GRID},
                   **calibrated})
    before, after = calibrated["log_loss"].values()
    print(f"chosen C {best}: micro-F1 {scores['micro_f1']:.4f}; temperature {calibrated['temperature']:.2f} "
          f"(log-loss {before:.3f} -> {after:.3f})")
    results = json.loads(args.results.read_text()) if args.results.exists() else {}
    results["tc"] = scores
    args.results.write_text(json.dumps(results, indent=2))
    print(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
