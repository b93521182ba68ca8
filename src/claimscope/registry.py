"""Analyzer registry and pipeline.

Analyzers are small functions registered by name (as spaCy's factories are);
``Pipeline`` composes the chosen ones in dependency order over one shared
``Document`` and one shared spaCy ``Doc``.
"""
from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

from .document import Document
from .errors import ClaimscopeError


@dataclass
class AnalyzerInfo:
    name: str
    func: Callable[[Document, dict], None]
    requires: tuple[str, ...] = ()
    description: str = ""
    # work that needs only the text, started in a background thread before spaCy parses the
    # document; its result reaches the analyzer as config["prefetched"]
    prefetch: Callable[[str, dict], Any] | None = None


ANALYZERS: dict[str, AnalyzerInfo] = {}
DEFAULT_ORDER = ["entities", "attributions", "sourcing", "techniques", "claims", "relations"]


def analyzer(name: str, requires: tuple[str, ...] = (), description: str = "",
             prefetch: Callable[[str, dict], Any] | None = None):
    """Register ``func(document, config)`` under ``name``; ``prefetch(text, config)``, if given,
    runs beside spaCy's parse (a model that releases the GIL, such as ONNX Runtime, overlaps it)."""
    def wrap(func):
        ANALYZERS[name] = AnalyzerInfo(name, func, tuple(requires), description, prefetch)
        return func
    return wrap


_BACKGROUND: ThreadPoolExecutor | None = None


def _background() -> ThreadPoolExecutor:
    global _BACKGROUND
    if _BACKGROUND is None:
        _BACKGROUND = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimscope-prefetch")
    return _BACKGROUND


def _load_builtin() -> None:
    # Importing the modules runs their @analyzer decorators.
    from .analyzers import entities, sourcing  # noqa: F401
    _load_plugins()
    for optional in ("attributions", "techniques", "claims", "relations"):
        try:
            __import__(f"claimscope.analyzers.{optional}")
        except ModuleNotFoundError as err:
            if err.name != f"claimscope.analyzers.{optional}":
                raise


_PLUGINS_LOADED = False


def _load_plugins() -> None:
    """Third-party analyzers: packages that declare an entry point in the group
    ``claimscope.analyzers`` and register themselves with ``@analyzer`` on import."""
    global _PLUGINS_LOADED
    if _PLUGINS_LOADED:
        return
    _PLUGINS_LOADED = True
    from importlib.metadata import entry_points

    for entry in entry_points(group="claimscope.analyzers"):
        entry.load()


def available() -> list[str]:
    _load_builtin()
    order = [n for n in DEFAULT_ORDER if n in ANALYZERS]
    return order + sorted(n for n in ANALYZERS if n not in order)


def resolve(names: list[str] | None) -> list[str]:
    """Validate names and add what they require, in a dependency-respecting order."""
    all_names = available()
    wanted = list(names) if names else all_names
    for name in wanted:
        if name not in ANALYZERS:
            raise ClaimscopeError("E050", name=name, available=", ".join(all_names))
    chosen: list[str] = []

    def add(name: str) -> None:
        if name in chosen:
            return
        for dep in ANALYZERS[name].requires:
            add(dep)
        chosen.append(name)

    for name in sorted(wanted, key=all_names.index):
        add(name)
    return chosen


@dataclass
class Pipeline:
    names: list[str] | None = None
    model: str | None = None
    config: dict[str, dict] = field(default_factory=dict)
    prefetch: bool = True  # False: every analyzer after the parse (for comparison and debugging)

    def __post_init__(self) -> None:
        self.names = resolve(self.names)

    @property
    def nlp(self):
        from . import nlp
        return nlp.load(self.model)

    def _config(self, name: str) -> dict:
        return {"nlp": self.nlp, **self.config.get(name, {})}

    def _start_prefetch(self, document: Document) -> dict[str, Future]:
        if not self.prefetch:
            return {}
        return {name: _background().submit(ANALYZERS[name].prefetch, document.text, self._config(name))
                for name in self.names if ANALYZERS[name].prefetch is not None}

    def __call__(self, document: Document, prefetched: dict[str, Future] | None = None) -> Document:
        early = self._start_prefetch(document) if prefetched is None else prefetched
        try:
            if document.spacy_doc is None:
                document.spacy_doc = self.nlp(document.text)
            for name in self.names:
                config = self._config(name)
                if name in early:
                    config["prefetched"] = early.pop(name).result()
                ANALYZERS[name].func(document, config)
        finally:
            for future in early.values():  # an analyzer failed: do not leave work running
                future.cancel()
        return document

    def pipe(self, documents, batch_size: int = 8):
        """Analyze many documents, letting spaCy batch the parsing."""
        documents = list(documents)
        early = [self._start_prefetch(d) for d in documents]
        texts = (d.text for d in documents if d.spacy_doc is None)
        pending = [d for d in documents if d.spacy_doc is None]
        for doc, parsed in zip(pending, self.nlp.pipe(texts, batch_size=batch_size)):
            doc.spacy_doc = parsed
        for doc, futures in zip(documents, early):
            yield self(doc, prefetched=futures)
