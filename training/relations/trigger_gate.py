"""How much the event-word gate keeps of PLV_train's relations, and how often the type it keeps is right.

Each sentence of PLV_train states a relation between its marked actors. The typing model is fitted
on four folds and types the fifth (stratified, seed 7, C 30 as shipped); the relations analyzer's
gate (``analyzers/relations/triggers.py``) then asks for a word of that type between the two actors
with both of them parties to it. Printed: the share of sentences the gate keeps, and the type's
accuracy on the kept ones against all.

    python training/relations/trigger_gate.py ../shared/data/plover/PLV_train.tsv
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_plover import classifier, vectorize  # noqa: E402

from claimscope.analyzers.relations import _event_word  # noqa: E402
from claimscope.analyzers.relations.model import dependency_path, features  # noqa: E402
from claimscope.evaluation.plover import parse_marked, read_tsv  # noqa: E402

C = 30.0
BINS = (0.0, 0.25, 0.4, 0.6, 0.8)


def main(argv=None) -> int:
    from sklearn.model_selection import StratifiedKFold

    from claimscope.pipeline import nlp as nlp_mod

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tsv", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--results", type=Path, default=ROOT / "training/relations/trigger_gate.json")
    args = parser.parse_args(argv)
    nlp = nlp_mod.load()
    rows = read_tsv(args.tsv)
    parsed = [parse_marked(nlp, r["marked_sentence"]) for r in rows]
    feats = [features(*p) for p in parsed]
    labels = [r["gold_root"] for r in rows]
    preds, confidence = [None] * len(rows), [0.0] * len(rows)
    for train, test in StratifiedKFold(5, shuffle=True, random_state=args.seed).split(feats, labels):
        x_tr, vocab, idf = vectorize([feats[i] for i in train])
        x_te, _, _ = vectorize([feats[i] for i in test], vocab, idf)
        clf = classifier(C).fit(x_tr, [labels[i] for i in train])
        for i, p in zip(test, clf.predict_proba(x_te)):
            preds[i], confidence[i] = clf.classes_[p.argmax()], float(p.max())
    kept, right_kept = Counter(), Counter()
    by_confidence = {b: [0, 0] for b in BINS}  # kept, right
    for (doc, src, tgt), pred, conf, gold in zip(parsed, preds, confidence, labels):
        lca, _ = dependency_path(src.root, tgt.root)
        if lca is not None and _event_word(src, tgt, lca, pred) is not None:
            kept[gold] += 1
            right_kept[gold] += pred == gold
            b = max(x for x in BINS if conf >= x)
            by_confidence[b][0] += 1
            by_confidence[b][1] += pred == gold
    n_kept = sum(kept.values())
    results = {
        "sentences": len(rows), "kept": n_kept, "kept_share": round(n_kept / len(rows), 3),
        "accuracy_all": round(sum(p == g for p, g in zip(preds, labels)) / len(rows), 3),
        "accuracy_kept": round(sum(right_kept.values()) / n_kept, 3) if n_kept else None,
        "kept_by_type": {t: [kept[t], right_kept[t], labels.count(t)] for t in sorted(set(labels))},
        "kept_by_confidence": {f"{b:.2f}+": v for b, v in by_confidence.items()},
    }
    print(f"kept {n_kept} of {len(rows)} PLV_train relations ({results['kept_share']:.0%}); type accuracy "
          f"{results['accuracy_kept']} on the kept, {results['accuracy_all']} on all (out of fold)")
    print("type accuracy of the kept, by the model's confidence:")
    for b, (k, r) in results["kept_by_confidence"].items():
        print(f"  {b:<6} {k:>4} kept, {r / k if k else 0:.3f} right")
    for t, (k, r, n) in results["kept_by_type"].items():
        print(f"  {t:<10} kept {k:>3} of {n:>3}, {r:>3} typed right")
    args.results.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
