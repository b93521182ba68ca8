import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE = ROOT / "examples" / "veltria.txt"


@pytest.fixture(scope="session")
def pipeline():
    from claimscope.pipeline import Pipeline
    only = os.environ.get("CLAIMSCOPE_TEST_ANALYZERS")  # lets a developer skip a model being retrained
    return Pipeline(only.split(",") if only else None)


@pytest.fixture(scope="session")
def analyze_text(pipeline):
    from claimscope import ingest
    from claimscope.report import Report

    def run(text: str, doc_id: str = "t"):
        doc = pipeline(ingest.from_text(text, doc_id=doc_id))
        return doc, Report.from_document(doc, analyzers=pipeline.names)
    return run


def run_cli(*args, stdin: bytes | None = None, timeout: int = 300, env: dict | None = None):
    """Drive the real console script in a subprocess."""
    exe = Path(sys.executable).parent / "claimscope"
    cmd = [str(exe), *args] if exe.exists() else [sys.executable, "-m", "claimscope", *args]
    return subprocess.run(cmd, input=stdin, capture_output=True, timeout=timeout,
                          env={**os.environ, "COLUMNS": "120", **(env or {})})


@pytest.fixture(scope="session")
def web_store(tmp_path_factory):
    """A store made by the real `corpus add` from texts written for the tests (hostile ones included)."""
    from webserver import make_store
    return make_store(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="session")
def web(web_store, tmp_path_factory):
    """The real `claimscope serve` over a copy of that store, with a write token; stopped at the end."""
    from webserver import serve_copy
    yield from serve_copy(web_store, tmp_path_factory.mktemp("served"))


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's chromium + chromedriver) for the browser tests."""
    import shutil

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not (chromium and driver_path):
        if os.environ.get("CI"):
            raise RuntimeError("CI needs Debian's chromium and chromium-driver (scripts/setup --test installs them)")
        pytest.skip("chromium/chromedriver not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1400,1000"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=opts)
    yield driver
    driver.quit()
