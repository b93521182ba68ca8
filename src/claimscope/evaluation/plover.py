"""PLOVER relation corpus (PLV): marked sentences <s>source</s> … <t>target</t> with a gold
event type, read from TSV, and the scores of predicted types (accuracy, macro-F1)."""
from __future__ import annotations

import csv
from pathlib import Path

from ..errors import ClaimscopeError


def read_tsv(path: Path) -> list[dict]:
    """Rows of a PLV TSV file (uid, marked_sentence, gold_root, ...), as dicts."""
    if not path.exists():
        raise ClaimscopeError("E005", str(path))
    csv.field_size_limit(10**7)
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    if not rows or "marked_sentence" not in rows[0]:
        raise ClaimscopeError("E006", str(path), reason="expected a TSV with a marked_sentence column")
    return rows


def row_id(row: dict, number: int) -> str:
    return row.get("uid") or row.get("sentence_id") or row.get("") or str(number)


def scores(gold: list[str], predicted: list[str]) -> dict[str, float]:
    """Accuracy and macro-F1 over every label seen in gold or predictions (as scikit-learn's
    ``f1_score(average="macro")``), so the command needs no training library."""
    labels = sorted(set(gold) | set(predicted))
    f1s = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, predicted) if g == label and p != label)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    correct = sum(1 for g, p in zip(gold, predicted) if g == p)
    return {"accuracy": correct / len(gold) if gold else 0.0, "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0}


def parse_marked(nlp, marked: str):
    """Strip the marks, parse the sentence, return (doc, source span, target span)."""
    text, bounds, i = "", {}, 0
    tags = ("<s>", "</s>", "<t>", "</t>")
    while i < len(marked):
        tag = next((t for t in tags if marked.startswith(t, i)), None)
        if tag:
            key = tag.strip("</>")
            bounds.setdefault(key, [None, None])[1 if tag.startswith("</") else 0] = len(text)
            i += len(tag)
        else:
            text += marked[i]
            i += 1
    doc = nlp(text)

    def span(key):
        a, b = bounds.get(key, [None, None])
        if a is None or b is None or b <= a:
            return doc[0:1]
        return doc.char_span(a, b, alignment_mode="expand") or doc[0:1]
    return doc, span("s"), span("t")
