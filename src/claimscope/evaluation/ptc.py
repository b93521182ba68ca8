"""SemEval-2020 Task 11 formats and scorers (span identification and technique classification).

SI: ``id<TAB>start<TAB>end``; overlapping spans are merged on each side, then
precision = (1/|S|) sum_s sum_t |s∩t|/|s| and recall = (1/|T|) sum_t sum_s |s∩t|/|t|.
TC: ``id<TAB>technique<TAB>start<TAB>end``; micro-F1 over labels of identical spans.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path


def read_si(path: Path) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3:
            spans[parts[0]].append((int(parts[-2]), int(parts[-1])))
    return spans


def read_tc(path: Path) -> list[tuple[str, str, int, int]]:
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 4:
            rows.append((parts[0], parts[1], int(parts[2]), int(parts[3])))
    return rows


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def score_si(pred: dict[str, list], gold: dict[str, list]) -> dict[str, float]:
    p_sum = r_sum = 0.0
    n_pred = n_gold = 0
    for art in set(pred) | set(gold):
        ps, gs = merge(pred.get(art, [])), merge(gold.get(art, []))
        n_pred += len(ps)
        n_gold += len(gs)
        for s in ps:
            p_sum += sum(max(0, min(s[1], t[1]) - max(s[0], t[0])) for t in gs) / (s[1] - s[0])
        for t in gs:
            r_sum += sum(max(0, min(s[1], t[1]) - max(s[0], t[0])) for s in ps) / (t[1] - t[0])
    p = p_sum / n_pred if n_pred else 0.0
    r = r_sum / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "predicted": n_pred, "gold": n_gold}


def score_tc(pred: list[tuple], gold: list[tuple]) -> dict:
    by_span_gold: dict[tuple, Counter] = defaultdict(Counter)
    by_span_pred: dict[tuple, Counter] = defaultdict(Counter)
    for art, tech, s, e in gold:
        by_span_gold[(art, s, e)][tech] += 1
    for art, tech, s, e in pred:
        by_span_pred[(art, s, e)][tech] += 1
    correct = sum(sum((by_span_pred[k] & g).values()) for k, g in by_span_gold.items())
    n_pred, n_gold = len(pred), len(gold)
    p = correct / n_pred if n_pred else 0.0
    r = correct / n_gold if n_gold else 0.0
    per_class = {}
    labels = sorted({t for _, t, _, _ in gold} | {t for _, t, _, _ in pred})
    for label in labels:
        tp = sum(min(by_span_pred[k][label], g[label]) for k, g in by_span_gold.items())
        np_ = sum(c[label] for c in by_span_pred.values())
        ng = sum(c[label] for c in by_span_gold.values())
        lp, lr = (tp / np_ if np_ else 0.0), (tp / ng if ng else 0.0)
        per_class[label] = {"precision": lp, "recall": lr, "f1": 2 * lp * lr / (lp + lr) if lp + lr else 0.0,
                            "support": ng}
    return {"micro_f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r,
            "per_class": per_class}
