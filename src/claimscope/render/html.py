"""A self-contained HTML report: highlighted article, legend, explanations, dossier.

Everything taken from the article or its metadata is escaped, and a Content
Security Policy allows only our own inline script (by hash), so a ``<script>``
that survived in an article can never run.
"""
from __future__ import annotations

import base64
import hashlib
from bisect import bisect_right
from html import escape

from ..schema.techniques import TECHNIQUES_NOTE, found_by
from .graph import RELATION_CAVEAT, relation_svg

LAYER_INFO = {
    "signal": ("Sourcing signal", "A weakness in how the text says where a claim comes from."),
    "technique": ("Persuasion technique", "A span that argues by persuasion rather than evidence."),
    "source": ("Attribution source", "Who is said to have said it."),
    "cue": ("Attribution cue", "The reporting verb or phrase that introduces the content."),
    "content": ("Attributed content", "What the source is reported to have said."),
    "claim": ("Claim (article's voice)", "A check-worthy statement the article makes itself."),
    "entity": ("Actor", "A person, organisation, state or group (aliases merged)."),
}

CSS = """
:root{--ink:#1f2328;--muted:#57606a;--line:#d0d7de}
*{box-sizing:border-box}
body{font:15px/1.55 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--ink);margin:0;background:#f6f8fa}
header{background:#fff;border-bottom:1px solid var(--line);padding:18px 28px}
header h1{margin:0 0 4px;font-size:22px} header .meta{color:var(--muted);font-size:13px}
main{display:grid;grid-template-columns:minmax(0,1.4fr) minmax(320px,1fr);gap:20px;padding:20px 28px}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin-bottom:18px}
h2{font-size:16px;margin:0 0 10px} h3{font-size:14px;margin:12px 0 6px}
.article{white-space:pre-wrap;font:16px/1.7 Georgia,serif}
.hl{border-radius:2px;cursor:help}
.l-entity{border-bottom:1px dotted #6e7781}
.l-claim{background:#fff8c5}
.l-content{background:#ddf4ff}
.l-cue{background:#aceebb}
.l-source{background:#80ccff;font-weight:600}
.l-technique{box-shadow:inset 0 -3px 0 #bf3989}
.l-signal{text-decoration:underline wavy #d1242f;text-decoration-thickness:1.5px;text-underline-offset:4px}
body.hide-entity .l-entity{border-bottom:none}
body.hide-claim .l-claim{background:none}
body.hide-content .l-content,body.hide-cue .l-cue,body.hide-source .l-source{background:none;font-weight:inherit}
body.hide-technique .l-technique{box-shadow:none}
body.hide-signal .l-signal{text-decoration:none}
.legend label{display:inline-flex;align-items:center;gap:6px;margin:0 14px 6px 0;font-size:13px}
.swatch{display:inline-block;width:26px;height:14px;border-radius:2px}
table{border-collapse:collapse;width:100%;font-size:13px}
td,th{border-top:1px solid var(--line);padding:5px 6px;text-align:left;vertical-align:top}
th{color:var(--muted);font-weight:600}
.tag{display:inline-block;padding:0 6px;border-radius:10px;background:#eaeef2;font-size:12px}
.warn{background:#ffebe9;color:#82071e} .deny{background:#fff1e5;color:#953800}
.muted{color:var(--muted)} a{color:#0969da;text-decoration:none}
#tip{position:fixed;max-width:420px;background:#24292f;color:#fff;padding:8px 10px;border-radius:6px;font-size:13px;display:none;pointer-events:none;white-space:pre-line;z-index:9}
.techfilter label{display:block;font-size:13px}
@media (max-width:900px){main{grid-template-columns:1fr}}
"""

