"""Throughput of claimscope against spaCy alone, in the same command.

    python benchmarks/throughput.py ../shared/data/ptc-train/articles [--limit N] [--only a,b] [--sequential]
    python benchmarks/throughput.py ../shared/data/ptc-train/articles --jobs 2 [--dask] [--limit N]

With --jobs N, like with like on N cores, each from a cold start (model loading included) over the
same texts: spaCy alone with ``nlp.pipe(texts, n_process=N)`` against ``claimscope analyze DIR
--format json --output-dir ... --jobs N`` (and, with --dask, ``--dask local --jobs N``); peak
memory is that of the largest process (one worker); then where the time goes, per analyzer, from
one pipeline run over the same texts in this process.

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


_SPACY_PIPE = """
import json, resource, sys, time
t0 = time.perf_counter()
from claimscope.pipeline import nlp as nlp_mod
nlp = nlp_mod.load(sys.argv[1] or None)
texts = [open(p, encoding="utf-8").read() for p in sys.argv[3:]]
for _ in nlp.pipe(texts, n_process=int(sys.argv[2]), batch_size=16):
    pass
peak = max(resource.getrusage(w).ru_maxrss for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
print(json.dumps({"seconds": time.perf_counter() - t0, "peak_rss_mb": peak}))
"""


def _spacy_pipe(paths, model, jobs) -> dict:
    """spaCy alone in a fresh interpreter (its n_process workers hang inside a multiprocessing child)."""
    import subprocess

    out = subprocess.run([sys.executable, "-c", _SPACY_PIPE, model or "", str(jobs), *paths],
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["articles_per_s"] = len(paths) / result["seconds"]
    return result


def _cli_run(args, queue):
    import subprocess

    t0 = time.perf_counter()
    result = subprocess.run([str(Path(sys.executable).parent / "claimscope"), *args], capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    queue.put({"seconds": seconds, "returncode": result.returncode, "stderr": result.stderr[-500:],
               "peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024})


def _stages(paths, model, only, queue):
    """Seconds per stage of one pipeline over the texts (after a warm-up article)."""
    from claimscope import ingest
    from claimscope.pipeline import Pipeline
    from claimscope.report import Report

    pipeline = Pipeline(only, model=model)
    pipeline(ingest.from_text(Path(paths[0]).read_text(encoding="utf-8")))
    pipeline.timings.clear()
    t0 = time.perf_counter()
    for path in paths:
        doc = pipeline(ingest.from_text(Path(path).read_text(encoding="utf-8"), doc_id=Path(path).stem))
        t1 = time.perf_counter()
        Report.from_document(doc, analyzers=pipeline.names).to_json()
        pipeline.timings["report (JSON)"] = pipeline.timings.get("report (JSON)", 0.0) + time.perf_counter() - t1
    queue.put({"total": time.perf_counter() - t0, "stages": dict(pipeline.timings)})


def compare_parallel(paths, args) -> int:
    import shutil
    import tempfile

    work = Path(tempfile.mkdtemp(prefix="claimscope-throughput-"))
    try:
        folder = work / "in"
        folder.mkdir()
        for path in paths:
            (folder / Path(path).name).symlink_to(Path(path).resolve())
        only = ["--only", args.only] if args.only else []
        rows = [("spaCy nlp.pipe", _spacy_pipe(paths, args.model, args.jobs))]
        runs = [("claimscope --jobs", ["--jobs", str(args.jobs)])]
        if args.dask:
            runs.append(("claimscope --dask local", ["--dask", "local", "--jobs", str(args.jobs)]))
        for name, extra in runs:
            out = work / name.split()[-1].strip("-")
            r = in_child(_cli_run, ["analyze", str(folder), "--format", "json", "--output-dir", str(out), *only, *extra])
            if r["returncode"] != 0:
                print(f"error: {name} failed: {r['stderr']}", file=sys.stderr)
                return 2
            r["articles_per_s"] = len(paths) / r["seconds"]
            rows.append((name, r))
        stages = in_child(_stages, paths[: min(len(paths), 40)], args.model, [n for n in args.only.split(",") if n] or None)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ref = rows[0][1]["articles_per_s"]
    print(f"{len(paths)} articles from {args.folder}, {args.jobs} processes each, model loading included")
    print(f"{'':26}{'seconds':>9}{'articles/s':>12}{'ratio':>8}{'peak MB / process':>19}")
    for name, r in rows:
        print(f"{name:26}{r['seconds']:9.1f}{r['articles_per_s']:12.2f}{r['articles_per_s'] / ref:8.2f}"
              f"{r['peak_rss_mb']:19.0f}")
    total = stages["total"]
    print(f"where the time goes (one pipeline, {min(len(paths), 40)} articles, {total:.1f} s; "
          "'beside the parse' runs in a second thread):")
    for stage, seconds in sorted(stages["stages"].items(), key=lambda kv: -kv[1]):
        print(f"  {stage:34}{seconds:7.2f} s  {seconds / total:6.1%}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="use only the first N articles")
    parser.add_argument("--only", default="", help="comma-separated analyzers (default: all)")
    parser.add_argument("--model", default=None)
    parser.add_argument("--sequential", action="store_true",
                        help="no background prefetch: every analyzer after spaCy's parse")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--jobs", type=int, default=0, help="compare N processes with nlp.pipe(n_process=N)")
    parser.add_argument("--dask", action="store_true", help="with --jobs: also a Dask LocalCluster of N workers")
    args = parser.parse_args(argv)
    paths = sorted(str(p) for p in args.folder.glob("*.txt"))
    if args.limit:
        paths = paths[: args.limit]
    if not paths:
        print(f"error: no .txt files in {args.folder}", file=sys.stderr)
        return 2
    if args.jobs:
        return compare_parallel(paths, args)
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
