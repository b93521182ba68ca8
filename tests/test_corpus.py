"""The corpus store, `corpus add/search`, and the evidence map, driven through the real CLI.

Store tests run on SQLite and, when ``CLAIMSCOPE_TEST_POSTGRES`` names a server (``.ci/run``
starts one), on PostgreSQL too.
"""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

CLI = [str(Path(sys.executable).parent / "claimscope")]

ARTICLES = {
    # a claim first made with a hedge and a named source, then stated as fact, then denied
    "2024-03-01_institute-report.txt": (
        "Report: Veltria armed the Red Hand militia\n\n"
        "According to a report by the Institute for Maritime Security, Veltria may have supplied rifles to the "
        "Red Hand militia in 2023. The institute said that at least 1,200 crates left the port of Kessa for the "
        "militia's camps.\n"),
    "2024-03-05_daily-wire.txt": (
        "Veltria's secret arms trade\n\n"
        "Veltria supplied rifles to the Red Hand militia in 2023. At least 1,200 crates left the port of Kessa "
        "for the militia's camps, and the government in Kessa has done nothing to stop the trade.\n"),
    "2024-03-09_ministry-denial.txt": (
        "Veltria rejects accusations\n\n"
        "Veltria's foreign minister Anton Brill denied that Veltria supplied rifles to the Red Hand militia. "
        "\"Our government has never supplied weapons to any armed group,\" Brill told reporters in Kessa on "
        "Saturday.\n"),
}


def postgres_url() -> str | None:
    return os.environ.get("CLAIMSCOPE_TEST_POSTGRES")


def backends():
    yield "sqlite"
    if postgres_url():
        yield "postgresql"
    elif os.environ.get("CI"):
        yield pytest.param("postgresql", marks=pytest.mark.xfail(strict=True, reason="CI must provide PostgreSQL"))


@pytest.fixture(params=list(backends()))
def db(request, tmp_path):
    """A fresh, empty store target on each backend (a PostgreSQL schema of its own)."""
    if request.param == "sqlite":
        yield str(tmp_path / "corpus.db")
        return
    base = postgres_url()
    if base is None:
        raise RuntimeError("no PostgreSQL server: set CLAIMSCOPE_TEST_POSTGRES")
    import psycopg
    name = "t_" + uuid.uuid4().hex[:12]
    admin = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield base.rsplit("/", 1)[0] + "/" + name
    from claimscope.store import Store  # noqa: F401 - engines are disposed by the CLI processes
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def articles(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(*args, check=True):
    result = subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, timeout=600)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_add_stores_each_document_once_and_resumes(db, articles):
    first = run("corpus", "add", db, articles)
    assert "3 stored, 0 already in the store" in first.stderr
    again = run("corpus", "add", db, articles)
    assert "0 stored, 3 already in the store" in again.stderr
    # the same text under another name is the same document
    copy = articles.parent / "copy.txt"
    copy.write_text("  " + ARTICLES["2024-03-05_daily-wire.txt"].replace("\n\n", "\n \n"), encoding="utf-8")
    assert "0 stored, 1 already in the store" in run("corpus", "add", db, copy).stderr
    listing = run("corpus", "list", db)
    ids = [line.split()[0] for line in listing.stdout.splitlines()]
    assert ids == [name[:-4] for name in ARTICLES]  # ids are file stems, in the order added
    assert "2024-03-01" in listing.stdout  # the date in the file name is the publication date


def test_search_finds_texts_and_claims_and_takes_any_query(db, articles):
    run("corpus", "add", db, articles)
    hits = json.loads(run("corpus", "search", db, "crates Kessa", "--format", "json").stdout)
    assert {h["document_id"] for h in hits} >= {"2024-03-01_institute-report", "2024-03-05_daily-wire"}
    assert any(h["kind"] == "claim" for h in hits)
    for hostile in ['"unbalanced', "NEAR(a b", "a AND OR NOT *", "'; DROP TABLE documents; --", "€∞"]:
        result = run("corpus", "search", db, hostile, check=False)
        assert result.returncode == 0, result.stderr
    assert json.loads(run("corpus", "search", db, "zeppelin", "--format", "json").stdout) == []


