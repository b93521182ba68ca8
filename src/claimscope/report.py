"""The one report model; JSON, HTML, Markdown and terminal views are built from it."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from importlib import resources
from typing import Any

from .about import NAME, __version__
from .document import (LAYERS, Attribution, Claim, Document, Entity, Relation, Signal, Span, Technique)
from .errors import ClaimscopeError

SCHEMA_VERSION = "1.0"


@dataclass
class Report:
    document: dict[str, Any]
    entities: list[dict] = field(default_factory=list)
    attributions: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    techniques: list[dict] = field(default_factory=list)
    relations: list[dict] = field(default_factory=list)
    signals: list[dict] = field(default_factory=list)
    dossier: dict[str, Any] = field(default_factory=dict)
    analyzers: list[str] = field(default_factory=list)
    generator: dict[str, str] = field(default_factory=lambda: {"name": NAME, "version": __version__})

    @classmethod
    def from_document(cls, document: Document, analyzers: list[str] | None = None) -> "Report":
        title = document.title_span()
        report = cls(
            document={
                "id": document.id,
                "title": document.title,
                "title_span": asdict(title) if title else None,
                "metadata": document.metadata,
                "length": len(document.text),
                "text": document.text,
            },
            analyzers=list(analyzers or []),
            **{layer: [asdict(a) for a in getattr(document, layer)] for layer in LAYERS},
        )
        report.dossier = build_dossier(report)
        return report

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Report":
        """A report read back from its JSON (``to_dict``); ``from_dict(d).to_dict() == d``."""
        version = str(data.get("schema_version", ""))
        if version.split(".")[0] != SCHEMA_VERSION.split(".")[0] or "document" not in data:
            raise ClaimscopeError("E061", version=version or "none", expected=SCHEMA_VERSION)
        return cls(document=data["document"], dossier=data.get("dossier", {}),
                   analyzers=list(data.get("analyzers", [])),
                   generator=dict(data.get("generator", {"name": NAME})),
                   **{layer: list(data.get(layer, [])) for layer in LAYERS})

    @classmethod
    def from_json(cls, blob: str) -> "Report":
        return cls.from_dict(json.loads(blob))

    def to_document(self) -> Document:
        """The typed Document behind this report (without a spaCy parse), for code that reads
        annotations as dataclasses: a stored report analysed further, say."""
        doc = self.document
        return Document(
            text=doc["text"], id=doc["id"], title=doc.get("title"), metadata=dict(doc.get("metadata") or {}),
            entities=[Entity(**{**e, "mentions": _spans(e["mentions"])}) for e in self.entities],
            attributions=[Attribution(**{**a, "cue": _span(a["cue"]), "source": _span(a["source"]),
                                         "content": _spans(a["content"])}) for a in self.attributions],
            claims=[Claim(**{**c, "hedges": _spans(c["hedges"])}) for c in self.claims],
            techniques=[Technique(**t) for t in self.techniques],
            relations=[Relation(**{**r, "evidence": _span(r["evidence"])}) for r in self.relations],
            signals=[Signal(**{**s, "evidence": _spans(s["evidence"])}) for s in self.signals],
        )

    @property
    def text(self) -> str:
        return self.document["text"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "generator": self.generator,
            "analyzers": self.analyzers,
            "document": self.document,
            "dossier": self.dossier,
            **{layer: getattr(self, layer) for layer in LAYERS},
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_html(self) -> str:
        from .render.html import render_html
        return render_html(self)

    def to_markdown(self) -> str:
        from .render.markdown import render_markdown
        return render_markdown(self)

    def render(self, fmt: str) -> str:
        from .render.terminal import render_text

        return {"json": self.to_json, "html": self.to_html, "md": self.to_markdown,
                "text": lambda: render_text(self)}[fmt]()


def build_dossier(report: Report) -> dict[str, Any]:
    """The summary at the top of every report: what is claimed, by whom, denied by whom."""
    entity_names = {e["id"]: e["name"] for e in report.entities}
    claims_by_id = {c["id"]: c for c in report.claims}
    denials: dict[str, list[dict]] = {}
    for claim in report.claims:
        for target in claim.get("denies", []):
            denials.setdefault(target, []).append(claim)
    key_claims = []
    related = {r["claim"] for r in report.relations}
    # what an analyst checks first: contested and relation-bearing claims, then check-worthiness
    ranked = sorted((c for c in report.claims if not c["is_denial"]),
                    key=lambda c: -(c["score"] + 0.3 * (c["id"] in denials) + 0.2 * (c["id"] in related)))
    chosen: list[dict] = []
    for claim in ranked:  # a sentence and the part of it a source reports are one statement: shown once
        if len(chosen) < 8 and not any(claim["start"] < c["end"] and c["start"] < claim["end"] for c in chosen):
            chosen.append(claim)
    for claim in chosen:
        key_claims.append({
            "claim": claim["id"], "text": claim["text"], "start": claim["start"], "end": claim["end"],
            "asserted_by": claim.get("speaker_name") or "the article",
            "evidence_type": claim["evidence_type"], "hedged": claim["hedged"],
            "denied_by": list(dict.fromkeys(d.get("speaker_name") or "the article"  # each denier once
                                            for d in denials.get(claim["id"], []))),
            "denials": [d["id"] for d in denials.get(claim["id"], [])],
        })
    speakers = Counter(a.get("speaker_name") or "(unnamed)" for a in report.attributions)
    return {
        "key_claims": key_claims,
        "denials": [{"claim": c["id"], "text": c["text"], "by": c.get("speaker_name") or "the article",
                     "denies": c["denies"]} for c in report.claims if c["is_denial"]],
        "actors": [{"id": e["id"], "name": e["name"], "label": e["label"], "mentions": len(e["mentions"])}
                   for e in report.entities[:12]],
        "speakers": [{"name": n, "attributions": k} for n, k in speakers.most_common()],
        "evidence_types": dict(Counter(c["evidence_type"] for c in report.claims)),
        "signal_counts": dict(Counter(s["type"] for s in report.signals)),
        "technique_counts": dict(Counter(t["technique"] for t in report.techniques)),
        "relations": [{"source": entity_names.get(r["source"], r["source"]), "type": r["type"],
                       "target": entity_names.get(r["target"], r["target"]), "polarity": r["polarity"],
                       "speaker": r.get("speaker_name") or "the article"} for r in report.relations],
        "claims_total": len(claims_by_id),
    }


def _span(data: dict | None) -> Span | None:
    return Span(**data) if data is not None else None


def _spans(items: list[dict]) -> list[Span]:
    return [Span(**item) for item in items]


def schema() -> dict:
    with resources.files("claimscope.schema").joinpath("report.schema.json").open(encoding="utf-8") as fh:
        return json.load(fh)
