"""How much of a pair's type to take from the linear model beside the fine-tuned typer, chosen on
held-out folds.

    python training/relations/finetune_typer.py ../shared/data/plover/PLV_train.tsv --cv 5 --lora 16 \\
        --lr 5e-4 --save-oof /tmp/typer_oof.npy
    .venv/bin/python training/relations/typer_weight.py ../shared/data/plover/PLV_train.tsv /tmp/typer_oof.npy

The linear model is fitted on four folds and types the fifth (stratified, seed 7, C 30, the typer's
folds). Printed: macro-F1 of the weighted mean for each weight over all folds, and the nested figure,
where each fold is typed with the weight that was best on the other four (the honest one).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_plover import classifier, vectorize  # noqa: E402

from claimscope.analyzers.relations.model import features  # noqa: E402
from claimscope.evaluation.plover import parse_marked, read_tsv  # noqa: E402

WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)


def linear_oof(tsv: Path, classes: list[str]):
    """The linear model's out-of-fold probabilities (columns in ``classes`` order) and each row's fold."""
    from sklearn.model_selection import StratifiedKFold

    from claimscope.pipeline import nlp as nlp_mod

    nlp = nlp_mod.load()
    rows = read_tsv(tsv)
    feats = [features(*parse_marked(nlp, r["marked_sentence"])) for r in rows]
    labels = [r["gold_root"] for r in rows]
    probs, fold = np.zeros((len(rows), len(classes))), np.zeros(len(rows), int)
    for k, (tr, te) in enumerate(StratifiedKFold(5, shuffle=True, random_state=7).split(feats, labels)):
        x_tr, vocab, idf = vectorize([feats[i] for i in tr])
        x_te, _, _ = vectorize([feats[i] for i in te], vocab, idf)
        clf = classifier(30.0).fit(x_tr, [labels[i] for i in tr])
        probs[te] = clf.predict_proba(x_te)[:, [list(clf.classes_).index(c) for c in classes]]
        fold[te] = k
    return probs, fold, labels


def main(argv=None) -> int:
    from sklearn.metrics import f1_score

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tsv", type=Path)
    parser.add_argument("typer_oof", type=Path, nargs="+",
                        help="finetune_typer.py --cv 5 --save-oof (columns in sorted type order); several are averaged")
    args = parser.parse_args(argv)
    typer = np.mean([np.load(p) for p in args.typer_oof], axis=0)
    classes = sorted({r["gold_root"] for r in read_tsv(args.tsv)})
    linear, fold, labels = linear_oof(args.tsv, classes)
    y = np.array([classes.index(label) for label in labels])

    def predict(w, idx):
        return (w * linear[idx] + (1 - w) * typer[idx]).argmax(1)

    def f1(w, idx):
        return f1_score(y[idx], predict(w, idx), average="macro")

    everything = np.arange(len(y))
    for w in WEIGHTS:
        print(f"linear weight {w:.1f}: macro-F1 {f1(w, everything):.4f}, accuracy {(predict(w, everything) == y).mean():.4f}")
    nested = np.zeros(len(y), int)
    for k in range(5):
        inner, outer = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        w = max(WEIGHTS, key=lambda w: f1(w, inner))
        nested[outer] = predict(w, outer)
        print(f"fold {k}: weight {w} chosen on the other folds")
    print(f"nested: macro-F1 {f1_score(y, nested, average='macro'):.4f}, accuracy {(nested == y).mean():.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
