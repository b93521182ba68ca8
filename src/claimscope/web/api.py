"""The HTTP API (under /api): thin calls into the store, the evidence map and the analysis worker.
Reports come back exactly as ``analyze --format json`` writes them (the report schema)."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from .analysis import Busy
from .common import DATE, MAX_QUERY, ApiError, cached, map_for, store_of

router = APIRouter(prefix="/api")


class AnalyzeRequest(BaseModel):
    """Exactly one of text, html or url."""
    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(None, description="Plain text; its first line is taken as the title")
    html: str | None = Field(None, description="An HTML page; the main text is extracted (trafilatura)")
    url: str | None = Field(None, max_length=2048, description="A public http(s) URL to fetch (needs the token)")
    id: str | None = Field(None, max_length=200, pattern=r"^[\w.\-]+$", description="The document's id")
    title: str | None = Field(None, max_length=500)


def analyst(request: Request):
    """The analysis worker, started at the first analysis (loading the models takes seconds)."""
    state = request.app.state
    with state.analyst_lock:
        if state.analyst is None:
            from .analysis import Analyst
            state.analyst = Analyst()
    return state.analyst


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
    result = store_of(request).add(report, vectors, name=document.id)
    if isinstance(result, str):
        return JSONResponse(store_of(request).report(result), status_code=201,
                            headers={"Location": f"/api/documents/{result}"})
    return JSONResponse(store_of(request).report(result.id), status_code=200,
                        headers={"Location": f"/api/documents/{result.id}", "X-Claimscope-Duplicate": result.why})


@router.get("/documents", summary="List stored documents in the order they were added")
def documents(request: Request, limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0)):
    st = store_of(request)
    return {"total": st.count(), "limit": limit, "offset": offset, "documents": st.documents(limit, offset)}


@router.get("/documents/{doc_id}", summary="A stored document's report")
def document(request: Request, doc_id: str):
    report = store_of(request).report(doc_id)
    if report is None:
        raise ApiError(404, "E_NOT_FOUND", f"no document {doc_id!r} in the store")
    return report


@router.get("/search", summary="Full-text search over stored texts and claims")
def search(request: Request, q: str = Query(..., min_length=1, max_length=MAX_QUERY),
           limit: int = Query(20, ge=1, le=200)):
    return {"query": q, "hits": [hit.__dict__ for hit in store_of(request).search(q, limit=limit)]}


@router.get("/claims/similar", summary="Stored claims close in meaning to a text")
def similar(request: Request, text: str = Query(..., min_length=3, max_length=MAX_QUERY),
            limit: int = Query(20, ge=1, le=100)):
    from ..evidence import similar_claims
    return {"text": text, "claims": similar_claims(store_of(request), text, limit=limit)}


@router.get("/claims/{cluster_id}", summary="A claim cluster: the claim's matches across the corpus")
def cluster(request: Request, cluster_id: str):
    from ..evidence import cluster_of
    found = cluster_of(store_of(request), cluster_id)
    if found is None:
        raise ApiError(404, "E_NOT_FOUND", f"no stored claim {cluster_id!r} (ids are DOCUMENT#CLAIM)")
    return found[0]


@router.get("/map", summary="The evidence map of one or two actors, or of a claim")
def evidence_map(request: Request, actor: list[str] = Query([], max_length=2),
                 claim: str | None = Query(None, min_length=3, max_length=MAX_QUERY),
                 since: str | None = Query(None, pattern=DATE), until: str | None = Query(None, pattern=DATE)):
    return map_for(request, actor, claim, since, until)


@router.get("/stats/over-time", summary="Technique or signal counts per month")
def over_time(request: Request, layer: Literal["techniques", "signals"] = "techniques"):
    from ..evidence.overview import counts_over_time
    return {"layer": layer, "months": cached(request, f"over-time:{layer}",
                                             lambda: counts_over_time(store_of(request), layer))}


@router.get("/overview", summary="The corpus at a glance")
def overview(request: Request):
    from ..evidence.overview import overview as make
    return cached(request, "overview", lambda: make(store_of(request)))

