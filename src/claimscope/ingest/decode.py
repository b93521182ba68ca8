"""Bytes to text: strict decoding, binary sniffing, size-capped reads, HTML charsets.

A wrong decoding guess would shift every offset silently, so plain text is decoded
strictly and every problem is a ``ClaimscopeError`` naming it.
"""
from __future__ import annotations

import gzip
import re
import stat
import zlib
from pathlib import Path
from typing import BinaryIO

from ..errors import ClaimscopeError
from .limits import Limits

_MAGIC = [
    (b"%PDF", "PDF"), (b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"),
    (b"PK\x03\x04", "ZIP"), (b"\x1f\x8b", "gzip"), (b"\x7fELF", "ELF executable"),
    (b"BZh", "bzip2"), (b"\xfd7zXZ", "xz"),
]



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
            return check_text(_strict(data, "utf-16"))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            raise ClaimscopeError("E004", pos=err.start, reason=err.reason) from None
    else:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise ClaimscopeError("E006", reason=f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as err:
            raise ClaimscopeError("E009", encoding=encoding, reason=f"{err.reason} at byte {err.start}") from None
    return check_text(text)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise ClaimscopeError("E009", encoding=encoding.upper(), reason=f"{err.reason} at byte {err.start}") from None


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ClaimscopeError("E002", kind="no text encoding fits")
    return check_text(str(best))


_SURROGATE = re.compile("[\ud800-\udfff]")


def normalize_text(text: str) -> str:
    """The text as ``open(path, encoding="utf-8-sig").read()`` gives it, which is what offsets point
    into: a leading BOM dropped, CRLF and lone CR read as LF. Lone surrogates (possible in JSON and
    UTF-16) cannot be written as UTF-8, so each becomes U+FFFD: one character for one, offsets kept."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SURROGATE.sub("\ufffd", text)


def check_text(text: str) -> str:
    text = normalize_text(text)
    if not text.strip():
        raise ClaimscopeError("E001")
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 20000):
        raise ClaimscopeError("E002", kind="control characters")
    return text


_NOT_REGULAR = [(stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket")]


def regular_file(path: Path) -> int:
    """The size of a regular file; devices (/dev/zero), FIFOs and sockets are refused before any read,
    since they may never end or never answer."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ClaimscopeError("E005") from None
    except OSError as err:
        raise ClaimscopeError("E006", reason=err.strerror or str(err)) from None
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _NOT_REGULAR if test(info.st_mode)), "not a file")
        raise ClaimscopeError("E007", kind=kind)
    return info.st_size


GZIP_SUFFIX = ".gz"


def open_input(path: Path) -> BinaryIO:
    """A file opened for reading: decompressed on the fly when gzipped (``.gz``)."""
    regular_file(path)
    try:
        if path.name.lower().endswith(GZIP_SUFFIX):
            return gzip.open(path, "rb")
        return path.open("rb")
    except OSError as err:
        raise ClaimscopeError("E006", reason=err.strerror or str(err)) from None


def read_capped(handle: BinaryIO, limit: int, compressed: bool = False) -> bytes:
    """At most ``limit`` bytes; more is an error, found after reading one byte past the limit only."""
    try:
        data = handle.read(limit + 1)
    except (OSError, EOFError, zlib.error) as err:
        raise ClaimscopeError("E006", reason=f"corrupt compressed data ({err})" if compressed else str(err)) from None
    if len(data) > limit:
        if compressed:
            raise ClaimscopeError("E008", limit=limit)
        raise ClaimscopeError("E003", size=len(data), limit=limit)
    return data


def read_bytes(path: Path, limits: Limits) -> bytes:
    size = regular_file(path)
    compressed = path.name.lower().endswith(GZIP_SUFFIX)
    if size > limits.max_bytes and not compressed:
        raise ClaimscopeError("E003", size=size, limit=limits.max_bytes)
    with open_input(path) as handle:
        return read_capped(handle, limits.max_bytes, compressed)


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



def charset_of(ctype: str) -> str | None:
    m = re.search(r"charset=([A-Za-z0-9_\-]+)", ctype, re.I)
    return m.group(1) if m else None

