"""A bounded load test of `claimscope serve` on loopback, while `corpus add` writes to the same store.

    python benchmarks/serve_load.py STORE.db [--documents 10000] [--clients 8] [--seconds 60]
        [--add ../shared/data/polnear/dev/text]

STORE.db (made by `claimscope corpus add`, for example scripts/corpus-example's out/polnear.db) is
copied and replicated to --documents documents (as in map_latency.py). The real server is started
on a free loopback port; --clients threads, each with its own connection, request for --seconds a
mix of the pages and API calls an analyst uses (search page, document page, evidence-map page, API
search, API document), while `claimscope corpus add COPY --add --jobs 1` stores new documents into
the same SQLite file. Printed per kind: requests, errors, p50, p95 and max latency in ms; the
command exits 1 if any request failed.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from map_latency import replicate  # noqa: E402

CLI = str(Path(sys.executable).parent / "claimscope")
WORDS = ["refugees", "email server", "debate", "tax plan", "immigration", "Iowa caucus", "poll", "Supreme Court",
         "trade deal", "wall", "emails", "delegates", "Benghazi", "health care", "Syria", "economy"]
MAPS = [("Trump", "Clinton"), ("Clinton", "Sanders"), ("Trump", "Cruz")]
TARGET_MS = 300  # p95 for the document and search pages (the target)


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))] if values else float("nan")


def start_server(db: Path) -> tuple[subprocess.Popen, str]:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "CLAIMSCOPE_TOKEN"}
    proc = subprocess.Popen([CLI, "serve", str(db), "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(base + "/api/documents?limit=1", timeout=2).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start: " + (proc.stderr.read() if proc.stderr else ""))


def requests_for(ids: list[str]):
    """An endless, seeded mix of what an analyst asks for."""
    rng = random.Random(7)
    while True:
        kind = rng.choice(["search page", "document page", "search page", "document page", "map page",
                           "api search", "api document"])
        if kind == "search page":
            yield kind, "/search?q=" + quote(rng.choice(WORDS))
        elif kind == "document page":
            yield kind, "/documents/" + quote(rng.choice(ids), safe="")
        elif kind == "map page":
            a, b = rng.choice(MAPS)
            yield kind, f"/map?actor={a}&actor={b}"
        elif kind == "api search":
            yield kind, "/api/search?q=" + quote(rng.choice(WORDS))
        else:
            yield kind, "/api/documents/" + quote(rng.choice(ids), safe="")


def client(base: str, plan, until: float, lock: threading.Lock, results: dict) -> None:
    with httpx.Client(base_url=base, timeout=60) as http:
        while time.monotonic() < until:
            with lock:
                kind, path = next(plan)
            t0 = time.perf_counter()
            try:
                ok = http.get(path).status_code == 200
            except httpx.HTTPError:
                ok = False
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                entry = results.setdefault(kind, {"ms": [], "errors": 0})
                entry["ms"].append(ms)
                entry["errors"] += not ok


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("store", type=Path)
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--add", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/polnear/dev/text")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="serve-load-"))
    db = work / "store.db"
    shutil.copy(args.store, db)
    total = replicate(db, args.documents)
    import sqlite3
    with sqlite3.connect(db) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM documents")]
    print(f"store: {total} documents (replicated from {args.store})")

    server, base = start_server(db)
    writer = None
    try:
        for a, b in MAPS:  # the first map of each pair is computed before the clock starts, as a user's
            httpx.get(f"{base}/map?actor={a}&actor={b}", timeout=120)
        writer = subprocess.Popen([CLI, "corpus", "add", str(db), str(args.add), "--jobs", "1"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        results: dict = {}
        lock = threading.Lock()
        plan = requests_for(ids)
        until = time.monotonic() + args.seconds
        threads = [threading.Thread(target=client, args=(base, plan, until, lock, results)) for _ in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        writer.terminate()
        added = writer.communicate(timeout=60)[1]
    finally:
        if writer and writer.poll() is None:
            writer.kill()
        server.terminate()
        server.wait(timeout=30)
    with sqlite3.connect(db) as conn:
        after = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    shutil.rmtree(work, ignore_errors=True)

    print(f"{args.clients} clients for {args.seconds:g} s on loopback; corpus add stored {after - total} documents "
          f"meanwhile{'' if after > total else ' (none: ' + added.strip()[-200:] + ')'}")
    print(f"{'kind':<15}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    errors = 0
    for kind in sorted(results):
        ms, err = results[kind]["ms"], results[kind]["errors"]
        errors += err
        print(f"{kind:<15}{len(ms):>9}{err:>8}{percentile(ms, .5):>9.0f}{percentile(ms, .95):>9.0f}{max(ms):>9.0f}")
    pages = [m for k in ("document page", "search page") for m in results.get(k, {}).get("ms", [])]
    p95 = percentile(pages, .95)
    print(f"document and search pages: p95 {p95:.0f} ms (target <= {TARGET_MS}) -> {'met' if p95 <= TARGET_MS else 'missed'}")
    print(f"errors: {errors}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
