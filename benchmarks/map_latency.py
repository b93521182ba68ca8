"""Latency of the evidence map, search and a document's report on a large store.

    python benchmarks/map_latency.py STORE.db --documents 10000 [--actor Trump --actor Clinton] [--runs 20]

STORE.db is a store made by `claimscope corpus add` (for example over PolNeAR's 840 training
articles). It is copied, then its documents are replicated under new ids (``ID~2``, ``ID~3``, ...,
with fresh content hashes and search rows) until the copy holds --documents documents. Then each
query runs --runs times (the overview at most 3) in this process, through the library the CLI and
the server call, and the median and 95th percentile are printed.
"""
from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

TABLES = {  # table: the columns copied as they are (document_id / id handled apart)
    "entity_names": ["entity_id", "name", "label", "key"],
    "mentions": ["entity_id", "start", "\"end\""],
    "claims": ["claim_id", "start", "\"end\"", "text", "score", "voice", "speaker_name", "source_text", "hedged",
               "hedges", "evidence_type", "is_denial", "denies", "vector"],
    "claim_entities": ["claim_id", "entity_id", "role", "score"],
    "relations": ["relation_id", "source", "target", "type", "polarity", "speaker_name", "confidence", "start", "\"end\"",
                  "text"],
    "annotations": ["layer", "kind", "start", "\"end\""],
}


def replicate(path: Path, target: int) -> int:
    """Copies of the original documents under new ids, in SQL, until the store holds ``target``."""
    conn = sqlite3.connect(path)
    originals = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    top = conn.execute("SELECT max(seq) FROM documents").fetchone()[0]
    copy = 2
    while conn.execute("SELECT count(*) FROM documents").fetchone()[0] < target:
        need = target - conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        suffix = f"~{copy}"
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS pick (id TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM pick")
        conn.execute("INSERT INTO pick SELECT id FROM documents WHERE id NOT LIKE '%~%' ORDER BY seq LIMIT ?", (need,))
        conn.execute("INSERT INTO documents (id, seq, url, content_hash, title, site, author, published, language, "
                     "added_at, text, report) SELECT id || ?, seq + ?, NULL, content_hash || ?, title, site, author, "
                     "published, language, added_at, text, report FROM documents WHERE id IN (SELECT id FROM pick)",
                     (suffix, top * (copy - 1), suffix))
        for table, cols in TABLES.items():
            listed = ", ".join(cols)
            conn.execute(f"INSERT INTO {table} (document_id, {listed}) SELECT document_id || ?, {listed} FROM {table} "
                         "WHERE document_id IN (SELECT id FROM pick)", (suffix,))
        conn.execute("INSERT INTO search (document_id, kind, ref, body) SELECT document_id || ?, kind, ref, body "
                     "FROM search WHERE document_id IN (SELECT id FROM pick)", (suffix,))
        conn.commit()
        copy += 1
    total = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    conn.close()
    return total if originals else 0


def timed(func, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        func()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("store", type=Path)
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--actor", action="append", default=None)
    parser.add_argument("--query", default="email server")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    actors = args.actor or ["Trump", "Clinton"]

    from claimscope.evidence import build_map, render_map
    from claimscope.evidence.overview import overview
    from claimscope.store import Store

    work = Path(tempfile.mkdtemp(prefix="claimscope-map-"))
    try:
        copy = work / "big.db"
        shutil.copy(args.store, copy)
        t0 = time.perf_counter()
        total = replicate(copy, args.documents)
        print(f"store: {total} documents ({copy.stat().st_size / 2**20:.0f} MB), replicated in "
              f"{time.perf_counter() - t0:.0f} s")
        store = Store.open(str(copy), create=False)
        first = store.documents(limit=1)[0]["id"]
        result = build_map(store, actors=actors)
        print(f"map of {' and '.join(actors)}: {result['documents_considered']} documents, "
              f"{len(result['clusters'])} clusters, {len(result['relations'])} relation rows")
        rows = [
            ("map, two actors (JSON)", lambda: render_map(build_map(store, actors=actors), "json"), args.runs),
            ("map, one actor (JSON)", lambda: render_map(build_map(store, actors=actors[:1]), "json"), args.runs),
            (f"search {args.query!r}", lambda: store.search(args.query), args.runs),
            ("document report", lambda: store.report(first), args.runs),
            ("list documents", lambda: store.documents(limit=50), args.runs),
            # what the web UI's front page computes before it caches it: seconds, so a few runs
            ("overview (uncached)", lambda: overview(store), min(args.runs, 3)),
        ]
        for name, func, runs in rows:
            p50, p95 = timed(func, runs)
            print(f"{name:<28} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
