"""CheckThat! 2022 Task 2A (claim retrieval): reading queries, qrels and verified claims; scores.

Measures as the task defines them: MAP@5 (official), P@1 and MRR over the queries that have
qrels. A verified claim is matched on its claim text, title and subtitle, and on its bare claim
for the vector side; its date and the tweet's give the date bonus (all chosen on the training
queries; see training/claim_matching/choose_fusion.py and the README).
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..errors import ClaimscopeError

csv.field_size_limit(1 << 24)


def read_queries(path: Path) -> list[tuple[str, str]]:
    """``id<TAB>text`` rows (fields may be CSV-quoted, as in the task's files)."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = [r for r in csv.reader(fh, delimiter="\t") if r]
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise ClaimscopeError("E072", path=str(path), what="queries TSV", reason=str(err)) from None
    if rows and rows[0][:2] == ["id", "text"]:
        rows = rows[1:]
    if not rows or any(len(r) < 2 for r in rows):
        raise ClaimscopeError("E072", path=str(path), what="queries TSV", reason="expected id<TAB>text on every line")
    return [(r[0], r[1]) for r in rows]


def read_qrels(path: Path) -> dict[str, set[str]]:
    """TREC qrels: ``query_id 0 doc_id relevance``; relevance > 0 counts."""
    qrels: dict[str, set[str]] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise ClaimscopeError("E072", path=str(path), what="qrels", reason=str(err)) from None
    for n, line in enumerate(lines, 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 4:
            raise ClaimscopeError("E072", path=str(path), what="qrels", reason=f"line {n} has {len(parts)} fields, not 4")
        if parts[3] != "0":
            qrels.setdefault(parts[0], set()).add(parts[2])
    return qrels


@dataclass
class VerifiedClaims:
    ids: list[str]
    texts: list[str]  # claim, title and subtitle: what both sides match
    claims: list[str]  # the bare claim: a second field for the vector side
    dates: list[date | None]  # when the fact-check was published


def read_vclaims(path: Path) -> VerifiedClaims:
    """Verified claims from JSONL (``vclaim_id``, ``vclaim``, ``title``, ``subtitle``, ``date``)."""
    out = VerifiedClaims([], [], [], [])
    try:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                record = json.loads(line)
                fields = [record.get(k) for k in ("vclaim", "title", "subtitle")]
                out.ids.append(str(record["vclaim_id"]))
                out.texts.append(" ".join(x for x in fields if isinstance(x, str) and x))
                out.claims.append(fields[0] if isinstance(fields[0], str) else "")
                out.dates.append(parse_date(record.get("date")))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as err:
        raise ClaimscopeError("E072", path=str(path), what="verified-claims JSONL",
                              reason=f"{type(err).__name__}: {err}") from None
    return out


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# an embedded tweet ends "— Name (@handle) January 28, 2021"
_TWEET_DATE = re.compile(rf"\b({_MONTHS}) (\d{{1,2}}), (\d{{4}})\W*$")


def parse_date(value) -> date | None:
    """"26 May 2015" or "May 26, 2015" (the verified claims' form), else None."""
    if not isinstance(value, str):
        return None
    for fmt in ("%d %B %Y", "%B %d, %Y", "%B %d %Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def query_date(text: str) -> date | None:
    """The date a tweet was posted, from the signature that ends an embedded tweet."""
    match = _TWEET_DATE.search(text.strip())
    return parse_date(" ".join(match.groups())) if match else None


def scores(run: dict[str, list[str]], qrels: dict[str, set[str]], k: int = 5) -> dict[str, float]:
    """MAP@k, P@1 and MRR over the queries in ``qrels``; a query with no run scores 0."""
    ap_sum = p1 = rr = 0.0
    for qid, relevant in qrels.items():
        ranked = run.get(qid, [])
        hits, precision_sum = 0, 0.0
        for rank, doc in enumerate(ranked[:k], 1):
            if doc in relevant:
                hits += 1
                precision_sum += hits / rank
        ap_sum += precision_sum / min(len(relevant), k)
        p1 += 1.0 if ranked[:1] and ranked[0] in relevant else 0.0
        first = next((rank for rank, doc in enumerate(ranked, 1) if doc in relevant), None)
        rr += 1.0 / first if first else 0.0
    n = max(len(qrels), 1)
    return {"map@5": ap_sum / n, "p@1": p1 / n, "mrr": rr / n, "queries": len(qrels)}
