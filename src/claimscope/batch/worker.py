"""The worker process: loads the pipeline once, then analyzes the documents it is sent.

Whatever a document does to this process (an exception, a segfault in a C extension, a runaway
allocation, an endless loop), the supervisor in the parent sees it and loses only that document.
"""
from __future__ import annotations

import os
import signal
import traceback
from dataclasses import dataclass, field

from ..errors import ClaimscopeError


@dataclass(frozen=True)
class WorkerSpec:
    """What a worker needs to build its pipeline; plain data, so it crosses process boundaries."""

    names: tuple[str, ...] | None = None
    model: str | None = None
    config: dict = field(default_factory=dict)
    fmt: str | None = "json"  # render each report in this format in the worker (None: dict only)
    want_dict: bool = False  # send the report as a dict as well (for the terminal view, a store)
    languages: tuple[str, ...] | None = ("en",)  # documents confidently in another language are refused
    claim_vectors: bool = False  # embed each claim (for a store's claim matching)


def serve(conn, spec: WorkerSpec) -> None:
    """Entry point of a worker process: answer each (seq, Document) with (seq, outcome...)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        from ..matching.encoder import use_threads
        from ..pipeline import Pipeline
        from ..report import Report

        use_threads(1)  # one worker per core: more threads per worker would only fight over the cores
        pipeline = Pipeline(list(spec.names) if spec.names else None, model=spec.model, config=spec.config,
                            languages=spec.languages)
        pipeline.nlp  # load the models now, before any document's time starts
    except ClaimscopeError as err:
        conn.send(("fatal", err.code, err.detail))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        seq, document = message
        answer = (seq, *analyze_one(pipeline, Report, document, spec))
        try:
            conn.send(answer)
        except (BrokenPipeError, OSError):
            return  # the parent is gone (killed, or stopped the batch): nothing to answer to


def analyze_one(pipeline, report_cls, document, spec: WorkerSpec) -> tuple:
    """One document through the pipeline: ("ok", rendered, report dict, claim vectors) or ("error", code, text)."""
    try:
        analyzed = pipeline(document)
        report = report_cls.from_document(analyzed, analyzers=pipeline.names)
        rendered = report.render(spec.fmt) if spec.fmt else None
        vectors = None
        if spec.claim_vectors:
            from ..matching.encoder import encoder
            vectors = encoder().encode([c.text for c in analyzed.claims])
        return "ok", rendered, report.to_dict() if spec.want_dict else None, vectors
    except ClaimscopeError as err:
        return "error", err.code, err.detail
    except RecursionError:
        return "error", "E094", ClaimscopeError("E094").detail
    except MemoryError:
        return "error", "E090", ClaimscopeError("E090", reason="out of memory").detail
    except Exception as err:  # noqa: BLE001 - one document's bug must not stop the batch
        where = traceback.extract_tb(err.__traceback__)[-1]
        reason = f"{type(err).__name__}: {err} (at {os.path.basename(where.filename)}:{where.lineno})"
        return "error", "E090", ClaimscopeError("E090", reason=reason).detail
