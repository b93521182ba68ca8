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


def _request(url: str, limits: Limits):
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ClaimscopeError("E010", scheme=scheme)
    host = parts.hostname
    if not host:
        raise ClaimscopeError("E013", reason="the URL has no host")
    port = parts.port or (443 if scheme == "https" else 80)
    addr = resolve_public(host, port)
    cls = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    conn = cls(host, port, addr, limits.timeout)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        conn.request("GET", path, headers={
            "User-Agent": "claimscope (+news analysis)", "Accept": "text/html,text/plain;q=0.9",
        })
        return conn, conn.getresponse()
    except (OSError, http.client.HTTPException, ssl.SSLError) as err:
        conn.close()
        raise ClaimscopeError("E013", reason=str(err) or type(err).__name__) from None


def fetch_bytes(url: str, limits: Limits) -> tuple[bytes, str, str]:
    """GET with checked redirects; return (body, content type, final URL)."""
    for _ in range(MAX_REDIRECTS + 1):
        conn, resp = _request(url, limits)
        try:
            if resp.status in (301, 302, 303, 307, 308):
                location = resp.getheader("Location")
                if not location:
                    raise ClaimscopeError("E014", status=resp.status)
                url = urljoin(url, location)
                continue
            if resp.status >= 400:
                raise ClaimscopeError("E014", status=resp.status)
            ctype = resp.getheader("Content-Type") or ""
            if not ctype.lower().startswith(ACCEPTED_TYPES):
                raise ClaimscopeError("E015", ctype=ctype)
            declared = resp.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > limits.max_bytes:
                raise ClaimscopeError("E017", limit=limits.max_bytes)
            try:
                body = resp.read(limits.max_bytes + 1)
            except (OSError, http.client.HTTPException) as err:
                raise ClaimscopeError("E013", reason=str(err) or type(err).__name__) from None
            if len(body) > limits.max_bytes:
                raise ClaimscopeError("E017", limit=limits.max_bytes)
            return body, ctype, url
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
