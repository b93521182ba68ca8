"""The real-news development set: pages of the article-extraction benchmark read and annotated by
hand (``annotations/realnews/ID.json``), and the scores of an analysis against them.

Annotations hold no article text: spans are offsets into the page's ground-truth ``articleBody``
(which the benchmark ships and which does not change), and are found again in claimscope's own
extracted text at scoring time, by their words and a little context. Each file lists, for its page:

- ``relations``: every relation between actors the text states: source, target (names), PLOVER
  type, polarity (asserted, denied, questioned, hypothetical), speaker (a name, or null for the
  article's own voice) and the evidence span;
- ``pronouns``: every he/she/it/they that is the source of a statement, with its speaker's name;
- ``flags``: every span that deserves a sourcing flag, by type (vague_source, acronym_mismatch,
  unattributed_allegation, question_headline); anything else flagged is a false flag.
- ``techniques``: technique spans read and judged: the technique, and whether a careful reader sees
  that technique there (``plausible``). A technique the dossier shows counts as right only where a
  plausible judgement of the same technique overlaps it; shown spans nobody judged count as wrong. A span may be
  ``"title"``: the page's headline, which the benchmark's ``articleBody`` does not hold.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ClaimscopeError


def load_annotations(folder: Path) -> dict[str, dict]:
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    if not files:
        raise ClaimscopeError("E082", path=str(folder))
    pages = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    return {page["page"]: page for page in pages}


def _loose(text: str) -> str:
    """A regex for text with any run of whitespace matching any other."""
    return "".join(r"\s+" if part.isspace() else re.escape(part) for part in re.split(r"(\s+)", text) if part)


def locate(truth: str, span: list[int], text: str) -> tuple[int, int] | None:
    """Where the ground-truth span [start, end) is in claimscope's text: the span with some context
    first (to tell repeated words apart), then with less, then alone; None when the text lost it."""
    start, end = span
    for width in (40, 15, 0):
        before, after = truth[max(0, start - width):start], truth[end:end + width]
        m = re.search(_loose(before) + "(" + _loose(truth[start:end]) + ")" + _loose(after), text)
        if m:
            return m.start(1), m.end(1)
    return None


def _norm_name(name: str) -> str:
    return " ".join(re.findall(r"[\w’'&+-]+", name.lower()))


def same_actor(name: str | None, names: set[str]) -> bool:
    """Does an annotated name denote the entity with these names (its name and aliases)? Case and
    punctuation aside ("Jr." / "Jr"), an entity named by the surname alone counts for the person, and
    a name of two joined by "and" or "/" counts for each ("Comcast/Xfinity" for Comcast)."""
    if not name:
        return not names
    want = _norm_name(name)
    for n in filter(None, names):
        have = _norm_name(n)
        if want == have or want in [_norm_name(part) for part in re.split(r" and |/", n)]:  # "Comcast/Xfinity"
            return True
        if " " not in have and have == want.split()[-1]:
            return True
    return False


@dataclass
class Tally:
    relations_predicted: int = 0
    relations_right: int = 0
    relations_gold: int = 0
    relations_found: int = 0
    pronouns_gold: int = 0
    pronouns_right: int = 0
    pronouns_resolved: int = 0
    anonymous_gold: int = 0
    anonymous_found: int = 0
    flags: dict[str, list[int]] = field(default_factory=dict)  # type -> [flagged, right]
    techniques_shown: int = 0
    techniques_right: int = 0
    techniques_unjudged: int = 0
    lost_spans: int = 0

    def summary(self) -> dict:
        def ratio(a, b):
            return a / b if b else None
        return {
            "relation_precision": ratio(self.relations_right, self.relations_predicted),
            "relation_recall": ratio(self.relations_found, self.relations_gold),
            "relations": [self.relations_predicted, self.relations_gold],
            "pronoun_accuracy": ratio(self.pronouns_right, self.pronouns_gold),
            "pronoun_precision": ratio(self.pronouns_right, self.pronouns_resolved),
            "pronouns": self.pronouns_gold,
            "anonymous_recall": ratio(self.anonymous_found, self.anonymous_gold),
            "flag_precision": {t: ratio(r, n) for t, (n, r) in sorted(self.flags.items())},
            "flags": {t: n for t, (n, r) in sorted(self.flags.items())},
            "technique_precision": ratio(self.techniques_right, self.techniques_shown),
            "techniques": [self.techniques_shown, self.techniques_unjudged],
            "spans_not_found_in_the_text": self.lost_spans,
        }


def score_page(report: dict, truth: str, gold: dict, tally: Tally) -> None:
    """Add one page's comparison to the tally (``report`` is a report's dict)."""
    text = report["document"]["text"]
    names = {e["id"]: {e["name"], *e["aliases"]} for e in report["entities"]}

    title = report["document"].get("title_span")

    def where(span):
        if span == "title":  # the headline, which the benchmark's articleBody does not hold
            return (title["start"], title["end"]) if title else None
        found = locate(truth, span, text)
        if found is None:
            tally.lost_spans += 1
        return found

    def overlaps(a, b) -> bool:
        return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]

    gold_relations = [(g, where(g["evidence"])) for g in gold.get("relations", [])]
    tally.relations_gold += len(gold_relations)
    matched = set()
    for r in report["relations"]:
        tally.relations_predicted += 1
        evidence = (r["evidence"]["start"], r["evidence"]["end"])
        for k, (g, at) in enumerate(gold_relations):
            if (overlaps(evidence, at) and g["type"] == r["type"] and g["polarity"] == r["polarity"]
                    and same_actor(g["source"], names.get(r["source"], {r["source_name"]}))
                    and same_actor(g["target"], names.get(r["target"], {r["target_name"]}))):
                tally.relations_right += 1
                matched.add(k)
                break
    tally.relations_found += len(matched)
    for p in gold.get("pronouns", []):
        tally.pronouns_gold += 1
        at = where(p["at"])
        att = next((a for a in report["attributions"] if a["source"] and overlaps((a["source"]["start"], a["source"]["end"]), at)), None)
        if att is None or not att.get("resolved_by"):
            continue
        tally.pronouns_resolved += 1
        if same_actor(p["speaker"], names.get(att["speaker"], {att.get("speaker_name")})):
            tally.pronouns_right += 1
    gold_flags = [(f["type"], where(f["at"])) for f in gold.get("flags", [])]
    for kind, at in gold_flags:
        if kind == "vague_source":
            tally.anonymous_gold += 1
            if any(s["type"] == kind and overlaps((s["start"], s["end"]), at) for s in report["signals"]):
                tally.anonymous_found += 1
    for s in report["signals"]:
        counts = tally.flags.setdefault(s["type"], [0, 0])
        counts[0] += 1
        if any(kind == s["type"] and overlaps((s["start"], s["end"]), at) for kind, at in gold_flags):
            counts[1] += 1
    score_techniques(report, gold.get("techniques", []), where, tally)


def score_techniques(report: dict, judged: list[dict], where, tally: Tally) -> None:
    """Shown technique spans against the reader's judgements of the same technique."""
    spans = [(j["technique"], j["plausible"], where(j["at"])) for j in judged]
    for t in report["techniques"]:
        tally.techniques_shown += 1
        verdicts = [ok for tech, ok, at in spans
                    if tech == t["technique"] and at is not None and at[0] < t["end"] and t["start"] < at[1]]
        if not verdicts:
            tally.techniques_unjudged += 1
        tally.techniques_right += any(verdicts)
