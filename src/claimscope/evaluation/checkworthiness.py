"""ClaimBuster / CheckThat! Task 1 sentences: reading them, and F1 of the Yes class."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ..errors import ClaimscopeError


@dataclass
class Sentence:
    id: str
    text: str
    label: bool | None  # True for Yes, None when the file has no labels


def read_sentences(path: Path) -> list[Sentence]:
    """``Sentence_id<TAB>Text[<TAB>class_label]`` with a header line."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise ClaimscopeError("E072", path=str(path), what="check-worthiness TSV", reason=str(err)) from None
    if not rows or not {"Sentence_id", "Text"} <= set(rows[0]):
        raise ClaimscopeError("E072", path=str(path), what="check-worthiness TSV",
                              reason="expected a header with Sentence_id and Text (and class_label)")
    out = []
    for row in rows:
        label = row.get("class_label")
        out.append(Sentence(row["Sentence_id"], row["Text"] or "",
                            None if label in (None, "") else label.strip() == "Yes"))
    return out


def f1_yes(gold: list[bool], predicted: list[bool]) -> tuple[float, float, float]:
    tp = sum(g and p for g, p in zip(gold, predicted))
    precision = tp / max(sum(predicted), 1)
    recall = tp / max(sum(gold), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)
