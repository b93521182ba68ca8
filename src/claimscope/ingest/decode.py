"""Bytes to text: strict decoding, binary sniffing, size-capped reads, HTML charsets.

A wrong decoding guess would shift every offset silently, so plain text is decoded
strictly and every problem is a ``ClaimscopeError`` naming it.
"""
from __future__ import annotations

import re
from pathlib import Path

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
    return check_text(text)


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ClaimscopeError("E002", kind="no text encoding fits")
    return check_text(str(best))


def check_text(text: str) -> str:
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

