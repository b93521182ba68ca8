"""Choose the weight of the vector side of claim matching on the CheckThat! training queries.

    python training/claim_matching/choose_fusion.py ../shared/data/claim-matching

Prints MAP@5 by weight on the train queries (train_qrels) and, for the chosen weight, on the
dev queries (dev_qrels); dev-test is left alone (it is the held-out figure in the README).
"""
from __future__ import annotations

import sys
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
    for weight in WEIGHTS:
        tr, dv = results[("train", weight)], results[("dev", weight)]
        mark = "  <- chosen on train" if weight == best else ""
        print(f"vector weight {weight:.1f}: train MAP@5 {tr['map@5']:.4f}   dev MAP@5 {dv['map@5']:.4f}{mark}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
