"""Tune the span decoder on out-of-fold SI probabilities (from train.py --cv --save-oof).

Scores what the analyzer ships: runs of pieces over the threshold, runs closer than `gap`
pieces merged, runs shorter than `min_pieces` dropped, snapped to whole words, and lone
function words dropped. With --nested, the setting is chosen on the other folds' articles
and scored on each held-out fold, so the reported F1 is not inflated by the selection.

    python training/techniques/tune_decoder.py ../shared/data/ptc-train /tmp/oof.pkl --nested 3
"""
from __future__ import annotations

import argparse
import itertools
import json
import pickle
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

from claimscope.evaluation.ptc import read_si, score_si  # noqa: E402
from claimscope.analyzers.techniques.model import decode_spans, finish_span  # noqa: E402
from train import article_folds  # noqa: E402  (the folds of train.py --cv)

GRID = list(itertools.product((0.35, 0.4, 0.45, 0.5, 0.55, 0.6), (0, 1, 2, 3, 4), (1, 2)))


def decode(units, arts, threshold, gap, min_pieces):
    pred = defaultdict(list)
    for art, offsets, probs in units:
        inside = probs[:, 1] + probs[:, 2]
        for s, e in decode_spans(offsets, inside, threshold, gap=gap, min_pieces=min_pieces):
            span = finish_span(arts[art], s, e)
            if span:
                pred[art].append(span)
    return pred


def best_setting(units, arts, gold, log=False):
    results = []
    for setting in GRID:
        sc = score_si(decode(units, arts, *setting), gold)
        results.append((sc["f1"], setting, sc))
        if log:
            print(f"threshold {setting[0]} gap {setting[1]} min {setting[2]}: P {sc['precision']:.3f} "
                  f"R {sc['recall']:.3f} F1 {sc['f1']:.3f} ({sc['predicted']} spans)")
    return max(results, key=lambda r: r[0])


def nested_predictions(units, arts, gold, folds: int, seed: int, log=print):
    """Each fold's spans decoded with the setting that is best on the other folds."""
    fold_of = article_folds(arts, folds, seed)
    pred = defaultdict(list)
    for k in range(folds):
        inner = [u for u in units if fold_of[u[0]] != k]
        _, chosen, _ = best_setting(inner, arts, {a: v for a, v in gold.items() if fold_of[a] != k})
        fold_pred = decode([u for u in units if fold_of[u[0]] == k], arts, *chosen)
        pred.update(fold_pred)
        fold_f1 = score_si(fold_pred, {a: v for a, v in gold.items() if fold_of[a] == k})["f1"]
        log(f"fold {k + 1}: chose threshold {chosen[0]} gap {chosen[1]} min_pieces {chosen[2]}; F1 {fold_f1:.3f}")
    return pred


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("oof", type=Path)
    parser.add_argument("--nested", type=int, default=0, help="choose on the other folds, score on each fold")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, default=ROOT / "training/techniques/decoder.json",
                        help="where the chosen setting goes (train.py --export reads it)")
    args = parser.parse_args()
    arts = {p.stem.replace("article", ""): p.read_text(encoding="utf-8")
            for p in sorted((args.corpus / "articles").glob("*.txt"))}
    gold = {a: v for a, v in read_si(args.corpus / "train-SI.labels").items() if a in arts}
    units = pickle.loads(args.oof.read_bytes())
    f1, setting, sc = best_setting(units, arts, gold, log=True)
    print(f"best on all folds: threshold {setting[0]} gap {setting[1]} min_pieces {setting[2]} -> "
          f"F1 {f1:.4f} (P {sc['precision']:.3f} R {sc['recall']:.3f})")
    chosen_all = {"threshold": setting[0], "gap": setting[1], "min_pieces": setting[2],
                  "precision": round(sc["precision"], 4), "recall": round(sc["recall"], 4), "f1": round(f1, 4)}
    if args.nested:
        sc = score_si(nested_predictions(units, arts, gold, args.nested, args.seed), gold)
        print(f"nested: F1 {sc['f1']:.4f} (P {sc['precision']:.3f} R {sc['recall']:.3f})")
        chosen_all["nested"] = {k: round(sc[k], 4) for k in ("precision", "recall", "f1")}
    args.out.write_text(json.dumps(chosen_all, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
