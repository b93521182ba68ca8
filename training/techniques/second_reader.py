"""The second technique reader: low-rank adapters on the package's MiniLM, trained for technique
classification alone, whose probabilities the analyzer averages with the shipped model's.

    python training/techniques/distil.py ../shared/data/ptc-train --alpha 1 --lora 16 --lr 5e-4 \\
        --seed 29 --fold K --out D.json --save-probs D.pkl                  # held-out fold K, as measured
    python training/techniques/ensemble_table.py V29 --fold K --probs lora=D.pkl   # alone and averaged
    python training/techniques/second_reader.py ../shared/data/ptc-train   # train on all, write the file

Because the base stays frozen, the adapters read the spans differently from the fully fine-tuned
shipped encoder, and the mean of the two heads' probabilities is right more often than either (README,
"A second reader"). The file holds the adapters (int8 rows), the LayerNorms and the reader's own stacked
head (the shipped head's recipe, C 0.01, over this encoder's span vectors); its tf-idf vocabulary is the
shipped head's (the same spans, the same rule), so only the weights are stored. About a megabyte.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

import train as T  # noqa: E402

RANK, LR, EPOCHS = 16, 5e-4, 3
OUT = T.OUT / "reader2.npz"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--seed", type=int, default=13, help="the shipped model's seed")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(T.ROOT / "training"))
    from lora import adapter_arrays, int8_rows
    from transformers import AutoTokenizer

    base = T.base_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    arts, _si, tc = T.load_corpus(args.corpus)
    items = T.build_tc(arts, tc, tokenizer)
    t0 = time.time()
    model = T.train([], items, EPOCHS, args.seed, base=base, lr=LR, lora_rank=RANK)
    head = T.StackedHead(0.01).fit(items, T.span_vectors(model, items))
    shipped_terms = json.loads((T.OUT / "tc_vocab.json").read_text(encoding="utf-8"))
    if head.terms != shipped_terms:
        raise SystemExit("the reader's tf-idf vocabulary differs from the shipped head's: retrain both on one corpus")
    arrays = head.arrays()
    np.savez_compressed(
        args.out, **int8_rows(adapter_arrays(model.encoder, model.adapted, RANK, 2 * RANK)),
        w_dense=arrays["w_dense"], w_sparse=arrays["w_sparse"].astype(np.float16), bias=arrays["bias"],
        mean=arrays["mean"], scale=arrays["scale"], seed=np.array(args.seed))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB; training {time.time() - t0:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
