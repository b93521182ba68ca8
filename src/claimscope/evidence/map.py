"""The evidence map: who said it first, who repeated it, who denied it, across the stored documents.

For one or two actors (found by every name and alias, merged across documents) or for a claim:
the claims about them are clustered by meaning (MiniLM cosine, as in claim matching), each
cluster ordered by publication date; the relations between the actors are counted per speaker
and document; and each cluster is read for how its sourcing changes as it travels. Every point
carries evidence items ``{"document_id", "start", "end", "text"}`` whose text is the stored
document's ``text[start:end]``.
"""
from __future__ import annotations

import gc
import json
import re
from collections import defaultdict
from contextlib import contextmanager

import numpy as np
from sqlalchemy import and_, or_, select

from ..errors import ClaimscopeError
from ..store import schema as s

# cosine at which two claims are one claim. On CheckThat! tweet/claim pairs the best F1 is at 0.62
# (training/claim_matching/choose_fusion.py), but there a tweet is long and noisy; two clean news
# claims that share actors and differ in substance reach 0.73 ("Trump leads Clinton by two points in
# Ohio" / "Clinton leads Trump by five points in Florida"), paraphrases 0.85 and more. The map
# prefers keeping claims apart to merging different ones.
SAME_CLAIM = 0.80
# cosine at which a stored claim matches the claim a user asks about: the CheckThat! choice above,
# made on exactly that task (a free-form text against verified claims)
QUERY_MATCH = 0.62
MAX_CLAIMS = 1500  # the most check-worthy claims clustered; the map says when it cut
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|"
                     r"thousands?|millions?|billions?)\b", re.I)
VAGUE_WORDS = {"source", "sources", "official", "officials", "people", "person", "aide", "aides", "insider",
               "insiders", "expert", "experts", "critics", "observers", "reports", "diplomat", "diplomats"}


def actor_keys(name: str) -> set[str]:
    """Every lower-cased name an actor goes by: the name given and, if the alias table knows it, its aliases."""
    from ..analyzers.entities import alias_table

    wanted = name.strip().lower()
    keys = {wanted}
    for actor in alias_table().get("actors", []):
        names = {actor["name"].lower(), *(a.lower() for a in actor.get("aliases", []))}
        if wanted in names:
            keys |= names
    return keys


def _one_person(query: str, rows) -> tuple[list, list[str]]:
    """A bare surname stands for the person most documents name by it: "Trump" is Donald Trump, not
    Ivanka or Melania Trump. The others are listed, to be asked for by their full names."""
    surname = query.strip().lower()
    if len(surname.split()) != 1:
        return rows, []
    docs_by_name = defaultdict(set)
    for doc_id, _, name in rows:  # rows are (document id, entity id, name)
        docs_by_name[name].add(doc_id)
    first_names = defaultdict(set)
    for name, docs in docs_by_name.items():
        words = name.lower().replace(".", " ").split()
        if len(words) >= 2 and words[-1] == surname:
            first_names[words[-2] if len(words[-2]) > 1 or len(words) < 3 else words[-3]] |= docs
    if len(first_names) < 2:
        return rows, []
    dominant = max(first_names, key=lambda f: (len(first_names[f]), f))
    others = set()
    for name in docs_by_name:
        words = name.lower().split()
        if not (words == [surname] or dominant in words or len(words) < 2 or words[-1] != surname):
            others.add(name)
    return ([r for r in rows if r[2] not in others] if others else rows), sorted(others)


