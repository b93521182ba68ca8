"""PolNeAR-style attribution evaluation (brat standoff: Source, Cue, Content).

Pairing: a predicted and a gold attribution pair up one to one when their
contents share a character (greedy, largest overlap first).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Attr:
    content: list[tuple[int, int]]
    cue: list[tuple[int, int]] = field(default_factory=list)
    source: list[tuple[int, int]] = field(default_factory=list)


def read_ann(path: Path) -> list[Attr]:
    spans: dict[str, list[tuple[int, int]]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            _label, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = [tuple(map(int, piece.split())) for piece in offsets.split(";")]
        elif parts[0].startswith("E"):
            roles = dict(arg.split(":", 1) for arg in parts[1].split()[1:] if ":" in arg)
            events.append(roles)
    out = []
    for roles in events:
        if "Content" not in roles or roles["Content"] not in spans:
            continue
        out.append(Attr(content=spans[roles["Content"]], cue=spans.get(roles.get("Cue", ""), []),
                        source=spans.get(roles.get("Source", ""), [])))
    return out


def _chars(spans) -> set[int]:
    return {i for s, e in spans for i in range(s, e)}


def _overlap(a, b) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def pair(pred: list[Attr], gold: list[Attr]) -> list[tuple[int, int]]:
    pc = [_chars(p.content) for p in pred]
    gc = [_chars(g.content) for g in gold]
    cands = sorted(((len(pc[i] & gc[j]), i, j) for i in range(len(pred)) for j in range(len(gold))
                    if pc[i] & gc[j]), reverse=True)
    used_p, used_g, pairs = set(), set(), []
    for _, i, j in cands:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


@dataclass
class Scores:
    n_pred: int = 0
    n_gold: int = 0
    paired: int = 0
    source_ok: int = 0
    source_total: int = 0
    cue_ok: int = 0
    cue_total: int = 0
    e2e: int = 0

    def add(self, pred: list[Attr], gold: list[Attr]) -> None:
        self.n_pred += len(pred)
        self.n_gold += len(gold)
        for i, j in pair(pred, gold):
            p, g = pred[i], gold[j]
            self.paired += 1
            if g.source:
                self.source_total += 1
                self.source_ok += bool(p.source) and _overlap(p.source, g.source)
            if g.cue:
                self.cue_total += 1
                self.cue_ok += bool(p.cue) and _overlap(p.cue, g.cue)
            pc, gc = _chars(p.content), _chars(g.content)
            jaccard = len(pc & gc) / len(pc | gc)
            source_match = (_overlap(p.source, g.source) if g.source else not p.source)
            self.e2e += jaccard >= 0.5 and source_match

    @staticmethod
    def _f1(tp, n_pred, n_gold):
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def summary(self) -> dict:
        cp, cr, cf = self._f1(self.paired, self.n_pred, self.n_gold)
        ep, er, ef = self._f1(self.e2e, self.n_pred, self.n_gold)
        return {
            "predicted": self.n_pred, "gold": self.n_gold,
            "content_precision": cp, "content_recall": cr, "content_f1": cf,
            "source_accuracy": self.source_ok / self.source_total if self.source_total else 0.0,
            "cue_accuracy": self.cue_ok / self.cue_total if self.cue_total else 0.0,
            "e2e_precision": ep, "e2e_recall": er, "e2e_f1": ef,
        }


def from_report(report: dict) -> list[Attr]:
    out = []
    for a in report["attributions"]:
        out.append(Attr(content=[(c["start"], c["end"]) for c in a["content"]],
                        cue=[(a["cue"]["start"], a["cue"]["end"])] if a.get("cue") else [],
                        source=[(a["source"]["start"], a["source"]["end"])] if a.get("source") else []))
    return out


def gold_for(corpus: Path, name: str) -> Path | None:
    files = sorted(p for p in (corpus / "attributions").glob(f"{name}_*.ann") if p.stem.rsplit("_", 1)[0] == name)
    return files[0] if files else None
