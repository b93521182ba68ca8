"""Candidate technique spans on unlabelled news, for distillation (teacher.py --unlabelled, distil.py).

    python training/techniques/unlabelled_spans.py ../shared/data/polnear/train/text --articles 300 --out U.jsonl

Reads a sample of plain-text news articles (PolNeAR's training texts: news the technique model never
saw labels for) and writes, one line per article, its text and the spans the shipped model's span
decoder proposes there. Only the span boundaries are used: the technique of each span is what the
teacher says of it. The shipped model was trained on all of PTC, so the boundaries come from a model
that saw the held-out folds' articles; they carry no label of those articles.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("texts", type=Path, help="folder of .txt articles")
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=29)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    from claimscope.analyzers.techniques.model import load

    model = load()
    paths = sorted(args.texts.glob("*.txt"))
    random.Random(args.seed).shuffle(paths)
    total = 0
    with args.out.open("w", encoding="utf-8") as out:
        for path in paths[: args.articles]:
            text = path.read_text(encoding="utf-8")
            spans = sorted({(f.start, f.end) for f in model.analyze(text)})
            total += len(spans)
            out.write(json.dumps({"id": "u_" + path.stem, "text": text, "spans": spans}) + "\n")
    print(f"{min(len(paths), args.articles)} articles, {total} spans -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
