"""One bad document never stops a batch: exceptions, crashes, endless loops and runaway memory in
the analysis each cost one document, reported in one line with a code (tests/plugins/poison_plugin.py)."""
import os
from pathlib import Path

from conftest import run_cli

PLUGINS = Path(__file__).resolve().parent / "plugins"
GOOD = "Harbour vote\n\nThe mayor said the vote would wait until June.\n"


def _run(*args, timeout=240):
    env = {"CLAIMSCOPE_PLUGINS": "poison_plugin",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(PLUGINS), os.environ.get("PYTHONPATH")]))}
    return run_cli(*args, env=env, timeout=timeout)


def test_a_poisoned_batch_finishes_the_others(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, body in [("a_good", GOOD), ("b_segv", "POISON-SEGV\n\nIt crashes the worker.\n"),
                       ("c_raise", "POISON-RAISE\n\nIt raises.\n"), ("d_hang", "POISON-HANG\n\nIt never ends.\n"),
                       ("e_memory", "POISON-MEMORY\n\nIt eats memory.\n"), ("f_good", GOOD.replace("June", "July"))]:
        (folder / f"{name}.txt").write_text(body, encoding="utf-8")
    out = tmp_path / "out"
    proc = _run("analyze", str(folder), "--only", "entities,poison", "--format", "json", "--output-dir", str(out),
                "--doc-timeout", "8", "--max-memory", "1500")
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err, err
    assert sorted(p.name for p in out.iterdir()) == ["a_good.json", "f_good.json"]
    lines = [ln for ln in err.splitlines() if ln.startswith("error:")]
    by_file = {name: next((ln for ln in lines if f"{name}.txt" in ln), "") for name in ("b_segv", "c_raise", "d_hang", "e_memory")}
    assert "crashed (signal 11)" in by_file["b_segv"] and "[E091]" in by_file["b_segv"]
    assert "RuntimeError: a bug in an analyzer" in by_file["c_raise"] and "[E090]" in by_file["c_raise"]
    assert "longer than 8 s" in by_file["d_hang"] and "[E092]" in by_file["d_hang"]
    assert "over the ceiling of 1,500 MB" in by_file["e_memory"] and "[E093]" in by_file["e_memory"]
    assert "2 analyzed, 0 already done, 4 failed" in err


def test_workers_start_only_for_documents_waiting():
    """One document loads one pipeline, whatever --jobs says; a batch starts them all."""
    from claimscope import ingest
    from claimscope.batch import Supervisor, WorkerSpec
    from claimscope.ingest import Item

    spec = WorkerSpec(names=("entities",), fmt="json")
    one = [Item("one", document=ingest.from_text(GOOD, doc_id="one"))]
    with Supervisor(spec, jobs=3) as supervisor:
        outcomes = list(supervisor.run(one))
        assert [o.error for o in outcomes] == [None] and len(supervisor._workers) == 1
    many = [Item(f"d{n}", document=ingest.from_text(GOOD, doc_id=f"d{n}")) for n in range(6)]
    with Supervisor(spec, jobs=3) as supervisor:
        assert len(list(supervisor.run(many))) == 6 and len(supervisor._workers) == 3
