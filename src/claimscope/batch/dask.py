"""The same batch on a Dask distributed cluster (``--dask ADDRESS`` or ``--dask local``).

A worker plugin builds the pipeline once per Dask worker; documents go out in chunks and their
outcomes come back here, to the one writer (report files or the store), so a result is written
once whatever happens to the workers. A worker that dies mid-chunk (killed, out of memory) loses
nothing: Dask runs the chunk again elsewhere, and a chunk that keeps killing workers is split into
single documents, so only the document that does it is reported (E091). Dask is an optional extra:
``pip install claimscope[dask]``.
"""
from __future__ import annotations

from collections import deque
from typing import Iterable, Iterator

from ..errors import ClaimscopeError
from ..ingest import Item
from .supervisor import Outcome
from .worker import WorkerSpec, analyze_one

try:
    from distributed import WorkerPlugin
except ImportError:  # the optional extra is missing: DaskRunner says so
    WorkerPlugin = object

PLUGIN_NAME = "claimscope-pipeline"
CHUNK = 4  # documents per task: enough to amortise scheduling, small enough to rerun cheaply


class PipelinePlugin(WorkerPlugin):
    """Loads the pipeline once per Dask worker."""

    name = PLUGIN_NAME

    def __init__(self, spec: WorkerSpec):
        self.spec = spec
        self.pipeline = None

    def setup(self, worker) -> None:
        from ..matching.encoder import use_threads
        from ..pipeline import Pipeline
        use_threads(1)
        spec = self.spec
        self.pipeline = Pipeline(list(spec.names) if spec.names else None, model=spec.model, config=spec.config,
                                 languages=spec.languages)
        self.pipeline.nlp  # load the models now, not in the first task

    def teardown(self, worker) -> None:
        if self.pipeline is not None:
            self.pipeline.close()


def analyze_chunk(chunk: list[tuple[int, object]], spec: WorkerSpec) -> list[tuple]:
    """Run on a Dask worker: (seq, Document) pairs in, (seq, status, ...) answers out."""
    from distributed import get_worker

    plugin = get_worker().plugins[PLUGIN_NAME]
    from ..report import Report
    return [(seq, *analyze_one(plugin.pipeline, Report, document, spec)) for seq, document in chunk]


class DaskRunner:
    """``run(items)`` like ``Supervisor.run``, on a Dask cluster."""

    def __init__(self, spec: WorkerSpec, address: str, jobs: int = 2):
        if WorkerPlugin is object:
            raise ClaimscopeError("E097", reason="Dask is not installed (pip install 'claimscope[dask]')")
        from distributed import Client, LocalCluster
        self.spec = spec
        self.cluster = None
        try:
            if address == "local":
                self.cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
                                            dashboard_address=None)
                self.client = Client(self.cluster)
            else:
                self.client = Client(address, timeout=10)
            self.client.register_plugin(PipelinePlugin(spec), name=PLUGIN_NAME)
        except (OSError, TimeoutError, ValueError) as err:
            self.close()
            raise ClaimscopeError("E097", reason=f"cannot reach the Dask scheduler {address!r} ({err})") from None

    def __enter__(self) -> "DaskRunner":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None

    def run(self, items: Iterable[Item]) -> Iterator[Outcome]:
        from distributed import as_completed

        by_seq: dict[int, Item] = {}
        futures = as_completed()
        in_flight = 0
        limit = 4 * max(1, len(self.client.scheduler_info().get("workers", {})) or 1)  # keep memory bounded
        chunk: list[tuple[int, object]] = []
        queue: deque[list[tuple[int, object]]] = deque()
        source = iter(enumerate(items))
        exhausted = False
        while True:
            while not exhausted and len(queue) + in_flight < limit:
                try:
                    seq, item = next(source)
                except StopIteration:
                    exhausted = True
                    if chunk:
                        queue.append(chunk)
                        chunk = []
                    break
                if item.document is None:
                    yield Outcome(seq, item, error=item.error)
                    continue
                by_seq[seq] = item
                chunk.append((seq, item.document))
                if len(chunk) == CHUNK:
                    queue.append(chunk)
                    chunk = []
            while queue:
                work = queue.popleft()
                future = self.client.submit(analyze_chunk, work, self.spec, pure=False, retries=1)
                future.work = work  # what to split if it keeps killing workers
                futures.add(future)
                in_flight += 1
            if in_flight == 0 and exhausted:
                return
            future = next(futures)
            in_flight -= 1
            yield from self._outcomes(future, by_seq, queue)

    def _outcomes(self, future, by_seq: dict[int, Item], queue: deque) -> Iterator[Outcome]:
        try:
            answers = future.result()
        except Exception as err:  # noqa: BLE001 - a lost worker (KilledWorker) or a failed task
            work = future.work
            if len(work) > 1:  # find the document that does it: run each alone
                queue.extend([[pair] for pair in work])
                return
            seq, _ = work[0]
            item = by_seq.pop(seq)
            how = type(err).__name__
            yield Outcome(seq, item, error=ClaimscopeError("E091", how=f"the Dask worker was lost: {how}").at(item.name))
            return
        for seq, status, *rest in answers:
            item = by_seq.pop(seq)
            if status == "ok":
                yield Outcome(seq, item, rendered=rest[0], report=rest[1], vectors=rest[2])
            else:
                yield Outcome(seq, item, error=ClaimscopeError.rebuilt(rest[0], rest[1], item.name))
