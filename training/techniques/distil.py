"""Distil a teacher's technique probabilities into the shipped MiniLM, on one held-out fold.

    python training/techniques/unlabelled_spans.py ../shared/data/polnear/train/text --out U.jsonl
    python training/techniques/teacher.py ../shared/data/ptc-train --base DIR --seed 29 --fold 0 \\
        --out T.json --unlabelled U.jsonl --save-soft S.pkl
    python training/techniques/distil.py ../shared/data/ptc-train --soft S.pkl [--unlabelled U.jsonl] \\
        --seed 29 --fold 0 --out D.json --save-probs D.pkl

The student is MiniLM-L6 fine-tuned for technique classification alone, as teacher.py --base minilm
does, but each training span learns from its gold label and from the teacher's probabilities
(distil_loss in train.py, weight --alpha on the gold label); with --unlabelled, the teacher-labelled
spans on news join the training side. The teacher saw only this fold's training articles, so the
held-out figure is honest. The shipped stacked head is then fitted on the student's vectors of the
gold training spans and scores the held-out ones (ensemble_table.py takes --save-probs).
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

import train as T  # noqa: E402
from teacher import C_GRID, unlabelled_items  # noqa: E402
from claimscope.evaluation.ptc import score_tc  # noqa: E402


def mean_soft(paths: list[Path]) -> dict:
    """(article, span) -> the mean of the given teachers' probabilities, over those that have it."""
    tables = [pickle.loads(p.read_bytes()) for p in paths]
    keys = set().union(*tables)
    return {k: np.mean([t[k] for t in tables if k in t], axis=0) for k in keys}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--soft", type=Path, action="append", default=[],
                        help="teacher.py --save-soft (repeat to average); not needed with --alpha 1")
    parser.add_argument("--unlabelled", type=Path, default=None, help="the unlabelled spans the teacher labelled")
    parser.add_argument("--alpha", type=float, default=0.5, help="weight of the gold label against the teacher")
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--fold", type=int, default=0)
    parser.add_argument("--seed", type=int, default=29)
    parser.add_argument("--init", type=int, default=0, help="another initialisation on the same folds (its seed + 1000 x this)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--lora", type=int, default=0, help="train low-rank adapters of this rank only (lr 5e-4 suits them)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--save-probs", type=Path, default=None)
    args = parser.parse_args(argv)
    from transformers import AutoTokenizer

    base = T.base_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    arts, _si, tc = T.load_corpus(args.corpus)
    fold_of = T.article_folds(arts, args.folds, args.seed)
    items = T.build_tc(arts, tc, tokenizer)
    if not args.soft and (args.alpha < 1 or args.unlabelled):
        parser.error("--soft is needed unless --alpha is 1 (gold labels alone)")
    soft = mean_soft(args.soft) if args.soft else {}
    train_rows = [t for t in items if fold_of[t["art"]] != args.fold]
    test_rows = [t for t in items if fold_of[t["art"]] == args.fold]
    unused = np.full(len(T.TECHNIQUES), 1.0 / len(T.TECHNIQUES))  # alpha 1: the soft labels weigh nothing
    for t in train_rows:
        t["soft"] = soft[(t["art"], t["span"])] if args.soft else unused
    extra = [t for t in unlabelled_items(args.unlabelled, tokenizer) if (t["art"], t["span"]) in soft] \
        if args.unlabelled else []
    for t in extra:
        t["soft"] = soft[(t["art"], t["span"])]
    t0 = time.time()
    model = T.train([], train_rows + extra, args.epochs, args.seed + args.fold + 1000 * args.init, base=base, alpha=args.alpha,
                    lr=args.lr, lora_rank=args.lora)
    train_s = time.time() - t0
    vecs = T.span_vectors(model, items)
    scores = {}
    for c in C_GRID:
        probs = T.softmax(T.StackedHead(c).fit(train_rows, vecs).logits(test_rows, vecs))
        pred = T.tc_predictions(test_rows, {id(t): p for t, p in zip(test_rows, probs)})
        scores[c] = score_tc(pred, T.gold_of(test_rows))["micro_f1"]
        print(f"C {c}: TC micro-F1 {scores[c]:.4f}", flush=True)
    result = {"soft": [str(p) for p in args.soft], "unlabelled_spans": len(extra), "alpha": args.alpha,
              "lr": args.lr, "lora_rank": args.lora,
              "seed": args.seed, "init": args.init, "fold": args.fold, "folds": args.folds, "epochs": args.epochs,
              "train_spans": len(train_rows), "test_spans": len(test_rows), "train_seconds": round(train_s),
              "tc_micro_f1_by_C": {str(c): round(v, 4) for c, v in scores.items()}}
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    if args.save_probs:
        probs = T.softmax(T.StackedHead(0.01).fit(train_rows, vecs).logits(test_rows, vecs))
        args.save_probs.write_bytes(pickle.dumps([(t["art"], t["span"], t["label"], p) for t, p in zip(test_rows, probs)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
