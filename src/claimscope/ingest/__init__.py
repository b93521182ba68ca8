"""Ingestion: plain text, HTML, URLs, stdin, JSON Lines and WARC into ``Document``s.

Layers, lowest first: ``limits`` (sizes and time), ``decode`` (bytes to text), ``documents``
(text or HTML to a Document), ``fetch`` (a user-given URL, never a private address) and
``inputs`` (what the CLI names: files, folders, URLs, '-'). Every reader raises or yields a
``ClaimscopeError`` for bad input, so a batch reports one line and goes on with the rest.
"""
from .decode import decode_text, html_bytes_to_str, looks_like_html, read_bytes, sniff_binary
from .documents import from_html, from_text, guess_title
from .fetch import fetch_url
from .inputs import Item, iter_inputs, kind_of, read_file, read_jsonl, read_warc
from .limits import MAX_BYTES, MAX_CHARS, Limits
from ..document import Document

__all__ = ["Document", "Item", "Limits", "MAX_BYTES", "MAX_CHARS", "decode_text", "fetch_url", "from_html",
           "from_text", "guess_title", "html_bytes_to_str", "iter_inputs", "kind_of", "looks_like_html",
           "read_bytes", "read_file", "read_jsonl", "read_warc", "sniff_binary"]
