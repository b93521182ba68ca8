"""The HTTP API of `claimscope serve`, driven over HTTP against the real server (datasette-style)."""
import subprocess
from urllib.parse import quote

import httpx
import jsonschema
import pytest

from webserver import CLI, HOSTILE, TOKEN, Server, serve_copy

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def writable(web_store, tmp_path_factory):
    """A server of its own for the tests that store documents: the shared one stays as made."""
    yield from serve_copy(web_store, tmp_path_factory.mktemp("writable"))


def get(web, path, **kw):
    return httpx.get(web.base + path, timeout=60, **kw)


def post(web, path, **kw):
    return httpx.post(web.base + path, timeout=120, **kw)


def assert_error(response, status, code=None):
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    err = response.json()["error"]
    assert err["message"]
    if code:
        assert err["code"] == code, err


def test_openapi_names_every_endpoint(web):
    paths = set(get(web, "/openapi.json").json()["paths"])
    assert {"/api/analyze", "/api/documents", "/api/documents/{doc_id}", "/api/search", "/api/claims/similar",
            "/api/claims/{cluster_id}", "/api/map", "/api/stats/over-time", "/api/overview"} <= paths


def test_documents_list_and_reports_follow_the_report_schema(web):
    from claimscope.report import schema
    listing = get(web, "/api/documents").json()
    assert listing["total"] == 4
    assert [d["id"] for d in listing["documents"]][0] == "2024-03-01_institute-report"
    report = get(web, "/api/documents/2024-03-05_daily-wire").json()
    jsonschema.validate(report, schema())
    assert report["document"]["text"].startswith("Veltria's secret arms trade")
    assert_error(get(web, "/api/documents/no-such-document"), 404, "E_NOT_FOUND")


def test_search_similar_claims_map_and_counts(web):
    hits = get(web, "/api/search", params={"q": "crates Kessa"}).json()["hits"]
    assert {"2024-03-01_institute-report", "2024-03-05_daily-wire"} <= {h["document_id"] for h in hits}
    similar = get(web, "/api/claims/similar", params={"text": "Veltria gave rifles to the Red Hand militia"}).json()
    assert similar["claims"] and similar["claims"][0]["similarity"] >= 0.62
    assert all("rifles" in c["evidence"]["text"] for c in similar["claims"][:2])
    mapped = get(web, "/api/map", params=[("actor", "Veltria"), ("actor", "Red Hand")]).json()
    rifles = next(c for c in mapped["clusters"] if "rifles" in c["claim"])
    assert rifles["first"]["document_id"] == "2024-03-01_institute-report"
    assert any(d["document_id"] == "2024-03-09_ministry-denial" for d in rifles["denials"])
    cluster = get(web, "/api/claims/" + quote(rifles["id"], safe="")).json()
    assert cluster["first"]["document_id"] == "2024-03-01_institute-report"
    over_time = get(web, "/api/stats/over-time", params={"layer": "signals"}).json()
    assert over_time["layer"] == "signals" and all(m["month"] == "2024-03" for m in over_time["months"])
    overview = get(web, "/api/overview").json()
    assert overview["documents"] == 4
    assert overview["documents_by_month"] == [{"month": "2024-03", "documents": 4}]
    assert "Veltria" in {a["name"] for a in overview["top_actors"]}


def test_analyze_returns_a_report_and_storing_needs_the_token(writable):
    web = writable
    from claimscope.report import schema
    text = ("Harbour authority denies dredging plan\n\nThe Kessa harbour authority said on Monday that it had "
            "no plan to dredge the northern channel, according to a statement.\n")
    answer = post(web, "/api/analyze", json={"text": text, "id": "harbour"})
    assert answer.status_code == 200, answer.text
    jsonschema.validate(answer.json(), schema())
    assert answer.json()["document"]["id"] == "harbour"
    assert get(web, "/api/documents/harbour").status_code == 404  # analyzed, not stored
    assert_error(post(web, "/api/analyze?store=1", json={"text": text}), 401, "E_TOKEN")
    assert_error(post(web, "/api/analyze?store=1", json={"text": text},
                      headers={"Authorization": "Bearer wrong-token-wrong-token"}), 401, "E_TOKEN")
    stored = post(web, "/api/analyze?store=1", json={"text": text, "id": "harbour"}, headers=AUTH)
    assert stored.status_code == 201 and stored.headers["location"] == "/api/documents/harbour"
    assert get(web, "/api/documents/harbour").json()["document"]["text"] == answer.json()["document"]["text"]
    again = post(web, "/api/analyze?store=1", json={"text": text}, headers=AUTH)
    assert again.status_code == 200 and again.headers["x-claimscope-duplicate"] == "text"


def test_analyze_takes_an_html_page(writable):
    page = ("<html><head><title>Port strike ends</title><script>window.pwned=1</script></head><body>"
            "<nav>Home | World</nav><article><h1>Port strike ends</h1><p>Dock workers in Kessa ended their strike on "
            "Friday, the union said, after the port authority agreed to raise wages by four percent.</p>"
            "<p>The port authority said that shipping would resume on Monday.</p></article></body></html>")
    report = post(writable, "/api/analyze", json={"html": page}).json()
    assert report["document"]["title"] == "Port strike ends"
    assert report["document"]["id"] == "port-strike-ends"  # named by its title when no id is given
    assert "raise wages by four percent" in report["document"]["text"]
    assert "pwned" not in report["document"]["text"] and "Home | World" not in report["document"]["text"]