@contextmanager
def _collector_paused():
    """The map makes some hundred thousand short-lived objects and no reference cycles; the cyclic
    collector's passes over them (and over a server's whole heap) only add pauses: about 20 ms of a
    two-actor map at 10,000 documents (benchmarks/map_latency.py)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_map(store, actors: list[str], claim: str | None = None, since: str | None = None,
              until: str | None = None) -> dict:
    with _collector_paused(), store.engine.connect() as conn:
        in_range = _in_range(conn, since, until)  # None: every document
        found_actors, entity_sets = [], []
        for name in actors:
            rows = _entity_rows(conn, actor_keys(name))
            if in_range is not None:
                rows = [r for r in rows if r[0] in in_range]
            rows, others = _one_person(name, rows)
            ents = {(d, e) for d, e, _ in rows}
            entity_sets.append(ents)
            found_actors.append({"query": name, "documents": len({d for d, _ in ents}),
                                 "names": sorted({n for _, _, n in rows}), "not_included": others})
        if actors:
            doc_ids = set.intersection(*({d for d, _ in ents} for ents in entity_sets))
        else:
            doc_ids = in_range if in_range is not None else set(conn.execute(select(s.documents.c.id)).scalars())
        if not doc_ids:
            what = " and ".join(repr(a) for a in actors) if actors else "any document"
            raise ClaimscopeError("E076", what=f"no stored document names {what}"
                                  + (" in that date range" if since or until else ""))
        rows, cut = _claims(conn, store, doc_ids, entity_sets, claim)
        relations = _relations(conn, doc_ids, entity_sets) if len(entity_sets) == 2 else []
        docs = _documents(conn, {r["document_id"] for r in rows} | {e["document_id"] for r in relations
                                                                    for e in r["evidence"]})
        clusters = _clusters(rows, docs, _denials(conn, {r["document_id"] for r in rows}))
        used = sorted({i["document_id"] for c in clusters for i in c["items"] + c["denials"]}
                      | {e["document_id"] for r in relations for e in r["evidence"]}, key=lambda d: docs[d]["order"])
        described = _describe(conn, used)
    return {
        "query": {"actors": list(actors), "claim": claim, "since": since, "until": until},
        "actors": found_actors,
        "documents": described,
        "documents_considered": len(doc_ids),
        "clusters": clusters,
        "relations": relations,
        "notes": _notes(cut, claim),
    }


def _describe(conn, doc_ids: list[str]) -> list[dict]:
    """Title, site, URL and date of the documents the map cites, in the order given."""
    d = s.documents.c
    found = {}
    for b in range(0, len(doc_ids), 500):
        for r in conn.execute(select(d.id, d.title, d.site, d.url, d.published).where(d.id.in_(doc_ids[b:b + 500]))):
            found[r.id] = {"id": r.id, "title": r.title, "site": r.site, "url": r.url, "published": r.published}
    return [found[i] for i in doc_ids if i in found]


def _entity_rows(conn, keys: set[str]):
    e = s.entity_names.c
    return conn.execute(select(e.document_id, e.entity_id, e.name).where(e.key.in_(sorted(keys)))).tuples().all()


def _in_range(conn, since: str | None, until: str | None) -> set[str] | None:
    """The documents published in the date range (None when there is no range)."""
    if not since and not until:
        return None
    d = s.documents.c
    query = select(d.id)
    if since:
        query = query.where(d.published >= since)
    if until:
        query = query.where(d.published <= until + "~")
    return set(conn.execute(query).scalars())


def _documents(conn, doc_ids: set[str]) -> dict[str, dict]:
    """Date, order and site of the documents the map's claims and relations come from."""
    d = s.documents.c
    ids = sorted(doc_ids)
    out = {}
    for b in range(0, len(ids), 500):
        for r in conn.execute(select(d.id, d.seq, d.site, d.published).where(d.id.in_(ids[b:b + 500]))).all():
            out[r.id] = {"site": r.site, "published": r.published, "order": (r.published or "9999", r.seq)}
    return out


def _evidence(doc_id: str, start: int, end: int, text: str) -> dict:
    """An evidence item; ``text`` is the stored document's ``text[start:end]`` (claims store it as such)."""
    return {"document_id": doc_id, "start": start, "end": end, "text": text}


