"""Score the attribution rules, the learned tagger and their combinations on PolNeAR articles, with the
scorer of ``claimscope eval attributions`` (content, source and cue overlap, end to end).

    # the articles train_tagger.py --holdout 0.2 kept out of training, with the model it wrote:
    .venv/bin/python training/attributions/evaluate_tagger.py ../shared/data/polnear/train --holdout 0.2 \\
        --model /tmp/tagger-holdout.npz
    # the dev split, with the shipped model (after the combination was chosen on the held-out articles):
    .venv/bin/python training/attributions/evaluate_tagger.py ../shared/data/polnear/dev

Prints one line per combination (``attributions.combine``), and the time the tagger takes beside
spaCy's parse.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(argv=None) -> int:
    from claimscope.analyzers.attribution_tagger import Tagger
    from claimscope.analyzers.attributions import COMBINATIONS, combine, extract_raw, learned_raws, rules_threshold
    from claimscope.evaluation.polnear import Attr, Scores, gold_for, read_ann
    from claimscope.pipeline import nlp as nlp_mod

    sys.path.insert(0, str(Path(__file__).parent))
    from train_tagger import in_holdout

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--holdout", type=float, default=0.0, help="only the articles train_tagger.py held out")
    parser.add_argument("--fold", type=int, default=0, help="the fold train_tagger.py held out")
    parser.add_argument("--model", type=Path, default=None, help="tagger .npz (default: the shipped one)")
    parser.add_argument("--out", type=Path, default=None, help="write the scores (JSON) here")
    args = parser.parse_args(argv)
    names = sorted(p.stem for p in (args.corpus / "text").glob("*.txt"))
    if args.holdout:
        names = [n for n in names if in_holdout(n, args.holdout, args.fold)]
    nlp = nlp_mod.load()
    tagger = Tagger(args.model)
    scores = {how: Scores() for how in COMBINATIONS}
    parse_s = tag_s = 0.0
    for name in names:
        gold = gold_for(args.corpus, name)
        if gold is None:
            continue
        text = (args.corpus / "text" / f"{name}.txt").read_text(encoding="utf-8")
        t0 = time.perf_counter()
        sdoc = nlp(text)
        t1 = time.perf_counter()
        found = tagger.spans(text)
        t2 = time.perf_counter()
        parse_s, tag_s = parse_s + t1 - t0, tag_s + t2 - t1
        rules = {t: extract_raw(sdoc, t) for t in {rules_threshold(how) for how in COMBINATIONS}}
        learned = learned_raws(sdoc, found)
        gold_attrs = read_ann(gold)
        for how, tally in scores.items():
            pred = [Attr(content=r.content, cue=[r.cue], source=[r.source] if r.source else [])
                    for r in combine(rules[rules_threshold(how)], learned, how, sdoc)]
            tally.add(pred, gold_attrs)
    results = {"corpus": str(args.corpus), "articles": len(names), "holdout": args.holdout, "fold": args.fold,
               "model": str(args.model or "shipped"),
               "tagger_seconds_per_article": round(tag_s / max(1, len(names)), 4),
               "parse_seconds_per_article": round(parse_s / max(1, len(names)), 4),
               "scores": {how: tally.summary() for how, tally in scores.items()}}
    print(f"{len(names)} articles; tagger {results['tagger_seconds_per_article'] * 1000:.0f} ms an article, "
          f"spaCy's parse {results['parse_seconds_per_article'] * 1000:.0f} ms")
    print(f"{'combine':<14} content P    R     F1   source  cue   end-to-end F1")
    for how, s in results["scores"].items():
        print(f"{how:<14} {s['content_precision']:.3f} {s['content_recall']:.3f} {s['content_f1']:.3f}  "
              f"{s['source_accuracy']:.3f}  {s['cue_accuracy']:.3f}  {s['e2e_f1']:.3f}")
    if args.out:
        args.out.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
