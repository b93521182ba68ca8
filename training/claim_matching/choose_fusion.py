"""Choose the weight of the vector side of claim matching on the CheckThat! training queries.

    python training/claim_matching/choose_fusion.py ../shared/data/claim-matching

Prints MAP@5 by weight on the train queries (train_qrels) and, for the chosen weight, on the
dev queries (dev_qrels); dev-test is left alone (it is the held-out figure in the README).

It also chooses the cosine at which the evidence map counts two claims as one
(``evidence.map.SAME_CLAIM``): over each train query and its 10 nearest verified claims, the
threshold with the best F1 of "this pair is the same claim".
"""
from __future__ import annotations

import sys

import numpy as np
from pathlib import Path

from claimscope.evaluation.claim_matching import read_qrels, read_queries, read_vclaims, scores
from claimscope.matching.encoder import encoder
from claimscope.matching.index import ClaimIndex, clean

WEIGHTS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def main(folder: Path) -> None:
    ids, texts = read_vclaims(folder / "vclaims.jsonl")
    vectors = encoder().encode([clean(t) for t in texts])
    queries = dict(read_queries(folder / "train-dev_queries.tsv"))
    splits = {name: read_qrels(folder / f"{name}_qrels.tsv") for name in ("train", "dev")}
    index = ClaimIndex(ids, texts, vectors=vectors)
    results = {}
    for split, qrels in splits.items():
        qids = [q for q in qrels if q in queries]
        for weight in WEIGHTS:
            index.vector_weight = weight
            ranked = index.search([queries[q] for q in qids], k=5)
            run = {q: [m.id for m in ms] for q, ms in zip(qids, ranked)}
            results[(split, weight)] = scores(run, {q: qrels[q] for q in qids})
    best = max(WEIGHTS, key=lambda w: results[("train", w)]["map@5"])
    same_claim_threshold(index, queries, splits["train"])
    for weight in WEIGHTS:
        tr, dv = results[("train", weight)], results[("dev", weight)]
        mark = "  <- chosen on train" if weight == best else ""
        print(f"vector weight {weight:.1f}: train MAP@5 {tr['map@5']:.4f}   dev MAP@5 {dv['map@5']:.4f}{mark}")
    without_subtitle(folder, ids, queries, splits["train"], best)


def without_subtitle(folder: Path, ids: list[str], queries: dict, qrels: dict, weight: float) -> None:
    """The field choice: a verified claim matched on claim + title only, at the chosen weight."""
    import json
    with open(folder / "vclaims.jsonl", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    texts = [" ".join(x for x in (r.get("vclaim"), r.get("title")) if x) for r in records]
    index = ClaimIndex(ids, texts, vector_weight=weight)
    qids = [q for q in qrels if q in queries]
    ranked = index.search([queries[q] for q in qids], k=5)
    run = {q: [m.id for m in ms] for q, ms in zip(qids, ranked)}
    print(f"without the subtitle, weight {weight:.1f}: train MAP@5 {scores(run, {q: qrels[q] for q in qids})['map@5']:.4f}")


def same_claim_threshold(index: ClaimIndex, queries: dict, qrels: dict) -> None:
    qids = [q for q in qrels if q in queries]
    qvec = encoder().encode([clean(queries[q]) for q in qids])
    sims, same = [], []
    position = {vid: i for i, vid in enumerate(index.ids)}
    for row, q in enumerate(qids):
        cos = index.vectors @ qvec[row]
        near = set(np.argsort(-cos)[:10].tolist()) | {position[v] for v in qrels[q] if v in position}
        for i in near:
            sims.append(float(cos[i]))
            same.append(index.ids[i] in qrels[q])
    sims, same = np.array(sims), np.array(same)

    def f1(t):
        tp = float((same & (sims >= t)).sum())
        return 2 * tp / max(float((sims >= t).sum()) + float(same.sum()), 1.0)
    grid = np.arange(0.5, 0.91, 0.02)
    best = max(grid, key=f1)
    print("same-claim cosine: " + ", ".join(f"{t:.2f}: F1 {f1(t):.3f}" for t in grid[::2]))
    print(f"same-claim cosine chosen on train pairs: {best:.2f} (F1 {f1(best):.3f})")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