def test_evidence_map_shows_first_repetition_hardening_and_denial(db, articles, tmp_path):
    run("corpus", "add", db, articles)
    out = tmp_path / "map.json"
    run("map", db, "--actor", "Veltria", "--actor", "Red Hand", "--format", "json", "-o", out)
    result = json.loads(out.read_text(encoding="utf-8"))
    assert [a["names"] for a in result["actors"]] == [["Veltria"], ["Red Hand militia"]]
    rifles = next(c for c in result["clusters"] if "rifles" in c["claim"])
    assert rifles["first"]["document_id"] == "2024-03-01_institute-report"
    assert rifles["first"]["published"] == "2024-03-01"
    by_doc = {i["document_id"]: i for i in rifles["items"]}
    assert [h["text"] for h in by_doc["2024-03-01_institute-report"]["hedges"]] == ["may"]
    assert by_doc["2024-03-05_daily-wire"]["who"]["kind"] == "article"
    assert any(d["document_id"] == "2024-03-09_ministry-denial" for d in rifles["denials"])
    assert "hardened" in {f["type"] for f in rifles["sourcing"]}
    polarities = {r["polarity"] for r in result["relations"]}
    assert "denied" in polarities and "asserted" in polarities
    # every evidence item is the stored text at its offsets
    texts = {name[:-4]: text for name, text in ARTICLES.items()}
    items = [i["evidence"] for c in result["clusters"] for i in c["items"] + c["denials"]]
    items += [e for r in result["relations"] for e in r["evidence"]]
    items += [e for c in result["clusters"] for f in c["sourcing"] for e in f["evidence"]]
    items += [h for c in result["clusters"] for i in c["items"] for h in i["hedges"]]
    assert items
    stored = {doc_id: _stored_text(db, doc_id) for doc_id in texts}
    for e in items:
        assert e["text"] and e["text"] == stored[e["document_id"]][e["start"]:e["end"]]


def _stored_text(db: str, doc_id: str) -> str:
    from claimscope.store import Store
    with Store.open(db, create=False) as store:
        return store.report(doc_id)["document"]["text"]


def test_map_in_markdown_and_html_is_inert(db, articles, tmp_path):
    hostile = articles / "2024-03-07_hostile.txt"
    hostile.write_text("Veltria <script>alert(1)</script> news\n\nVeltria supplied rifles to the Red Hand militia "
                       "<img src=x onerror=alert(2)> in 2023, a blogger wrote.\n", encoding="utf-8")
    run("corpus", "add", db, articles)
    page = run("map", db, "--actor", "Veltria", "--actor", "Red Hand", "--format", "html").stdout
    assert "<script>" not in page and "<img" not in page and "&lt;script&gt;" in page
    assert "Content-Security-Policy" in page and "<svg" in page
    md = run("map", db, "--actor", "Veltria", "--format", "md").stdout
    assert "| date | document | who asserts | evidence | hedges |" in md and "<img" not in md


def test_map_and_search_refuse_clearly(db, articles, tmp_path):
    run("corpus", "add", db, articles)
    nobody = run("map", db, "--actor", "Atlantis", check=False)
    assert nobody.returncode == 2 and "[E076]" in nobody.stderr and "Traceback" not in nobody.stderr
    missing = run("corpus", "search", tmp_path / "nope.db", "x", check=False)
    assert missing.returncode == 2 and "[E073]" in missing.stderr


