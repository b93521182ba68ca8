"""Calibrate the technique model's confidence on articles it never saw, and choose what the dossier shows.

``../shared/data/ptc-extra`` holds 87 labelled articles outside PTC train. A span the model finds is
right when a gold span of the same technique overlaps it. A logistic fit over the log of the head's
probability, of the span score and of the span's length, with an offset for each technique, turns
those into the chance of being right (checked out of fold, five folds grouped by article, before it is
fitted on all 87 articles). The dossier shows a span when that chance is at least SHOW_AT: right most
of the time.

    python training/techniques/calibrate.py ../shared/data/ptc-extra            # the tables
    python training/techniques/calibrate.py ../shared/data/ptc-extra --write    # and the shipped calibration

The phrase pattern and the authority quotes are scored on the same articles (their confidences are
fixed, not fitted): the tables say how often they are right by PTC's labels.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "src/claimscope/data/techniques/calibration.json"
RESULTS = ROOT / "training/techniques/calibration_results.json"
SHOW_AT = 0.5


def gold_spans(folder: Path) -> dict[str, list]:
    from claimscope.evaluation.ptc import read_tc

    gold = defaultdict(list)
    for art, tech, s, e in read_tc(next(folder.glob("*-TC.labels"))):
        gold[art].append((s, e, tech))
    return gold


def is_right(gold: list, s: int, e: int, tech: str) -> bool:
    return any(g_tech == tech and s < ge and gs < e for gs, ge, g_tech in gold)


def model_spans(folder: Path, gold: dict) -> list[dict]:
    """Every span the uncalibrated model finds, with what the calibrator reads and whether it is right."""
    from claimscope.analyzers.techniques.model import load

    model = load()
    shipped, model.calibration = model.calibration, None  # the shared instance: put it back after
    rows = []
    try:
        for path in sorted((folder / "articles").glob("*.txt")):
            art = path.stem.replace("article", "")
            for f in model.analyze(path.read_text(encoding="utf-8")):
                rows.append({"article": art, "technique": f.technique, "probability": f.probability,
                             "span_score": f.span_score, "length": f.end - f.start, "readers": f.readers,
                             "right": is_right(gold.get(art, []), f.start, f.end, f.technique)})
    finally:
        model.calibration = shipped
    return rows


def other_methods(folder: Path, gold: dict) -> dict[str, list[int]]:
    """The pattern's and the authority quotes' spans: [found, right] by PTC's labels."""
    from claimscope import ingest
    from claimscope.pipeline import Pipeline

    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with Pipeline(["techniques"], config={"techniques": {"min_confidence": 0.0}}) as pipeline:
        for path in sorted((folder / "articles").glob("*.txt")):
            art = path.stem.replace("article", "")
            document = pipeline(ingest.from_text(path.read_text(encoding="utf-8"), doc_id=art))
            for t in document.techniques:
                if t.method != "model":
                    counts[t.method][0] += 1
                    counts[t.method][1] += is_right(gold.get(art, []), t.start, t.end, t.technique)
    return dict(counts)


def features(rows: list[dict], agreement: str = "", techniques: tuple[str, ...] = ()) -> np.ndarray:
    """log probability, log span score, log length, then one indicator per technique in ``techniques``
    (some are found right far more often than others: Loaded_Language about 0.37, Repetition 0.06);
    ``agreement`` "min" adds the log of the lower of the two readers' probabilities, "each" puts each
    reader's in place of their mean."""
    def log(x):
        return math.log(max(x, 1e-4))

    out = []
    for r in rows:
        first = [log(r["probability"])] if agreement != "each" else [log(p) for p in r["readers"]]
        extra = [log(min(r["readers"]))] if agreement == "min" else []
        which = [float(r["technique"] == t) for t in techniques]
        out.append(first + [log(r["span_score"]), math.log(max(r["length"], 1))] + which + extra)
    return np.array(out)


def out_of_fold(X, y, folds) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression

    oof = np.zeros(len(y))
    for train, test in folds:
        oof[test] = LogisticRegression(C=1.0, max_iter=2000).fit(X[train], y[train]).predict_proba(X[test])[:, 1]
    return oof


def random_splits(groups: list[str], n: int, k: int = 5):
    """Article-grouped k-fold splits, one per seed 0..n-1 (articles shuffled, then dealt round)."""
    articles = sorted(set(groups))
    for seed in range(n):
        order = {a: i for i, a in enumerate(np.random.default_rng(seed).permutation(articles))}
        fold = np.array([order[g] % k for g in groups])
        yield [(np.flatnonzero(fold != f), np.flatnonzero(fold == f)) for f in range(k)]


