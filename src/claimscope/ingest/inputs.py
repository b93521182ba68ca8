"""Inputs as the CLI names them (files, folders, URLs, JSONL, WARC, stdin) into documents.

Every reader yields an ``Item``: a document, the error that replaced it, or (in a folder) the
reason a file was skipped, so a batch reports one line for each and goes on with the rest.
Every read is capped: plain and gzipped files, JSONL lines and WARC records alike.
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
from .decode import (GZIP_SUFFIX, charset_of, decode_text, html_bytes_to_str, looks_like_html, open_input,
                     read_bytes, read_capped, regular_file)
from .documents import from_html, from_text
from .fetch import fetch_url
from .limits import Limits

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIXES = {".warc", ".arc"}
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_CHUNK = 1 << 16


@dataclass
class Item:
    """One document read from an input, the error that replaced it, or why a file was skipped."""

    name: str
    document: Document | None = None
    error: ClaimscopeError | None = None
    skipped: str | None = None


def _inner_suffix(path: Path) -> str:
    """The suffix that names the kind, under a ``.gz``: ``a.html.gz`` -> ``.html``."""
    name = path.name.lower()
    if name.endswith(GZIP_SUFFIX):
        name = name[: -len(GZIP_SUFFIX)]
    return Path(name).suffix


def kind_of(path: Path) -> str:
    suffix = _inner_suffix(path)
    if suffix in WARC_SUFFIXES:
        return "warc"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
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
            yield Item(name, document=_document(data, kind, _stem(path), encoding, limits, path=name))
        except ClaimscopeError as err:
            yield Item(name, error=err.at(name))


def _stem(path: Path) -> str:
    """A document's id from its file name: ``a.html.gz`` -> ``a``, as ``a.html`` -> ``a``."""
    name = path.name[: -len(GZIP_SUFFIX)] if path.name.lower().endswith(GZIP_SUFFIX) else path.name
    return Path(name).stem


def _document(data: bytes, kind: str, doc_id: str, encoding: str, limits: Limits, path: str) -> Document:
    if kind == "html" or looks_like_html(data):
        html = html_bytes_to_str(data) if encoding == "utf-8" else decode_text(data, encoding)
        doc = from_html(html, doc_id=doc_id, limits=limits)
    else:
        doc = from_text(decode_text(data, encoding), doc_id=doc_id, limits=limits)
    doc.metadata["path"] = path
    return doc


def read_stdin(limits: Limits, encoding: str = "utf-8") -> Iterator[Item]:
    try:
        data = read_capped(sys.stdin.buffer, limits.max_bytes)
        yield Item("<stdin>", document=_document(data, "text", "stdin", encoding, limits, path="<stdin>"))
    except ClaimscopeError as err:
        yield Item("<stdin>", error=err.at("<stdin>"))


def read_jsonl(path: Path, limits: Limits) -> Iterator[Item]:
    """One article per line: ``text`` or ``html``, optional ``id`` and ``url``."""
    try:
        handle = open_input(path)
    except ClaimscopeError as err:
        yield Item(str(path), error=err.at(str(path)))
        return
    with handle:
        for number, raw in enumerate(_capped_lines(handle, limits.max_bytes), start=1):
            name = f"{path}:{number}"
            try:
                if isinstance(raw, ClaimscopeError):
                    raise raw
                if not raw.strip():
                    continue
                yield Item(name, document=_jsonl_record(raw, number, path, limits))
            except ClaimscopeError as err:
                yield Item(name, error=err.at(str(path)))


def _capped_lines(handle, limit: int):
    """Lines of at most ``limit`` bytes; a longer line is drained in chunks (never held whole) and
    stands as an error in its place; corrupt compressed data ends the file with an error."""
    number = 0
    while True:
        number += 1
        try:
            line = handle.readline(limit + 1)
            if not line:
                return
            if len(line) > limit and not line.endswith(b"\n"):
                while (rest := handle.readline(_CHUNK)) and not rest.endswith(b"\n"):
                    pass
                yield ClaimscopeError("E025", line=number, limit=limit)
                continue
        except (OSError, EOFError, ValueError) as err:
            yield ClaimscopeError("E006", reason=f"corrupt compressed data ({err})")
            return
        yield line


