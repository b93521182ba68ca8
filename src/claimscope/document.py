"""The shared document and its typed annotations.

Every annotation points into ``Document.text`` with ``start``/``end`` character
offsets (end exclusive), so ``text[start:end]`` is always the quoted span.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

# the annotation layers a document carries, in report order; analyzers declare which they read and write
LAYERS = ("entities", "attributions", "claims", "techniques", "relations", "signals")
# id prefixes of layers that several analyzers add to: numbered once, by ``Document.merge``
MERGED_PREFIX = {"signals": "S"}


@dataclass
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        return cls(start, end, text[start:end])


@dataclass
class Entity:
    id: str
    name: str
    label: str  # PERSON, ORG, GPE, NORP, ...
    aliases: list[str]
    mentions: list[Span]
    part_of: str | None = None  # id of the actor this one belongs to (MIT -> Turkey)
    merged_by: list[str] = field(default_factory=list)  # why aliases were merged


@dataclass
class Attribution:
    id: str
    kind: str  # direct, indirect, according_to, other
    cue: Span | None  # None for a quote that continues the previous speaker
    content: list[Span]
    source: Span | None = None
    speaker: str | None = None  # entity id the source resolves to
    speaker_name: str | None = None
    is_denial: bool = False
    resolved_by: str | None = None  # how the source was resolved (pronoun, role, previous speaker)
    speakers: list[str] = field(default_factory=list)  # every entity id in a coordinated source


@dataclass
class Claim:
    id: str
    start: int
    end: int
    text: str
    score: float
    voice: str  # "article" or "attributed"
    score_reasons: list[str] = field(default_factory=list)  # what raised or lowered the score
    attribution: str | None = None
    speaker: str | None = None
    speaker_name: str | None = None
    hedged: bool = False
    hedges: list[Span] = field(default_factory=list)
    evidence_type: str = "none"
    is_denial: bool = False
    denies: list[str] = field(default_factory=list)


@dataclass
class Technique:
    id: str
    technique: str
    start: int
    end: int
    text: str
    confidence: float
    explanation: str
    # "model": the PTC-trained network; "pattern": a phrase rule; "attribution": a titled authority's
    # quote (span from the attributions analyzer) that the network's head names Appeal_to_Authority
    method: str = "model"
    evidence: str = ""  # why: span and class probabilities, or the words the pattern matched


@dataclass
class Relation:
    id: str
    source: str  # entity id
    target: str  # entity id
    type: str  # PLOVER event type
    polarity: str  # asserted, denied, questioned
    evidence: Span
    source_name: str = ""
    target_name: str = ""
    speaker: str | None = None
    speaker_name: str | None = None
    claim: str | None = None
    confidence: float = 0.0
    source_via: str | None = None  # the organ the source acted through (Turkish intelligence -> Turkey)
    target_via: str | None = None
    why: str = ""  # the evidence behind the confidence: the type's probability and the runner-up's


@dataclass
class Signal:
    id: str
    type: str
    start: int
    end: int
    text: str
    explanation: str
    severity: str = "info"  # info, warning
    evidence: list[Span] = field(default_factory=list)


@dataclass
class Document:
    text: str
    id: str = ""
    title: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    entities: list[Entity] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    techniques: list[Technique] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    spacy_doc: Any = field(default=None, repr=False, compare=False)
    # what each analyzer added to a merged layer, so that a rerun replaces its own items only
    _added_by: dict[str, dict[str, list]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = hashlib.sha1(self.text.encode("utf-8")).hexdigest()[:12]

    def merge(self, layer: str, items: list, by: str) -> None:
        """The one way analyzers add to a layer they share (signals): ``by``'s earlier items are
        replaced, the others kept; the layer is put in text order and numbered once, here."""
        prefix = MERGED_PREFIX[layer]
        added = self._added_by.setdefault(layer, {})
        theirs = {id(item) for item in added.get(by, [])}
        kept = [item for item in getattr(self, layer) if id(item) not in theirs]
        added[by] = list(items)
        merged = sorted(kept + list(items), key=lambda item: (item.start, item.type))
        for i, item in enumerate(merged, start=1):
            item.id = f"{prefix}{i}"
        setattr(self, layer, merged)

    def span(self, start: int, end: int) -> Span:
        return Span.of(self.text, start, end)

    def title_span(self) -> Span | None:
        """Where the headline sits in the text: the metadata title, else the first real line."""
        if self.title:
            pos = self.text.find(self.title)
            if pos >= 0:
                return self.span(pos, pos + len(self.title))
        return None

    def entity(self, entity_id: str | None) -> Entity | None:
        for ent in self.entities:
            if ent.id == entity_id:
                return ent
        return None
