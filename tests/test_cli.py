import json

import pytest

from conftest import EXAMPLE, FIXTURES, run_cli


def _one_line_error(proc, needle):
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert lines and needle in lines[0], err
    return lines


def test_version_and_help():
    assert run_cli("--version").stdout.decode().startswith("claimscope, version")
    assert "analyze" in run_cli("--help").stdout.decode()


def test_analyze_json_offsets_slice_the_input():
    proc = run_cli("analyze", str(EXAMPLE), "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    data = json.loads(proc.stdout)
    source = open(EXAMPLE, encoding="utf-8").read()
    assert data["document"]["text"] == source
    for sig in data["signals"]:
        assert source[sig["start"]:sig["end"]] == sig["text"]
    for ent in data["entities"]:
        for m in ent["mentions"]:
            assert source[m["start"]:m["end"]] == m["text"]
    types = {s["type"] for s in data["signals"]}
    assert {"question_headline", "vague_source", "acronym_mismatch"} <= types


def test_only_selects_analyzers():
    proc = run_cli("analyze", str(EXAMPLE), "--format", "json", "--only", "entities")
    data = json.loads(proc.stdout)
    assert data["analyzers"] == ["entities"] and data["signals"] == []
    bad = run_cli("analyze", str(EXAMPLE), "--only", "nonsense")
    _one_line_error(bad, "unknown analyzer")


def test_stdin_and_formats():
    text = "Is it true?\n\nThe mayor said on Monday that the bridge was safe.\n".encode()
    proc = run_cli("analyze", "-", "--format", "md", stdin=text)
    assert proc.returncode == 0 and proc.stdout.decode().startswith("# Is it true?")


def test_html_output_file(tmp_path):
    out = tmp_path / "new" / "folder" / "r.html"  # parents are created
    proc = run_cli("analyze", str(EXAMPLE), "--format", "html", "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'class="hl' in html


@pytest.mark.parametrize("content, needle", [
    (b"", "empty"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary"),
    (b"ok \xc3\xa9 then \xff bad", "not valid UTF-8"),
])
def test_bad_files_exit_2_with_one_line(tmp_path, content, needle):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    lines = _one_line_error(run_cli("analyze", str(path)), needle)
    assert str(path) in lines[0]


def test_huge_file_is_refused(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    _one_line_error(run_cli("analyze", str(path)), "over the limit")


@pytest.mark.parametrize("url, needle", [
    ("http://127.0.0.1/", "loopback"), ("http://10.0.0.1/", "private"),
    ("http://no-such-host.invalid/", "cannot resolve"),
])
def test_refused_and_unreachable_urls(url, needle):
    _one_line_error(run_cli("analyze", url), needle)


def test_batch_goes_on_reports_and_resumes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("First story?\n\nThe mayor said the bridge was safe.\n", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"")
    (folder / "c.html").write_text((FIXTURES / "article.html").read_text(encoding="utf-8"), encoding="utf-8")
    jsonl = tmp_path / "more.jsonl"
    jsonl.write_text('{"id": "j1", "text": "A headline\\n\\nThe council said it would vote."}\n{oops\n',
                     encoding="utf-8")
    out = tmp_path / "out"
    proc = run_cli("analyze", str(folder), str(jsonl), "--format", "json", "--output-dir", str(out))
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "c.json", "j1.json"]
    assert "b.txt" in err and "line 2" in err
    assert "3 analyzed, 0 already done, 2 failed" in err
    again = run_cli("analyze", str(folder), str(jsonl), "--format", "json", "--output-dir", str(out))
    assert "0 analyzed, 3 already done, 2 failed" in again.stderr.decode()


def test_extract_and_schema():
    proc = run_cli("extract", str(FIXTURES / "article.html"))
    data = json.loads(proc.stdout)
    assert data["metadata"]["author"] == "Mira Okafor" and "manifests" in data["text"]
    schema = json.loads(run_cli("schema").stdout)
    assert schema["title"] == "claimscope report"


def test_min_confidence_filters_techniques():
    from claimscope.analyzers.techniques import shown_from

    def confidences(*extra):
        out = run_cli("analyze", str(EXAMPLE), "--format", "json", "--only", "techniques", *extra).stdout
        return sorted(t["confidence"] for t in json.loads(out)["techniques"])

    leads, shown, middle, high = (confidences("--min-confidence", "0"), confidences(),
                                  confidences("--min-confidence", "0.3"), confidences("--min-confidence", "0.99"))
    # the example has leads on both sides of 0.3: the filter keeps those above and drops those below
    assert leads[0] < 0.3 <= leads[-1] < 0.99
    assert middle == [c for c in leads if c >= 0.3]
    # by default only what the calibration says is right most of the time
    assert shown == [c for c in leads if c >= shown_from()] and len(shown) < len(leads)
    assert high == []


def test_python_api_checks_its_arguments():
    import claimscope

    for kwargs, needle in [(dict(text=5), "text= takes str or bytes"), (dict(url=b"http://x"), "url= takes str"),
                           (dict(text="a", html="b"), "exactly one of"), (dict(), "exactly one of"),
                           (dict(text="The mayor said so.", only=["entities", 3]), "not int"),
                           (dict(text="The mayor said so.", only=5), "only= takes")]:
        with pytest.raises(TypeError) as info:
            claimscope.analyze(**kwargs)
        assert needle in str(info.value)
    with pytest.raises(ValueError):
        claimscope.analyze(text="The mayor said so.", only=" , ")


def test_python_api_takes_bytes_and_one_name():
    import claimscope

    report = claimscope.analyze(text="Vote delayed\r\n\r\nThe mayor said the vote would wait.\r\n".encode("utf-8"),
                                only="sourcing")
    assert report.analyzers == ["entities", "attributions", "sourcing"]
    assert report.text == "Vote delayed\n\nThe mayor said the vote would wait.\n"


def test_a_whitespace_jsonl_record_does_not_stop_the_next(tmp_path):
    path = tmp_path / "b.jsonl"
    path.write_text('{"text":"   "}\n{"text":"The minister said the plan failed."}\n', encoding="utf-8")
    proc = run_cli("analyze", str(path), "--format", "json")
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "[E024]" in err and "internal error" not in err
    assert json.loads(proc.stdout)["document"]["text"] == "The minister said the plan failed."
    assert "1 analyzed, 0 already done, 1 failed" in err