SCRIPT = """
(function(){
  var tip=document.getElementById('tip');
  document.querySelectorAll('.hl').forEach(function(el){
    el.addEventListener('mousemove',function(e){tip.textContent=el.getAttribute('data-tip');
      tip.style.display='block';tip.style.left=(e.clientX+14)+'px';tip.style.top=(e.clientY+14)+'px';});
    el.addEventListener('mouseleave',function(){tip.style.display='none';});
  });
  document.querySelectorAll('input[data-layer]').forEach(function(box){
    box.addEventListener('change',function(){document.body.classList.toggle('hide-'+box.getAttribute('data-layer'),!box.checked);});
  });
  document.querySelectorAll('input[data-technique]').forEach(function(box){
    box.addEventListener('change',function(){
      var name=box.getAttribute('data-technique');
      document.querySelectorAll('.hl[data-techniques]').forEach(function(el){
        if(el.getAttribute('data-techniques').split(' ').indexOf(name)>=0){el.classList.toggle('t-off-'+name,!box.checked);}
        var on=el.getAttribute('data-techniques').split(' ').some(function(t){return !el.classList.contains('t-off-'+t);});
        el.classList.toggle('l-technique',on);
      });
    });
  });
})();
"""


def _csp() -> str:
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'")


def _annotations(report) -> list[dict]:
    """Flatten every layer into highlight intervals with a tip each."""
    items = []
    for sig in report.signals:
        items.append(dict(start=sig["start"], end=sig["end"], layer="signal", ref=sig["id"],
                          tip=f"Signal · {sig['type'].replace('_', ' ')}: {sig['explanation']}"))
    for tech in report.techniques:
        items.append(dict(start=tech["start"], end=tech["end"], layer="technique", ref=tech["id"],
                          technique=tech["technique"],
                          tip=(f"Technique · {tech['technique'].replace('_', ' ')} "
                               f"({tech['confidence']:.0%}): {tech.get('explanation', '')} "
                               f"Evidence: {tech.get('evidence', '')}")))
    for att in report.attributions:
        who = att.get("speaker_name") or (att["source"]["text"] if att.get("source") else "unnamed source")
        denial = " (denial)" if att.get("is_denial") else ""
        for part in att["content"]:
            items.append(dict(start=part["start"], end=part["end"], layer="content", ref=att["id"],
                              tip=f"Said by {who}{denial} · {att['kind'].replace('_', ' ')} speech"))
        if att.get("cue"):
            items.append(dict(start=att["cue"]["start"], end=att["cue"]["end"], layer="cue", ref=att["id"],
                              tip=f"Cue{denial}: introduces what {who} said"))
        if att.get("source"):
            how = f" (resolved by {att['resolved_by']})" if att.get("resolved_by") else ""
            items.append(dict(start=att["source"]["start"], end=att["source"]["end"], layer="source",
                              ref=att["id"], tip=f"Source: {who}{how}"))
    for claim in report.claims:
        if claim["voice"] == "article":
            hedge = ", hedged" if claim["hedged"] else ""
            items.append(dict(start=claim["start"], end=claim["end"], layer="claim", ref=claim["id"],
                              tip=(f"Claim in the article's own voice (check-worthiness {claim['score']:.2f}"
                                   f"{hedge}); evidence: {claim['evidence_type']}")))
    for ent in report.entities:
        for m in ent["mentions"]:
            items.append(dict(start=m["start"], end=m["end"], layer="entity", ref=ent["id"],
                              tip=f"Actor · {ent['name']} ({ent['label']})"))
    return [i for i in items if i["end"] > i["start"]]


