"""Small server-drawn SVG charts for the overview (no chart library, nothing loaded from elsewhere).
Every label passes through ``escape``: actor names and kinds come from documents."""
from __future__ import annotations

from collections import defaultdict
from html import escape

from markupsafe import Markup

PALETTE = ["#0969da", "#cf222e", "#1a7f37", "#8250df", "#bf8700", "#bc4c00", "#1b7c83", "#6e7781", "#e16f24",
           "#a475f9", "#4d2d00", "#d1242f", "#2da44e", "#0550ae"]


def bars(points: list[tuple[str, int]], width: int = 760, height: int = 160, href=None) -> Markup:
    """A bar per (label, value), labelled at both ends; ``href(label)`` links a bar."""
    if not points:
        return Markup("<p class='muted'>Nothing yet.</p>")
    top = max(v for _, v in points) or 1
    step = (width - 40) / len(points)
    out = []
    for k, (label, value) in enumerate(points):
        h = (height - 30) * value / top
        x, y = 30 + k * step, height - 20 - h
        bar = (f"<rect x='{x:.1f}' y='{y:.1f}' width='{max(step - 2, 1):.1f}' height='{h:.1f}' fill='#0969da'>"
               f"<title>{escape(label)}: {value}</title></rect>")
        out.append(f"<a href='{escape(href(label))}'>{bar}</a>" if href else bar)
    out.append(f"<text x='30' y='{height - 4}'>{escape(points[0][0])}</text>"
               f"<text x='{width - 10}' y='{height - 4}' text-anchor='end'>{escape(points[-1][0])}</text>"
               f"<text x='0' y='12'>{top}</text>")
    return Markup(f"<svg class='chart' viewBox='0 0 {width} {height}' width='100%' role='img'>{''.join(out)}</svg>")


def stacked(rows: list[dict], width: int = 760, height: int = 180, top_kinds: int = 8) -> tuple[Markup, list]:
    """Counts per month stacked by kind (the most frequent kinds, the rest as "other"), and the legend."""
    if not rows:
        return Markup("<p class='muted'>None found.</p>"), []
    totals = defaultdict(int)
    for r in rows:
        totals[r["kind"]] += r["count"]
    kinds = sorted(totals, key=lambda k: -totals[k])[:top_kinds]
    months = sorted({r["month"] for r in rows})
    per = defaultdict(lambda: defaultdict(int))
    for r in rows:
        per[r["month"]][r["kind"] if r["kind"] in kinds else "other"] += r["count"]
    order = kinds + (["other"] if any("other" in per[m] for m in months) else [])
    colors = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(order)}
    top = max(sum(per[m].values()) for m in months) or 1
    step = (width - 40) / len(months)
    out = []
    for i, m in enumerate(months):
        y = height - 20
        for k in order:
            value = per[m].get(k, 0)
            if not value:
                continue
            h = (height - 30) * value / top
            y -= h
            out.append(f"<rect x='{30 + i * step:.1f}' y='{y:.1f}' width='{max(step - 2, 1):.1f}' height='{h:.1f}' "
                       f"fill='{colors[k]}'><title>{escape(m)} · {escape(k.replace('_', ' '))}: {value}</title></rect>")
    out.append(f"<text x='30' y='{height - 4}'>{escape(months[0])}</text>"
               f"<text x='{width - 10}' y='{height - 4}' text-anchor='end'>{escape(months[-1])}</text>"
               f"<text x='0' y='12'>{top}</text>")
    legend = [(k.replace("_", " "), colors[k], totals.get(k, sum(per[m].get(k, 0) for m in months))) for k in order]
    return Markup(f"<svg class='chart' viewBox='0 0 {width} {height}' width='100%' role='img'>{''.join(out)}</svg>"), legend
