"""The store's overhead: `corpus add` against `analyze --output-dir` on the same texts, same run.

    python benchmarks/corpus_add.py ../shared/data/polnear/train/text [--limit N] [--jobs N]

Both run as the real CLI in a subprocess, one after the other, each from a cold start (model
loading included). The overhead is corpus add's wall time over analyze's, minus one: what the
store adds (claim embeddings, the transaction per document, the search index).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = str(Path(sys.executable).parent / "claimscope")


def timed(args: list[str]) -> float:
    t0 = time.perf_counter()
    result = subprocess.run([CLI, *args], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args[:2])} failed: {result.stderr[-2000:]}")
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    texts = sorted(args.folder.glob("*.txt"))[: args.limit or None]
    work = Path(tempfile.mkdtemp(prefix="claimscope-bench-"))
    try:
        inputs = work / "in"
        inputs.mkdir()
        for path in texts:
            (inputs / path.name).symlink_to(path.resolve())
        jobs = ["--jobs", str(args.jobs)]
        analyze = timed(["analyze", str(inputs), "--format", "json", "--output-dir", str(work / "reports"), *jobs])
        store = timed(["corpus", "add", str(work / "corpus.db"), str(inputs), *jobs])
        size = (work / "corpus.db").stat().st_size / 2**20
    finally:
        shutil.rmtree(work, ignore_errors=True)
    n = len(texts)
    print(f"{n} articles, --jobs {args.jobs}")
    print(f"analyze --output-dir : {analyze:7.1f} s  ({n / analyze:.2f} articles/s)")
    print(f"corpus add           : {store:7.1f} s  ({n / store:.2f} articles/s), store {size:.1f} MB")
    print(f"store overhead       : {store / analyze - 1:+.1%}")


if __name__ == "__main__":
    main()