def compare(rows: list[dict], y: np.ndarray, groups: list[str], repeats: int, techniques: tuple[str, ...]) -> None:
    """How stable the shown set is over random article splits, what the technique indicators buy,
    and whether the readers' agreement helps."""
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold

    for name, X in (("shipped", features(rows, techniques=techniques)), ("without techniques", features(rows))):
        runs = []
        for folds in random_splits(groups, repeats):
            oof = out_of_fold(X, y, folds)
            shown = oof >= SHOW_AT
            runs.append((roc_auc_score(y, oof), shown.sum(), y[shown].mean() if shown.any() else 0.0))
        auc, shown, precision = np.mean(runs, axis=0)
        print(f"\n{name}, over {repeats} random article splits: AUC {auc:.3f}; "
              f"from {SHOW_AT}: {shown:.0f} shown, {precision:.3f} right")
    if all(len(r["readers"]) == 2 for r in rows):
        folds = list(GroupKFold(5).split(features(rows), y, groups))
        for name in ("", "min", "each"):
            oof = out_of_fold(features(rows, name, techniques), y, folds)
            print(f"features {name or 'shipped':8s} out-of-fold AUC {roc_auc_score(y, oof):.3f}")


def shown_table(scores: np.ndarray, right: np.ndarray) -> list[dict]:
    out = []
    for t in (0.3, 0.4, 0.45, 0.5, 0.55, 0.6):
        shown = scores >= t
        out.append({"threshold": t, "shown": int(shown.sum()),
                    "precision": round(float(right[shown].mean()), 3) if shown.any() else None})
    return out


def reliability(scores: np.ndarray, right: np.ndarray) -> list[dict]:
    bins = np.digitize(scores, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    return [{"bin": f"{[0, .1, .2, .3, .4, .5, .6][b]:.1f}+", "spans": int((bins == b).sum()),
             "mean_confidence": round(float(scores[bins == b].mean()), 3),
             "right": round(float(right[bins == b].mean()), 3)} for b in range(7) if (bins == b).any()]


def main() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--write", action="store_true", help="write the calibration into the model folder")
    parser.add_argument("--repeats", type=int, default=0,
                        help="also average over N random article splits, and try the readers' agreement as a feature")
    args = parser.parse_args()
    if not (args.corpus / "articles").is_dir():
        sys.exit(f"{args.corpus}: no articles/ folder (expected ../shared/data/ptc-extra)")
    gold = gold_spans(args.corpus)
    rows = model_spans(args.corpus, gold)
    from claimscope.analyzers.techniques.model import load

    techniques = tuple(load().labels)
    X, y = features(rows, techniques=techniques), np.array([r["right"] for r in rows], dtype=int)
    groups = [r["article"] for r in rows]
    raw = np.array([r["probability"] * r["span_score"] for r in rows])
    oof = out_of_fold(X, y, GroupKFold(5).split(X, y, groups))
    final = LogisticRegression(C=1.0, max_iter=2000).fit(X, y)
    results = {
        "corpus": args.corpus.name, "articles": len(set(groups)), "spans": len(rows), "right": int(y.sum()),
        "show_at": SHOW_AT,
        "uncalibrated_shown": shown_table(raw, y),
        "out_of_fold_shown": shown_table(oof, y),
        "out_of_fold_reliability": reliability(oof, y),
        "weights": [round(float(w), 6) for w in final.coef_[0][:3]], "intercept": round(float(final.intercept_[0]), 6),
        "technique_offsets": {t: round(float(w), 6) for t, w in zip(techniques, final.coef_[0][3:])},
        "other_methods": other_methods(args.corpus, gold),
        "right_by_technique": {t: [int(sum(r["technique"] == t for r in rows)),
                                   int(sum(r["right"] for r in rows if r["technique"] == t))] for t in techniques},
    }
    print(f"{results['spans']} spans on {results['articles']} unseen articles, {results['right']} right")
    for name in ("uncalibrated_shown", "out_of_fold_shown"):
        print(f"\n{name.replace('_', ' ')}\nthreshold  shown  precision")
        for r in results[name]:
            print(f"{r['threshold']:>9.2f}  {r['shown']:>5}  {r['precision'] if r['precision'] is not None else '-'}")
    print("\nout-of-fold reliability (confidence bin, spans, mean confidence, share right)")
    for r in results["out_of_fold_reliability"]:
        print(f"  {r['bin']:<5} {r['spans']:>5}  {r['mean_confidence']:.2f}  {r['right']:.2f}")
    print("\nspans found and right, by technique (what the offsets read)")
    for t, (n, right) in results["right_by_technique"].items():
        if n:
            print(f"  {t:<36} {n:>5}  {right / n:.2f}")
    for method, (n, right) in results["other_methods"].items():
        print(f"{method}: {right} of {n} spans right by PTC's labels")
    if args.repeats:
        compare(rows, y, groups, args.repeats, techniques)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    if args.write:
        OUT.write_text(json.dumps({"weights": results["weights"], "intercept": results["intercept"],
                                   "features": ["log probability", "log span score", "log length"],
                                   "technique_offsets": results["technique_offsets"],
                                   "show_at": SHOW_AT, "fitted_on": f"{args.corpus.name} ({len(set(groups))} articles)"},
                                  indent=1) + "\n")
        print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
