"""Markdown report: the dossier, then one table per layer, spans with offsets."""
from __future__ import annotations

from ..schema.techniques import TECHNIQUES_NOTE, found_by
from .graph import RELATION_CAVEAT
from .safe import markdown_inline


def _cell(text: str, n: int = 140) -> str:
    text = " ".join(str(text).split())
    if len(text) > n:
        text = text[: n - 1] + "…"
    return markdown_inline(text)


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    if not rows:
        return ["_None found._", ""]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines + [""]


def render_markdown(report) -> str:
    doc, d = report.document, report.dossier
    out = [f"# {_cell(doc.get('title') or doc['id'], 300)}", ""]
    meta = doc["metadata"]
    facts = [f"{k}: {meta[k]}" for k in ("site", "author", "date", "url", "path") if meta.get(k)]
    out += [f"_{_cell(' · '.join(facts + [str(doc['length']) + ' characters']), 400)}_", "", "## Dossier", ""]
    if d.get("signal_counts"):
        out.append("**Signals:** " + ", ".join(f"{_cell(k.replace('_', ' '))} ({v})" for k, v in d["signal_counts"].items()))
    if d.get("technique_counts"):
        out.append("**Techniques:** " + ", ".join(f"{_cell(k.replace('_', ' '))} ({v})"
                                                  for k, v in d["technique_counts"].items()))
    out.append("")
    if d.get("key_claims"):
        out += ["### Key claims", ""]
        out += _table(["Claim", "Asserted by", "Evidence", "Hedged", "Denied by"], [
            [k["text"], k["asserted_by"], k["evidence_type"], "yes" if k["hedged"] else "no",
             ", ".join(k["denied_by"]) or "—"] for k in d["key_claims"]])
    if d.get("relations"):
        out += ["### Relations", "", f"_{RELATION_CAVEAT}_", ""]
        out += _table(["Source", "Type", "Target", "Polarity", "According to"], [
            [r["source"], r["type"], r["target"], r["polarity"], r["speaker"]] for r in d["relations"]])
    out += ["## Sourcing signals", ""]
    out += _table(["Signal", "Span", "Offsets", "Why"], [
        [s["type"], s["text"], f"{s['start']}–{s['end']}", s["explanation"]] for s in report.signals])
    out += ["## Who said what", ""]
    out += _table(["Speaker", "Kind", "Cue", "Content", "Offsets"], [
        [(a.get("speaker_name") or (a["source"] or {}).get("text") or "—") + (" (denial)" if a["is_denial"] else ""),
         a["kind"], (a["cue"] or {}).get("text", "(continues)"), " … ".join(c["text"] for c in a["content"]),
         f"{a['content'][0]['start']}–{a['content'][-1]['end']}"] for a in report.attributions])
    out += ["## Relations", ""]
    out += _table(["Source", "Type", "Target", "Polarity", "According to", "Confidence", "Evidence", "Offsets", "Why"], [
        [r["source_name"], r["type"], r["target_name"], r["polarity"], r.get("speaker_name") or "the article",
         f"{r['confidence']:.2f}", r["evidence"]["text"], f"{r['evidence']['start']}–{r['evidence']['end']}",
         r.get("why", "")] for r in report.relations])
    out += ["## Claims", ""]
    out += _table(["Claim", "Score", "Voice", "Speaker", "Evidence", "Hedged"], [
        [c["text"], f"{c['score']:.2f}", c["voice"], c.get("speaker_name") or "the article",
         c["evidence_type"], "yes" if c["hedged"] else "no"] for c in report.claims])
    out += ["## Persuasion techniques", ""]
    out += _table(["Technique", "Span", "Offsets", "Confidence", "Found by", "Evidence"], [
        [t["technique"], t["text"], f"{t['start']}–{t['end']}", f"{t['confidence']:.2f}",
         found_by(t.get("method", "model")), t.get("evidence", "")]
        for t in report.techniques])
    held = report.document.get("metadata", {}).get("techniques_held_back")
    out += ([held, ""] if held else []) + [TECHNIQUES_NOTE, ""]
    out += ["## Actors", ""]
    out += _table(["Actor", "Type", "Aliases", "Mentions", "Merged because"], [
        [e["name"], e["label"], ", ".join(e["aliases"]), str(len(e["mentions"])), "; ".join(e["merged_by"])]
        for e in report.entities])
    return "\n".join(out) + "\n"
