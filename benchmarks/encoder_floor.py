"""What the neural passes cost beside spaCy's parse, and the throughput ratio they allow at best.

    python benchmarks/encoder_floor.py ../shared/data/ptc-train/articles [--limit N] [--batch 1,4,32]

In one process, one thread each, over the same articles (after one warm-up article): spaCy's
parse (the reference of benchmarks/throughput.py), and each MiniLM-L6 pass the pipeline makes,
alone: the attribution tagger over the text's 256-piece windows, the technique encoder over its
sentence units, and the sentence encoder over the spaCy sentences (the check-worthiness model's
input; the claims analyzer encodes only its candidates, so this is an upper bound for it).

With N workers on N cores both sides are bound by CPU work per article, so claimscope's ratio to
spaCy alone can be at most parse / (parse + passes), whatever the scheduling: that ceiling is
printed for the passes together and for each set a release could keep.

With --batch, the technique and sentence passes are also run with that many texts a run (padded to
the longest, shortest first as the pipeline orders them): the figures behind their batch size of 1.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path


def _time(fn, texts) -> list[float]:
    fn(texts[0])  # warm-up
    out = []
    for text in texts:
        t0 = time.perf_counter()
        fn(text)
        out.append(time.perf_counter() - t0)
    return out


def measure(texts: list[str], model: str | None = None, batches=(1,)) -> dict[str, float]:
    """Mean milliseconds per article of the parse and of each pass (the technique and sentence
    passes at each batch size; the first is the pipeline's)."""
    from claimscope.analyzers.attribution_tagger import Tagger
    from claimscope.analyzers.techniques.model import TechniqueModel, split_units
    from claimscope.matching.encoder import Encoder
    from claimscope.pipeline import nlp as nlp_mod

    nlp = nlp_mod.load(model)
    sentences = {}

    def parse(text):
        sentences[text] = [s.text for s in nlp(text).sents]

    tagger = Tagger(threads=1)
    techniques = TechniqueModel(threads=1)
    encoder = Encoder(threads=1)

    def technique_pass(batch):
        def run(text):
            order = sorted(split_units(text), key=lambda u: u[1] - u[0])
            for k in range(0, len(order), batch):
                techniques._run(techniques._encode([text[s:e] for s, e in order[k:k + batch]]))
        return run

    def sentence_pass(batch):
        # _encode, not encode: the cache would spare the sentences it saw
        return lambda text: encoder._encode(sentences[text], batch)

    runs = {"spaCy parse": parse, "attribution tagger": tagger.spans,
            "technique encoder": technique_pass(batches[0]),
            "sentence encoder (all sentences)": sentence_pass(batches[0])}
    for b in batches[1:]:
        runs[f"technique encoder, batches of {b}"] = technique_pass(b)
        runs[f"sentence encoder, batches of {b}"] = sentence_pass(b)
    return {name: 1000 * statistics.mean(_time(fn, texts)) for name, fn in runs.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--model", default=None)
    parser.add_argument("--batch", default="1", help="texts a run for the technique and sentence passes, "
                        "comma-separated; the first is the pipeline's (1)")
    args = parser.parse_args(argv)
    paths = sorted(args.folder.glob("*.txt"))[: args.limit or None]
    if not paths:
        print(f"error: no .txt files in {args.folder}", file=sys.stderr)
        return 2
    texts = [p.read_text(encoding="utf-8") for p in paths]
    try:
        batches = tuple(int(b) for b in args.batch.split(","))
    except ValueError:
        print(f"error: --batch takes whole numbers separated by commas, not {args.batch!r}", file=sys.stderr)
        return 2
    ms = measure(texts, args.model, batches)
    parse = ms.pop("spaCy parse")
    others = {k: ms.pop(k) for k in list(ms) if ", batches of" in k}
    print(f"{len(texts)} articles from {args.folder}, one thread each, mean ms per article")
    print(f"  {'spaCy parse':36}{parse:8.0f}")
    for name, value in ms.items():
        print(f"  {name:36}{value:8.0f}  {value / parse:5.2f} x the parse")
    for name, value in others.items():
        print(f"  {name:36}{value:8.0f}  (not the pipeline's)")
    print("ceiling of the throughput ratio to spaCy alone (parse / (parse + passes)):")
    names = list(ms)
    for keep in (names, names[:2], names[:1], []):
        label = " + ".join(keep) or "no neural pass"
        print(f"  {label:72}{parse / (parse + sum(ms[n] for n in keep)):6.2f}")
    print(f"a ratio of 0.8 leaves {0.25 * parse:.0f} ms per article for every pass together")
    return 0


if __name__ == "__main__":
    sys.exit(main())
