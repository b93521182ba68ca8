"""A test plugin whose analyzer misbehaves on purpose when a document asks it to: the worker
process must lose that document only. Loaded with CLAIMSCOPE_PLUGINS=poison_plugin."""
import os
import signal
import time

from claimscope.pipeline import analyzer


@analyzer("poison", description="misbehaves on documents that ask for it (tests only)")
def poison(document, config):
    text = document.text
    if "POISON-SEGV" in text:
        os.kill(os.getpid(), signal.SIGSEGV)
    if "POISON-HANG" in text:
        time.sleep(3600)
    if "POISON-MEMORY" in text:
        hog = [bytes(64 << 20) + b"x" for _ in range(40)]  # 2.5 GB, every page written
        time.sleep(60 + len(hog))
    marker = os.environ.get("CLAIMSCOPE_TEST_DIE_ONCE")
    if "POISON-ONCE" in text and marker and not os.path.exists(marker):
        open(marker, "w").close()  # the next run of this document goes through
        os.kill(os.getpid(), signal.SIGKILL)  # a worker killed mid-run, once
    if "POISON-RAISE" in text:
        raise RuntimeError("a bug in an analyzer")
