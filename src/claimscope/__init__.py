"""claimscope: who claims what, on what evidence, and how it is argued.

The public API: ``analyze()`` for one article, ``Pipeline`` for many, ``Report`` for the output.
"""
from __future__ import annotations

from .about import __version__
from .document import Document
from .errors import ClaimscopeError


def analyze(text: str | None = None, html: str | None = None, url: str | None = None,
            only: list[str] | None = None, model: str | None = None, doc_id: str = ""):
    """Analyze one article given as plain text, HTML or a URL and return its ``Report``."""
    from . import ingest
    from .pipeline import Pipeline
    from .report import Report

    given = [x is not None for x in (text, html, url)]
    if sum(given) != 1:
        raise TypeError("pass exactly one of text=, html= or url=")
    if text is not None:
        document = ingest.from_text(text, doc_id=doc_id)
    elif html is not None:
        document = ingest.from_html(html, doc_id=doc_id)
    else:
        document = ingest.fetch_url(url)
    with Pipeline(only, model=model) as pipeline:
        return Report.from_document(pipeline(document), analyzers=pipeline.names)


def __getattr__(name: str):
    # Pipeline and Report on demand: importing the package stays cheap, and low modules that
    # import ``claimscope.document`` do not pull the whole library in
    if name == "Pipeline":
        from .pipeline import Pipeline
        return Pipeline
    if name == "Report":
        from .report import Report
        return Report
    raise AttributeError(f"module 'claimscope' has no attribute {name!r}")


__all__ = ["analyze", "Document", "ClaimscopeError", "Pipeline", "Report", "__version__"]