def _inside(row: dict, start: int, end: int) -> dict:
    """Evidence for a span inside a claim (a hedge), cut from the claim's own text."""
    return _evidence(row["document_id"], start, end, row["text"][start - row["start"]:end - row["start"]])


_CLAIM_COLUMNS = ("pk", "document_id", "claim_id", "start", "end", "text", "score", "voice", "speaker_name",
                  "source_text", "hedged", "hedges", "evidence_type", "is_denial")


def _claims(conn, store, doc_ids: set[str], entity_sets: list[set], claim_text: str | None) -> tuple[list[dict], int]:
    """The claims the map is about, most check-worthy first, with their vectors; and how many were
    left out by the cap. With actors: claims that name them (or are asserted by one of them). With a
    claim: claims close to it in meaning."""
    if entity_sets:
        # one actor: the claims naming it; two: the claims naming both (or said by one about the other)
        first = s.claim_entities.alias("first")
        query = select(first.c.document_id, first.c.claim_id, first.c.entity_id, first.c.score).where(
            first.c.entity_id.in_(sorted({e for _, e in entity_sets[0]})))
        if len(entity_sets) == 2:
            other = s.claim_entities.alias("other")
            query = query.add_columns(other.c.entity_id).join_from(first, other, and_(
                other.c.document_id == first.c.document_id, other.c.claim_id == first.c.claim_id)).where(
                other.c.entity_id.in_(sorted({e for _, e in entity_sets[1]})))
        scored = {}
        for d, c, e, score, *e2 in conn.execute(query).all():
            if d in doc_ids and (d, e) in entity_sets[0] and (not e2 or (d, e2[0]) in entity_sets[1]):
                scored[(d, c)] = score
    else:
        pairs = [p for p in store.claim_candidates(claim_text or "", limit=5 * MAX_CLAIMS) if p[0] in doc_ids]
        scored = {p: -rank for rank, p in enumerate(pairs)}  # full-text rank first; the vector decides below
    ranked = sorted(scored, key=lambda key: (-scored[key], key))
    kept = _full_rows(conn, ranked[:MAX_CLAIMS])
    if claim_text:
        from ..matching.encoder import encoder
        asked = encoder().encode([claim_text])[0]
        kept = [r for r in kept if float(r["vector"] @ asked) >= QUERY_MATCH]
    return kept, max(0, len(ranked) - MAX_CLAIMS)


def _full_rows(conn, keys: list[tuple[str, str]]) -> list[dict]:
    """Claim rows with their vectors, in the order of ``keys`` (document id, claim id); claims stored
    without a vector are left out."""
    listed = ", ".join(f'"{n}"' for n in _CLAIM_COLUMNS)
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    found = {}
    for b in range(0, len(keys), 500):
        chunk = keys[b:b + 500]
        # an OR of pairs, not a row-value IN: SQLite searches the index for each pair but scans for IN;
        # sent to the driver as it is, because compiling 1,000 bound parameters costs more than running them
        where = " OR ".join([f"(document_id = {mark} AND claim_id = {mark})"] * len(chunk))
        params = tuple(v for pair in chunk for v in pair)
        for r in conn.exec_driver_sql(f"SELECT {listed}, vector FROM claims WHERE {where}", params).all():
            if r.vector:
                row = dict(zip(_CLAIM_COLUMNS, r))
                row["vector"] = np.frombuffer(r.vector, dtype=np.float32)
                found[(r.document_id, r.claim_id)] = row
    return [found[k] for k in keys if k in found]


def _denials(conn, doc_ids: set[str]) -> dict[str, list]:
    """The denials in these documents, with the claims (same document) each one denies."""
    c = s.claims.c
    out = defaultdict(list)
    ids = sorted(doc_ids)
    for b in range(0, len(ids), 500):
        query = select(c.document_id, c.claim_id, c.start, c.end, c.text, c.speaker_name, c.denies).where(
            and_(c.document_id.in_(ids[b:b + 500]), c.is_denial.is_(True)))
        for r in conn.execute(query):
            out[r.document_id].append(dict(r._mapping, denies=set(json.loads(r.denies or "[]"))))
    return out


