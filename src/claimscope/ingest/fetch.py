"""Fetching a user-given URL without letting it reach private networks.

The host is resolved once, every address is checked, and the connection goes
to the checked address (so DNS cannot change its answer between the check and
the request). Each redirect is checked the same way.
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from contextlib import contextmanager
from urllib.parse import urljoin, urlsplit

from ..errors import ClaimscopeError
from .decode import charset_of, decode_text, html_bytes_to_str
from .documents import from_html, from_text
from .limits import Limits

MAX_REDIRECTS = 5
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def address_kind(addr: str) -> str | None:
    """Name the non-public range an address is in, or None if it is public."""
    ip = ipaddress.ip_address(addr.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for kind, test in (
        ("loopback", ip.is_loopback), ("private", ip.is_private),
        ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified), ("reserved", ip.is_reserved),
    ):
        if test:
            return kind
    if not ip.is_global:
        return "non-public"
    return None


def resolve_public(host: str, port: int) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as err:
        raise ClaimscopeError("E012", host=host, reason=err.strerror or str(err)) from None
    addrs = [info[4][0] for info in infos]
    for addr in addrs:
        kind = address_kind(addr)
        if kind:
            raise ClaimscopeError("E011", host=host, kind=kind, addr=addr)
    return addrs[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, addr, timeout):
        super().__init__(host, port, timeout=timeout)
        self._addr = addr

    def connect(self):
        self.sock = socket.create_connection((self._addr, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, addr, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._addr = addr

    def connect(self):
        sock = socket.create_connection((self._addr, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _Deadline:
    """One time budget for a whole fetch: connections, redirects, headers and body. A timer shuts
    the socket when it runs out, so a server that trickles bytes cannot hold the fetch longer."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise ClaimscopeError("E019", timeout=self.seconds)
        return left

    def expired(self) -> bool:
        return time.monotonic() >= self.end

    @contextmanager
    def guard(self, conn):
        timer = threading.Timer(self.left(), _shut, [conn])
        timer.daemon = True
        timer.start()
        try:
            yield
        except (OSError, http.client.HTTPException, ssl.SSLError, ValueError) as err:
            if self.expired():
                raise ClaimscopeError("E019", timeout=self.seconds) from None
            raise ClaimscopeError("E013", reason=str(err) or type(err).__name__) from None
        finally:
            timer.cancel()
        if self.expired():  # the timer shut the socket: what was read looks complete but is cut short
            raise ClaimscopeError("E019", timeout=self.seconds)


def _shut(conn) -> None:
    sock = conn.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _parse(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path) of a URL, or a clear error for one that cannot be fetched."""
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise ClaimscopeError("E010", scheme=scheme)
        host = parts.hostname
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as err:
        raise ClaimscopeError("E018", reason=str(err)) from None
    if not host:
        raise ClaimscopeError("E018", reason="the URL has no host")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    if any(ord(ch) < 33 or ord(ch) == 127 for ch in path):
        raise ClaimscopeError("E018", reason="spaces or control characters in the path")
    return scheme, host, port, path


def _request(url: str, deadline: _Deadline):
    scheme, host, port, path = _parse(url)
    addr = resolve_public(host, port)
    cls = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    conn = cls(host, port, addr, deadline.left())
    try:
        with deadline.guard(conn):
            conn.request("GET", path, headers={
                "User-Agent": "claimscope (+news analysis)", "Accept": "text/html,text/plain;q=0.9",
            })
            return conn, conn.getresponse()
    except ClaimscopeError:
        conn.close()
        raise


def _read_body(conn, resp, limit: int, deadline: _Deadline) -> bytes:
    """The body, a chunk at a time: over the limit or past the deadline, it stops at once."""
    chunks, size = [], 0
    with deadline.guard(conn):
        while True:
            deadline.left()
            chunk = resp.read1(1 << 16)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > limit:
                raise ClaimscopeError("E017", limit=limit)
            chunks.append(chunk)


def fetch_bytes(url: str, limits: Limits) -> tuple[bytes, str, str]:
    """GET with checked redirects, all within one ``limits.timeout``; return (body, content type, final URL)."""
    deadline = _Deadline(limits.timeout)
    for _ in range(MAX_REDIRECTS + 1):
        conn, resp = _request(url, deadline)
        try:
            if resp.status in (301, 302, 303, 307, 308):
                location = resp.getheader("Location")
                if not location:
                    raise ClaimscopeError("E014", status=resp.status)
                try:
                    url = urljoin(url, location)
                except ValueError as err:
                    raise ClaimscopeError("E018", reason=f"redirect to {location[:80]!r}: {err}") from None
                continue
            if resp.status >= 400:
                raise ClaimscopeError("E014", status=resp.status)
            ctype = resp.getheader("Content-Type") or ""
            if not ctype.lower().startswith(ACCEPTED_TYPES):
                raise ClaimscopeError("E015", ctype=ctype)
            declared = resp.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > limits.max_bytes:
                raise ClaimscopeError("E017", limit=limits.max_bytes)
            return _read_body(conn, resp, limits.max_bytes, deadline), ctype, url
        finally:
            conn.close()
    raise ClaimscopeError("E016", limit=MAX_REDIRECTS)


def fetch_url(url: str, limits: Limits | None = None):
    limits = limits or Limits()
    body, ctype, final = fetch_bytes(url, limits)
    if ctype.lower().startswith("text/plain"):
        doc = from_text(decode_text(body), doc_id=_id_from_url(final), limits=limits)
    else:
        doc = from_html(html_bytes_to_str(body, charset_of(ctype)), doc_id=_id_from_url(final),
                        url=final, limits=limits)
    doc.metadata["url"] = final
    return doc


def _id_from_url(url: str) -> str:
    parts = urlsplit(url)
    tail = [p for p in parts.path.split("/") if p]
    base = (tail[-1] if tail else parts.hostname) or "page"
    return "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in base)[:80]
