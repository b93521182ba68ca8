"""Batch runs: documents analyzed in worker processes that load the pipeline once, each document
isolated (a crash, a time-out or a runaway allocation costs that document only)."""
import os

from .supervisor import DEFAULT_DOC_TIMEOUT, DEFAULT_MAX_MEMORY_MB, Outcome, Supervisor
from .worker import WorkerSpec


def default_jobs() -> int:
    """One worker per core this process may run on (a container's CPU set, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def runner(spec: WorkerSpec, jobs: int | None = None, dask: str | None = None, **limits):
    """Where a batch runs: local worker processes (``Supervisor``), or a Dask cluster when ``dask``
    names a scheduler address or "local". Both give ``run(items)`` -> outcomes."""
    if dask:
        from .dask import DaskRunner
        return DaskRunner(spec, dask, jobs=jobs or default_jobs())
    return Supervisor(spec, jobs=jobs or default_jobs(), **limits)


__all__ = ["runner", "DEFAULT_DOC_TIMEOUT", "DEFAULT_MAX_MEMORY_MB", "Outcome", "Supervisor", "WorkerSpec", "default_jobs"]
