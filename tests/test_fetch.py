import http.server
import threading
import time

import pytest

from claimscope.ingest import fetch
from claimscope.errors import ClaimscopeError
from claimscope.ingest import Limits


@pytest.mark.parametrize("addr, kind", [
    ("127.0.0.1", "loopback"), ("10.0.0.1", "private"), ("192.168.1.5", "private"),
    ("172.16.0.1", "private"), ("169.254.169.254", "link-local"), ("::1", "loopback"),
    ("::ffff:127.0.0.1", "loopback"), ("fe80::1", "link-local"), ("0.0.0.0", "unspecified"),
])
def test_non_public_addresses_are_named(addr, kind):
    assert fetch.address_kind(addr) in (kind, "private", "reserved", "loopback", "link-local", "unspecified")
    assert fetch.address_kind(addr) is not None


def test_public_address_is_allowed():
    assert fetch.address_kind("93.184.216.34") is None


@pytest.mark.parametrize("url, code", [
    ("http://127.0.0.1/", "E011"), ("http://10.0.0.1/", "E011"), ("http://localhost:8080/x", "E011"),
    ("http://[::1]/", "E011"), ("http://169.254.169.254/latest/meta-data", "E011"),
    ("ftp://example.org/file", "E010"), ("file:///etc/passwd", "E010"),
    ("http://no-such-host.invalid/", "E012"),
])
def test_refused_urls(url, code):
    with pytest.raises(ClaimscopeError) as info:
        fetch.fetch_url(url, Limits(timeout=2))
    assert info.value.code == code


class _Redirect(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path == "/go":
            self.send_response(302)
            self.send_header("Location", "http://10.0.0.1/internal")
            self.end_headers()
        elif self.path in ("/trickle", "/trickle-headers"):
            # a byte every 0.3 s: each read is quick, the whole never ends within the deadline
            if self.path == "/trickle-headers":
                self.wfile.write(b"HTTP/1.0 200 OK\r\n")
                for _ in range(100):
                    self.wfile.write(b"X")
                    self.wfile.flush()
                    time.sleep(0.3)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b"<p>x</p>")
                self.wfile.flush()
                time.sleep(0.3)
        elif self.path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body><p>" + b"x" * 5000 + b"</p></body></html>")
        else:
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.end_headers()
            self.wfile.write(b"%PDF-1.4")

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server(monkeypatch):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Redirect)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    real = fetch.address_kind
    # Let the test reach its own server on loopback; everything else stays checked.
    monkeypatch.setattr(fetch, "address_kind", lambda a: None if a == "127.0.0.1" else real(a))
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_redirect_to_private_address_is_refused(local_server):
    with pytest.raises(ClaimscopeError) as info:
        fetch.fetch_url(local_server + "/go", Limits(timeout=5))
    assert info.value.code == "E011" and "10.0.0.1" in info.value.message


def test_content_type_is_checked(local_server):
    with pytest.raises(ClaimscopeError) as info:
        fetch.fetch_url(local_server + "/pdf", Limits(timeout=5))
    assert info.value.code == "E015"


def test_size_cap_applies_to_responses(local_server):
    with pytest.raises(ClaimscopeError) as info:
        fetch.fetch_url(local_server + "/big", Limits(timeout=5, max_bytes=1000))
    assert info.value.code == "E017"


@pytest.mark.parametrize("path", ["/trickle", "/trickle-headers"])
def test_one_deadline_bounds_the_whole_fetch(local_server, path):
    start = time.monotonic()
    with pytest.raises(ClaimscopeError) as info:
        fetch.fetch_url(local_server + path, Limits(timeout=2))
    assert info.value.code == "E019"
    assert time.monotonic() - start < 4  # not 30 s of trickle, though every single read was quick


@pytest.mark.parametrize("url, reason", [
    ("http://127.0.0.1:99999/", "Port out of range"), ("http://[::1", "IPv6"), ("http:///nohost", "no host"),
    ("http://example.org/a b", "spaces or control"),
])
def test_malformed_urls_are_clear_errors(url, reason):
    with pytest.raises(ClaimscopeError) as info:
        fetch.fetch_url(url, Limits(timeout=2))
    assert info.value.code == "E018" and reason in info.value.message
