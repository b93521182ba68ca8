"""Batch runs: documents analyzed in worker processes that load the pipeline once, each document
isolated (a crash, a time-out or a runaway allocation costs that document only)."""
from .supervisor import DEFAULT_DOC_TIMEOUT, DEFAULT_MAX_MEMORY_MB, Outcome, Supervisor
from .worker import WorkerSpec

__all__ = ["DEFAULT_DOC_TIMEOUT", "DEFAULT_MAX_MEMORY_MB", "Outcome", "Supervisor", "WorkerSpec"]
