"""Actor relation graph as inline SVG: actors as nodes, typed edges,
asserted solid, denied dashed, questioned dotted, hypothetical dash-dotted."""
from __future__ import annotations

import math
from html import escape

# shown wherever relations are: measured on hand-annotated real news, most relations are wrong (README)
RELATION_CAVEAT = ("Relations are shown only where a word of the event joins the two actors in one sentence, so "
                   "many stated relations are missed; the type comes from models that still err: check each "
                   "against its evidence sentence.")
POLARITY_STYLE = {"asserted": "", "denied": ' stroke-dasharray="7 5"', "questioned": ' stroke-dasharray="2 4"',
                  "hypothetical": ' stroke-dasharray="8 3 2 3"'}
POLARITY_COLOR = {"asserted": "#1a7f37", "denied": "#cf222e", "questioned": "#9a6700", "hypothetical": "#6e7781"}


def relation_svg(report, width: int = 560, height: int = 380) -> str:
    names = {e["id"]: e["name"] for e in report.entities}
    nodes: list[str] = []
    for rel in report.relations:
        for key in (rel["source"], rel["target"]):
            if key not in nodes:
                nodes.append(key)
    if not nodes:
        return ""
    cx, cy, radius = width / 2, height / 2, min(width, height) / 2 - 60
    pos = {}
    for i, node in enumerate(nodes):
        angle = 2 * math.pi * i / len(nodes) - math.pi / 2
        pos[node] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    edges = {}
    for rel in report.relations:
        key = (rel["source"], rel["target"], rel["polarity"])
        edges.setdefault(key, []).append(rel)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
             f'role="img" aria-label="Relations between actors">',
             '<defs>' + "".join(
                 f'<marker id="arrow-{p}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
                 f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="{c}"/></marker>'
                 for p, c in POLARITY_COLOR.items()) + '</defs>']
    for n, ((src, dst, polarity), rels) in enumerate(edges.items()):
        (x1, y1), (x2, y2) = pos[src], pos[dst]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1
        # one curve per polarity so that asserted, denied and questioned edges never overlap
        bend = length * {"asserted": 0.14, "denied": -0.34, "questioned": 0.5, "hypothetical": -0.6}[polarity]
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        qx, qy = mx - dy / length * bend, my + dx / length * bend
        # stop the arrow at the node's edge
        ex, ey = x2 - dx / length * 34, y2 - dy / length * 34
        sx, sy = x1 + dx / length * 34, y1 + dy / length * 34
        types = sorted({r["type"] for r in rels})
        speakers = sorted({r.get("speaker_name") or "the article" for r in rels})
        tip = f"{names.get(src, src)} → {names.get(dst, dst)}: {', '.join(types)} ({polarity}) — per {', '.join(speakers)}"
        color = POLARITY_COLOR[polarity]
        parts.append(f'<g class="edge {polarity}"><title>{escape(tip)}</title>'
                     f'<path d="M{sx:.1f},{sy:.1f} Q{qx:.1f},{qy:.1f} {ex:.1f},{ey:.1f}" fill="none" '
                     f'stroke="{color}" stroke-width="2"{POLARITY_STYLE[polarity]} marker-end="url(#arrow-{polarity})"/>'
                     f'<text x="{(sx + 2 * qx + ex) / 4:.1f}" y="{(sy + 2 * qy + ey) / 4:.1f}" font-size="11" '
                     f'text-anchor="middle" fill="{color}" paint-order="stroke" stroke="#fff" stroke-width="3">'
                     f'{escape("/".join(types))}{" ✗" if polarity == "denied" else ""}</text></g>')
    for node, (x, y) in pos.items():
        label = names.get(node, node)
        short = label if len(label) <= 22 else label[:21] + "…"
        parts.append(f'<g class="node"><title>{escape(label)}</title><circle cx="{x:.1f}" cy="{y:.1f}" r="32" '
                     f'fill="#f6f8fa" stroke="#57606a"/><text x="{x:.1f}" y="{y + 4:.1f}" font-size="11" '
                     f'text-anchor="middle">{escape(short)}</text></g>')
    parts.append('</svg><p class="muted" style="font-size:12px">Solid: asserted · dashed: denied · '
                 'dotted: questioned; dash-dotted: hypothetical. Hover an edge for who asserts it.</p>')
    return "".join(parts)
