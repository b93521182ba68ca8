"""The corpus at a glance: documents over time, the actors most written about, the claims carried by
the most documents, and technique and signal counts over time. Every count comes with the query
that makes it (documents, months), so a page can link each bar to the documents behind it."""
from __future__ import annotations

from sqlalchemy import func, select

from ..store import schema as s
from .map import MAX_CLAIMS, _clusters, _denials, _documents, _full_rows

UNDATED = "undated"
LAYERS = ("techniques", "signals")


def generation(store) -> tuple[int, int]:
    """Changes whenever a document is added or removed: the key of cached overviews."""
    d = s.documents.c
    with store.engine.connect() as conn:
        count, last = conn.execute(select(func.count(), func.max(d.seq))).one()
    return int(count), int(last or 0)


def documents_by_month(store) -> list[dict]:
    month = func.substr(s.documents.c.published, 1, 7)
    with store.engine.connect() as conn:
        rows = conn.execute(select(month.label("month"), func.count()).group_by(month).order_by(month)).all()
    return [{"month": m or UNDATED, "documents": n} for m, n in rows]


def top_actors(store, limit: int = 15) -> list[dict]:
    """The actors named in the most documents (by their name in each document, case folded; the
    mixed-case spelling is shown over an all-capitals one)."""
    e = s.entity_names.c
    name = func.lower(e.name)
    query = (select(func.max(e.name), func.max(e.label), func.count(func.distinct(e.document_id)).label("n"))
             .group_by(name).order_by(func.count(func.distinct(e.document_id)).desc(), name).limit(limit))
    with store.engine.connect() as conn:
        return [{"name": n, "label": label, "documents": count} for n, label, count in conn.execute(query).all()]


def counts_over_time(store, layer: str) -> list[dict]:
    """Techniques or signals found per month and kind, with the number of documents they are in."""
    a, d = s.annotations.c, s.documents.c
    month = func.substr(d.published, 1, 7)
    query = (select(month.label("month"), a.kind, func.count(), func.count(func.distinct(a.document_id)))
             .select_from(s.annotations.join(s.documents, d.id == a.document_id))
             .where(a.layer == layer).group_by(month, a.kind).order_by(month, a.kind))
    with store.engine.connect() as conn:
        return [{"month": m or UNDATED, "kind": k, "count": n, "documents": nd}
                for m, k, n, nd in conn.execute(query).all()]


def top_claims(store, limit: int = 10, pool: int = MAX_CLAIMS) -> list[dict]:
    """The claim clusters carried by the most documents, among the ``pool`` most check-worthy claims
    of the corpus (clustered as in the evidence map)."""
    c = s.claims.c
    with store.engine.connect() as conn:
        keys = [(r.document_id, r.claim_id) for r in conn.execute(
            select(c.document_id, c.claim_id).where(c.is_denial.is_(False)).order_by(c.score.desc(), c.pk).limit(pool))]
        rows = _full_rows(conn, keys)
        doc_ids = {r["document_id"] for r in rows}
        docs = _documents(conn, doc_ids)
        clusters = _clusters(rows, docs, _denials(conn, doc_ids))
    return [c for c in clusters if c["documents"] > 1][:limit] or clusters[:limit]


def overview(store) -> dict:
    return {
        "documents": generation(store)[0],
        "documents_by_month": documents_by_month(store),
        "top_actors": top_actors(store),
        "top_claims": top_claims(store),
        "techniques_by_month": counts_over_time(store, "techniques"),
        "signals_by_month": counts_over_time(store, "signals"),
    }
