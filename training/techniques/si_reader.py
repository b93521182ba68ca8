"""Would the second reader help span identification too? Train it on both tasks on one held-out fold.

    python training/techniques/si_reader.py ../shared/data/ptc-train --seed 29 --fold K --out-dir D
    python training/techniques/si_reader.py ../shared/data/ptc-train --combine D --oof O29 --seed 29

Per fold: low-rank adapters (as second_reader.py) trained for span identification (B/I/O tags of every
sentence) and technique classification together, as train.py trains the shipped encoder, on the fold's
training articles; written: the held-out sentences' inside-probabilities (train.py --save-oof format)
and the held-out spans' technique probabilities (ensemble_table.py --probs format). --combine averages
the held-out SI probabilities with the shipped recipe's (O29: train.py --cv 3 --seed 29 --save-oof,
the same folds) and scores them with the shipped span decoder (and, once every fold is run, with the
decoder chosen on the other folds, as tune_decoder.py --nested), for the reader alone, the shipped
model alone and their mean.
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path

import train as T  # noqa: E402
from second_reader import LR, RANK  # noqa: E402
from claimscope.evaluation.ptc import read_si, score_si  # noqa: E402


def run_fold(args) -> None:
    from transformers import AutoTokenizer

    base = T.base_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    arts, si, tc = T.load_corpus(args.corpus)
    fold_of = T.article_folds(arts, 3, args.seed)
    units = T.build_units(arts, si, tokenizer)
    items = T.build_tc(arts, tc, tokenizer)
    tr_u = [u for u in units if fold_of[u["art"]] != args.fold]
    te_u = [u for u in units if fold_of[u["art"]] == args.fold]
    tr_t = [t for t in items if fold_of[t["art"]] != args.fold]
    te_t = [t for t in items if fold_of[t["art"]] == args.fold]
    t0 = time.time()
    model = T.train(tr_u, tr_t, args.epochs, args.seed + args.fold, base=base, lr=LR, lora_rank=RANK)
    seconds = time.time() - t0
    probs = T.predict_si_probs(model, te_u)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / f"si_f{args.fold}.pkl").write_bytes(
        pickle.dumps([(u["art"], u["offsets"], probs[id(u)]) for u in te_u]))
    vecs = T.span_vectors(model, items)
    tc_probs = T.softmax(T.StackedHead(0.01).fit(tr_t, vecs).logits(te_t, vecs))
    (args.out_dir / f"tc_f{args.fold}.pkl").write_bytes(
        pickle.dumps([(t["art"], t["span"], t["label"], p) for t, p in zip(te_t, tc_probs)]))
    print(json.dumps({"fold": args.fold, "train_seconds": round(seconds), "test_units": len(te_u)}))


def combine(args) -> None:
    import tune_decoder as D

    arts, _si, _tc = T.load_corpus(args.corpus)
    gold = read_si(next(args.corpus.glob("*-SI.labels")))
    shipped = {(a, tuple(map(tuple, o))): p for a, o, p in pickle.loads(args.oof.read_bytes())}
    reader = {}
    for path in sorted(args.combine.glob("si_f*.pkl")):
        reader.update({(a, tuple(map(tuple, o))): p for a, o, p in pickle.loads(path.read_bytes())})
    keys = [k for k in shipped if k in reader]
    print(f"{len(keys)} sentences read by both ({len(shipped)} shipped, {len(reader)} reader)")
    tables = {"shipped": shipped, "reader": reader,
              "mean": {k: (shipped[k] + reader[k]) / 2 for k in keys}}
    read = {a for a, _ in keys}  # the held-out folds the reader was run on
    gold = {a: v for a, v in gold.items() if a in read}
    shipped_decoder = json.loads((T.ROOT / "training/techniques/decoder.json").read_text())
    setting = [shipped_decoder[k] for k in ("threshold", "gap", "min_pieces")]
    all_folds = len({fold for a, fold in T.article_folds(arts, 3, args.seed).items() if a in read}) == 3
    for name, table in tables.items():
        units = [(a, list(o), table[(a, o)]) for a, o in keys]
        fixed = score_si(D.decode(units, arts, *setting), gold)["f1"]
        line = f"{name:8s} SI F1 with the shipped decoder {setting}: {fixed:.4f}"
        if all_folds:  # the decoder chosen on the other folds, as tune_decoder.py --nested
            line += f"; nested {score_si(D.nested_predictions(units, arts, gold, 3, args.seed, log=lambda *_: None), gold)['f1']:.4f}"
        print(line, flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--seed", type=int, default=29)
    parser.add_argument("--fold", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--out-dir", type=Path, default=Path("/tmp/si_reader"))
    parser.add_argument("--combine", type=Path, default=None, help="a folder of this script's fold outputs")
    parser.add_argument("--oof", type=Path, default=None, help="the shipped recipe's train.py --save-oof of the same seed")
    args = parser.parse_args(argv)
    if args.combine:
        combine(args)
    else:
        run_fold(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
