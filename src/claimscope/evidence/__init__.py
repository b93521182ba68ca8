"""The evidence map across a store's documents, and its JSON, Markdown and HTML views."""
from .map import build_map, cluster_of, similar_claims
from .render import render_map

__all__ = ["build_map", "cluster_of", "render_map", "similar_claims"]