def test_urls_need_the_token_and_private_addresses_are_refused(writable):
    web = writable
    own = f"http://127.0.0.1:{web.port}/"
    assert_error(post(web, "/api/analyze", json={"url": own}), 401, "E_TOKEN")
    assert_error(post(web, "/api/analyze", json={"url": own}, headers=AUTH), 400, "E011")
    assert_error(post(web, "/api/analyze", json={"url": "http://169.254.169.254/latest/meta-data/"}, headers=AUTH),
                 400, "E011")
    assert_error(post(web, "/api/analyze", json={"url": "file:///etc/passwd"}, headers=AUTH), 400, "E010")


def test_oversized_and_malformed_requests_get_json_errors(writable):
    web = writable
    assert_error(post(web, "/api/analyze", content=b'{"text": "' + b"a" * (4 * 1024 * 1024) + b'"}',
                      headers={"content-type": "application/json"}), 413, "E_BODY")
    chunks = (b'{"text": "' + b"a" * 1024 * 1024 if i == 0 else b"a" * 1024 * 1024 for i in range(4))
    assert_error(post(web, "/api/analyze", content=chunks, headers={"content-type": "application/json"}),
                 413, "E_BODY")  # streamed in chunks, no declared length
    assert_error(post(web, "/api/analyze", json={"text": "word " * 50_000}), 413, "E031")  # over the character limit
    assert_error(post(web, "/api/analyze", content=b"{not json", headers={"content-type": "application/json"}),
                 422, "E_INVALID")
    assert_error(post(web, "/api/analyze", json={"text": "a", "html": "<p>b</p>"}), 422, "E_INVALID")
    assert_error(post(web, "/api/analyze", json={"txt": "typo"}), 422, "E_INVALID")
    assert_error(post(web, "/api/analyze", json={"text": "   "}), 400, "E001")
    assert_error(post(web, "/api/analyze", json={"id": "../../etc/passwd", "text": "x"}), 422, "E_INVALID")
    assert_error(get(web, "/api/search", params={"q": "x" * 501}), 422, "E_INVALID")
    assert_error(get(web, "/api/map"), 422, "E_INVALID")
    assert_error(get(web, "/api/map", params={"actor": "Veltria", "since": "March"}), 422, "E_INVALID")
    assert_error(get(web, "/api/map", params={"actor": "Zeppelin Corporation"}), 404, "E076")
    assert_error(get(web, "/api/claims/nothing%23c9"), 404, "E_NOT_FOUND")
    assert_error(get(web, "/api/nothing"), 404)
    for hostile in ['"unbalanced', "NEAR(a b", "'; DROP TABLE documents; --"]:
        assert get(web, "/api/search", params={"q": hostile}).status_code == 200


def test_every_answer_carries_the_content_security_policy(web):
    for path in ("/", "/api/documents", "/documents/2024-03-05_daily-wire", "/static/claimscope.js", "/nothing"):
        csp = get(web, path).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
        assert get(web, path).headers["x-content-type-options"] == "nosniff"


def test_a_foreign_host_name_is_refused_on_loopback(web):
    # DNS rebinding: a page elsewhere whose name now resolves to 127.0.0.1 sends its own Host
    assert get(web, "/api/documents", headers={"Host": "attacker.example"}).status_code == 400


def test_off_loopback_writes_need_a_token(web_store):
    from fastapi.testclient import TestClient

    from claimscope.web import Settings, create_app
    with TestClient(create_app(Settings(db=web_store, host="0.0.0.0"))) as client:
        assert client.get("/api/documents").status_code == 200  # reading stays open
        refused = client.post("/api/analyze?store=1", json={"text": "Some text."})
        assert refused.status_code == 403 and "CLAIMSCOPE_TOKEN" in refused.json()["error"]["message"]
        assert client.post("/api/analyze", json={"url": "https://example.org/"}).status_code == 403
    with TestClient(create_app(Settings(db=web_store, host="0.0.0.0", token=TOKEN))) as client:
        assert client.post("/api/analyze?store=1", json={"text": "Some text."}).status_code == 401


def test_serve_refuses_clearly(tmp_path, web_store):
    missing = subprocess.run([CLI, "serve", str(tmp_path / "none.db")], capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "E073" in missing.stderr and "Traceback" not in missing.stderr
    short = subprocess.run([CLI, "serve", web_store], capture_output=True, text=True, timeout=60,
                           env={"CLAIMSCOPE_TOKEN": "short", "PATH": "/usr/bin:/bin"})
    assert short.returncode == 2 and "16 characters" in short.stderr
    server = Server(web_store, token=None)
    try:
        busy = subprocess.run([CLI, "serve", web_store, "--port", str(server.port)], capture_output=True, text=True,
                              timeout=60)
        assert busy.returncode == 2 and "E077" in busy.stderr and "Traceback" not in busy.stderr
    finally:
        server.stop()


def test_hostile_document_is_stored_verbatim(web):
    report = get(web, "/api/documents/2024-03-12_hostile").json()
    assert report["document"]["text"] == HOSTILE["2024-03-12_hostile.txt"]  # the API rewrites nothing

