"""Per-fold figures of a cross-validation run, for the spread between folds: technique classification
with C chosen on the other folds, span identification with the decoder chosen on the other folds.

    python training/techniques/fold_spread.py ../shared/data/ptc-train VECTORS.pkl OOF.pkl --seed 29

VECTORS and OOF are what train.py --cv writes with --save-vectors and --save-oof; --seed is the seed
of that run (it decides the folds).
"""
from __future__ import annotations

import argparse
import pickle
import statistics
from pathlib import Path

import fit_head
import tune_decoder
from claimscope.evaluation.ptc import read_si, score_si, score_tc


def tc_by_fold(data: dict) -> list[float]:
    runs = {c: fit_head.out_of_fold(data, c) for c in fit_head.C_GRID}
    folds = len(data["vectors"])
    out = []
    for k in range(folds):
        def others(c):
            rows = [runs[c][3][j] for j in range(folds) if j != k]
            return score_tc([p for r in rows for p in r[0]], [g for r in rows for g in r[1]])["micro_f1"]
        out.append(score_tc(*runs[max(fit_head.C_GRID, key=others)][3][k])["micro_f1"])
    return out


def si_by_fold(corpus: Path, units: list, folds: int, seed: int) -> list[float]:
    arts = {p.stem.replace("article", ""): p.read_text(encoding="utf-8")
            for p in sorted((corpus / "articles").glob("*.txt"))}
    gold = {a: v for a, v in read_si(corpus / "train-SI.labels").items() if a in arts}
    fold_of = tune_decoder.article_folds(arts, folds, seed)
    out = []
    for k in range(folds):
        inner = [u for u in units if fold_of[u[0]] != k]
        _, chosen, _ = tune_decoder.best_setting(inner, arts, {a: v for a, v in gold.items() if fold_of[a] != k})
        predicted = tune_decoder.decode([u for u in units if fold_of[u[0]] == k], arts, *chosen)
        out.append(score_si(predicted, {a: v for a, v in gold.items() if fold_of[a] == k})["f1"])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("vectors", type=Path)
    parser.add_argument("oof", type=Path)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    data = pickle.loads(args.vectors.read_bytes())
    for name, values in (("TC", tc_by_fold(data)),
                         ("SI", si_by_fold(args.corpus, pickle.loads(args.oof.read_bytes()), len(data["vectors"]),
                                           args.seed))):
        print(f"{name} by fold {[round(v, 3) for v in values]} mean {statistics.mean(values):.3f} "
              f"sd {statistics.stdev(values):.3f}")


if __name__ == "__main__":
    main()
