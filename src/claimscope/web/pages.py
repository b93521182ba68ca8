"""The web UI: server-rendered pages (Jinja2, autoescaped) over the same library calls as the API.
Scripts and styles are files under /static, so the Content-Security-Policy allows no inline code."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..about import __version__
from ..errors import ClaimscopeError
from . import charts
from .common import DATE, MAX_QUERY, cached, map_for, store_of

HERE = Path(__file__).parent
STATIC = {"claimscope.css": "text/css", "claimscope.js": "text/javascript"}
router = APIRouter(include_in_schema=False)
templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                        trim_blocks=True, lstrip_blocks=True)
templates.filters["q"] = lambda value: quote(str(value), safe="")
templates.filters["label"] = lambda value: str(value).replace("_", " ")
templates.globals["version"] = __version__


def page(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    html = templates.get_template(name).render(request=request, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return page(request, "error.html", status=status, status_code=status, message=message)


@router.get("/static/{name}")
def static(name: str):
    """Our own files only; the report's style and script come from the renderer itself (one copy)."""
    from ..render.html import CSS, SCRIPT
    if name == "report.css":
        return Response(CSS, media_type="text/css")
    if name == "report.js":
        return Response(SCRIPT, media_type="text/javascript")
    if name not in STATIC:
        return Response("not found", status_code=404, media_type="text/plain")
    return Response((HERE / "static" / name).read_bytes(), media_type=STATIC[name],
                    headers={"Cache-Control": "max-age=3600"})


@router.get("/", response_class=HTMLResponse)
def overview(request: Request):
    from ..evidence.overview import overview as make
    data = cached(request, "overview", lambda: make(store_of(request)))
    by_month = charts.bars([(r["month"], r["documents"]) for r in data["documents_by_month"]])
    techniques, technique_legend = charts.stacked(data["techniques_by_month"])
    signals, signal_legend = charts.stacked(data["signals_by_month"])
    recent = store_of(request).documents(limit=15, offset=max(0, data["documents"] - 15))[::-1]
    return page(request, "overview.html", data=data, by_month=by_month, techniques=techniques,
                technique_legend=technique_legend, signals=signals, signal_legend=signal_legend, recent=recent)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str = Query("", max_length=MAX_QUERY)):
    hits = store_of(request).search(q, limit=50) if q.strip() else []
    return page(request, "search.html", q=q, hits=hits, marked=[_marked(h.snippet) for h in hits])


def _marked(snippet: str) -> Markup:
    """The search snippet with its [match] brackets as <mark>, everything else escaped."""
    from html import escape
    out, rest = [], snippet
    while "[" in rest and "]" in rest.split("[", 1)[1]:
        before, after = rest.split("[", 1)
        inside, rest = after.split("]", 1)
        out.append(escape(before) + "<mark>" + escape(inside) + "</mark>")
    out.append(escape(rest))
    return Markup("".join(out))


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request, offset: int = Query(0, ge=0)):
    st = store_of(request)
    return page(request, "documents.html", rows=st.documents(limit=100, offset=offset), total=st.count(),
                offset=offset, step=100)


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document(request: Request, doc_id: str):
    from ..render.html import meta_line, report_main
    from ..report import Report
    data = store_of(request).report(doc_id)
    if data is None:
        return error_page(request, 404, f"no document {doc_id!r} in the store")
    report = Report.from_dict(data)
    return page(request, "document.html", doc_id=doc_id, title=report.document.get("title") or doc_id,
                meta=Markup(meta_line(report)), body=Markup(report_main(report)))


@router.get("/map", response_class=HTMLResponse)
def evidence_map(request: Request, actor: list[str] = Query([]), claim: str = Query("", max_length=MAX_QUERY),
                 since: str = Query("", pattern=f"({DATE})|^$"), until: str = Query("", pattern=f"({DATE})|^$")):
    from ..evidence.render import graph_svg, timeline_svg
    actors = [a for a in actor if a.strip()][:2]
    form = {"actors": actors + [""] * (2 - len(actors)), "claim": claim, "since": since, "until": until}
    if not actors and not claim.strip():
        return page(request, "map.html", form=form, result=None)
    try:
        result = map_for(request, actors, claim.strip() or None, since or None, until or None)
    except ClaimscopeError as err:
        return page(request, "map.html", form=form, result=None, problem=err.detail)
    graph = Markup(graph_svg(result)) if len(result["query"]["actors"]) == 2 else None
    return page(request, "map.html", form=form, result=result, timeline=Markup(timeline_svg(result, labels=True)), graph=graph)


@router.get("/claims/{cluster_id}", response_class=HTMLResponse)
def cluster(request: Request, cluster_id: str):
    from ..evidence import cluster_of
    from ..evidence.render import timeline_svg
    found = cluster_of(store_of(request), cluster_id)
    if found is None:
        return error_page(request, 404, f"no stored claim {cluster_id!r}")
    c, result = found
    return page(request, "cluster.html", c=c, cluster_id=cluster_id, notes=result["notes"],
                timeline=Markup(timeline_svg(dict(result, clusters=[c]))))