def highlight(text: str, items: list[dict]) -> str:
    """Split the text at every boundary; each piece carries the classes of all spans covering it."""
    bounds = sorted({0, len(text)} | {i["start"] for i in items} | {i["end"] for i in items})
    bounds = [b for b in bounds if 0 <= b <= len(text)]
    covering: list[list[dict]] = [[] for _ in bounds]
    for item in items:
        first = bisect_right(bounds, item["start"]) - 1
        for k in range(first, len(bounds) - 1):
            if bounds[k] >= item["end"]:
                break
            covering[k].append(item)
    anchored: set[str] = set()
    out = []
    for k in range(len(bounds) - 1):
        piece = escape(text[bounds[k]:bounds[k + 1]])
        cover = covering[k]
        if not cover:
            out.append(piece)
            continue
        layers = sorted({c["layer"] for c in cover})
        tips = list(dict.fromkeys(c["tip"] for c in cover))
        techs = sorted({c["technique"] for c in cover if c.get("technique")})
        ids = ""
        for c in cover:
            anchor = f"{c['layer']}-{c['ref']}"
            if anchor not in anchored and c["layer"] in ("signal", "technique", "content", "claim"):
                anchored.add(anchor)
                ids = f' id="{escape(anchor)}"'
                break
        extra = f' data-techniques="{escape(" ".join(techs))}"' if techs else ""
        classes = " ".join(["hl"] + [f"l-{layer}" for layer in layers])
        out.append(f'<span class="{classes}"{ids}{extra} data-tip="{escape(chr(10).join(tips))}" '
                   f'title="{escape(chr(10).join(tips))}">{piece}</span>')
    return "".join(out)


def _legend(report) -> str:
    rows = []
    for layer, (label, explain) in LAYER_INFO.items():
        rows.append(f'<label title="{escape(explain)}"><input type="checkbox" checked data-layer="{layer}">'
                    f'<span class="swatch l-{layer}">&nbsp;</span>{escape(label)}</label>')
    return '<div class="legend">' + "".join(rows) + "</div>"


def _technique_filter(report) -> str:
    names = sorted({t["technique"] for t in report.techniques})
    if not names:
        return ""
    from ..schema.techniques import TECHNIQUE_EXPLANATIONS

    boxes = "".join(
        f'<label title="{escape(TECHNIQUE_EXPLANATIONS.get(n, ""))}"><input type="checkbox" checked '
        f'data-technique="{escape(n)}"> {escape(n.replace("_", " "))} '
        f'<span class="muted">({sum(t["technique"] == n for t in report.techniques)})</span></label>'
        for n in names)
    return f'<div class="techfilter"><h3>Filter techniques</h3>{boxes}</div>'


def meta_line(report) -> str:
    meta = report.document["metadata"]
    bits = [f"{k}: {meta[k]}" for k in ("site", "author", "date", "url", "path") if meta.get(k)]
    bits.append(f"{report.document['length']:,} characters")
    return " · ".join(escape(str(b)) for b in bits)


def _dossier(report) -> str:
    d = report.dossier
    parts = ['<section id="dossier"><h2>Dossier</h2>']
    counts = [f'<span class="tag warn">{escape(k.replace("_", " "))}: {v}</span>'
              for k, v in d.get("signal_counts", {}).items()]
    counts += [f'<span class="tag">{escape(k.replace("_", " "))}: {v}</span>'
               for k, v in d.get("technique_counts", {}).items()]
    if counts:
        parts.append("<p>" + " ".join(counts) + "</p>")
    if d.get("key_claims"):
        parts.append("<h3>Key claims</h3><table><tr><th>Claim</th><th>Asserted by</th><th>Evidence</th>"
                     "<th>Denied by</th></tr>")
        for kc in d["key_claims"]:
            denied = ", ".join(kc["denied_by"]) or '<span class="muted">—</span>'
            if kc["denied_by"]:
                denied = f'<span class="tag deny">{escape(", ".join(kc["denied_by"]))}</span>'
            hedge = ' <span class="tag">hedged</span>' if kc["hedged"] else ""
            parts.append(f'<tr><td><a href="#claim-{escape(kc["claim"])}">{escape(_clip(kc["text"], 160))}</a>'
                         f'{hedge}</td><td>{escape(kc["asserted_by"])}</td>'
                         f'<td>{escape(kc["evidence_type"])}</td><td>{denied}</td></tr>')
        parts.append("</table>")
    if d.get("denials"):
        parts.append("<h3>Denials</h3><ul>")
        for den in d["denials"]:
            parts.append(f'<li><b>{escape(den["by"])}</b>: {escape(_clip(den["text"], 200))}</li>')
        parts.append("</ul>")
    if report.relations:
        parts.append("<h3>Relations between actors</h3>" + f'<p class="caveat">{escape(RELATION_CAVEAT)}</p>'
                     + relation_svg(report))
    if d.get("speakers"):
        spk = ", ".join(f'{escape(s["name"])} ({s["attributions"]})' for s in d["speakers"][:10])
        parts.append(f"<p><b>Who speaks:</b> {spk}</p>")
    parts.append("</section>")
    return "".join(parts)


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _table(title: str, head: list[str], rows: list[list[str]], anchor: str, note: str = "") -> str:
    note = f'<p class="muted">{escape(note)}</p>' if note else ""
    if not rows:
        return f'<section id="{anchor}"><h2>{escape(title)}</h2><p class="muted">None found.</p>{note}</section>'
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (f'<section id="{anchor}"><h2>{escape(title)} ({len(rows)})</h2><table><tr>{th}</tr>{body}</table>'
            f'{note}</section>')


