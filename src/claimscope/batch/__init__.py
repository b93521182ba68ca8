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


__all__ = ["DEFAULT_DOC_TIMEOUT", "DEFAULT_MAX_MEMORY_MB", "Outcome", "Supervisor", "WorkerSpec", "default_jobs"]
