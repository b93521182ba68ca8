"""Tune the span decoder on out-of-fold SI probabilities (from train.py --cv --save-oof).

Scores what the analyzer ships: runs of pieces over the threshold, runs closer than `gap`
pieces merged, runs shorter than `min_pieces` dropped, snapped to whole words, and lone
function words dropped.

    python training/techniques/tune_decoder.py ../shared/data/ptc-train /tmp/oof.pkl
"""
from __future__ import annotations

import argparse
import pickle
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from claimscope.evaluation.ptc import read_si, score_si  # noqa: E402
from claimscope.techniques_model import decode_spans, finish_span  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("oof", type=Path)
    args = parser.parse_args()
    arts = {p.stem.replace("article", ""): p.read_text(encoding="utf-8")
            for p in sorted((args.corpus / "articles").glob("*.txt"))}
    gold = read_si(args.corpus / "train-SI.labels")
    units = pickle.loads(args.oof.read_bytes())
    results = []
    for threshold in (0.4, 0.45, 0.5, 0.55, 0.6):
        for gap in (0, 1, 2, 3):
            for min_pieces in (1, 2):
                pred = defaultdict(list)
                for art, offsets, probs in units:
                    inside = probs[:, 1] + probs[:, 2]
                    for s, e in decode_spans(offsets, inside, threshold, gap=gap, min_pieces=min_pieces):
                        span = finish_span(arts[art], s, e)
                        if span:
                            pred[art].append(span)
                sc = score_si(pred, {a: v for a, v in gold.items() if a in arts})
                results.append((sc["f1"], threshold, gap, min_pieces, sc["precision"], sc["recall"], sc["predicted"]))
                print(f"threshold {threshold} gap {gap} min {min_pieces}: P {sc['precision']:.3f} "
                      f"R {sc['recall']:.3f} F1 {sc['f1']:.3f} ({sc['predicted']} spans)")
    best = max(results)
    print(f"best: threshold {best[1]} gap {best[2]} min_pieces {best[3]} -> F1 {best[0]:.4f} "
          f"(P {best[4]:.3f} R {best[5]:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
