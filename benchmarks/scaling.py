"""How analysis time and memory grow with a document's length.

    python benchmarks/scaling.py ../shared/data/ptc-train/articles [--sizes 10000,100000,1000000]
        [--shape prose|line|quotes] [--only entities,attributions] [--profile]

Builds one document of each size from real articles (``prose``: the articles one after the other;
``line``: the same words on one line with no punctuation; ``quotes``: every sentence in mixed
quotation marks) and analyzes it in a child process of its own: the time of the analysis alone
(models loaded first) and the child's peak RSS. The exponent between two sizes is
log(t2/t1) / log(n2/n1): 1 is linear, 2 quadratic.
"""
from __future__ import annotations

import argparse
import math
import re
import resource
import time
from pathlib import Path

from child import in_child  # benchmarks/ is the script's folder

QUOTES = [("“", "”"), ('"', '"'), ("«", "»"), ("„", "“"), ("‘", "’")]


def build(folder: Path, size: int, shape: str) -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    out, n, i = [], 0, 0
    while n < size:
        piece = texts[i % len(texts)] + "\n"
        if shape == "line":
            piece = re.sub(r"[^\w ]+", " ", piece) + " "
        elif shape == "quotes":
            open_, close = QUOTES[i % len(QUOTES)]
            piece = " ".join(f"{open_}{s.strip()}{close}" for s in re.split(r"(?<=[.!?])\s+", piece) if s.strip()) + "\n"
        out.append(piece)
        n += len(piece)
        i += 1
    return "".join(out)[:size]


def _child(text: str, only, profile: bool, queue) -> None:
    from claimscope import ingest
    from claimscope.pipeline import Pipeline
    from claimscope.report import Report

    pipeline = Pipeline(only, prefetch=False)
    pipeline(ingest.from_text("Warm up\n\nThe mayor said the vote was delayed.\n"))  # load every model
    document = ingest.from_text(text, limits=ingest.Limits(max_chars=len(text) + 1))
    profiler = None
    if profile:
        import cProfile
        profiler = cProfile.Profile()
        profiler.enable()
    start = time.perf_counter()
    Report.from_document(pipeline(document), analyzers=pipeline.names).to_json()
    seconds = time.perf_counter() - start
    if profiler is not None:
        import pstats
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    queue.put((seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def measure(text: str, only, profile: bool) -> tuple[float, float]:
    return in_child(_child, text, only, profile)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", type=Path, help="a folder of .txt articles (real prose)")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--shape", choices=["prose", "line", "quotes"], default="prose")
    parser.add_argument("--only", default=None, help="comma-separated analyzers (default: all)")
    parser.add_argument("--profile", action="store_true", help="print a profile of each run")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    only = args.only.split(",") if args.only else None
    print(f"shape {args.shape}; analyzers {args.only or 'all'}")
    print(f"{'characters':>12} {'seconds':>9} {'peak RSS MB':>12} {'exponent':>9}")
    previous = None
    for size in sizes:
        seconds, rss = measure(build(args.articles, size, args.shape), only, args.profile)
        exponent = ""
        if previous is not None:
            exponent = f"{math.log(seconds / previous[1]) / math.log(size / previous[0]):9.2f}"
        print(f"{size:>12,} {seconds:9.2f} {rss:12.0f} {exponent:>9}", flush=True)
        previous = (size, seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
