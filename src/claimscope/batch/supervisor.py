"""Run documents through worker processes and keep each failure to its own document.

The supervisor gives each worker one document at a time and watches it: a worker that dies
(segfault, the kernel's OOM killer), runs past the per-document time budget, or grows past the
memory ceiling is killed and replaced, and that document becomes a one-line error with a code.
The parent process never runs analysis code, so nothing a document does can take it down.
"""
from __future__ import annotations

import multiprocessing
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Iterable, Iterator

from ..errors import ClaimscopeError
from ..ingest import Item
from .worker import WorkerSpec, serve

DEFAULT_DOC_TIMEOUT = 120.0
DEFAULT_MAX_MEMORY_MB = 4096
_POLL = 0.1  # seconds between checks of time and memory
_START_TIMEOUT = 300.0  # loading the models; a worker that takes longer is stuck


@dataclass
class Outcome:
    """What became of one input: a report (rendered and/or as a dict), or an error."""

    seq: int
    item: Item
    rendered: str | None = None
    report: dict | None = None
    error: ClaimscopeError | None = None
    vectors: object = None  # the claims' embeddings (numpy), when the spec asks for them


class _Worker:
    def __init__(self, ctx, spec: WorkerSpec):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=serve, args=(child, spec), daemon=True, name="claimscope-worker")
        self.process.start()
        child.close()
        self.ready = False
        self.task: tuple[int, Item] | None = None
        self.started = time.monotonic()

    def send(self, seq: int, item: Item) -> None:
        self.task = (seq, item)
        self.started = time.monotonic()
        self.conn.send((seq, item.document))

    def rss_mb(self) -> float:
        """Resident memory of the worker, from /proc (0 where there is none)."""
        try:
            with open(f"/proc/{self.process.pid}/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except (OSError, ValueError):
            pass
        return 0.0

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)
        self.conn.close()


class Supervisor:
    """``jobs`` worker processes, each loading the pipeline once; documents in, outcomes out."""

    def __init__(self, spec: WorkerSpec, jobs: int = 1, doc_timeout: float = DEFAULT_DOC_TIMEOUT,
                 max_memory_mb: float = DEFAULT_MAX_MEMORY_MB):
        self.spec, self.jobs = spec, max(1, jobs)
        self.doc_timeout, self.max_memory_mb = doc_timeout, max_memory_mb
        self._ctx = multiprocessing.get_context("spawn")  # a fresh interpreter: no threads or locks inherited
        self._workers: list[_Worker] = []

    def __enter__(self) -> "Supervisor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for worker in self._workers:
            worker.stop(kill=worker.task is not None)
        self._workers = []

    def run(self, items: Iterable[Item]) -> Iterator[Outcome]:
        """Outcomes in the order they finish; inputs that are errors or skipped pass straight through.

        Workers start as documents wait for them, up to ``jobs``: one document never loads a second
        pipeline, and a batch starts all of its workers at once."""
        pending = enumerate(items)
        waiting: deque[tuple[int, Item]] = deque()
        exhausted = False
        while True:
            while not exhausted and len(waiting) < self.jobs:
                try:
                    seq, item = next(pending)
                except StopIteration:
                    exhausted = True
                    break
                if item.document is None:
                    yield Outcome(seq, item, error=item.error)
                else:
                    waiting.append((seq, item))
            self._start_for(len(waiting))
            for worker in self._workers:
                if waiting and worker.ready and worker.task is None:
                    worker.send(*waiting.popleft())
            busy = [w for w in self._workers if w.task is not None]
            if exhausted and not waiting and not busy:
                return
            yield from self._collect()

    def _start_for(self, waiting: int) -> None:
        """Start workers for the documents that no ready or loading worker will take."""
        free = sum(1 for w in self._workers if w.task is None)
        while len(self._workers) < self.jobs and free < waiting:
            self._workers.append(_Worker(self._ctx, self.spec))
            free += 1

    def _collect(self) -> Iterator[Outcome]:
        """Wait a moment for answers, deaths, timeouts and memory, and turn each into outcomes."""
        by_handle = {}
        for w in self._workers:
            by_handle[w.conn] = w
            by_handle[w.process.sentinel] = w
        for handle in wait(list(by_handle), timeout=_POLL):
            worker = by_handle[handle]
            if worker not in self._workers:
                continue  # already replaced in this round
            if handle is worker.conn and worker.conn.poll():
                try:
                    message = worker.conn.recv()
                except (EOFError, OSError):
                    message = None
                if message is not None:
                    outcome = self._answer(worker, message)
                    if outcome is not None:
                        yield outcome
                    continue
            if not worker.process.is_alive():
                yield from self._replace(worker, self._death(worker))
        now = time.monotonic()
        for worker in list(self._workers):
            if worker.task is not None and now - worker.started > self.doc_timeout:
                yield from self._replace(worker, ClaimscopeError("E092", timeout=self.doc_timeout))
            elif worker.task is not None and (rss := worker.rss_mb()) > self.max_memory_mb:
                yield from self._replace(worker, ClaimscopeError("E093", rss=rss, limit=self.max_memory_mb))
            elif not worker.ready and now - worker.started > _START_TIMEOUT:
                raise ClaimscopeError("E095", reason=f"no answer in {_START_TIMEOUT:g} s")

    def _answer(self, worker: _Worker, message: tuple) -> Outcome | None:
        if message[0] == "ready":
            worker.ready = True
            return None
        if message[0] == "fatal":  # a setup error in the worker (a missing model): the run cannot go on
            self.close()
            raise ClaimscopeError.rebuilt(message[1], message[2])
        seq, status, *rest = message
        _, item = worker.task
        worker.task = None
        if status == "ok":
            return Outcome(seq, item, rendered=rest[0], report=rest[1], vectors=rest[2])
        return Outcome(seq, item, error=ClaimscopeError.rebuilt(rest[0], rest[1], item.name))

    def _death(self, worker: _Worker) -> ClaimscopeError:
        code = worker.process.exitcode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        if not worker.ready:
            self.close()
            raise ClaimscopeError("E095", reason=f"the worker process ended while loading ({how})")
        return ClaimscopeError("E091", how=how)

    def _replace(self, worker: _Worker, error: ClaimscopeError) -> Iterator[Outcome]:
        """Give up on a worker's document, end the worker; the next round starts a new one."""
        task = worker.task
        worker.stop(kill=True)
        self._workers.remove(worker)
        if task is not None:
            seq, item = task
            yield Outcome(seq, item, error=error.at(item.name))
