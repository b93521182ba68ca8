"""Authority quotes as technique candidates, measured out of fold on PTC (figures in the README).

1. write the candidates (content attributed to a titled authority, analyzers/techniques/candidates.py):
       python training/techniques/authority_candidates.py write ../shared/data/ptc-train --out /tmp/cands.tsv
2. classify them with each held-out fold's model during cross-validation:
       python training/techniques/train.py ../shared/data/ptc-train --cv 3 --candidates /tmp/cands.tsv \\
           --save-candidates /tmp/cand_oof.pkl --save-oof /tmp/oof.pkl
3. score: how many the head names Appeal_to_Authority, how many of those PTC's annotators marked so,
   and what adding them does to SI F1 with the shipped decoder:
       python training/techniques/authority_candidates.py score ../shared/data/ptc-train \\
           --candidates /tmp/cand_oof.pkl --si-oof /tmp/oof.pkl
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]

from claimscope.evaluation.ptc import read_si, read_tc, score_si  # noqa: E402
from claimscope.analyzers.techniques.candidates import APPEAL_TO_AUTHORITY, authority_quotes  # noqa: E402


def write(corpus: Path, out: Path) -> None:
    from claimscope import ingest
    from claimscope.pipeline import Pipeline

    pipeline = Pipeline(["entities", "attributions"])
    rows = []
    for path in sorted((corpus / "articles").glob("*.txt")):
        art = path.stem.replace("article", "")
        document = pipeline(ingest.from_text(path.read_text(encoding="utf-8"), doc_id=art))
        rows += [f"{art}\t?\t{q.start}\t{q.end}\n" for q in authority_quotes(document)]
    out.write_text("".join(rows), encoding="utf-8")
    print(f"{len(rows)} candidates in {len(list((corpus / 'articles').glob('*.txt')))} articles -> {out}")


def score(corpus: Path, candidates: Path, si_oof: Path) -> None:
    from tune_decoder import decode, nested_predictions

    arts = {p.stem.replace("article", ""): p.read_text(encoding="utf-8")
            for p in sorted((corpus / "articles").glob("*.txt"))}
    gold = defaultdict(list)
    for art, tech, s, e in read_tc(corpus / "train-TC.labels"):
        gold[art].append((tech, s, e))
    data = pickle.loads(candidates.read_bytes())
    labels, rows = data["labels"], data["rows"]
    aa = labels.index(APPEAL_TO_AUTHORITY)
    kept = [(a, s, e) for a, s, e, p in rows if int(np.argmax(p)) == aa]
    overlaps = Counter()
    for a, s, e in kept:
        overlaps.update({t for t, gs, ge in gold[a] if gs < e and s < ge} or {"(none)"})
    marked = sum(any(t == APPEAL_TO_AUTHORITY and gs < e and s < ge for t, gs, ge in gold[a]) for a, s, e in kept)
    any_gold = sum(any(gs < e and s < ge for _, gs, ge in gold[a]) for a, s, e in kept)
    gold_aa = sum(t == APPEAL_TO_AUTHORITY for v in gold.values() for t, _, _ in v)
    print(f"{len(rows)} candidates; {len(kept)} named {APPEAL_TO_AUTHORITY} by the held-out fold's head")
    print(f"of those, {marked} overlap a gold {APPEAL_TO_AUTHORITY} span ({marked / max(1, len(kept)):.1%}), "
          f"{any_gold} overlap any gold span; gold {APPEAL_TO_AUTHORITY} spans: {gold_aa}")
    print("gold techniques they overlap:", dict(overlaps.most_common()))
    print(f"span rate (kept candidates inside any gold span; candidates.SPAN_RATE): "
          f"{any_gold / max(1, len(kept)):.2f}")

    decoder = json.loads((ROOT / "training/techniques/decoder.json").read_text())
    setting = (decoder["threshold"], decoder["gap"], decoder["min_pieces"])
    si_gold = {a: v for a, v in read_si(corpus / "train-SI.labels").items() if a in arts}
    units = pickle.loads(si_oof.read_bytes())
    for name, pred in (("shipped decoder " + str(setting), decode(units, arts, *setting)),
                       ("decoder chosen on the other folds", nested_predictions(units, arts, si_gold, 3, 13,
                                                                                log=lambda _: None))):
        before = score_si(pred, si_gold)
        for a, s, e in kept:
            pred[a].append((s, e))
        after = score_si(pred, si_gold)
        print(f"SI out of fold, {name}: F1 {before['f1']:.4f} -> {after['f1']:.4f} with them "
              f"(P {before['precision']:.3f} -> {after['precision']:.3f}, "
              f"R {before['recall']:.3f} -> {after['recall']:.3f})")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=("write", "score"))
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, help="write: the candidate TSV")
    parser.add_argument("--candidates", type=Path, help="score: train.py --save-candidates output")
    parser.add_argument("--si-oof", type=Path, help="score: train.py --save-oof output")
    args = parser.parse_args()
    if args.step == "write":
        write(args.corpus, args.out)
    else:
        score(args.corpus, args.candidates, args.si_oof)
    return 0


if __name__ == "__main__":
    sys.exit(main())
