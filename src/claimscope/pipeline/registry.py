"""The analyzer registry: analyzers are functions registered by name, as spaCy's factories are.

Each analyzer declares the layers it reads (``requires``) and the layers it writes (``assigns``);
``resolve`` adds what a selection needs and orders it, and the pipeline checks at run time that an
analyzer changed no layer it did not declare.

This module imports no analyzer. The built-in ones are declared, like third-party plugins, as
entry points of the group ``claimscope.analyzers`` (in ``pyproject.toml``); loading an entry point
imports its module, whose ``@analyzer`` decorators register it.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any, Callable

from ..document import LAYERS, Document
from ..errors import ClaimscopeError

ENTRY_POINT_GROUP = "claimscope.analyzers"
PLUGINS_VARIABLE = "CLAIMSCOPE_PLUGINS"
# the order the built-in analyzers are listed and run in when their needs allow any order
DEFAULT_ORDER = ["entities", "attributions", "sourcing", "claims", "techniques", "relations"]


@dataclass(frozen=True)
class AnalyzerInfo:
    name: str
    func: Callable[[Document, dict], None]
    requires: tuple[str, ...] = ()  # layers read: entities, attributions, claims, techniques, relations, signals
    assigns: tuple[str, ...] = ()  # layers written
    description: str = ""
    # work that needs only the text, started in a background thread before spaCy parses the
    # document; its result reaches the analyzer as config["prefetched"]
    prefetch: Callable[[str, dict], Any] | None = None


ANALYZERS: dict[str, AnalyzerInfo] = {}


def analyzer(name: str, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = (), description: str = "",
             prefetch: Callable[[str, dict], Any] | None = None):
    """Register ``func(document, config)`` under ``name``. ``requires`` and ``assigns`` name layers of
    the document (``claimscope.document.LAYERS``). ``prefetch(text, config)``, if given, runs beside
    spaCy's parse (a model that releases the GIL, such as ONNX Runtime, overlaps it)."""
    for layer in (*requires, *assigns):
        if layer not in LAYERS:
            raise ClaimscopeError("E053", name=name, layer=layer, layers=", ".join(LAYERS))

    def wrap(func):
        ANALYZERS[name] = AnalyzerInfo(name, func, tuple(requires), tuple(assigns), description, prefetch)
        return func
    return wrap


_LOAD_LOCK = threading.Lock()
_LOADED = False


def load_entry_points() -> None:
    """Import every module declared in the entry-point group, built-in and third-party alike, and
    the modules named in ``CLAIMSCOPE_PLUGINS`` (comma-separated, importable): a plugin that is not
    installed as a package, which worker processes load too since they inherit the environment."""
    global _LOADED
    with _LOAD_LOCK:
        if _LOADED:
            return
        from importlib import import_module
        from importlib.metadata import entry_points

        for entry in entry_points(group=ENTRY_POINT_GROUP):
            entry.load()
        for module in filter(None, (m.strip() for m in os.environ.get(PLUGINS_VARIABLE, "").split(","))):
            try:
                import_module(module)
            except ImportError as err:
                raise ClaimscopeError("E055", module=module, variable=PLUGINS_VARIABLE, reason=str(err)) from None
        _LOADED = True


def available() -> list[str]:
    load_entry_points()
    order = [n for n in DEFAULT_ORDER if n in ANALYZERS]
    return order + sorted(n for n in ANALYZERS if n not in order)


def providers(layer: str) -> list[str]:
    """The analyzers that write a layer, in the default order."""
    return [n for n in available() if layer in ANALYZERS[n].assigns]


def resolve(names: list[str] | None) -> list[str]:
    """Validate names and add the analyzers whose layers they read, in a dependency-respecting order."""
    all_names = available()
    wanted = list(names) if names else all_names
    for name in wanted:
        if name not in ANALYZERS:
            raise ClaimscopeError("E050", name=name, available=", ".join(all_names))
    chosen: list[str] = []
    visiting: set[str] = set()

    def add(name: str) -> None:
        if name in chosen:
            return
        if name in visiting:
            raise ClaimscopeError("E054", name=name)
        visiting.add(name)
        for layer in ANALYZERS[name].requires:
            found = providers(layer)
            if not found:
                raise ClaimscopeError("E051", name=name, needs=layer)
            for dep in found:
                if dep != name:
                    add(dep)
        visiting.discard(name)
        chosen.append(name)

    for name in sorted(wanted, key=all_names.index):
        add(name)
    return chosen
