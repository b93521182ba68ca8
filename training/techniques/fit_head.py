"""Choose the technique-classification head on the span vectors saved by a CV run.

    python training/techniques/train.py ../shared/data/ptc-train --cv 3 --save-vectors /tmp/vectors.pkl
    python training/techniques/fit_head.py ../shared/data/ptc-train /tmp/vectors.pkl

Each fold's head is fitted on the other folds' articles (with that fold's fine-tuned encoder's
vectors) and scored on the held-out articles. The regularisation C with the best micro-F1 is kept;
its out-of-fold logits give the temperature that calibrates the shipped probabilities. The TC
part of the CV results (training/techniques/cv_results.json) is rewritten with these figures.
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "src"))

import train as T  # noqa: E402
from claimscope.evaluation.ptc import score_tc  # noqa: E402

C_GRID = (0.03, 0.1, 0.3, 1.0)


def out_of_fold(data, c: float):
    items, fold_of = data["items"], data["fold_of"]
    pred, gold, logits, labels = [], [], [], []
    for k, fold_vecs in enumerate(data["vectors"]):
        vecs = {id(it): v for it, v in zip(items, fold_vecs)}
        train_rows = [it for it in items if fold_of[it["art"]] != k]
        test_rows = [it for it in items if fold_of[it["art"]] == k]
        head = T.StackedHead(c).fit(train_rows, vecs)
        z = head.logits(test_rows, vecs)
        pred += T.tc_predictions(test_rows, {id(it): p for it, p in zip(test_rows, T.softmax(z))})
        gold += T.gold_of(test_rows)
        logits.append(z)
        labels += [it["label"] for it in test_rows]
    return score_tc(pred, gold), np.concatenate(logits), labels


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path, help="only for symmetry with the other scripts")
    parser.add_argument("vectors", type=Path)
    parser.add_argument("--results", type=Path, default=HERE / "cv_results.json")
    args = parser.parse_args()
    data = pickle.loads(args.vectors.read_bytes())
    runs = {}
    for c in C_GRID:
        scores, logits, labels = out_of_fold(data, c)
        runs[c] = (scores, logits, labels)
        print(f"C {c}: TC micro-F1 {scores['micro_f1']:.4f}", flush=True)
    best = max(runs, key=lambda c: runs[c][0]["micro_f1"])
    scores, logits, labels = runs[best]
    temperature = T.fit_temperature(logits, labels)
    nll = {t: float(-np.log(T.softmax(logits / t)[np.arange(len(labels)), labels] + 1e-12).mean())
           for t in (1.0, temperature)}
    scores.update({"C": best, "C_grid": {str(c): runs[c][0]["micro_f1"] for c in C_GRID},
                   "temperature": temperature, "log_loss": {str(t): v for t, v in nll.items()}})
    print(f"chosen C {best}: micro-F1 {scores['micro_f1']:.4f}; temperature {temperature:.2f} "
          f"(log-loss {nll[1.0]:.3f} -> {nll[temperature]:.3f})")
    results = json.loads(args.results.read_text()) if args.results.exists() else {}
    results["tc"] = scores
    args.results.write_text(json.dumps(results, indent=2))
    print(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
