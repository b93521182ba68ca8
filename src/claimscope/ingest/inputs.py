"""Inputs as the CLI names them (files, folders, URLs, JSONL, WARC, stdin) into documents.

Every reader yields an ``Item``: a document or the error that replaced it, so a
batch reports one line for a bad input and goes on with the rest.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..document import Document
from ..errors import ClaimscopeError
from .decode import charset_of, decode_text, html_bytes_to_str, looks_like_html, read_bytes
from .documents import from_html, from_text
from .fetch import fetch_url
from .limits import Limits

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIXES = {".warc", ".warc.gz", ".arc", ".arc.gz"}

@dataclass
class Item:
    """One document read from an input, or the error that replaced it."""

    name: str
    document: Document | None = None
    error: ClaimscopeError | None = None

def kind_of(path: Path) -> str:
    name = path.name.lower()
    if any(name.endswith(s) for s in WARC_SUFFIXES):
        return "warc"
    if path.suffix.lower() in JSONL_SUFFIXES:
        return "jsonl"
    if path.suffix.lower() in HTML_SUFFIXES:
        return "html"
    return "text"

def read_file(path: Path, limits: Limits, encoding: str = "utf-8") -> Iterator[Item]:
    kind = kind_of(path)
    if kind == "jsonl":
        yield from read_jsonl(path, limits)
    elif kind == "warc":
        yield from read_warc(path, limits)
    else:
        name = str(path)
        try:
            data = read_bytes(path, limits)
            if kind == "html" or looks_like_html(data):
                html = html_bytes_to_str(data) if encoding == "utf-8" else decode_text(data, encoding)
                doc = from_html(html, doc_id=path.stem, limits=limits)
            else:
                doc = from_text(decode_text(data, encoding), doc_id=path.stem, limits=limits)
            doc.metadata["path"] = name
            yield Item(name, document=doc)
        except ClaimscopeError as err:
            yield Item(name, error=err.at(name))

def read_stdin(limits: Limits, encoding: str = "utf-8") -> Iterator[Item]:
    try:
        data = sys.stdin.buffer.read(limits.max_bytes + 1)
        if len(data) > limits.max_bytes:
            raise ClaimscopeError("E003", size=len(data), limit=limits.max_bytes)
        if looks_like_html(data):
            doc = from_html(html_bytes_to_str(data), doc_id="stdin", limits=limits)
        else:
            doc = from_text(decode_text(data, encoding), doc_id="stdin", limits=limits)
        yield Item("<stdin>", document=doc)
    except ClaimscopeError as err:
        yield Item("<stdin>", error=err.at("<stdin>"))

def read_jsonl(path: Path, limits: Limits) -> Iterator[Item]:
    """One article per line: ``text`` or ``html``, optional ``id`` and ``url``."""
    try:
        handle = path.open("rb")
    except OSError as err:
        code = "E005" if isinstance(err, FileNotFoundError) else "E006"
        yield Item(str(path), error=ClaimscopeError(code, str(path), reason=str(err)))
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            name = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                yield Item(name, document=_jsonl_record(raw, number, path, limits))
            except ClaimscopeError as err:
                yield Item(name, error=err.at(str(path)))

def _jsonl_record(raw: bytes, number: int, path: Path, limits: Limits) -> Document:
    if len(raw) > limits.max_bytes:
        raise ClaimscopeError("E003", size=len(raw), limit=limits.max_bytes)
    try:
        record = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        reason = err.msg if isinstance(err, json.JSONDecodeError) else "not UTF-8"
        raise ClaimscopeError("E020", line=number, reason=reason) from None
    if not isinstance(record, dict) or not isinstance(record.get("text") or record.get("html"), str):
        raise ClaimscopeError("E021", line=number)
    doc_id = str(record.get("id") or f"{path.stem}-{number}")
    url = record.get("url") if isinstance(record.get("url"), str) else None
    try:
        if isinstance(record.get("text"), str) and record["text"].strip():
            doc = from_text(record["text"], doc_id=doc_id, limits=limits)
            if url:
                doc.metadata["url"] = url
        else:
            doc = from_html(record["html"], doc_id=doc_id, url=url, limits=limits)
    except ClaimscopeError as err:
        err.detail = f"line {number}: {err.detail}"
        raise
    doc.metadata["path"] = f"{path}:{number}"
    return doc

def read_warc(path: Path, limits: Limits) -> Iterator[Item]:
    """HTML response records of a WARC file; a truncated file keeps what was read."""
    from warcio.archiveiterator import ArchiveIterator

    name = str(path)
    count = found = 0
    try:
        handle = path.open("rb")
    except OSError as err:
        code = "E005" if isinstance(err, FileNotFoundError) else "E006"
        yield Item(name, error=ClaimscopeError(code, name, reason=str(err)))
        return
    with handle:
        records = iter(ArchiveIterator(handle))
        while True:
            try:
                record = next(records)
                count += 1
                page = _warc_page(record, name, count, limits)
            except StopIteration:
                break
            except Exception as err:  # warcio raises several types on damaged input
                yield Item(name, error=ClaimscopeError("E022", name, count=found, reason=_short(err)))
                return
            if page is None:
                continue
            found += 1
            item_name, url, rec_id, body, charset = page
            try:
                if len(body) > limits.max_bytes:
                    raise ClaimscopeError("E003", size=len(body), limit=limits.max_bytes)
                doc = from_html(html_bytes_to_str(body, charset), doc_id=_safe_id(rec_id), url=url, limits=limits)
                doc.metadata["path"] = item_name
                yield Item(item_name, document=doc)
            except ClaimscopeError as err:
                yield Item(item_name, error=err.at(item_name))
    if found == 0:
        yield Item(name, error=ClaimscopeError("E023", name))

def _warc_page(record, name: str, count: int, limits: Limits):
    """The parts of an HTML response record, or None for any other record."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    ctype = record.http_headers.get_header("Content-Type") or ""
    if "html" not in ctype.lower():
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    rec_id = (record.rec_headers.get_header("WARC-Record-ID") or f"{count}").strip("<>")
    body = record.content_stream().read(limits.max_bytes + 1)
    record.raw_stream.read()
    if getattr(record.raw_stream, "limit", 0) > 0:
        # fewer bytes than the record's Content-Length: the file was cut
        raise EOFError(f"record {count} ends {record.raw_stream.limit} bytes early")
    return f"{name}#{url or count}", url, rec_id, body, charset_of(ctype)

def _safe_id(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", value)[:80] or "record"

def _short(err: Exception) -> str:
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    return text[:120]

def iter_inputs(inputs: list[str], limits: Limits | None = None,
                encoding: str = "utf-8") -> Iterator[Item]:
    """Expand CLI inputs (files, folders, URLs, '-') into documents or errors."""

    limits = limits or Limits()
    for raw in inputs:
        if raw == "-":
            yield from read_stdin(limits, encoding)
            continue
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", raw):
            try:
                yield Item(raw, document=fetch_url(raw, limits))
            except ClaimscopeError as err:
                yield Item(raw, error=err.at(raw))
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _supported(p))
            for file in files:
                yield from read_file(file, limits, encoding)
            continue
        if not path.exists():
            yield Item(raw, error=ClaimscopeError("E005", raw))
            continue
        yield from read_file(path, limits, encoding)

def _supported(path: Path) -> bool:
    if path.name.startswith("."):
        return False
    suffix = path.suffix.lower()
    return (suffix in TEXT_SUFFIXES - {""} or suffix in HTML_SUFFIXES or suffix in JSONL_SUFFIXES
            or kind_of(path) == "warc")
