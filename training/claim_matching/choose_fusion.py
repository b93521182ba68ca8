"""Choose how claim matching fuses its evidence, on the CheckThat! training queries.

    python training/claim_matching/choose_fusion.py ../shared/data/claim-matching

Chosen on the train queries (train_qrels), in turn: the fields of the vector side (the verified
claim's full text alone, or the mean cosine with its full text and its bare claim) with the weight
of the vector side; then the date window and bonus (a fact-check published from a few days before
to some weeks after the tweet it checks). Each choice is printed with its train and dev MAP@5;
dev-test is left alone (it is the held-out figure in the README).

It also chooses the cosine at which the evidence map counts two claims as one
(``evidence.map.SAME_CLAIM``): over each train query and its 10 nearest verified claims, the
threshold with the best F1 of "this pair is the same claim".
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from claimscope.evaluation.claim_matching import query_date, read_qrels, read_queries, read_vclaims, scores
from claimscope.matching import index as matching
from claimscope.matching.encoder import encoder
from claimscope.matching.index import ClaimIndex, clean

WEIGHTS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 1.0)
WINDOWS = ((-1, 7), (-3, 30), (-7, 60), (-30, 120))
BONUSES = (0.1, 0.2, 0.3, 0.4, 0.6)


def main(folder: Path) -> None:
    known = read_vclaims(folder / "vclaims.jsonl")
    text_vectors = encoder().encode([clean(t) for t in known.texts])
    claim_vectors = encoder().encode([clean(c) for c in known.claims])
    queries = dict(read_queries(folder / "train-dev_queries.tsv"))
    splits = {name: read_qrels(folder / f"{name}_qrels.tsv") for name in ("train", "dev")}

    def measure(index: ClaimIndex, with_dates: bool) -> dict[str, float]:
        out = {}
        for split, qrels in splits.items():
            qids = [q for q in qrels if q in queries]
            dates = [query_date(queries[q]) for q in qids] if with_dates else None
            ranked = index.search([queries[q] for q in qids], k=5, dates=dates)
            run = {q: [m.id for m in ms] for q, ms in zip(qids, ranked)}
            out[split] = scores(run, {q: qrels[q] for q in qids})["map@5"]
        return out

    date_gaps(known, queries, splits["train"])
    plain = ClaimIndex(known.ids, known.texts, vectors=text_vectors, dates=known.dates)
    both = ClaimIndex(known.ids, known.texts, vectors=text_vectors, claim_vectors=claim_vectors, dates=known.dates)
    results = {}
    for fields, index in (("full text", plain), ("full text + bare claim", both)):
        for weight in WEIGHTS:
            index.vector_weight = weight
            results[(fields, weight)] = measure(index, with_dates=False)
            print(f"{fields:<24} vector weight {weight:.1f}: train MAP@5 {results[(fields, weight)]['train']:.4f}   "
                  f"dev {results[(fields, weight)]['dev']:.4f}", flush=True)
    fields, weight = max(results, key=lambda key: results[key]["train"])
    print(f"chosen on train: {fields}, vector weight {weight:.1f}")
    index = both if fields.endswith("claim") else plain
    index.vector_weight = weight
    dated = {}
    for window in WINDOWS:
        for bonus in BONUSES:
            matching.DATE_WINDOW, matching.DATE_BONUS = window, bonus
            dated[(window, bonus)] = measure(index, with_dates=True)
            print(f"date window {window} bonus {bonus:.1f}: train MAP@5 {dated[(window, bonus)]['train']:.4f}   "
                  f"dev {dated[(window, bonus)]['dev']:.4f}", flush=True)
    window, bonus = max(dated, key=lambda key: dated[key]["train"])
    print(f"chosen on train: date window {window}, bonus {bonus:.1f}")
    same_claim_threshold(plain, queries, splits["train"])


def date_gaps(known, queries: dict, qrels: dict) -> None:
    """Days from a training tweet to the fact-checks that match it: why a date window helps at all."""
    when = dict(zip(known.ids, known.dates))
    gaps = [(when[v] - query_date(queries[q])).days for q in qrels if q in queries and query_date(queries[q])
            for v in qrels[q] if when.get(v)]
    p25, p50, p75, p90 = np.percentile(gaps, [25, 50, 75, 90])
    print(f"days from tweet to matching fact-check, {len(gaps)} train pairs: 25% {p25:.0f}, median {p50:.0f}, "
          f"75% {p75:.0f}, 90% {p90:.0f}")


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
