"""Phrase patterns for a technique the PTC-trained model hardly learns: the appeal to popularity.

PTC files "many people believe ..." under Bandwagon, but its annotators used that class mostly for
Reductio ad Hitlerum, so the network sees few plain appeals to popularity. The pattern: a quantifier
over a group ("many countries", "most experts", "millions of people") or "everyone", then a verb of
belief or perception ("see", "believe", "know", "agree"), up to the end of the clause. In the PTC
training articles it matches 16 times; PTC's annotators labelled none of those Bandwagon (6 carry
another technique), which is why these spans say method "pattern" and keep a fixed confidence: the
share of matches that lie inside a technique span of any class, 6 of 16. That is below the calibrated
level at which the dossier shows a span, so they show only with a lower ``min_confidence``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

BANDWAGON = "Bandwagon,Reductio_ad_hitlerum"
PATTERN_CONFIDENCE = 0.375  # 6 of 16 matches inside some technique span (see the module docstring)

_QUANTIFIER = (r"(?:many|most|all|countless|numerous|millions of|thousands of|a growing number of|"
               r"more and more|the majority of|the vast majority of)")
_GROUP = (r"(?:people|countries|nations|states|governments|americans|citizens|voters|experts|observers|"
          r"analysts|scientists|economists|critics|commentators|users|readers|europeans|christians|"
          r"muslims|catholics|conservatives|liberals|others)")
_BELIEF = (r"(?:see|saw|believe|believed|agree|agreed|know|knew|think|thought|recogni[sz]e|consider|"
           r"considered|regard|reali[sz]e|understand|accept|suspect|view|are convinced|feel|say|said)")
_POPULARITY = re.compile(
    rf"\b(?P<who>{_QUANTIFIER}\s+(?:[\w-]+\s+){{0,2}}?{_GROUP})\b(?:\s+[\w-]+){{0,2}}?\s+(?P<verb>{_BELIEF})\b"
    r"|\b(?P<who2>everyone|everybody|the whole world|the entire world)\s+(?:now\s+)?"
    r"(?P<verb2>knows|agrees|sees|believes|understands)\b", re.I)
_CLAUSE_END = re.compile(r"[.;!?\n]|,\s+(?:and|but|while|although|whereas)\b")


@dataclass
class PatternMatch:
    start: int
    end: int
    technique: str
    evidence: str


def appeals_to_popularity(text: str, max_len: int = 200) -> list[PatternMatch]:
    out = []
    for m in _POPULARITY.finditer(text):
        stop = _CLAUSE_END.search(text, m.end(), min(len(text), m.start() + max_len))
        end = stop.start() if stop else min(len(text), m.start() + max_len)
        end = len(text[:end].rstrip(" ,:\"'“”"))
        who, verb = m.group("who") or m.group("who2"), m.group("verb") or m.group("verb2")
        out.append(PatternMatch(m.start(), end, BANDWAGON,
                                f"appeal to popularity: {who!r} + {verb!r} (phrase pattern)"))
    return out
