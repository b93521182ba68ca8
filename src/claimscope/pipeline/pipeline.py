"""The pipeline: the chosen analyzers, in dependency order, over one Document and one spaCy parse.

One ``Pipeline`` may be called from several threads at once (a web server's workers): it keeps no
per-document state, the models it shares are loaded once under a lock and only read, and each
pipeline has its own pool for the text-only work that runs beside the parse.
"""
from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from ..document import LAYERS, Document
from ..errors import ClaimscopeError
from .nlp import PARSE_CHUNK, parse
from .registry import ANALYZERS, resolve


@dataclass
class Pipeline:
    names: list[str] | None = None
    model: str | None = None
    config: dict[str, dict] = field(default_factory=dict)
    prefetch: bool = True  # False: every analyzer after the parse (for comparison and debugging)
    prefetch_workers: int = 1  # threads for text-only work; one keeps the other core for spaCy
    # the languages analyzed; a document confidently in another is refused (None: every document)
    languages: tuple[str, ...] | None = ("en",)
    _pool: ThreadPoolExecutor | None = field(default=None, init=False, repr=False)
    _pool_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    # seconds spent per stage since the pipeline was made ("parse", each analyzer, and each analyzer's
    # text-only part that runs beside the parse): where the time goes, for the benchmarks
    timings: dict[str, float] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.names = resolve(self.names)

    @property
    def nlp(self):
        from . import nlp
        return nlp.load(self.model)

    def _config(self, name: str) -> dict:
        return {"nlp": self.nlp, **self.config.get(name, {})}

    def _background(self) -> ThreadPoolExecutor:
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self.prefetch_workers,
                                                thread_name_prefix="claimscope-prefetch")
            return self._pool

    def close(self) -> None:
        """Stop the background pool (a pipeline that is used again starts a new one)."""
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> "Pipeline":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start_prefetch(self, document: Document) -> dict[str, Future]:
        if not self.prefetch:
            return {}
        return {name: self._background().submit(self._timed, f"{name} (beside the parse)", ANALYZERS[name].prefetch,
                                                document.text, self._config(name))
                for name in self.names if ANALYZERS[name].prefetch is not None}

    def _timed(self, stage: str, func, *args):
        start = time.perf_counter()
        try:
            return func(*args)
        finally:
            spent = time.perf_counter() - start
            with self._pool_lock:
                self.timings[stage] = self.timings.get(stage, 0.0) + spent

    def check_language(self, document: Document) -> None:
        """Refuse a document confidently in a language the models were not made for."""
        if not self.languages:
            return
        from ..ingest import language

        if "language" not in document.metadata:  # built directly, not through ingest
            document.metadata.update(language.describe(document.text))
        if language.confidently_not(document.text, document.metadata, self.languages):
            raise ClaimscopeError("E032", language=document.metadata["language"],
                                  confidence=document.metadata["language_confidence"])

    def __call__(self, document: Document, prefetched: dict[str, Future] | None = None) -> Document:
        self._timed("language", self.check_language, document)
        early = self._start_prefetch(document) if prefetched is None else dict(prefetched)
        try:
            if document.spacy_doc is None:
                document.spacy_doc = self._timed("parse", parse, self.nlp, document.text)
            for name in self.names:
                config = self._config(name)
                if name in early:
                    config["prefetched"] = self._timed(f"{name} (waiting)", early.pop(name).result)
                self._timed(name, _run_checked, ANALYZERS[name], document, config)
        finally:
            for future in early.values():  # an analyzer failed: do not leave work running
                future.cancel()
        return document

    def pipe(self, documents, batch_size: int = 8):
        """Analyze many documents, letting spaCy batch the parsing."""
        documents = list(documents)
        early = [self._start_prefetch(d) for d in documents]
        pending = [d for d in documents if d.spacy_doc is None and len(d.text) <= PARSE_CHUNK]
        start = time.perf_counter()
        for doc, parsed in zip(pending, self.nlp.pipe((d.text for d in pending), batch_size=batch_size)):
            doc.spacy_doc = parsed  # long texts are parsed in pieces when their turn comes
        with self._pool_lock:
            self.timings["parse"] = self.timings.get("parse", 0.0) + time.perf_counter() - start
        for doc, futures in zip(documents, early):
            yield self(doc, prefetched=futures)


def _run_checked(info, document: Document, config: dict) -> None:
    """Run one analyzer and hold it to its declaration: a layer it does not assign must come out
    as it went in (the same list object, as long), so a forgotten ``assigns`` is caught at once."""
    before = {layer: (id(getattr(document, layer)), len(getattr(document, layer))) for layer in LAYERS
              if layer not in info.assigns}
    info.func(document, config)
    for layer, seen in before.items():
        if (id(getattr(document, layer)), len(getattr(document, layer))) != seen:
            raise ClaimscopeError("E052", name=info.name, layer=layer)
