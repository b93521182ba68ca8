"""The evidence map as JSON, Markdown tables, or a self-contained HTML page (timeline and graph in
inline SVG, no script). Everything from the documents is escaped."""
from __future__ import annotations

import json
from html import escape

from ..render.safe import markdown_inline as md

VOICE_COLOR = {"article": "#cf222e", "named": "#0969da", "vague": "#bf8700"}
DENIAL_COLOR = "#1a7f37"


def render_map(result: dict, fmt: str) -> str:
    if fmt == "json":
        # compact: Python's C encoder runs only without indent, and a map of thousands of items
        # takes longer to indent than to build (pipe through `jq .` to read it)
        return json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n"
    if fmt == "md":
        return to_markdown(result)
    return to_html(result)


def _title(result: dict) -> str:
    q = result["query"]
    what = " and ".join(q["actors"]) if q["actors"] else ""
    if q["claim"]:
        what = (what + ": " if what else "") + f"“{q['claim']}”"
    return f"Evidence map: {what}"


def _who(item: dict) -> str:
    who = item["who"]
    if who["kind"] == "article":
        return "the article's own voice"
    return f"{who['name'] or 'unnamed source'}" + (" (vague)" if who["kind"] == "vague" else "")


def _hedges(item: dict) -> str:
    return ", ".join(h["text"] for h in item.get("hedges", [])) or ("yes" if item["hedged"] else "no")


def to_markdown(result: dict) -> str:
    out = [f"# {md(_title(result))}", ""]
    if result["query"]["since"] or result["query"]["until"]:
        out.append(f"Dates: {result['query']['since'] or '…'} to {result['query']['until'] or '…'}  ")
    for a in result["actors"]:
        out.append(f"- **{md(a['query'])}**: in {a['documents']} documents, as " + md(", ".join(a["names"][:8]))
                   + (f"; not included (ask by full name): {md(', '.join(a['not_included'][:8]))}"
                      if a.get("not_included") else ""))
    out += ["", f"{result['documents_considered']} documents considered, {len(result['clusters'])} claim clusters, "
            f"{len(result['relations'])} relation rows.", ""]
    for note in result["notes"]:
        out.append(f"> {md(note)}")
    out += ["", "## Claims", ""]
    for n, c in enumerate(result["clusters"], 1):
        out += [f"### {n}. {md(c['claim'][:160])}", "",
                f"First: {md(c['first']['document_id'])} ({c['first']['published'] or 'no date'}); "
                f"{c['documents']} documents.", "",
                "| date | document | who asserts | evidence | hedges | text |", "|---|---|---|---|---|---|"]
        for i in c["items"]:
            kind = "denial" if i["is_denial"] else i["evidence_type"]
            out.append(f"| {i['published'] or '—'} | {md(i['document_id'])} | {md(_who(i))} | {md(kind or '')} | "
                       f"{md(_hedges(i))} | {md(i['evidence']['text'][:200])} |")
        if c["denials"]:
            out += ["", "Denials:", ""]
            out += [f"- {md(d['document_id'])}: {md(_who(d))}: “{md(d['evidence']['text'][:200])}”" for d in c["denials"]]
        if c["sourcing"]:
            out += ["", "Sourcing:", ""]
            out += [f"- **{f['type']}**: {md(f['explanation'])}" for f in c["sourcing"]]
        out.append("")
    if result["relations"]:
        actors = result["query"]["actors"]
        out += ["## Relations between the actors", "", "| direction | type | polarity | speaker | count | documents |",
                "|---|---|---|---|---|---|"]
        for r in result["relations"]:
            arrow = f"{actors[0]} → {actors[1]}" if r["direction"] == "a->b" else f"{actors[1]} → {actors[0]}"
            out.append(f"| {md(arrow)} | {r['type']} | {r['polarity']} | {md(r['speaker'])} | {r['count']} | "
                       f"{md(', '.join(r['documents'][:5]))} |")
        out.append("")
    out += ["## Documents", "", "| date | document | title | site |", "|---|---|---|---|"]
    out += [f"| {d['published'] or '—'} | {md(d['id'])} | {md(d['title'] or '')} | {md(d['site'] or '')} |"
            for d in result["documents"]]
    return "\n".join(out) + "\n"


CSS = """
body{font:14px/1.5 system-ui,sans-serif;color:#1f2328;margin:0;background:#f6f8fa}
header{background:#fff;border-bottom:1px solid #d0d7de;padding:16px 24px}
main{padding:16px 24px;max-width:1200px}
section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px 16px;margin-bottom:16px}
h1{font-size:20px;margin:0} h2{font-size:16px;margin:0 0 8px} h3{font-size:14px;margin:10px 0 6px}
table{border-collapse:collapse;width:100%;font-size:13px} td,th{border-top:1px solid #eaeef2;padding:4px 6px;text-align:left;vertical-align:top}
.muted{color:#57606a} .deny{color:#1a7f37;font-weight:600} .tag{display:inline-block;border-radius:10px;padding:0 7px;font-size:12px;background:#eaeef2;margin-right:4px}
svg text{font:11px system-ui,sans-serif}
"""


