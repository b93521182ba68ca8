"""The store's tables (SQLAlchemy Core) and its versioned migrations.

One schema for SQLite and PostgreSQL; only full-text search differs (FTS5 against a tsvector
column), and those statements live in the migration that creates them. ``store_meta`` keeps the
schema version; opening a store applies the migrations it lacks, each in one transaction.
"""
from __future__ import annotations

from sqlalchemy import (Boolean, Column, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table,
                        Text, text)

metadata = MetaData()

store_meta = Table(
    "store_meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("id", String(255), primary_key=True),
    Column("seq", Integer, nullable=False, unique=True),  # order of addition: the tie-break for "first"
    Column("url", Text, nullable=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("title", Text),
    Column("site", Text),
    Column("author", Text),
    Column("published", String(32)),  # ISO date (YYYY-MM-DD) when the page or record gives one
    Column("language", String(16)),
    Column("added_at", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("report", Text, nullable=False),  # the full JSON report, as `analyze --format json` writes it
)
Index("documents_url", documents.c.url, unique=True, postgresql_where=documents.c.url.isnot(None),
      sqlite_where=documents.c.url.isnot(None))
Index("documents_published", documents.c.published)

entity_names = Table(
    # every name and alias of every entity, lower-cased: how an actor is found across documents
    "entity_names", metadata,
    Column("document_id", String(255), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", String(32), nullable=False),
    Column("name", Text, nullable=False),  # the entity's canonical name in its document
    Column("label", String(16)),
    # one lower-cased name or alias, or a short form made when stored: a person's surname, a
    # group's name without its generic word ("red hand" for "Red Hand militia")
    Column("key", Text, nullable=False),
)
Index("entity_names_key", entity_names.c.key)
Index("entity_names_doc", entity_names.c.document_id, entity_names.c.entity_id)

mentions = Table(
    "mentions", metadata,
    Column("document_id", String(255), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", String(32), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)
Index("mentions_doc_entity", mentions.c.document_id, mentions.c.entity_id)

claims = Table(
    "claims", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(255), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("claim_id", String(32), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("score", Float, nullable=False),
    Column("voice", String(16), nullable=False),
    Column("speaker_name", Text),
    Column("source_text", Text),  # the attribution's source as written ("a senior official")
    Column("hedged", Boolean, nullable=False),
    Column("hedges", Text),  # JSON list of [start, end] of the hedging words
    Column("evidence_type", String(32)),
    Column("is_denial", Boolean, nullable=False),
    Column("denies", Text),  # JSON list of the claim ids (same document) this one denies
    Column("vector", LargeBinary),  # MiniLM embedding, float32, L2-normalised
)
Index("claims_doc", claims.c.document_id, claims.c.claim_id)

claim_entities = Table(
    # the actors a claim names (its text overlaps a mention) or that assert it (its speaker)
    "claim_entities", metadata,
    Column("document_id", String(255), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("claim_id", String(32), nullable=False),
    Column("entity_id", String(32), nullable=False),
    Column("role", String(16), nullable=False),  # "named" or "speaker"
    Column("score", Float, nullable=False),  # the claim's check-worthiness, copied: the map ranks without a join
)
Index("claim_entities_entity", claim_entities.c.entity_id)
Index("claim_entities_claim", claim_entities.c.document_id, claim_entities.c.claim_id)
Index("claim_entities_doc_entity", claim_entities.c.document_id, claim_entities.c.entity_id)

relations = Table(
    "relations", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(255), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("relation_id", String(32), nullable=False),
    Column("source", String(32), nullable=False),
    Column("target", String(32), nullable=False),
    Column("type", String(32), nullable=False),
    Column("polarity", String(16), nullable=False),
    Column("speaker_name", Text),
    Column("confidence", Float),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),  # the evidence span, text[start:end]
)
Index("relations_doc", relations.c.document_id, relations.c.source)

annotations = Table(
    # techniques and signals, for counts over time
    "annotations", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(255), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("layer", String(16), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)
Index("annotations_doc", annotations.c.document_id)
Index("annotations_kind", annotations.c.layer, annotations.c.kind)


def _v1_tables(conn) -> None:
    metadata.create_all(conn, tables=[store_meta, documents, entity_names, mentions, claims, claim_entities, relations, annotations])


def _v1_search(conn) -> None:
    """One search table over document texts and claims: FTS5 on SQLite, tsvector + GIN on PostgreSQL."""
    if conn.dialect.name == "sqlite":
        conn.execute(text("CREATE VIRTUAL TABLE search USING fts5("
                          "document_id UNINDEXED, kind UNINDEXED, ref UNINDEXED, body, tokenize='porter unicode61')"))
    else:
        conn.execute(text("CREATE TABLE search (document_id VARCHAR(255) NOT NULL REFERENCES documents(id) "
                          "ON DELETE CASCADE, kind VARCHAR(16) NOT NULL, ref VARCHAR(32), body TEXT NOT NULL, "
                          "tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', body)) STORED)"))
        conn.execute(text("CREATE INDEX search_tsv ON search USING GIN (tsv)"))
        conn.execute(text("CREATE INDEX search_doc ON search (document_id)"))


def _v2_actor_lookup(conn) -> None:
    """Finding an actor reads thousands of (document, entity, name) rows by key: a covering index
    answers from the index alone (three times faster at 10,000 documents than a lookup per row).
    The relations between two actors are found by their entity ids instead of a scan."""
    conn.execute(text("CREATE INDEX IF NOT EXISTS entity_names_lookup ON entity_names (key, document_id, entity_id, name)"))
    conn.execute(text("DROP INDEX IF EXISTS entity_names_key"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS relations_pair ON relations (source, target)"))


# (version, what it does, steps): append, never edit, a released migration
MIGRATIONS = [
    (1, "documents, entity names and mentions, claims and the actors they name, relations, annotations; full-text search", (_v1_tables, _v1_search)),
    (2, "indexes for finding actors by name and the relations between two actors", (_v2_actor_lookup,)),
]
LATEST = MIGRATIONS[-1][0]
