"""Analysis for the server: one worker process (the batch supervisor's), so a document that hangs or
grows without bound is killed at its time or memory limit and the server stays up."""
from __future__ import annotations

import re
import threading

from ..batch import Supervisor, WorkerSpec
from ..ingest import from_html, from_text
from ..ingest.fetch import fetch_url
from ..ingest.inputs import Item
from ..ingest.limits import Limits

# a server answers while someone waits: smaller than the CLI's defaults
REQUEST_LIMITS = Limits(max_bytes=2 * 1024 * 1024, max_chars=200_000, timeout=10.0)
ANALYSIS_TIMEOUT = 60.0
ANALYSIS_MEMORY_MB = 2048


def slug(title: str, limit: int = 80) -> str:
    """A document id from its title: "Sweden drops Assange rape investigation" -> "sweden-drops-assange-…"."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out}-{word}" if out else word
    return out


class Busy(Exception):
    """Another analysis holds the worker; the request is refused rather than queued without bound."""


class Analyst:
    def __init__(self, limits: Limits = REQUEST_LIMITS, timeout: float = ANALYSIS_TIMEOUT, wait: float = 30.0):
        self.limits, self.wait = limits, wait
        spec = WorkerSpec(fmt=None, want_dict=True, languages=("en",), claim_vectors=True)
        self._supervisor = Supervisor(spec, jobs=1, doc_timeout=timeout, max_memory_mb=ANALYSIS_MEMORY_MB)
        self._lock = threading.Lock()

    def document(self, *, text: str | None = None, html: str | None = None, url: str | None = None,
                 doc_id: str = "", title: str | None = None):
        """The document a request gives (exactly one of text, html, url), within the request limits."""
        if sum(x is not None for x in (text, html, url)) != 1:
            raise ValueError("give exactly one of text, html or url")
        if url is not None:
            doc = fetch_url(url, self.limits)  # the CLI's fetcher: public addresses only, size and time limits
        elif html is not None:
            doc = from_html(html.encode("utf-8"), doc_id=doc_id or "document", limits=self.limits)
        else:
            doc = from_text(text, doc_id=doc_id or "document", limits=self.limits)
        if title:
            doc.title = title
        if doc_id:
            doc.id = doc_id
        elif url is None:
            doc.id = slug(doc.title or "") or "document"  # a fetched page is named by its URL already
        return doc

    def analyze(self, document) -> tuple[dict, object]:
        """The report (a dict, as in the JSON schema) and the claims' vectors; ClaimscopeError on failure."""
        if not self._lock.acquire(timeout=self.wait):
            raise Busy()
        try:
            outcome = next(iter(self._supervisor.run([Item(document.id or "document", document=document)])))
        finally:
            self._lock.release()
        if outcome.error is not None:
            raise outcome.error
        return outcome.report, outcome.vectors

    def close(self) -> None:
        self._supervisor.close()

