"""The HTTP API (under /api): thin calls into the store, the evidence map and the analysis worker.
Reports come back exactly as ``analyze --format json`` writes them (the report schema)."""
from __future__ import annotations

import time
from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from .analysis import Busy
from .app import ApiError

router = APIRouter(prefix="/api")
MAX_QUERY = 500  # characters of a search query or claim text
DATE = r"^\d{4}-\d{2}-\d{2}$"
CACHE_SIZE = 64  # maps and overviews kept per state of the store
STALE_SECONDS = 30.0


class AnalyzeRequest(BaseModel):
    """Exactly one of text, html or url."""
    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(None, description="Plain text; its first line is taken as the title")
    html: str | None = Field(None, description="An HTML page; the main text is extracted (trafilatura)")
    url: str | None = Field(None, max_length=2048, description="A public http(s) URL to fetch (needs the token)")
    id: str | None = Field(None, max_length=200, pattern=r"^[\w.\-]+$", description="The document's id")
    title: str | None = Field(None, max_length=500)


def _store(request: Request):
    return request.app.state.store


def analyst(request: Request):
    """The analysis worker, started at the first analysis (loading the models takes seconds)."""
    state = request.app.state
    with state.analyst_lock:
        if state.analyst is None:
            from .analysis import Analyst
            state.analyst = Analyst()
    return state.analyst


def cached(request: Request, key: str, make):
    """A value computed once per state of the store. While documents are being added the store changes
    every second; a map or overview up to ``STALE_SECONDS`` old is served rather than recomputed for
    each request (pages say how many documents they were computed over)."""
    from ..evidence.overview import generation

    state, gen, now = request.app.state, generation(_store(request)), time.monotonic()
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


@router.post("/analyze", summary="Analyze a text, an HTML page or a URL", status_code=200)
def analyze(request: Request, body: AnalyzeRequest, store: bool = Query(False, description="Also store it")):
    given = [k for k in ("text", "html", "url") if getattr(body, k) is not None]
    if len(given) != 1:
        raise ApiError(422, "E_INVALID", "give exactly one of text, html or url")
    if store or body.url is not None:
        refusal = request.app.state.settings.write_refusal(request)
        if refusal:
            raise ApiError(401 if request.app.state.settings.token else 403, "E_TOKEN", refusal)
    worker = analyst(request)
    document = worker.document(text=body.text, html=body.html, url=body.url, doc_id=body.id or "", title=body.title)
    try:
        report, vectors = worker.analyze(document)
    except Busy:
        raise ApiError(503, "E_BUSY", "another analysis is running; try again shortly") from None
    if not store:
        return report
    result = _store(request).add(report, vectors, name=document.id)
    if isinstance(result, str):
        return JSONResponse(_store(request).report(result), status_code=201,
                            headers={"Location": f"/api/documents/{result}"})
    return JSONResponse(_store(request).report(result.id), status_code=200,
                        headers={"Location": f"/api/documents/{result.id}", "X-Claimscope-Duplicate": result.why})


@router.get("/documents", summary="List stored documents in the order they were added")
def documents(request: Request, limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0)):
    st = _store(request)
    return {"total": st.count(), "limit": limit, "offset": offset, "documents": st.documents(limit, offset)}


@router.get("/documents/{doc_id}", summary="A stored document's report")
def document(request: Request, doc_id: str):
    report = _store(request).report(doc_id)
    if report is None:
        raise ApiError(404, "E_NOT_FOUND", f"no document {doc_id!r} in the store")
    return report


@router.get("/search", summary="Full-text search over stored texts and claims")
def search(request: Request, q: str = Query(..., min_length=1, max_length=MAX_QUERY),
           limit: int = Query(20, ge=1, le=200)):
    return {"query": q, "hits": [hit.__dict__ for hit in _store(request).search(q, limit=limit)]}


@router.get("/claims/similar", summary="Stored claims close in meaning to a text")
def similar(request: Request, text: str = Query(..., min_length=3, max_length=MAX_QUERY),
            limit: int = Query(20, ge=1, le=100)):
    from ..evidence import similar_claims
    return {"text": text, "claims": similar_claims(_store(request), text, limit=limit)}


@router.get("/claims/{cluster_id}", summary="A claim cluster: the claim's matches across the corpus")
def cluster(request: Request, cluster_id: str):
    from ..evidence import cluster_of
    found = cluster_of(_store(request), cluster_id)
    if found is None:
        raise ApiError(404, "E_NOT_FOUND", f"no stored claim {cluster_id!r} (ids are DOCUMENT#CLAIM)")
    return found[0]


@router.get("/map", summary="The evidence map of one or two actors, or of a claim")
def evidence_map(request: Request, actor: list[str] = Query([], max_length=2),
                 claim: str | None = Query(None, min_length=3, max_length=MAX_QUERY),
                 since: str | None = Query(None, pattern=DATE), until: str | None = Query(None, pattern=DATE)):
    return map_for(request, actor, claim, since, until)


def map_for(request: Request, actors: list[str], claim: str | None, since: str | None, until: str | None) -> dict:
    from ..evidence import build_map
    actors = [a.strip() for a in actors if a.strip()]
    if not actors and not claim:
        raise ApiError(422, "E_INVALID", "name one or two actors (actor=...) or a claim (claim=...)")
    if len(actors) > 2 or any(len(a) > 200 for a in actors):
        raise ApiError(422, "E_INVALID", "at most two actors, each under 200 characters")
    key = f"map:{actors}:{claim}:{since}:{until}"
    return cached(request, key, lambda: build_map(_store(request), actors=actors, claim=claim, since=since, until=until))


@router.get("/stats/over-time", summary="Technique or signal counts per month")
def over_time(request: Request, layer: Literal["techniques", "signals"] = "techniques"):
    from ..evidence.overview import counts_over_time
    return {"layer": layer, "months": cached(request, f"over-time:{layer}",
                                             lambda: counts_over_time(_store(request), layer))}


@router.get("/overview", summary="The corpus at a glance")
def overview(request: Request):
    from ..evidence.overview import overview as make
    return cached(request, "overview", lambda: make(_store(request)))

