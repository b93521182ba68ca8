"""Throughput of claimscope against spaCy alone, in the same command.

    python benchmarks/throughput.py ../shared/data/ptc-train/articles [--limit N] [--only a,b] [--sequential]

Each side runs in its own child process (so peak RSS is its own) over the same
articles, one article at a time, after one warm-up article: spaCy alone is
read + ``nlp(text)``; claimscope is read + ingest + every analyzer + the JSON
report. The ratio is claimscope's articles/s over spaCy's (1.0 = no overhead).
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

from child import in_child  # benchmarks/ is the script's folder


def _spacy_alone(paths, model, queue):
    from claimscope.pipeline import nlp as nlp_mod

    nlp = nlp_mod.load(model)
    nlp(Path(paths[0]).read_text(encoding="utf-8"))  # warm-up
    times = []
    for path in paths:
        t0 = time.perf_counter()
        nlp(Path(path).read_text(encoding="utf-8"))
        times.append(time.perf_counter() - t0)
    queue.put(_summary(times))


def _claimscope(paths, model, only, sequential, queue):
    from claimscope import ingest
    from claimscope.pipeline import Pipeline
    from claimscope.report import Report

    pipeline = Pipeline(only, model=model, prefetch=not sequential)

    def run(path):
        doc = ingest.from_text(Path(path).read_text(encoding="utf-8"), doc_id=Path(path).stem)
        Report.from_document(pipeline(doc), analyzers=pipeline.names).to_json()

    run(paths[0])  # warm-up: loads models
    times = []
    for path in paths:
        t0 = time.perf_counter()
        run(path)
        times.append(time.perf_counter() - t0)
    summary = _summary(times)
    summary["analyzers"] = pipeline.names
    queue.put(summary)


def _summary(times):
    ordered = sorted(times)
    return {
        "articles": len(times),
        "seconds": sum(times),
        "articles_per_s": len(times) / sum(times),
        "p50_ms": 1000 * statistics.median(ordered),
        "p95_ms": 1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="use only the first N articles")
    parser.add_argument("--only", default="", help="comma-separated analyzers (default: all)")
    parser.add_argument("--model", default=None)
    parser.add_argument("--sequential", action="store_true",
                        help="no background prefetch: every analyzer after spaCy's parse")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    paths = sorted(str(p) for p in args.folder.glob("*.txt"))
    if args.limit:
        paths = paths[: args.limit]
    if not paths:
        print(f"error: no .txt files in {args.folder}", file=sys.stderr)
        return 2
    only = [n for n in args.only.split(",") if n] or None
    ref = in_child(_spacy_alone, paths, args.model)
    full = in_child(_claimscope, paths, args.model, only, args.sequential)
    ratio = full["articles_per_s"] / ref["articles_per_s"]
    if args.json:
        print(json.dumps({"spacy": ref, "claimscope": full, "ratio": ratio}, indent=2))
        return 0
    print(f"{len(paths)} articles from {args.folder}")
    print(f"{'':12}{'articles/s':>12}{'p50 ms':>10}{'p95 ms':>10}{'peak RSS MB':>13}")
    for name, r in (("spaCy alone", ref), ("claimscope", full)):
        print(f"{name:12}{r['articles_per_s']:12.2f}{r['p50_ms']:10.1f}{r['p95_ms']:10.1f}{r['peak_rss_mb']:13.0f}")
    print(f"analyzers: {', '.join(full['analyzers'])}")
    print(f"throughput ratio claimscope / spaCy alone: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