def _who(row: dict) -> dict:
    """Who asserts a claim: a named source, a vague one, or the article's own voice."""
    if row["voice"] == "article":
        return {"kind": "article", "name": None}
    if row["speaker_name"]:
        return {"kind": "named", "name": row["speaker_name"]}
    source = (row["source_text"] or "").strip()
    words = set(source.lower().split())
    kind = "vague" if not source or words & VAGUE_WORDS else "named"
    return {"kind": kind, "name": source or None}


def _clusters(rows: list[dict], docs: dict, denials_by_doc: dict[str, list]) -> list[dict]:
    """Greedy clustering in publication order: a claim joins the first cluster whose leader it matches."""
    rows.sort(key=lambda r: (docs[r["document_id"]]["order"], r["start"]))
    leaders = np.zeros((len(rows), 384), np.float32)  # one row per cluster, in the order they open
    members: list[list[dict]] = []
    for r in rows:
        home = _home(leaders[:len(members)] @ r["vector"] if members else None, members, r)
        if home is None:
            leaders[len(members)] = r["vector"]
            members.append([r])
        else:
            members[home].append(r)
    out = []
    for group in members:
        items = [_item(r, docs) for r in group]
        denials = [i for i in items if i["is_denial"]]
        denials += _linked_denials(group, denials_by_doc)
        first = items[0]
        out.append({
            "id": f"{first['document_id']}#{first['claim_id']}",
            "claim": first["evidence"]["text"],
            "first": {"document_id": first["document_id"], "published": first["published"], "evidence": first["evidence"]},
            "documents": len({i["document_id"] for i in items}),
            "items": items,
            "denials": _unique(denials),
            "sourcing": _sourcing(items, docs),
        })
    out.sort(key=lambda c: (-c["documents"], -len(c["items"])))
    return out


def _home(sims: np.ndarray | None, members: list[list[dict]], r: dict) -> int | None:
    """The cluster a claim joins: the nearest of the three closest leaders that it matches."""
    if sims is None:
        return None
    for best in np.argsort(-sims)[:3]:
        if sims[best] < SAME_CLAIM:
            return None
        if _same_numbers(members[best][0], r):
            return int(best)
    return None


def _same_numbers(a: dict, b: dict) -> bool:
    """Claims that give numbers are one claim only if they share one: "two points" is not "five points"."""
    na, nb = _numbers(a), _numbers(b)
    return not na or not nb or bool(na & nb)


def _numbers(row: dict) -> frozenset:
    if "_numbers" not in row:
        row["_numbers"] = frozenset(n.lower() for n in _NUMBER.findall(row["text"]))
    return row["_numbers"]


def _item(r: dict, docs: dict) -> dict:
    return {"document_id": r["document_id"], "claim_id": r["claim_id"], "published": docs[r["document_id"]]["published"],
            "who": _who(r), "evidence_type": r["evidence_type"], "hedged": bool(r["hedged"]),
            "hedges": [_inside(r, a, b) for a, b in json.loads(r["hedges"] or "[]")],
            "is_denial": bool(r["is_denial"]), "score": r["score"],
            "evidence": _evidence(r["document_id"], r["start"], r["end"], r["text"])}


def _linked_denials(group: list[dict], denials_by_doc: dict[str, list]) -> list[dict]:
    """Denials that the claims analyzer linked, in their own document, to a claim of this cluster."""
    out = []
    for r in group:
        for d in denials_by_doc.get(r["document_id"], []):
            if r["claim_id"] in d["denies"]:
                out.append({"document_id": r["document_id"], "claim_id": d["claim_id"], "is_denial": True,
                            "who": {"kind": "named" if d["speaker_name"] else "vague", "name": d["speaker_name"]},
                            "denies": r["claim_id"], "evidence": _evidence(r["document_id"], d["start"], d["end"],
                                                                           d["text"])})
    return out


