"""Article extraction scored as the article-extraction-benchmark scores it (Zyte/scrapinghub).

Text is split into ``\\w+`` tokens; each text becomes a multiset of 4-token shingles; a page's
true positives are the shingles the prediction shares with the ground truth (counted with their
multiplicity). Precision, recall and F1 are computed per page and averaged over pages, as the
benchmark's ``evaluate.py`` reports them.
"""
from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ClaimscopeError

_TOKEN = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(" ".join(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def page_scores(truth: str, predicted: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of one page."""
    true, pred = shingles(truth), shingles(predicted)
    tp = sum(min(true[k], pred[k]) for k in true.keys() & pred.keys())
    fp = sum(pred.values()) - tp
    fn = sum(true.values()) - tp
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Scores:
    pages: dict[str, tuple[float, float, float]] = field(default_factory=dict)

    def add(self, page_id: str, truth: str, predicted: str) -> None:
        self.pages[page_id] = page_scores(truth, predicted)

    def summary(self) -> dict[str, float]:
        n = len(self.pages) or 1
        return {"pages": len(self.pages),
                **{name: sum(s[i] for s in self.pages.values()) / n for i, name in enumerate(("precision", "recall", "f1"))}}


def read_pages(folder: Path) -> list[tuple[str, Path, dict]]:
    """(page id, HTML path, ground truth) for each page of a benchmark folder: ``html/ID.html.gz`` and
    ``ground-truth.json`` ({ID: {"articleBody": ..., "url": ...}})."""
    truth_file = folder / "ground-truth.json"
    if not truth_file.is_file() or not (folder / "html").is_dir():
        raise ClaimscopeError("E081", path=str(folder))
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    pages = []
    for page_id, item in sorted(truth.items()):
        path = folder / "html" / f"{page_id}.html.gz"
        if path.is_file():
            pages.append((page_id, path, item))
    return pages


def read_html(path: Path) -> bytes:
    with gzip.open(path, "rb") as fh:
        return fh.read()
