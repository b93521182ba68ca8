"""Fine-tune MiniLM to tell check-worthy sentences (ClaimBuster), as low-rank adapters.

The encoder is the package's MiniLM with adapters (``training/lora.py``: rank ``RANK``, the
LayerNorms trained too) and a logistic head on the mean of its token states; the model file holds
the adapters, the LayerNorms and the head (about 1.3 MB), and the analyzer merges them into the
package's weights and quantizes the graph to int8, as for the attribution tagger.

    python training/checkworthiness/finetune.py ../shared/data/checkworthiness --fold K   # K = 0..4
    python training/checkworthiness/finetune.py ../shared/data/checkworthiness --export

``--fold K`` trains on the other four of train.py's five stratified folds (seed 13) and writes the
held-out sentences' probabilities (``training/checkworthiness/oof/foldK.json``); ``train.py`` reads
them to choose, inside the folds, how the fine-tuned model and the tf-idf model are combined.
``--export`` trains on all of train and writes ``src/claimscope/data/checkworthiness/encoder.npz``.
Needs torch and transformers (a separate environment).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "training"), str(Path(__file__).parent)]
from lora import adapted_encoder, base_dir, fit, save  # noqa: E402
from train import SEED, folds, read  # noqa: E402  (the seed, the data reader and the five folds)

from claimscope.matching.encoder import MAX_TOKENS  # noqa: E402  (the analyzer's limit)

OUT = ROOT / "src/claimscope/data/checkworthiness/encoder.npz"
OOF = Path(__file__).parent / "oof"
EPOCHS, LR, BATCH, RANK, ALPHA = 2, 5e-4, 16, 16, 32


def build():
    import torch

    class Classifier(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.enc, self.adapted = adapted_encoder(RANK, ALPHA)
            self.drop = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(384, 1)

        def forward(self, ids, mask):
            hidden = self.enc(input_ids=ids, attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).float()
            pooled = (hidden * m).sum(1) / m.sum(1)  # the mean of the real tokens, as the analyzer pools
            return self.head(self.drop(pooled)).squeeze(-1)
    return Classifier()


def encode(tokenizer, texts: list[str]) -> list[list[int]]:
    tokenizer.enable_truncation(MAX_TOKENS)  # as the analyzer's encoder reads them
    tokenizer.no_padding()
    return [e.ids for e in tokenizer.encode_batch(texts)]


def batches(ids: list[list[int]], order: list[int], labels=None):
    import torch
    for k in range(0, len(order), BATCH):
        chunk = order[k:k + BATCH]
        n = max(len(ids[i]) for i in chunk)
        x = torch.zeros((len(chunk), n), dtype=torch.long)
        mask = torch.zeros_like(x)
        for j, i in enumerate(chunk):
            x[j, :len(ids[i])] = torch.tensor(ids[i])
            mask[j, :len(ids[i])] = 1
        yield x, mask, (None if labels is None else torch.tensor(labels[chunk], dtype=torch.float32))


def bucketed(order: list[int], ids) -> list[int]:
    """A shuffled order in which each run of 50 batches is sorted by length, then the batches
    shuffled: batches pad little, and their order stays random."""
    random.shuffle(order)
    span = 50 * BATCH
    out = []
    for k in range(0, len(order), span):
        part = sorted(order[k:k + span], key=lambda i: len(ids[i]))
        out += [part[j:j + BATCH] for j in range(0, len(part), BATCH)]
    random.shuffle(out)
    return [i for batch in out for i in batch]


def train(ids, y, epochs: int = EPOCHS):
    import torch
    torch.manual_seed(SEED)
    random.seed(SEED)
    net = build()
    order = list(range(len(ids)))

    def epoch_batches():
        for x, mask, target in batches(ids, bucketed(order, ids), y):
            yield (x, mask), target

    def loss(net, inputs, target):
        return torch.nn.functional.binary_cross_entropy_with_logits(net(*inputs), target)
    return fit(net, epochs, (len(ids) + BATCH - 1) // BATCH, epoch_batches, loss, LR, log_every=200)


def probabilities(net, ids) -> np.ndarray:
    import torch
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))  # short with short: less padding
    out = np.zeros(len(ids))
    with torch.no_grad():
        for k, (x, mask, _) in zip(range(0, len(order), BATCH), batches(ids, order)):
            out[order[k:k + BATCH]] = torch.sigmoid(net(x, mask)).numpy()
    return out


def export(net, path: Path) -> None:
    save(path, net, RANK, ALPHA, net.head.weight.detach().numpy()[0])


def main(argv=None) -> int:
    import torch
    from sklearn.metrics import f1_score
    from tokenizers import Tokenizer

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--fold", type=int)
    parser.add_argument("--export", action="store_true")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    if (args.fold is None) == (not args.export):
        parser.error("give --fold K or --export")
    torch.set_num_threads(args.threads)
    tokenizer = Tokenizer.from_file(str(base_dir() / "tokenizer.json"))
    sids, texts, y = read(args.data / "train.tsv")
    ids = encode(tokenizer, texts)
    t0 = time.time()
    if args.export:
        net = train(ids, y)
        export(net, OUT)
        _, dev_texts, dev_y = read(args.data / "dev.tsv")
        dev_p = probabilities(net, encode(tokenizer, dev_texts))
        print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB) in {time.time() - t0:.0f}s; "
              f"dev F1 of the fine-tuned model alone (float32, threshold 0.5): {f1_score(dev_y, dev_p >= 0.5):.3f}")
        return 0
    rest, held = folds(y)[args.fold]
    net = train([ids[i] for i in rest], y[rest])
    p = probabilities(net, [ids[i] for i in held])
    OOF.mkdir(exist_ok=True)
    (OOF / f"fold{args.fold}.json").write_text(json.dumps(
        {"fold": args.fold, "seed": SEED, "epochs": EPOCHS, "lr": LR, "rank": RANK, "seconds": round(time.time() - t0),
         "ids": [sids[i] for i in held], "p": [round(float(v), 5) for v in p]}) + "\n")
    print(f"fold {args.fold}: F1 {f1_score(y[held], p >= 0.5):.3f} on {len(held)} held-out sentences "
          f"({time.time() - t0:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