def _unique(items: list[dict]) -> list[dict]:
    seen, out = set(), []
    for i in items:
        key = (i["document_id"], i["claim_id"])
        if key not in seen:
            seen.add(key)
            out.append(i)
    return out


def _sourcing(items: list[dict], docs: dict) -> list[dict]:
    """How the sourcing changes as the claim travels, each finding with its evidence."""
    found = []
    asserted = [i for i in items if not i["is_denial"]]
    if len({i["document_id"] for i in asserted}) >= 3:
        found.append({"type": "amplified", "explanation": f"first in {asserted[0]['document_id']}, then repeated by "
                      f"{len({i['document_id'] for i in asserted}) - 1} more documents",
                      "evidence": [asserted[0]["evidence"], *(i["evidence"] for i in asserted[1:4])]})
    careful = next((i for i in asserted if i["hedged"] or i["who"]["kind"] != "article"), None)
    if careful is not None:
        later = next((i for i in asserted if i["who"]["kind"] == "article" and not i["hedged"]
                      and docs[i["document_id"]]["order"] > docs[careful["document_id"]]["order"]), None)
        if later is not None:
            how = "hedged" if careful["hedged"] else "attributed"
            found.append({"type": "hardened", "explanation": f"{how} in {careful['document_id']}, stated as fact "
                          f"in {later['document_id']}", "evidence": [careful["evidence"], later["evidence"]]})
    named: dict[str, list] = {}
    for i in asserted:
        name = i["who"]["name"]
        if i["who"]["kind"] == "named" and name:
            same = next((k for k in named if _same_source(k, name)), None)
            named.setdefault(same or name, []).append(i)
    # across documents: two speakers in one article repeating each other is not a sourcing change
    if len(named) >= 2 and len({v[0]["document_id"] for v in named.values()}) >= 2:
        found.append({"type": "different_sources", "explanation": "credited to different sources: "
                      + "; ".join(f"{n} ({v[0]['document_id']})" for n, v in named.items()),
                      "evidence": [v[0]["evidence"] for v in named.values()]})
    found += _circular(asserted, docs)
    return found


def _same_source(a: str, b: str) -> bool:
    """One source under a fuller or shorter name: "Clinton" and "Hillary Clinton", "the ministry" and
    "the foreign ministry" are not different sources."""
    wa = [w for w in a.lower().replace("’s", "").split() if w not in ("the", "a", "an", "mr.", "mrs.", "ms.", "dr.")]
    wb = [w for w in b.lower().replace("’s", "").split() if w not in ("the", "a", "an", "mr.", "mrs.", "ms.", "dr.")]
    short, long_ = sorted((wa, wb), key=len)
    return bool(short) and long_[-len(short):] == short


def _circular(items: list[dict], docs: dict) -> list[dict]:
    """Two documents that each credit the other's site for the claim."""
    cites = {}
    for i in items:
        name = (i["who"]["name"] or "").lower()
        for other in items:
            site = (docs[other["document_id"]]["site"] or "").lower()
            if other["document_id"] != i["document_id"] and site and name and (site in name or name in site):
                cites[(i["document_id"], other["document_id"])] = (i, other)
    for (a, b), (i, j) in cites.items():
        if (b, a) in cites and a < b:
            return [{"type": "circular", "explanation": f"{a} credits {b}'s site and {b} credits {a}'s",
                     "evidence": [i["evidence"], cites[(b, a)][0]["evidence"]]}]
    return []


