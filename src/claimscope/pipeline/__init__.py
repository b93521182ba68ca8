"""Composing analyzers: the registry (``@analyzer``, requires/assigns, plugins by entry point),
the ``Pipeline`` that runs them over one Document and one spaCy parse, and the spaCy loader."""
from .pipeline import Pipeline
from .registry import ANALYZERS, AnalyzerInfo, analyzer, available, resolve

__all__ = ["ANALYZERS", "AnalyzerInfo", "Pipeline", "analyzer", "available", "resolve"]
