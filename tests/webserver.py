"""A real `claimscope serve` over a store made by the real `corpus add`, for the API and browser tests."""
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from test_corpus import ARTICLES

CLI = str(Path(sys.executable).parent / "claimscope")
TOKEN = "test-token-0123456789abcdef"

# a document that carries markup in every place a page shows text: the title, a claim, an actor's
# name, a quoted source. Stored as plain text, so the markup reaches the store verbatim.
HOSTILE = {
    "2024-03-12_hostile.txt": (
        "Veltria <script>window.pwned=1</script> armed the Red Hand militia\n\n"
        "Veltria supplied rifles <img src=x onerror=\"window.pwned=2\"> to the Red Hand militia in 2023, "
        "according to the <svg onload=\"window.pwned=3\">Kessa Herald</svg>. "
        "Mayor Ilse \"><b onmouseover=\"window.pwned=4\">Varga</b> said that Veltria had sent 1,200 crates "
        "of rifles to the militia. The militia paid Veltria <i onclick=\"window.pwned=7\">4 million euros</i> for the "
        "rifles in 2023. Read more at javascript:window.pwned=5 or <a href=\"javascript:window.pwned=6\">here</a>.\n"),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_store(folder: Path) -> str:
    articles = folder / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    for name, text in {**ARTICLES, **HOSTILE}.items():
        (articles / name).write_text(text, encoding="utf-8")
    db = str(folder / "web.db")
    done = subprocess.run([CLI, "corpus", "add", db, str(articles), "--jobs", "1"], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    return db


class Server:
    """`claimscope serve DB` on a free loopback port, stopped on exit."""

    def __init__(self, db: str, token: str | None = TOKEN):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k != "CLAIMSCOPE_TOKEN"}
        if token:
            env["CLAIMSCOPE_TOKEN"] = token
        self.process = subprocess.Popen([CLI, "serve", db, "--port", str(self.port)], env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("serve exited: " + self.process.stderr.read())
            try:
                if httpx.get(self.base + "/api/documents?limit=1", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("serve did not answer within 60 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def serve_copy(store: str, folder: Path):
    """A server over a copy of ``store`` in ``folder`` (a generator for a fixture: yields it, then stops it)."""
    import shutil

    db = folder / "web.db"
    shutil.copy(store, db)
    server = Server(str(db))
    yield server
    server.stop()