def test_a_file_that_is_not_a_store_is_refused(tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    result = run("corpus", "list", other, check=False)
    assert result.returncode == 2 and "[E075]" in result.stderr


def test_a_newer_store_is_refused(tmp_path, articles):
    db = tmp_path / "new.db"
    run("corpus", "add", db, articles / "2024-03-01_institute-report.txt")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE store_meta SET value = '99' WHERE key = 'schema_version'")
    result = run("corpus", "list", db, check=False)
    assert result.returncode == 2 and "[E074]" in result.stderr


def test_kill_minus_nine_loses_nothing_committed(tmp_path):
    """Kill `corpus add` mid-run: no half-written document, and a rerun finishes the rest."""
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(60):
        (folder / f"story-{n:02d}.txt").write_text(
            f"Harbour report {n}\n\nThe port authority of Kessa said on Monday that {100 + n} containers were "
            f"inspected in week {n}. Officials said the inspections would continue.\n", encoding="utf-8")
    db = tmp_path / "killed.db"
    proc = subprocess.Popen([*CLI, "corpus", "add", str(db), str(folder), "--jobs", "1"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 300
    stored = 0
    while time.monotonic() < deadline and stored < 2:
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=5) as conn:
                    stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 2 <= stored < 60
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        docs = {r[0] for r in conn.execute("SELECT id FROM documents")}
        indexed = {r[0] for r in conn.execute("SELECT document_id FROM search WHERE kind = 'document'")}
        claimed = {r[0] for r in conn.execute("SELECT DISTINCT document_id FROM claims")}
    assert docs == indexed and claimed <= docs  # each document whole, or not there
    rerun = run("corpus", "add", db, folder)
    assert f"{60 - len(docs)} stored, {len(docs)} already in the store" in rerun.stderr


def test_a_bare_surname_is_the_person_most_documents_name_by_it():
    from collections import namedtuple

    from claimscope.evidence.map import _one_person
    Row = namedtuple("Row", "document_id entity_id name")
    rows = [Row("a", "e1", "Donald Trump"), Row("b", "e1", "Donald J. Trump"), Row("c", "e2", "Ivanka Trump"),
            Row("c", "e1", "Trump"), Row("d", "e3", "Trump Tower")]
    kept, others = _one_person("Trump", rows)
    assert {r.name for r in kept} == {"Donald Trump", "Donald J. Trump", "Trump", "Trump Tower"}
    assert others == ["Ivanka Trump"]
    assert _one_person("Ivanka Trump", rows) == (rows, [])  # a full name is taken as given


def test_one_source_under_a_fuller_name_is_not_different_sources():
    from claimscope.evidence.map import _same_source
    assert _same_source("Clinton", "Hillary Clinton") and _same_source("Mrs. Clinton", "Clinton")
    assert not _same_source("Politifact", "Hillary Clinton") and not _same_source("Bill Clinton", "Hillary Clinton")


def test_map_of_a_claim_and_a_date_range(db, articles):
    run("corpus", "add", db, articles)
    asked = json.loads(run("map", db, "--claim", "Veltria gave guns to the Red Hand", "--format", "json").stdout)
    texts = [i["evidence"]["text"] for c in asked["clusters"] for i in c["items"]]
    assert any("supplied rifles" in t for t in texts) and not any("1,200 crates" in t for t in texts)
    later = json.loads(run("map", db, "--actor", "Veltria", "--since", "2024-03-04", "--format", "json").stdout)
    assert {d["id"] for d in later["documents"]} <= {"2024-03-05_daily-wire", "2024-03-09_ministry-denial"}
    rifles = next(c for c in later["clusters"] if "rifles" in c["claim"])
    assert rifles["first"]["document_id"] == "2024-03-05_daily-wire"
    none = run("map", db, "--actor", "Veltria", "--until", "2023-12-31", check=False)
    assert none.returncode == 2 and "in that date range" in none.stderr


def test_an_older_store_is_migrated_in_place(tmp_path, monkeypatch):
    from claimscope.store import Store
    from claimscope.store import schema
    db = str(tmp_path / "old.db")
    report = {"document": {"id": "a", "text": "Veltria armed the Red Hand.\n", "title": None, "metadata": {}},
              "entities": [{"id": "veltria", "name": "Veltria", "label": "GPE", "aliases": [],
                            "mentions": [{"start": 0, "end": 7}]}]}
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
    monkeypatch.setattr(schema, "LATEST", 1)
    with Store.open(db) as old:
        assert old.version == 1 and old.add(report) == "a"
    monkeypatch.undo()
    with Store.open(db) as store:
        assert store.version == schema.LATEST >= 2
        assert store.report("a")["document"]["text"] == report["document"]["text"]
    indexes = {row[0] for row in sqlite3.connect(db).execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "entity_names_lookup" in indexes and "entity_names_key" not in indexes
