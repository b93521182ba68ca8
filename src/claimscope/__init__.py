"""claimscope: who claims what, on what evidence, and how it is argued."""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .document import Document
from .errors import ClaimscopeError

try:
    __version__ = version("claimscope")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0"


def analyze(text: str | None = None, html: str | None = None, url: str | None = None,
            only: list[str] | None = None, model: str | None = None, doc_id: str = ""):
    """Analyze one article given as plain text, HTML or a URL and return its ``Report``."""
    from . import ingest
    from .fetch import fetch_url
    from .registry import Pipeline
    from .report import Report

    given = [x is not None for x in (text, html, url)]
    if sum(given) != 1:
        raise TypeError("pass exactly one of text=, html= or url=")
    if text is not None:
        document = ingest.from_text(text, doc_id=doc_id)
    elif html is not None:
        document = ingest.from_html(html, doc_id=doc_id)
    else:
        document = fetch_url(url)
    pipeline = Pipeline(only, model=model)
    return Report.from_document(pipeline(document), analyzers=pipeline.names)


__all__ = ["analyze", "Document", "ClaimscopeError", "__version__"]
