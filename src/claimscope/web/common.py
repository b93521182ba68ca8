"""What the API and the pages share: the error they raise, the limits on what they are asked, the
cache of maps and overviews, and the evidence map of a request."""
from __future__ import annotations

import time

from fastapi import Request


class ApiError(Exception):
    """A refusal with an HTTP status and a code, answered as JSON on the API and as a page in the UI."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


MAX_QUERY = 500  # characters of a search query or claim text
DATE = r"^\d{4}-\d{2}-\d{2}$"
CACHE_SIZE = 64  # maps and overviews kept per state of the store
STALE_SECONDS = 30.0


def store_of(request: Request):
    return request.app.state.store


def cached(request: Request, key: str, make):
    """A value computed once per state of the store. While documents are being added the store changes
    every second; a map or overview up to ``STALE_SECONDS`` old is served rather than recomputed for
    each request (pages say how many documents they were computed over)."""
    from ..evidence.overview import generation

    state, gen, now = request.app.state, generation(store_of(request)), time.monotonic()
    with state.cache_lock:
        hit = state.cache.get(key)
        if hit and (hit[0] == gen or now - hit[1] < STALE_SECONDS):
            state.cache.move_to_end(key)
            return hit[2]
    value = make()  # outside the lock: two requests may both compute it, neither waits on the other
    with state.cache_lock:
        state.cache[key] = (gen, now, value)
        while len(state.cache) > CACHE_SIZE:
            state.cache.popitem(last=False)
    return value


def map_for(request: Request, actors: list[str], claim: str | None, since: str | None, until: str | None) -> dict:
    """The evidence map a request asks for (one or two actors, or a claim), from the cache."""
    from ..evidence import build_map
    actors = [a.strip() for a in actors if a.strip()]
    if not actors and not claim:
        raise ApiError(422, "E_INVALID", "name one or two actors (actor=...) or a claim (claim=...)")
    if len(actors) > 2 or any(len(a) > 200 for a in actors):
        raise ApiError(422, "E_INVALID", "at most two actors, each under 200 characters")
    key = f"map:{actors}:{claim}:{since}:{until}"
    return cached(request, key, lambda: build_map(store_of(request), actors=actors, claim=claim, since=since, until=until))
