"""Cross-validated attribution figures on PolNeAR train: the mean and spread over the folds that
``evaluate_tagger.py --holdout 0.2 --fold K --out FILE`` scored, each with the model
``train_tagger.py --holdout 0.2 --fold K`` trained on the other folds.

    for k in 0 1 2 3 4; do
      python training/attributions/train_tagger.py ../shared/data/polnear/train --holdout 0.2 --fold $k --out /tmp/fold$k.npz
      .venv/bin/python training/attributions/evaluate_tagger.py ../shared/data/polnear/train --holdout 0.2 --fold $k \\
          --model /tmp/fold$k.npz --out training/attributions/cv/fold$k.json
    done
    python training/attributions/cv_summary.py training/attributions/cv/fold*.json   # writes tagger_cv.json

Needs nothing beyond the standard library.
"""
from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "tagger_cv.json"
MEASURES = ("content_f1", "source_accuracy", "cue_accuracy", "e2e_f1")


def summarise(folds: list[dict]) -> dict:
    out = {"folds": [f["fold"] for f in folds], "articles": sum(f["articles"] for f in folds), "scores": {}}
    for how in folds[0]["scores"]:
        out["scores"][how] = {}
        for measure in MEASURES:
            values = [f["scores"][how][measure] for f in folds]
            out["scores"][how][measure] = {"mean": round(statistics.mean(values), 4),
                                           "sd": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0,
                                           "by_fold": [round(v, 4) for v in values]}
    return out


def main(argv: list[str]) -> int:
    if not argv:
        sys.exit(__doc__)
    folds = sorted((json.loads(Path(p).read_text()) for p in argv), key=lambda f: f["fold"])
    summary = summarise(folds)
    print(f"{len(folds)} folds ({summary['articles']} articles held out in all)")
    print(f"{'combine':<14} " + "  ".join(f"{m:<18}" for m in MEASURES))
    for how, scores in summary["scores"].items():
        print(f"{how:<14} " + "  ".join(f"{scores[m]['mean']:.3f} ± {scores[m]['sd']:.3f}     " for m in MEASURES))
    OUT.write_text(json.dumps(summary, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
