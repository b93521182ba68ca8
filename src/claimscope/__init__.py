"""claimscope: who claims what, on what evidence, and how it is argued.

The public API: ``analyze()`` for one article, ``Pipeline`` for many, ``Report`` for the output.
"""
from __future__ import annotations

from .about import __version__
from .document import Document
from .errors import ClaimscopeError


def analyze(text: str | bytes | None = None, html: str | bytes | None = None, url: str | None = None,
            only: str | list[str] | tuple[str, ...] | None = None, model: str | None = None, doc_id: str = "",
            lang: str = "auto"):
    """Analyze one article given as plain text, HTML or a URL and return its ``Report``.

    ``text`` and ``html`` may be bytes (text is then decoded strictly as UTF-8, or UTF-16 with a BOM);
    ``only`` is an analyzer name or a list of names; ``lang="en"`` analyzes a document that is
    confidently not English anyway ("auto" refuses it with error E032). Bad arguments raise ``TypeError`` or
    ``ValueError`` saying which argument; bad input raises ``ClaimscopeError`` with a code.
    """
    from . import ingest
    from .pipeline import Pipeline
    from .report import Report

    given = {k: v for k, v in (("text", text), ("html", html), ("url", url)) if v is not None}
    if len(given) != 1:
        raise TypeError("pass exactly one of text=, html= or url=" + (f" (got {', '.join(given)})" if given else ""))
    (kind, value), = given.items()
    allowed = (str,) if kind == "url" else (str, bytes, bytearray)
    if not isinstance(value, allowed):
        names = " or ".join(t.__name__ for t in allowed)
        raise TypeError(f"{kind}= takes {names}, not {type(value).__name__}")
    if not isinstance(doc_id, str):
        raise TypeError(f"doc_id= takes str, not {type(doc_id).__name__}")
    if model is not None and not isinstance(model, str):
        raise TypeError(f"model= takes a spaCy model name (str), not {type(model).__name__}")
    if lang not in ("auto", "en"):
        raise ValueError(f'lang= is "auto" or "en", not {lang!r}')
    names = _analyzer_names(only)
    if kind == "text":
        text = ingest.decode_text(bytes(value)) if isinstance(value, (bytes, bytearray)) else value
        document = ingest.from_text(text, doc_id=doc_id)
    elif kind == "html":
        document = ingest.from_html(bytes(value) if isinstance(value, bytearray) else value, doc_id=doc_id)
    else:
        document = ingest.fetch_url(value)
    with Pipeline(names, model=model, languages=("en",) if lang == "auto" else None) as pipeline:
        return Report.from_document(pipeline(document), analyzers=pipeline.names)


def _analyzer_names(only) -> list[str] | None:
    """``only=`` as a list of names: one name, a comma-separated string, or a list or tuple of names."""
    if only is None:
        return None
    if isinstance(only, str):
        only = only.split(",")
    if not isinstance(only, (list, tuple)):
        raise TypeError(f"only= takes an analyzer name or a list of names, not {type(only).__name__}")
    odd = next((n for n in only if not isinstance(n, str)), None)
    if odd is not None:
        raise TypeError(f"only= names analyzers by str, not {type(odd).__name__} ({odd!r})")
    names = [n.strip() for n in only if n.strip()]
    if not names:
        raise ValueError("only= names no analyzer")
    return names


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
