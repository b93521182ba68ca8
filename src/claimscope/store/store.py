"""The corpus store: documents, their reports and the annotations a corpus is queried by.

``Store.open(target)`` takes a file path (SQLite, embedded) or a ``postgresql://`` URL (a shared
team store). One code path, SQLAlchemy Core; each document is written in one transaction, so a
killed run leaves either the whole document or nothing.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from sqlalchemy import create_engine, delete, event, func, insert, inspect, select, text
from sqlalchemy.exc import SQLAlchemyError

from ..errors import ClaimscopeError
from . import schema as s

_DATE_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?!\d)")
_WORD = re.compile(r"\w+", re.UNICODE)


def engine_url(target: str) -> str:
    """A path becomes a SQLite URL; postgresql:// URLs get the psycopg 3 driver."""
    if target.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + target.split("://", 1)[1]
    if "://" in target:
        return target
    return f"sqlite:///{Path(target).expanduser().resolve()}"


def redact(url: str) -> str:
    """The store's URL as it may be printed: no password."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def content_hash(text_: str) -> str:
    """Same text up to whitespace and case: the same document."""
    return hashlib.sha256(" ".join(text_.split()).lower().encode("utf-8")).hexdigest()


def published_date(metadata: dict, name: str | None) -> tuple[str | None, str | None]:
    """The document's date (ISO) and where it came from: its metadata, else a date in its file name."""
    value = metadata.get("date")
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return value[:10], "metadata"
    match = _DATE_IN_NAME.search(name or "")
    if match:
        return "-".join(match.groups()), "file name"
    return None, None


GROUP_WORDS = {"militia", "group", "movement", "party", "government", "administration", "campaign", "army",
               "forces", "regime"}


def lookup_keys(entity: dict) -> list[str]:
    """The lower-cased names an entity is found by across documents: its name and aliases, a person's
    surname ("trump" for "Donald Trump"), a group's name without its generic word."""
    keys = {n.lower().strip() for n in [entity["name"], *entity.get("aliases", [])] if n and n.strip()}
    for key in list(keys):
        words = key.split()
        if len(words) > 1 and entity.get("label") == "PERSON" and len(words[-1]) >= 3:
            keys.add(words[-1])
        if len(words) > 1 and words[-1] in GROUP_WORDS:
            keys.add(" ".join(words[:-1]))
    return sorted(keys)


def claim_actors(report: dict, doc_id: str) -> list[dict]:
    """Which entities each claim names (a mention inside it) or is asserted by."""
    mentions = sorted((m["start"], m["end"], e["id"]) for e in report.get("entities", []) for m in e.get("mentions", []))
    rows = []
    for c in report.get("claims", []):
        named = {eid for start, end, eid in mentions if start < c["end"] and c["start"] < end}
        base = {"document_id": doc_id, "claim_id": c["id"], "score": c["score"]}
        rows += [dict(base, entity_id=eid, role="named") for eid in sorted(named)]
        if c.get("speaker") and c["speaker"] not in named:
            rows.append(dict(base, entity_id=c["speaker"], role="speaker"))
    return rows


@dataclass
class Duplicate:
    id: str
    why: str  # "url" or "text"


@dataclass
class Hit:
    document_id: str
    kind: str  # "document" or "claim"
    ref: str | None  # claim id
    title: str | None
    snippet: str
    rank: float