def _jsonl_record(raw: bytes, number: int, path: Path, limits: Limits) -> Document:
    try:
        record = json.loads(raw)
    except UnicodeDecodeError:
        raise ClaimscopeError("E020", line=number, reason="not UTF-8") from None
    except json.JSONDecodeError as err:
        raise ClaimscopeError("E020", line=number, reason=err.msg) from None
    except (ValueError, RecursionError) as err:  # numbers of thousands of digits, nesting too deep
        reason = "nested too deeply" if isinstance(err, RecursionError) else str(err).split(":")[0]
        raise ClaimscopeError("E020", line=number, reason=reason) from None
    if not isinstance(record, dict):
        raise ClaimscopeError("E021", line=number)
    text, html = record.get("text"), record.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        raise ClaimscopeError("E021", line=number)
    doc_id = _record_id(record.get("id")) or f"{_stem(path)}-{number}"
    url = record.get("url") if isinstance(record.get("url"), str) else None
    try:
        if isinstance(text, str) and text.strip():
            doc = from_text(text, doc_id=doc_id, limits=limits)
            if url:
                doc.metadata["url"] = url
        elif isinstance(html, str) and html.strip():
            doc = from_html(html, doc_id=doc_id, url=url, limits=limits)
        else:
            raise ClaimscopeError("E024", line=number)
    except ClaimscopeError as err:
        if not err.detail.startswith("line "):
            err.detail = f"line {number}: {err.detail}"
        raise
    doc.metadata["path"] = f"{path}:{number}"
    return doc


def _record_id(value) -> str | None:
    """An id given as a string or an integer, made safe to print and to use in a file name."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = str(value)[:200].encode("utf-8", "replace").decode("utf-8")
    return text.strip() or None


def read_warc(path: Path, limits: Limits) -> Iterator[Item]:
    """HTML response records of a WARC file; a truncated file keeps what was read."""
    from warcio.archiveiterator import ArchiveIterator

    name = str(path)
    count = found = 0
    try:
        regular_file(path)
        handle = path.open("rb")
    except ClaimscopeError as err:
        yield Item(name, error=err.at(name))
        return
    except OSError as err:
        yield Item(name, error=ClaimscopeError("E006", name, reason=err.strerror or str(err)))
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
    """The parts of an HTML response record, or None for any other record. The body is read up to
    one byte over the limit, and the rest of the record is skipped in chunks, never held whole
    (a gzip bomb in a record costs time to skip, not memory)."""
    if record.rec_type != "response" or record.http_headers is None:
        _drain(record.raw_stream)
        return None
    ctype = record.http_headers.get_header("Content-Type") or ""
    if "html" not in ctype.lower():
        _drain(record.raw_stream)
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    rec_id = (record.rec_headers.get_header("WARC-Record-ID") or f"{count}").strip("<>")
    body = record.content_stream().read(limits.max_bytes + 1)
    _drain(record.raw_stream)
    if getattr(record.raw_stream, "limit", 0) > 0:
        # fewer bytes than the record's Content-Length: the file was cut
        raise EOFError(f"record {count} ends {record.raw_stream.limit} bytes early")
    return f"{name}#{url or count}", url, rec_id, body, charset_of(ctype)


def _drain(stream) -> None:
    while stream.read(_CHUNK):
        pass


def _safe_id(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", value)[:80] or "record"


def _short(err: Exception) -> str:
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    return text[:120]


def iter_inputs(inputs: list[str], limits: Limits | None = None,
                encoding: str = "utf-8") -> Iterator[Item]:
    """Expand CLI inputs (files, folders, URLs, '-') into documents, errors and skipped files."""
    limits = limits or Limits()
    for raw in inputs:
        if raw == "-":
            yield from read_stdin(limits, encoding)
            continue
        if _URL.match(raw):
            try:
                yield Item(raw, document=fetch_url(raw, limits))
            except ClaimscopeError as err:
                yield Item(raw, error=err.at(raw))
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _folder(path, limits, encoding)
            continue
        if not path.exists():
            yield Item(raw, error=ClaimscopeError("E005", raw))
            continue
        yield from read_file(path, limits, encoding)


def _folder(folder: Path, limits: Limits, encoding: str) -> Iterator[Item]:
    """Every file below a folder, in name order: the readable kinds are read, the others skipped
    with the reason (hidden files and folders are passed over without a word)."""
    for path in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts) or path.is_dir():
            continue
        reason = skip_reason(path)
        if reason:
            yield Item(str(path), skipped=reason)
        else:
            yield from read_file(path, limits, encoding)


def skip_reason(path: Path) -> str | None:
    """Why a file in a folder is not read, or None if it is."""
    if path.is_symlink() and not path.exists():
        return "a broken link"
    if not path.is_file():
        return "not a regular file"
    suffix = _inner_suffix(path)
    if suffix in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | WARC_SUFFIXES:
        return None
    known = ", ".join(sorted(TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | WARC_SUFFIXES))
    return f"not a kind claimscope reads ({suffix or 'no suffix'}; it reads {known}, also gzipped)"
