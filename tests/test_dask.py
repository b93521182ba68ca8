"""Batches on a Dask LocalCluster: the same reports as local workers, and a worker killed mid-run
loses nothing and stores nothing twice."""
import json
import os
import sqlite3
from pathlib import Path

import pytest

from conftest import run_cli

pytest.importorskip("distributed")
PLUGINS = Path(__file__).resolve().parent / "plugins"
STORIES = {f"story-{n}": f"Harbour report {n}\n\nThe port authority of Kessa said on Monday that {100 + n} containers "
                         f"were inspected in week {n}.\n" for n in range(6)}


def _folder(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in STORIES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def test_dask_gives_the_reports_local_workers_give(tmp_path):
    folder = _folder(tmp_path)
    local = run_cli("analyze", str(folder), "--only", "entities,claims", "--format", "json", "--output-dir",
                    str(tmp_path / "local"), "--jobs", "2")
    dask = run_cli("analyze", str(folder), "--only", "entities,claims", "--format", "json", "--output-dir",
                   str(tmp_path / "dask"), "--dask", "local", "--jobs", "2", timeout=600)
    assert local.returncode == 0 and dask.returncode == 0, dask.stderr
    for name in STORIES:
        assert json.loads((tmp_path / "local" / f"{name}.json").read_text()) == \
            json.loads((tmp_path / "dask" / f"{name}.json").read_text())


def test_a_worker_killed_mid_run_loses_nothing_and_stores_nothing_twice(tmp_path):
    folder = _folder(tmp_path)
    (folder / "story-2.txt").write_text(STORIES["story-2"] + "POISON-ONCE\n", encoding="utf-8")
    marker = tmp_path / "died"
    env = {"CLAIMSCOPE_PLUGINS": "poison_plugin", "CLAIMSCOPE_TEST_DIE_ONCE": str(marker),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(PLUGINS), os.environ.get("PYTHONPATH")]))}
    db = tmp_path / "corpus.db"
    result = run_cli("corpus", "add", str(db), str(folder), "--only", "entities,claims,poison", "--dask", "local",
                     "--jobs", "2", env=env, timeout=600)
    err = result.stderr.decode()
    assert marker.exists()  # a worker did die
    assert result.returncode == 0 and "6 stored, 0 already in the store, 0 failed" in err, err
    with sqlite3.connect(db) as conn:
        ids = sorted(r[0] for r in conn.execute("SELECT id FROM documents"))
    assert ids == sorted(STORIES)


def test_an_unreachable_scheduler_is_one_clear_line(tmp_path):
    folder = _folder(tmp_path)
    result = run_cli("analyze", str(folder), "--dask", "tcp://127.0.0.1:9", "--format", "json", timeout=120)
    assert result.returncode == 2 and b"[E097]" in result.stderr and b"Traceback" not in result.stderr
