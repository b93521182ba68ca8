"""Load-once caches that threads can share.

``functools.lru_cache`` is safe to call from several threads, but two threads that miss at once
both run the loader: two copies of a model in memory. ``loaded_once`` holds a lock while loading.
"""
from __future__ import annotations

import functools
import threading


def loaded_once(func):
    """Cache ``func`` by its arguments; a value is computed once even when threads ask at once."""
    cached = functools.lru_cache(maxsize=None)(func)
    lock = threading.RLock()

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with lock:
            return cached(*args, **kwargs)
    wrapper.cache_clear = cached.cache_clear
    return wrapper
