"""Fuzzing: whatever the bytes, text, JSON or URL, claimscope answers with a report or a coded
error, in bounded time and memory. Hypothesis draws the inputs; the bounded settings keep the whole
file to well under a minute in CI (derandomized, so a failure reproduces)."""
import gzip
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimscope import ingest
from claimscope.errors import ClaimscopeError
from claimscope.ingest.fetch import _parse
from claimscope.ingest.inputs import _jsonl_record
from claimscope.render.safe import markdown_inline, plain
from conftest import run_cli

FAST = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SLOW = settings(max_examples=30, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
QUOTES = "\"“”«»„‘’'"
# pieces of news-like text and of trouble, joined: quotes, CR, BOM, lone surrogates, ESC, bidi
prose = st.lists(st.sampled_from(list("abcdefghij ABCDEFGH.,;:?!\n\t-()") + list(QUOTES)
                                 + ["said ", "the minister ", "Norland ", "according to ", "\r\n", "\ufeff",
                                    "\ud800", "\x1b[31m", "\u202e", "é", "ß", "İ", "中文", "🙂"]),
                 max_size=120).map("".join)


def _file(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@FAST
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".warc", ".txt.gz", ".md"]))
def test_any_bytes_in_any_kind_of_file_give_documents_or_coded_errors(tmp_path_factory, data, suffix):
    path = _file(tmp_path_factory.mktemp("f"), "input" + suffix, data)
    for item in ingest.iter_inputs([str(path)], ingest.Limits(max_bytes=2000, max_chars=2000)):
        assert (item.document is None) != (item.error is None)
        if item.error is not None:
            assert re.fullmatch(r"E\d{3}", item.error.code)
        else:
            assert item.document.text.strip() and "\r" not in item.document.text


@FAST
@given(text=prose)
def test_any_text_is_normalised_or_refused_with_a_code(text):
    try:
        doc = ingest.from_text(text)
    except ClaimscopeError as err:
        assert err.code in ("E001", "E002")
        return
    assert "\r" not in doc.text and not doc.text.startswith("\ufeff")
    doc.text.encode("utf-8")  # no lone surrogate survives: every report can be written


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20)


@FAST
@given(record=st.one_of(
    json_values.map(json.dumps),
    st.fixed_dictionaries({"text": json_values | prose}, optional={"id": json_values, "url": json_values,
                                                                    "html": json_values}).map(json.dumps),
    st.integers(min_value=1, max_value=20000).map(lambda n: "[" * n + "]" * n),
    st.integers(min_value=4300, max_value=6000).map(lambda n: '{"text": ' + "9" * n + "}"),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
))
def test_any_jsonl_line_gives_a_document_or_a_coded_error(record):
    try:
        doc = _jsonl_record(record.encode("utf-8", "surrogatepass"), 1, Path("x.jsonl"), ingest.Limits())
    except ClaimscopeError as err:
        assert err.code.startswith("E0")
        return
    doc.text.encode("utf-8")
    doc.id.encode("utf-8")


@FAST
@given(url=st.one_of(st.text(max_size=60), st.from_regex(r"https?://[\[\]:0-9a-z.%@-]{0,30}(:\d{0,7})?/[ -~]{0,20}",
                                                          fullmatch=True)))
def test_any_url_string_parses_or_is_refused_with_a_code(url):
    try:
        scheme, host, port, path = _parse(url)
    except ClaimscopeError as err:
        assert err.code in ("E010", "E018")
        return
    assert scheme in ("http", "https") and host and 0 <= port <= 65535 and path.startswith("/")


@FAST
@given(text=st.text(max_size=300))
def test_shown_text_is_inert(text):
    shown = plain(text)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown)
    md = markdown_inline(text)
    assert "<" not in md and not re.search(r"(?<!\\)\]\(", md) and not re.search(r"(?<!\\)!\\?\[", md.replace("\\!", ""))
    assert not re.search(r"(?i)\b(?:https?|ftp|javascript|data):", md) and not re.search(r"(?i)\bwww\.", md)


@SLOW
@given(text=prose)
def test_the_pipeline_analyzes_any_text_with_offsets_that_slice_it(pipeline, text):
    try:
        pipeline(doc := ingest.from_text(text))
    except ClaimscopeError as err:
        assert err.code in ("E001", "E002", "E032")  # empty, binary-looking, or confidently not English
        return
    for layer in (doc.signals, doc.claims, doc.techniques):
        for item in layer:
            assert doc.text[item.start:item.end] == item.text
    for att in doc.attributions:
        for part in att.content:
            assert doc.text[part.start:part.end] == part.text


