"""Terminal view with rich: the dossier and one table per layer."""
from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..schema.techniques import TECHNIQUES_NOTE
from .graph import RELATION_CAVEAT
from .safe import plain


def _clip(text: str, n: int = 90) -> str:
    text = " ".join(plain(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def render_text(report, width: int = 120, color: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="auto" if color else None)
    print_report(report, console)
    return buffer.getvalue()


def print_report(report, console: Console) -> None:
    doc, d = report.document, report.dossier
    console.rule(f"[bold]{escape(_clip(doc.get('title') or doc['id'], 100))}")
    meta = doc["metadata"]
    facts = [f"{k}: {meta[k]}" for k in ("site", "author", "date", "url", "path") if meta.get(k)]
    console.print(escape(plain(" · ".join(facts + [f"{doc['length']:,} characters"]))), style="dim")
    if d.get("signal_counts") or d.get("technique_counts"):
        counts = {**d.get("signal_counts", {}), **d.get("technique_counts", {})}
        console.print("Counts: " + escape(plain(", ".join(f"{k} {v}" for k, v in counts.items()))))
    _tbl(console, "Key claims", ["Claim", "Asserted by", "Evidence", "Denied by"],
         [[_clip(k["text"]), k["asserted_by"], k["evidence_type"], ", ".join(k["denied_by"]) or "—"]
          for k in d.get("key_claims", [])])
    if d.get("relations"):
        console.print(RELATION_CAVEAT, style="dim")
    _tbl(console, "Relations", ["Source", "Type", "Target", "Polarity", "According to"],
         [[r["source"], r["type"], r["target"], r["polarity"], r["speaker"]] for r in d.get("relations", [])])
    _tbl(console, "Sourcing signals", ["Signal", "Span", "Why"],
         [[s["type"], _clip(s["text"], 50), _clip(s["explanation"], 110)] for s in report.signals])
    _tbl(console, "Who said what", ["Speaker", "Cue", "Content"],
         [[(a.get("speaker_name") or (a["source"] or {}).get("text") or "—") + (" (denial)" if a["is_denial"] else ""),
           (a["cue"] or {}).get("text", "(continues)"), _clip(" … ".join(c["text"] for c in a["content"]))] for a in report.attributions])
    _tbl(console, "Persuasion techniques", ["Technique", "Span", "Conf.", "Found by"],
         [[t["technique"], _clip(t["text"], 70), f"{t['confidence']:.2f}", t.get("method", "model")]
          for t in report.techniques])
    if "techniques" in report.analyzers:
        held = report.document.get("metadata", {}).get("techniques_held_back")
        console.print(escape(("" if report.techniques else "Persuasion techniques: none shown. ")
                             + (held + " " if held else "") + TECHNIQUES_NOTE), style="dim")
    _tbl(console, "Actors", ["Actor", "Type", "Aliases", "Mentions"],
         [[e["name"], e["label"], _clip(", ".join(e["aliases"]), 60), str(len(e["mentions"]))]
          for e in report.entities])


def _tbl(console: Console, title: str, head: list[str], rows: list[list[str]]) -> None:
    if not rows:
        return
    table = Table(title=title, title_justify="left", show_lines=False, expand=True)
    for h in head:
        table.add_column(h, overflow="fold")
    for row in rows:
        table.add_row(*(escape(plain(c)) for c in row))
    console.print(table)