def _relations(conn, doc_ids, entity_sets) -> list[dict]:
    """Relations between the two actors, either way, counted per type, polarity and speaker."""
    r, d = s.relations.c, s.documents.c
    a_set, b_set = entity_sets
    a_ids, b_ids = sorted({e for _, e in a_set}), sorted({e for _, e in b_set})
    query = (select(r.document_id, r.source, r.target, r.type, r.polarity, r.speaker_name, r.start, r.end,
                    r.text.label("span"))
             .select_from(s.relations.join(s.documents, d.id == r.document_id))
             .where(or_(and_(r.source.in_(a_ids), r.target.in_(b_ids)), and_(r.source.in_(b_ids), r.target.in_(a_ids))))
             .order_by(d.published, d.seq, r.start))
    counted: dict[tuple, dict] = {}
    for row in conn.execute(query).all():
        if row.document_id not in doc_ids:
            continue
        src, tgt = (row.document_id, row.source), (row.document_id, row.target)
        if src in a_set and tgt in b_set:
            direction = "a->b"
        elif src in b_set and tgt in a_set:
            direction = "b->a"
        else:
            continue
        key = (direction, row.type, row.polarity, row.speaker_name or "the article")
        entry = counted.setdefault(key, {"direction": direction, "type": row.type, "polarity": row.polarity,
                                         "speaker": key[3], "count": 0, "documents": [], "evidence": []})
        entry["count"] += 1
        if row.document_id not in entry["documents"]:
            entry["documents"].append(row.document_id)
        if len(entry["evidence"]) < 5:
            entry["evidence"].append(_evidence(row.document_id, row.start, row.end, row.span))
    return sorted(counted.values(), key=lambda e: -e["count"])


def _notes(cut: int, claim: str | None) -> list[str]:
    notes = []
    if cut:
        notes.append(f"{cut + MAX_CLAIMS} claims qualify; the {MAX_CLAIMS} most check-worthy are clustered")
    if claim:
        notes.append("claims are found by their words first (full-text search), then kept when close in meaning "
                     f"(cosine >= {QUERY_MATCH:.2f}): a paraphrase that shares no word with the claim asked about is missed")
    notes.append("claims are grouped by meaning (MiniLM cosine >= %.2f, and a shared number when both give numbers); "
                 "a cluster can still join claims that a careful reader would keep apart: check each item against "
                 "its evidence" % SAME_CLAIM)
    notes.append("relations are shown only where a word of the event joins the two actors, and their types "
                 "come from models that still err: check each against its evidence")
    return notes


def similar_claims(store, claim_text: str, limit: int = 20) -> list[dict]:
    """Stored claims close in meaning to ``claim_text`` (found by their words, kept and ranked by
    cosine >= QUERY_MATCH), each with its similarity, who asserts it and its evidence."""
    from ..matching.encoder import encoder

    pairs = store.claim_candidates(claim_text, limit=5 * MAX_CLAIMS)
    with store.engine.connect() as conn:
        rows = _full_rows(conn, pairs[:MAX_CLAIMS])
        docs = _documents(conn, {r["document_id"] for r in rows})
    if not rows:
        return []
    asked = encoder().encode([claim_text])[0]
    sims = np.stack([r["vector"] for r in rows]) @ asked
    order = [int(i) for i in np.argsort(-sims) if sims[i] >= QUERY_MATCH][:limit]
    return [dict(_item(rows[i], docs), similarity=round(float(sims[i]), 4)) for i in order]


def cluster_of(store, cluster_id: str) -> tuple[dict, dict] | None:
    """The cluster a claim opens (``DOCUMENT#CLAIM``, as map clusters are named): the stored claims
    matching it across the corpus, clustered as in the map; with the map it came from. None when
    there is no such claim."""
    doc_id, _, claim_id = cluster_id.rpartition("#")
    c = s.claims.c
    with store.engine.connect() as conn:
        claim_text = conn.execute(select(c.text).where(and_(c.document_id == doc_id, c.claim_id == claim_id))).scalar()
    if claim_text is None:
        return None
    result = build_map(store, actors=[], claim=claim_text)
    for cluster in result["clusters"]:
        if any(i["document_id"] == doc_id and i["claim_id"] == claim_id for i in cluster["items"]):
            return cluster, result
    return None