def to_html(result: dict) -> str:
    title = escape(_title(result))
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
             "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
             f"<meta name='viewport' content='width=device-width'><title>{title}</title><style>{CSS}</style></head><body>",
             f"<header><h1>{title}</h1><div class='muted'>{result['documents_considered']} documents considered · "
             f"{len(result['clusters'])} claim clusters · {len(result['relations'])} relation rows</div></header><main>"]
    parts.append("<section><h2>Actors</h2><ul>" + "".join(
        f"<li><b>{escape(a['query'])}</b>: {a['documents']} documents, named as {escape(', '.join(a['names'][:8]))}"
        + (f"<div class='muted'>not included (ask by full name): {escape(', '.join(a['not_included'][:8]))}</div>"
           if a.get("not_included") else "") + "</li>"
        for a in result["actors"]) + "</ul>" + "".join(f"<p class='muted'>{escape(n)}</p>" for n in result["notes"])
        + "</section>")
    parts.append("<section><h2>Timeline</h2>" + timeline_svg(result) + "<p class='muted'>Each row is a claim cluster; "
                 "each dot a document that carries it: <span style='color:#cf222e'>●</span> the article's own voice, "
                 "<span style='color:#0969da'>●</span> a named source, <span style='color:#bf8700'>●</span> a vague source, "
                 "<span style='color:#1a7f37'>◆</span> a denial.</p></section>")
    if len(result["query"]["actors"]) == 2:
        parts.append("<section><h2>Relations between the actors</h2>" + graph_svg(result) + _relation_table(result)
                     + "</section>")
    for n, c in enumerate(result["clusters"], 1):
        parts.append(_cluster_html(n, c))
    parts.append("<section><h2>Documents</h2><table><tr><th>date</th><th>document</th><th>title</th><th>site</th></tr>"
                 + "".join(f"<tr><td>{escape(d['published'] or '—')}</td><td>{escape(d['id'])}</td>"
                           f"<td>{escape(d['title'] or '')}</td><td>{escape(d['site'] or '')}</td></tr>"
                           for d in result["documents"]) + "</table></section>")
    parts.append("</main></body></html>\n")
    return "".join(parts)


def _cluster_html(n: int, c: dict) -> str:
    rows = "".join(
        f"<tr><td>{escape(i['published'] or '—')}</td><td>{escape(i['document_id'])}</td><td>{escape(_who(i))}</td>"
        f"<td>{'<span class=deny>denial</span>' if i['is_denial'] else escape(i['evidence_type'] or '')}</td>"
        f"<td>{escape(_hedges(i))}</td><td>{escape(i['evidence']['text'])}"
        f"<div class='muted'>[{i['evidence']['start']}:{i['evidence']['end']}]</div></td></tr>" for i in c["items"])
    denials = "".join(f"<li class='deny'>{escape(d['document_id'])} — {escape(_who(d))}: “{escape(d['evidence']['text'])}”</li>"
                      for d in c["denials"])
    sourcing = "".join(f"<li><span class='tag'>{escape(f['type'])}</span>{escape(f['explanation'])}</li>"
                       for f in c["sourcing"])
    return (f"<section id='cluster-{n}'><h3>{n}. {escape(c['claim'][:200])}</h3>"
            f"<div class='muted'>first in {escape(c['first']['document_id'])} ({escape(c['first']['published'] or 'no date')}) · "
            f"{c['documents']} documents</div><table><tr><th>date</th><th>document</th><th>who asserts</th>"
            f"<th>evidence</th><th>hedges</th><th>text</th></tr>{rows}</table>"
            + (f"<h3>Denials</h3><ul>{denials}</ul>" if denials else "")
            + (f"<h3>Sourcing</h3><ul>{sourcing}</ul>" if sourcing else "") + "</section>")


def _relation_table(result: dict) -> str:
    a, b = result["query"]["actors"]
    rows = "".join(
        f"<tr><td>{escape(a if r['direction'] == 'a->b' else b)} → {escape(b if r['direction'] == 'a->b' else a)}</td>"
        f"<td>{escape(r['type'])}</td><td>{escape(r['polarity'])}</td><td>{escape(r['speaker'])}</td><td>{r['count']}</td>"
        f"<td>{escape('; '.join(e['text'][:120] for e in r['evidence'][:2]))}</td></tr>" for r in result["relations"])
    return ("<table><tr><th>direction</th><th>type</th><th>polarity</th><th>speaker</th><th>count</th><th>evidence</th></tr>"
            + rows + "</table>")


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


