"""Learn the reporting-cue lexicon from PolNeAR train (../shared/data/polnear/train).

For every lemma, how often is a token with that lemma the head of a gold cue,
against how often it occurs at all? Lemmas that are cues often enough go into
``src/claimscope/data/cue_lexicon.json`` with that rate; the attribution
analyzer uses the rate as a prior. Only counts are kept: no text of the corpus.

    python training/attributions/build_cue_lexicon.py ../shared/data/polnear/train
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

from claimscope.analyzers.attributions import lexicon_key  # noqa: E402
from claimscope.evaluation.polnear import gold_for, read_ann  # noqa: E402


def parsed_docs(corpus: Path, cache: Path | None):
    import spacy
    from spacy.tokens import DocBin

    from claimscope.pipeline import nlp as nlp_mod

    nlp = nlp_mod.load()
    names = sorted(p.stem for p in (corpus / "text").glob("*.txt"))
    if cache and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        return names, docs
    texts = [(corpus / "text" / f"{n}.txt").read_text(encoding="utf-8") for n in names]
    docs = list(nlp.pipe(texts, batch_size=16))
    if cache:
        DocBin(store_user_data=False, docs=docs).to_disk(cache)
    del spacy
    return names, docs


def cue_head(doc, start: int, end: int):
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX", "NOUN", "ADJ", "ADP")]
    return (span.root if span.root.pos_ in ("VERB", "NOUN", "ADJ") else (verbs[0] if verbs else span.root))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/polnear-train.spacy"))
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--min-rate", type=float, default=0.05)
    parser.add_argument("--out", type=Path, default=ROOT / "src/claimscope/data/cue_lexicon.json")
    args = parser.parse_args(argv)
    names, docs = parsed_docs(args.corpus, args.cache)
    cue_counts, all_counts = Counter(), Counter()
    for name, doc in zip(names, docs):
        gold = gold_for(args.corpus, name)
        if gold is None:
            continue
        for tok in doc:
            all_counts[lexicon_key(tok)] += 1
        heads = set()
        for attr in read_ann(gold):
            if attr.cue:
                head = cue_head(doc, attr.cue[0][0], attr.cue[-1][1])
                if head is not None:
                    heads.add(head.i)
        for i in heads:
            cue_counts[lexicon_key(doc[i])] += 1
    lexicon = {}
    for lemma, n in cue_counts.items():
        rate = n / all_counts[lemma]
        if n >= args.min_count and rate >= args.min_rate and lemma.split("/")[0].isalpha():
            lexicon[lemma] = round(rate, 3)
    lexicon = dict(sorted(lexicon.items(), key=lambda kv: -kv[1]))
    args.out.write_text(json.dumps({
        "_comment": "Cue rate per lemma learned from PolNeAR train by training/attributions/build_cue_lexicon.py",
        "min_count": args.min_count, "min_rate": args.min_rate, "cues": lexicon}, indent=1) + "\n")
    print(f"{len(lexicon)} cue lemmas -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