def test_compression_bombs_are_refused_quickly_and_small(tmp_path):
    bomb = _file(tmp_path, "bomb.txt.gz", gzip.compress(b"\0" * (40 << 20)))  # 40 MB of zeros in 40 KB
    [item] = list(ingest.iter_inputs([str(bomb)], ingest.Limits(max_bytes=1 << 20)))
    assert item.error.code == "E008"
    lines = _file(tmp_path, "bomb.jsonl.gz", gzip.compress(b'{"text": "' + b"a" * (20 << 20) + b'"}\n'
                                                           + b'{"text": "Council vote\\n\\nThe mayor said so."}\n'))
    items = list(ingest.iter_inputs([str(lines)], ingest.Limits(max_bytes=1 << 20)))
    assert [i.error.code if i.error else "doc" for i in items] == ["E025", "doc"]


def test_a_warc_record_too_big_is_skipped_and_the_next_one_read(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, body in (("http://a.example/", b"<html><body><p>" + b"a" * (30 << 20) + b"</p></body></html>"),
                          ("http://b.example/", b"<html><body><article><p>The minister said the plan failed badly, "
                                                b"and the council agreed with her on Monday.</p></article></body></html>")):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    items = list(ingest.iter_inputs([str(path)], ingest.Limits(max_bytes=1 << 20)))
    assert items[0].error.code == "E003" and "minister" in items[1].document.text


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused_without_reading(special):
    [item] = list(ingest.iter_inputs([special]))
    assert item.error.code == "E007"


def test_a_fifo_with_no_writer_is_refused_not_waited_on(tmp_path):
    import os
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    [item] = list(ingest.iter_inputs([str(fifo)]))
    assert item.error.code == "E007"


def test_a_folder_of_hostile_files_runs_through_the_cli(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _file(folder, "ok.txt", b"Council vote\n\nThe mayor said the vote would wait until June.\n")
    _file(folder, "deep.jsonl", ("[" * 50000 + "]" * 50000 + "\n").encode())
    _file(folder, "digits.jsonl", b'{"text": ' + b"7" * 5000 + b"}\n")
    _file(folder, "surrogate.jsonl", b'{"text": "Title\\n\\nHe said \\ud800 it failed.", "id": "\\udfff"}\n')
    _file(folder, "odd.txt", b"\xff\xfeA\x00B")
    _file(folder, "crlf.txt", b"Headline\r\n\r\nThe minister said \x1b[31mno\x1b[0m.\r\n")
    _file(folder, "said.txt", b"said " * 4000)
    _file(folder, "bomb.txt.gz", gzip.compress(b"a" * (12 << 20)))
    _file(folder, "notes.pdf", b"%PDF-1.4")
    out = tmp_path / "out"
    proc = run_cli("analyze", str(folder), "--format", "md", "--output-dir", str(out), timeout=600)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err and "internal error" not in err, err
    # the id "\\udfff" cannot name a file: it becomes "?" in the report and "document" on disk
    assert {p.name for p in out.iterdir()} == {"ok.md", "document.md", "crlf.md", "said.md"}
    assert "\x1b" not in (out / "crlf.md").read_text(encoding="utf-8")
    assert "skipped: " in err and "notes.pdf" in err
    assert "4 analyzed, 0 already done, 4 failed, 1 skipped" in err


DEEP_CHAIN = """
import spacy
from spacy.tokens import Doc
from claimscope.analyzers.trees import subtree
n = 200_000
words = ["said"] * n
heads = [i + 1 for i in range(n - 1)] + [n - 1]  # each word hangs on the next: a chain n deep
doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=["dep"] * (n - 1) + ["ROOT"])
print(len(subtree(doc[n - 1])))
"""


def test_a_parse_tree_deeper_than_the_c_stack_is_walked_without_crashing():
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-c", DEEP_CHAIN], capture_output=True, timeout=120)
    assert proc.returncode == 0, f"exit {proc.returncode}: {proc.stderr.decode()[-300:]}"
    assert proc.stdout.decode().strip() == "200000"
