"""Run one measurement in a fresh process, so that its time and peak memory are its own."""
from __future__ import annotations

import multiprocessing as mp


def in_child(target, *args):
    """Call ``target(*args, queue)`` in a spawned process and return what it puts on the queue."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result