def _side_tables(report) -> str:
    e = escape
    out = [_table("Sourcing signals", ["Signal", "Span", "Why"], [
        [f'<span class="tag warn">{e(s["type"].replace("_", " "))}</span>',
         f'<a href="#signal-{e(s["id"])}">{e(_clip(s["text"], 80))}</a>', e(s["explanation"])]
        for s in report.signals], "signals")]
    out.append(_table("Who said what", ["Speaker", "Cue", "Content"], [
        [e(a.get("speaker_name") or (a["source"]["text"] if a.get("source") else "—"))
         + (' <span class="tag deny">denial</span>' if a.get("is_denial") else ""),
         e((a["cue"] or {}).get("text", "(continues)")),
         f'<a href="#content-{e(a["id"])}">{e(_clip(" … ".join(c["text"] for c in a["content"]), 140))}</a>']
        for a in report.attributions], "attributions"))
    out.append(_table("Relations", ["Relation", "According to", "Confidence", "Evidence", "Why"], [
        [f'{e(r["source_name"])} <b>{e(r["type"])}</b> {e(r["target_name"])} ({e(r["polarity"])})',
         e(r.get("speaker_name") or "the article"), f'{r["confidence"]:.0%}', e(_clip(r["evidence"]["text"], 160)),
         e(r.get("why", ""))] for r in report.relations], "relations", RELATION_CAVEAT))
    out.append(_table("Persuasion techniques", ["Technique", "Span", "Confidence", "Found by", "Evidence"], [
        [e(t["technique"].replace("_", " ")), f'<a href="#technique-{e(t["id"])}">{e(_clip(t["text"], 90))}</a>',
         f'{t["confidence"]:.0%}', e(found_by(t.get("method", "model"))),
         e(t.get("evidence", ""))] for t in report.techniques], "techniques",
        " ".join(filter(None, [report.document.get("metadata", {}).get("techniques_held_back"), TECHNIQUES_NOTE]))))
    out.append(_table("Actors", ["Actor", "Type", "Aliases", "Mentions"], [
        [e(x["name"]), e(x["label"]), e(", ".join(x["aliases"])), str(len(x["mentions"]))]
        for x in report.entities], "entities"))
    return "".join(out)


def report_main(report) -> str:
    """The report's body (dossier, highlighted article, side tables): shared by the standalone page
    and the web UI's document page, which serves ``CSS`` and ``SCRIPT`` as files."""
    body_text = highlight(report.text, _annotations(report))
    return (f'<main><div>{_dossier(report)}\n<section><h2>Article</h2>{_legend(report)}{_technique_filter(report)}\n'
            f'<div class="article" id="article">{body_text}</div></section></div>\n'
            f'<aside>{_side_tables(report)}</aside></main>')


def render_html(report) -> str:
    title = report.document.get("title") or report.document["id"]
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_csp()}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="claimscope">
<title>claimscope · {escape(title)}</title><style>{CSS}</style></head>
<body><div id="tip"></div>
<header><h1>{escape(title)}</h1><div class="meta">{meta_line(report)}</div></header>
{report_main(report)}
<script>{SCRIPT}</script></body></html>
"""
