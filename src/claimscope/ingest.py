"""Ingestion: plain text, HTML, URLs, stdin, JSONL and WARC into ``Document``s.

Every reader raises ``ClaimscopeError`` for bad input so the CLI can report one
line and go on with the rest of a batch.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .document import Document
from .errors import ClaimscopeError

MAX_BYTES = 10 * 1024 * 1024
MAX_CHARS = 1_000_000
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIXES = {".warc", ".warc.gz", ".arc", ".arc.gz"}

_MAGIC = [
    (b"%PDF", "PDF"), (b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"),
    (b"PK\x03\x04", "ZIP"), (b"\x1f\x8b", "gzip"), (b"\x7fELF", "ELF executable"),
    (b"BZh", "bzip2"), (b"\xfd7zXZ", "xz"),
]


@dataclass
class Limits:
    max_bytes: int = MAX_BYTES
    max_chars: int = MAX_CHARS
    timeout: float = 10.0


@dataclass
class Item:
    """One document read from an input, or the error that replaced it."""

    name: str
    document: Document | None = None
    error: ClaimscopeError | None = None


# --- bytes to text -----------------------------------------------------------

def sniff_binary(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    head = data[:8192]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return "contains NUL bytes"
    return None


def decode_text(data: bytes, encoding: str = "utf-8") -> str:
    """Decode plain text strictly: a wrong guess would shift every offset silently."""
    if not data.strip():
        raise ClaimscopeError("E001")
    kind = sniff_binary(data)
    if kind:
        raise ClaimscopeError("E002", kind=kind)
    if encoding == "auto":
        return _detect(data)
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            raise ClaimscopeError("E004", pos=err.start, reason=err.reason) from None
    else:
        try:
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as err:
            raise ClaimscopeError("E006", reason=f"cannot decode as {encoding}: {err}") from None
    return _check_text(text)


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ClaimscopeError("E002", kind="no text encoding fits")
    return _check_text(str(best))


def _check_text(text: str) -> str:
    if not text.strip():
        raise ClaimscopeError("E001")
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 20000):
        raise ClaimscopeError("E002", kind="control characters")
    return text


def read_bytes(path: Path, limits: Limits) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ClaimscopeError("E005") from None
    except OSError as err:
        raise ClaimscopeError("E006", reason=err.strerror or str(err)) from None
    if size > limits.max_bytes:
        raise ClaimscopeError("E003", size=size, limit=limits.max_bytes)
    try:
        return path.read_bytes()
    except OSError as err:
        raise ClaimscopeError("E006", reason=err.strerror or str(err)) from None


# --- documents ---------------------------------------------------------------

def guess_title(text: str) -> str | None:
    """The headline of a plain-text article: the longest of its first short lines.

    Lines before the body (at most three, each under 20 words, not ending like a
    sentence) are headline candidates; captions such as "Turkey flag" lose to
    the longer headline.
    """
    candidates = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if len(line.split()) > 20 or line[-1] in ".!:;,\"”" or len(candidates) == 3:
            break
        candidates.append(line)
    if not candidates:
        first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        return first[:300] or None
    return max(candidates, key=lambda ln: len(ln.split()))


def from_text(text: str, doc_id: str = "", metadata: dict | None = None,
              limits: Limits | None = None) -> Document:
    limits = limits or Limits()
    text = _check_text(text)
    if len(text) > limits.max_chars:
        raise ClaimscopeError("E031", size=len(text), limit=limits.max_chars)
    meta = {"format": "text", **(metadata or {})}
    return Document(text=text, id=doc_id, title=guess_title(text), metadata=meta)


def from_html(html: str | bytes, doc_id: str = "", url: str | None = None,
              limits: Limits | None = None) -> Document:
    """Main text and metadata with trafilatura; the text is what offsets point into."""
    import trafilatura

    limits = limits or Limits()
    if isinstance(html, bytes):
        if len(html) > limits.max_bytes:
            raise ClaimscopeError("E003", size=len(html), limit=limits.max_bytes)
        if not html.strip():
            raise ClaimscopeError("E001")
        kind = sniff_binary(html)
        if kind:
            raise ClaimscopeError("E002", kind=kind)
    elif not html.strip():
        raise ClaimscopeError("E001")
    result = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False,
        include_tables=False, favor_precision=False,
    )
    if result is None:
        raise ClaimscopeError("E030")
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    body = (data.get("text") or "").strip()
    if not body:
        raise ClaimscopeError("E030")
    title = (data.get("title") or "").strip() or None
    # The headline is part of the analysed text so that a question headline has offsets.
    text = f"{title}\n\n{body}\n" if title else body + "\n"
    if len(text) > limits.max_chars:
        raise ClaimscopeError("E031", size=len(text), limit=limits.max_chars)
    meta = {
        "format": "html",
        "url": url or data.get("url"),
        "author": data.get("author"),
        "date": data.get("date"),
        "site": data.get("sitename") or data.get("hostname"),
        "language": data.get("language"),
        "description": data.get("description"),
    }
    meta = {k: v for k, v in meta.items() if v}
    meta["format"] = "html"
    return Document(text=text, id=doc_id, title=title or guess_title(text), metadata=meta)


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head


def html_bytes_to_str(data: bytes, declared: str | None = None) -> str:
    """Decode HTML by its declared charset, else UTF-8, else detection."""
    enc = declared
    if not enc:
        m = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", data[:4096], re.I)
        enc = m.group(1).decode("ascii") if m else None
    for candidate in filter(None, [enc, "utf-8"]):
        try:
            return data.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return _detect(data)


# --- inputs ------------------------------------------------------------------

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
    return f"{name}#{url or count}", url, rec_id, body, _charset(ctype)


def _charset(ctype: str) -> str | None:
    m = re.search(r"charset=([A-Za-z0-9_\-]+)", ctype, re.I)
    return m.group(1) if m else None


def _safe_id(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", value)[:80] or "record"


def _short(err: Exception) -> str:
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    return text[:120]


def iter_inputs(inputs: list[str], limits: Limits | None = None,
                encoding: str = "utf-8") -> Iterator[Item]:
    """Expand CLI inputs (files, folders, URLs, '-') into documents or errors."""
    from .fetch import fetch_url

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
