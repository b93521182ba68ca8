"""How much the event-word gate keeps of PLV_train's relations, and how often the type it keeps is right.

Each sentence of PLV_train states a relation between its marked actors. The typing model is fitted
on four folds and types the fifth (stratified, seed 7, C 30 as shipped); the relations analyzer's
gate (``analyzers/relations/triggers.py``) then asks for a word of that type between the two actors
with both of them parties to it. Printed: the share of sentences the gate keeps, and the type's
accuracy on the kept ones against all. The gate picks, among the types close to the most probable one, the
first whose word is there (``choose_type``), and keeps it from ``MIN_CONFIDENCE`` on.

    python training/relations/trigger_gate.py ../shared/data/plover/PLV_train.tsv [--aw ../shared/data/plover/AW_train.tsv]

With ``--aw``, the gate is also read as a related-or-not decision on AW_train (pairs that take part in
an event against pairs only mentioned together): related when a word of some event type joins the
two with both parties to it. No type is needed there, so the gate's type check is left out.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_plover import classifier, vectorize  # noqa: E402

from claimscope.analyzers.relations import LINEAR_WEIGHT, MIN_CONFIDENCE  # noqa: E402
from claimscope.analyzers.relations.triggers import choose_type, event_word  # noqa: E402
from claimscope.analyzers.relations.model import dependency_path, features  # noqa: E402
from claimscope.evaluation.plover import parse_marked, read_tsv  # noqa: E402

C = 30.0
BINS = (0.0, 0.2, 0.25, 0.3, 0.4, 0.6, 0.8)


def main(argv=None) -> int:
    from sklearn.model_selection import StratifiedKFold

    from claimscope.pipeline import nlp as nlp_mod

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tsv", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--results", type=Path, default=ROOT / "training/relations/trigger_gate.json")
    parser.add_argument("--aw", type=Path, default=None, help="AW_train.tsv: score the gate as related-or-not")
    parser.add_argument("--min-confidence", type=float, default=MIN_CONFIDENCE)
    parser.add_argument("--typer-oof", type=Path, default=None,
                        help="out-of-fold probabilities of finetune_typer.py --cv 5 --save-oof (same folds)")
    args = parser.parse_args(argv)
    nlp = nlp_mod.load()
    rows = read_tsv(args.tsv)
    parsed = [parse_marked(nlp, r["marked_sentence"]) for r in rows]
    feats = [features(*p) for p in parsed]
    labels = [r["gold_root"] for r in rows]
    typer_oof = np.load(args.typer_oof) if args.typer_oof else None
    typer_labels = sorted(set(labels))  # finetune_typer.py's column order
    preds, probs = [None] * len(rows), [None] * len(rows)
    classes = None
    for train, test in StratifiedKFold(5, shuffle=True, random_state=args.seed).split(feats, labels):
        x_tr, vocab, idf = vectorize([feats[i] for i in train])
        x_te, _, _ = vectorize([feats[i] for i in test], vocab, idf)
        clf = classifier(C).fit(x_tr, [labels[i] for i in train])
        classes = list(clf.classes_)
        for i, p in zip(test, clf.predict_proba(x_te)):
            if typer_oof is not None:  # as the analyzer: the weighted mean of the two models' probabilities
                p = LINEAR_WEIGHT * p + (1 - LINEAR_WEIGHT) * typer_oof[i][[typer_labels.index(c) for c in classes]]
            preds[i], probs[i] = classes[p.argmax()], p
    kept, right_kept = Counter(), Counter()
    by_confidence = {b: [0, 0] for b in BINS}  # kept, right
    for (doc, src, tgt), p, gold in zip(parsed, probs, labels):
        lca, _ = dependency_path(src.root, tgt.root)
        chosen = choose_type(classes, p, src, tgt, lca) if lca is not None else None
        if chosen is None or chosen[1] < args.min_confidence:
            continue
        kept[gold] += 1
        right_kept[gold] += chosen[0] == gold
        b = max(x for x in BINS if chosen[1] >= x)
        by_confidence[b][0] += 1
        by_confidence[b][1] += chosen[0] == gold
    n_kept = sum(kept.values())
    from sklearn.metrics import f1_score
    results = {
        "typing": f"linear ({LINEAR_WEIGHT}) + fine-tuned typer" if typer_oof is not None else "linear",
        "macro_f1_all": round(f1_score(labels, preds, average="macro"), 3),
        "min_confidence": args.min_confidence, "sentences": len(rows), "kept": n_kept, "kept_share": round(n_kept / len(rows), 3),
        "accuracy_all": round(sum(p == g for p, g in zip(preds, labels)) / len(rows), 3),
        "accuracy_kept": round(sum(right_kept.values()) / n_kept, 3) if n_kept else None,
        "kept_by_type": {t: [kept[t], right_kept[t], labels.count(t)] for t in sorted(set(labels))},
        "kept_by_confidence": {f"{b:.2f}+": v for b, v in by_confidence.items()},
    }
    print(f"typing by {results['typing']}: macro-F1 {results['macro_f1_all']}, accuracy {results['accuracy_all']} "
          f"on all PLV_train (out of fold)")
    print(f"kept {n_kept} of {len(rows)} PLV_train relations ({results['kept_share']:.0%}); type accuracy "
          f"{results['accuracy_kept']} on the kept, {results['accuracy_all']} on all (out of fold)")
    print("type accuracy of the kept, by the model's confidence:")
    for b, (k, r) in results["kept_by_confidence"].items():
        print(f"  {b:<6} {k:>4} kept, {r / k if k else 0:.3f} right")
    for t, (k, r, n) in results["kept_by_type"].items():
        print(f"  {t:<10} kept {k:>3} of {n:>3}, {r:>3} typed right")
    if args.aw:
        results["aw_related_or_not"] = related_or_not(nlp, args.aw)
        r = results["aw_related_or_not"]
        print(f"AW_train as related-or-not: precision {r['precision']}, recall {r['recall']}, F1 {r['f1']} "
              f"({r['said_related']} said related of {r['rows']}; {r['related']} related); "
              f"'always related' F1 {r['always_related_f1']}")
    args.results.write_text(json.dumps(results, indent=1) + "\n")
    return 0


def related_or_not(nlp, path: Path) -> dict:
    """The gate as a related-or-not decision: some event word joins the pair, both parties to it."""
    from claimscope.analyzers.relations.triggers import TRIGGERS

    rows = read_tsv(path)
    said, gold = [], []
    for r in rows:
        doc, src, tgt = parse_marked(nlp, r["marked_sentence"])
        lca, path_tokens = dependency_path(src.root, tgt.root)
        types = set()
        if lca is not None:
            for tok in [lca, *path_tokens]:
                types |= TRIGGERS.get(tok.lemma_.lower(), set())
        said.append(any(event_word(src, tgt, lca, t) is not None for t in types))
        gold.append(r["gold_binary"].strip() == "1")
    tp = sum(s and g for s, g in zip(said, gold))
    p = tp / sum(said) if any(said) else 0.0
    rec = tp / sum(gold)
    always = sum(gold) / len(gold)
    return {"rows": len(rows), "related": sum(gold), "said_related": sum(said), "precision": round(p, 3),
            "recall": round(rec, 3), "f1": round(2 * p * rec / (p + rec), 3) if p + rec else 0.0,
            "always_related_f1": round(2 * always / (always + 1), 3)}


if __name__ == "__main__":
    sys.exit(main())