def timeline_svg(result: dict, width: int = 1100, labels: bool = False) -> str:
    """One row per claim cluster (the 25 largest), one mark per document that carries it, by date;
    with ``labels`` each row starts with the beginning of its claim."""
    clusters = result["clusters"][:25]
    dates = sorted({i["published"] for c in clusters for i in c["items"] + c["denials"] if i.get("published")})
    if not clusters:
        return "<p class='muted'>No claims to place.</p>"
    left, row_h = (380 if labels else 40), 22
    height = row_h * len(clusters) + 30

    def x_of(date):
        if not dates or not date:
            return width - 20
        if len(dates) == 1:
            return (left + width) // 2
        return left + (width - left - 30) * dates.index(date) / (len(dates) - 1)

    marks = []
    for n, c in enumerate(clusters):
        y = 15 + n * row_h
        # a row per cluster, named by its id: the web UI opens the cluster's page from it
        marks.append(f"<g class='cluster-row' data-cluster='{escape(c['id'])}'><title>{escape(c['claim'][:200])}</title>"
                     f"<text x='4' y='{y + 4}'>{n + 1}{'. ' + escape(_clip(c['claim'], 58)) if labels else ''}</text>"
                     f"<line x1='{left}' x2='{width - 10}' y1='{y}' y2='{y}' stroke='#eaeef2' stroke-width='8'/>")
        for i in c["items"]:
            color = DENIAL_COLOR if i["is_denial"] else VOICE_COLOR.get(i["who"]["kind"], "#57606a")
            label = escape(f"{i['document_id']} ({i['published'] or 'no date'}): {_who(i)}")
            marks.append(f"<circle cx='{x_of(i['published']):.1f}' cy='{y}' r='5' fill='{color}'><title>{label}</title></circle>")
        dated = {i["document_id"]: i["published"] for i in c["items"]}
        for d in c["denials"]:
            if any(i["document_id"] == d["document_id"] and i["claim_id"] == d["claim_id"] for i in c["items"]):
                continue  # a denial that is itself an item is drawn above
            x = x_of(d.get("published") or dated.get(d["document_id"]))
            label = escape(f"denied in {d['document_id']}: {_who(d)}")
            marks.append(f"<rect class='denial' x='{x - 4:.1f}' y='{y - 4}' width='8' height='8' fill='{DENIAL_COLOR}' "
                         f"transform='rotate(45 {x:.1f} {y})'><title>{label}</title></rect>")
        marks.append("</g>")
    if dates:
        marks.append(f"<text x='{left}' y='{height - 4}'>{escape(dates[0])}</text>"
                     f"<text x='{width - 90}' y='{height - 4}'>{escape(dates[-1])}</text>")
    return f"<svg viewBox='0 0 {width} {height}' width='100%' role='img'>{''.join(marks)}</svg>"


def graph_svg(result: dict) -> str:
    """The two actors and the relations between them: one arc per (direction, type, polarity, speaker),
    above for the first actor's acts, below for the second's; thickness by count."""
    a, b = result["query"]["actors"]
    width, height = 760, 430
    ax, bx, y = 110, 650, 215
    edges, rank = [], {"a->b": 0, "b->a": 0}
    for k, r in enumerate(result["relations"]):
        forward = r["direction"] == "a->b"
        n = rank[r["direction"]]
        if n == 6:  # six arcs a side; the table below lists every row
            continue
        rank[r["direction"]] += 1
        bend = 36 + 28 * n
        y_ctrl = y - 2 * bend if forward else y + 2 * bend
        y_mid = (y + y_ctrl) / 2
        color = {"asserted": "#cf222e", "denied": DENIAL_COLOR}.get(r["polarity"], "#8250df")
        dash = "" if r["polarity"] == "asserted" else " stroke-dasharray='6 4'"
        start, end = (ax + 34, bx - 34) if forward else (bx - 34, ax + 34)
        label = escape(f"{r['type']} ({r['polarity']}) ×{r['count']}, said by {r['speaker']}")
        text_x = (ax + bx) / 2 + (120 if n % 2 else -120)
        edges.append(f"<path class='edge' data-row='{k}' d='M{start},{y} Q{(ax + bx) / 2},{y_ctrl} {end},{y}' fill='none' stroke='{color}'{dash} "
                     f"stroke-width='{1 + min(r['count'], 5)}' marker-end='url(#arrow)' opacity='0.8'><title>{label}</title></path>"
                     f"<text x='{text_x}' y='{y_mid + 4}' text-anchor='middle'>{escape(r['type'])} ×{r['count']}</text>")
    if not edges:
        return "<p class='muted'>No relation between the two actors was found in these documents.</p>"
    nodes = "".join(f"<circle cx='{x}' cy='{y}' r='34' fill='#f6f8fa' stroke='#57606a'/>"
                    f"<text x='{x}' y='{y + 4}' text-anchor='middle'>{escape(name[:16])}</text>" for x, name in ((ax, a), (bx, b)))
    defs = ("<defs><marker id='arrow' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='6' markerHeight='6' "
            "orient='auto-start-reverse'><path d='M0,0 L10,5 L0,10 z' fill='#57606a'/></marker></defs>")
    legend = (f"<text x='10' y='{height - 6}'>above: {escape(a)} acts on {escape(b)}; below: {escape(b)} on {escape(a)}; "
              "solid asserted, dashed denied or questioned</text>")
    return f"<svg viewBox='0 0 {width} {height}' width='100%' role='img'>{defs}{legend}{''.join(edges)}{nodes}</svg>"
