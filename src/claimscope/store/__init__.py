"""The corpus store (SQLite embedded, PostgreSQL shared) and what is read from it."""
from .store import Duplicate, Hit, Store, content_hash, engine_url, published_date, redact

__all__ = ["Store", "Duplicate", "Hit", "content_hash", "engine_url", "published_date", "redact"]