class Store:
    def __init__(self, target: str, create: bool = True):
        self.url = engine_url(str(target))
        self.is_sqlite = self.url.startswith("sqlite")
        if self.is_sqlite and create:
            Path(self.url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        if self.is_sqlite and not create and not Path(self.url[len("sqlite:///"):]).exists():
            raise ClaimscopeError("E073", url=str(target), reason="no such file (make one with claimscope corpus add)")
        try:
            self.engine = create_engine(self.url, future=True, pool_pre_ping=True)
        except (SQLAlchemyError, ImportError, ValueError) as err:
            raise ClaimscopeError("E073", url=redact(str(target)), reason=_short(err)) from None
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.migrate(str(target))

    @classmethod
    def open(cls, target: str, create: bool = True) -> "Store":
        return cls(target, create=create)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- schema -------------------------------------------------------------------------
    def migrate(self, shown: str) -> None:
        try:
            with self.engine.begin() as conn:
                names = set(inspect(conn).get_table_names())
                if "store_meta" in names:
                    version = int(conn.execute(select(s.store_meta.c.value).where(
                        s.store_meta.c.key == "schema_version")).scalar_one())
                elif names - {"sqlite_sequence"}:
                    raise ClaimscopeError("E075", url=redact(shown))
                else:
                    version = 0
            if version > s.LATEST:
                raise ClaimscopeError("E074", url=redact(shown), found=version, known=s.LATEST)
            for number, _, steps in s.MIGRATIONS:
                if number <= version:
                    continue
                with self.engine.begin() as conn:  # one transaction per migration
                    for step in steps:
                        step(conn)
                    row = {"key": "schema_version", "value": str(number)}
                    if number == 1:
                        conn.execute(insert(s.store_meta).values(row))
                    else:
                        conn.execute(s.store_meta.update().where(s.store_meta.c.key == "schema_version")
                                     .values(value=str(number)))
        except ClaimscopeError:
            raise
        except (SQLAlchemyError, OSError) as err:
            raise ClaimscopeError("E073", url=redact(shown), reason=_short(err)) from None

    @property
    def version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(s.store_meta.c.value).where(s.store_meta.c.key == "schema_version")).scalar_one())

    # --- writing ------------------------------------------------------------------------
    def duplicate_of(self, url: str | None, text_: str) -> Duplicate | None:
        with self.engine.connect() as conn:
            return _duplicate(conn, url, content_hash(text_))

    def add(self, report: dict, claim_vectors: np.ndarray | None = None, name: str | None = None) -> str | Duplicate:
        """Store one analyzed document with its annotations, in one transaction; return its id,
        or the ``Duplicate`` it turned out to be (same URL or same text)."""
        doc = report["document"]
        meta = doc.get("metadata") or {}
        url = meta.get("url") or None
        published, _ = published_date(meta, name or meta.get("path"))
        digest = content_hash(doc["text"])
        with self.engine.begin() as conn:
            same = _duplicate(conn, url, digest)
            if same is not None:
                return same
            doc_id = self._free_id(conn, doc["id"])
            seq = (conn.execute(select(func.max(s.documents.c.seq))).scalar() or 0) + 1
            stored = dict(report, document=dict(doc, id=doc_id))
            conn.execute(insert(s.documents).values(
                id=doc_id, seq=seq, url=url, content_hash=digest, title=doc.get("title"), site=meta.get("site"),
                author=meta.get("author"), published=published, language=meta.get("language"),
                added_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), text=doc["text"],
                report=json.dumps(stored, ensure_ascii=False)))
            self._insert_layers(conn, doc_id, report, claim_vectors)
        return doc_id

    def _free_id(self, conn, wanted: str) -> str:
        wanted = (wanted or "document")[:200]
        taken = set(conn.execute(select(s.documents.c.id).where(
            s.documents.c.id.like(wanted.replace("%", r"\%").replace("_", r"\_") + "%", escape="\\"))).scalars())
        doc_id, n = wanted, 2
        while doc_id in taken:
            doc_id, n = f"{wanted}-{n}", n + 1
        return doc_id

    def _insert_layers(self, conn, doc_id: str, report: dict, vectors) -> None:
        names = [{"document_id": doc_id, "entity_id": e["id"], "name": e["name"], "label": e.get("label"), "key": key}
                 for e in report.get("entities", []) for key in lookup_keys(e)]
        mention_rows = [{"document_id": doc_id, "entity_id": e["id"], "start": m["start"], "end": m["end"]}
                        for e in report.get("entities", []) for m in e.get("mentions", [])]
        sources = {a["id"]: (a.get("source") or {}).get("text") for a in report.get("attributions", [])}
        claim_rows = []
        for i, c in enumerate(report.get("claims", [])):
            vector = vectors[i].astype(np.float32).tobytes() if vectors is not None and i < len(vectors) else None
            claim_rows.append({"document_id": doc_id, "claim_id": c["id"], "start": c["start"], "end": c["end"],
                               "text": c["text"], "score": c["score"], "voice": c["voice"],
                               "speaker_name": c.get("speaker_name"), "source_text": sources.get(c.get("attribution")),
                               "hedged": bool(c.get("hedged")), "evidence_type": c.get("evidence_type"),
                               "hedges": json.dumps([[h["start"], h["end"]] for h in c.get("hedges") or []]),
                               "is_denial": bool(c.get("is_denial")), "denies": json.dumps(c.get("denies") or []),
                               "vector": vector})
        relation_rows = [{"document_id": doc_id, "relation_id": r["id"], "source": r["source"], "target": r["target"],
                          "type": r["type"], "polarity": r["polarity"], "speaker_name": r.get("speaker_name"),
                          "confidence": r.get("confidence"), "start": r["evidence"]["start"],
                          "end": r["evidence"]["end"], "text": r["evidence"]["text"]} for r in report.get("relations", [])]
        notes = [{"document_id": doc_id, "layer": "techniques", "kind": t["technique"], "start": t["start"],
                  "end": t["end"]} for t in report.get("techniques", [])]
        notes += [{"document_id": doc_id, "layer": "signals", "kind": g["type"], "start": g["start"], "end": g["end"]}
                  for g in report.get("signals", [])]
        doc = report["document"]
        search_rows = [{"document_id": doc_id, "kind": "document", "ref": None,
                        "body": f"{doc.get('title') or ''}\n{doc['text']}"}]
        search_rows += [{"document_id": doc_id, "kind": "claim", "ref": c["id"], "body": c["text"]}
                        for c in report.get("claims", [])]
        for table, rows in ((s.entity_names, names), (s.mentions, mention_rows), (s.claims, claim_rows),
                            (s.claim_entities, claim_actors(report, doc_id)), (s.relations, relation_rows),
                            (s.annotations, notes)):
            if rows:
                conn.execute(insert(table), rows)
        conn.execute(text("INSERT INTO search (document_id, kind, ref, body) VALUES (:document_id, :kind, :ref, :body)"),
                     search_rows)

    def remove(self, doc_id: str) -> bool:
        with self.engine.begin() as conn:
            conn.execute(text("DELETE FROM search WHERE document_id = :d"), {"d": doc_id})
            for table in (s.entity_names, s.mentions, s.claims, s.claim_entities, s.relations, s.annotations):
                conn.execute(delete(table).where(table.c.document_id == doc_id))
            return conn.execute(delete(s.documents).where(s.documents.c.id == doc_id)).rowcount > 0

    # --- reading ------------------------------------------------------------------------
    def count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(s.documents)).scalar_one()

    def has_id(self, doc_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(s.documents.c.id).where(s.documents.c.id == doc_id)).scalar() is not None

    def report(self, doc_id: str) -> dict | None:
        with self.engine.connect() as conn:
            blob = conn.execute(select(s.documents.c.report).where(s.documents.c.id == doc_id)).scalar()
        return json.loads(blob) if blob else None

    def documents(self, limit: int = 50, offset: int = 0) -> list[dict]:
        cols = [s.documents.c[n] for n in ("id", "title", "site", "published", "added_at", "url")]
        with self.engine.connect() as conn:
            rows = conn.execute(select(*cols).order_by(s.documents.c.seq).limit(limit).offset(offset)).mappings()
            return [dict(r) for r in rows]

    def claim_candidates(self, query: str, limit: int = 5000) -> list[tuple[str, str]]:
        """Claims that share a word with ``query`` (full-text, any word), best first: (document id, claim id)."""
        words = [w for w in _WORD.findall(query) if len(w) > 2][:32]
        if not words:
            return []
        if self.is_sqlite:
            sql = text("SELECT document_id, ref FROM search WHERE search MATCH :q AND kind = 'claim' "
                       "ORDER BY bm25(search) LIMIT :n")
            params = {"q": " OR ".join('"' + w.replace('"', "") + '"' for w in words), "n": limit}
        else:
            sql = text("SELECT document_id, ref FROM search, to_tsquery('english', :q) q "
                       "WHERE kind = 'claim' AND tsv @@ q ORDER BY ts_rank(tsv, q) DESC LIMIT :n")
            plain = [re.sub(r"\W", "", w) for w in words]
            params = {"q": " | ".join(w for w in plain if w), "n": limit}
        with self.engine.connect() as conn:
            return [(r.document_id, r.ref) for r in conn.execute(sql, params)]

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """Full text over document texts and claims; the query is taken as words (no operators)."""
        words = _WORD.findall(query)[:32]
        if not words:
            return []
        if self.is_sqlite:
            sql = text("SELECT s.document_id, s.kind, s.ref, d.title, "
                       "snippet(search, 3, '[', ']', ' … ', 24) AS snippet, bm25(search) AS rank "
                       "FROM search s JOIN documents d ON d.id = s.document_id "
                       "WHERE search MATCH :q ORDER BY rank LIMIT :n")
            params = {"q": " ".join('"' + w.replace('"', "") + '"' for w in words), "n": limit}
        else:
            sql = text("SELECT s.document_id, s.kind, s.ref, d.title, "
                       "ts_headline('english', s.body, q, 'StartSel=[,StopSel=],MaxWords=24,MinWords=8') AS snippet, "
                       "-ts_rank(s.tsv, q) AS rank "
                       "FROM search s JOIN documents d ON d.id = s.document_id, plainto_tsquery('english', :q) q "
                       "WHERE s.tsv @@ q ORDER BY rank LIMIT :n")
            params = {"q": " ".join(words), "n": limit}
        with self.engine.connect() as conn:
            return [Hit(r.document_id, r.kind, r.ref, r.title, " ".join(r.snippet.split()), float(r.rank))
                    for r in conn.execute(sql, params)]


def _duplicate(conn, url: str | None, digest: str) -> Duplicate | None:
    """The stored document this one repeats: the same URL, else the same text."""
    d = s.documents.c
    if url:
        found = conn.execute(select(d.id).where(d.url == url)).scalar()
        if found:
            return Duplicate(found, "url")
    found = conn.execute(select(d.id).where(d.content_hash == digest)).scalar()
    return Duplicate(found, "text") if found else None


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers (the web UI) do not block the writer
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _short(err: Exception) -> str:
    first = str(getattr(err, "orig", None) or err).strip().splitlines()
    return first[0][:300] if first else type(err).__name__
