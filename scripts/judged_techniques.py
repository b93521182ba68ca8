"""Precision of the technique spans the dossier shows on real pages, against a reader's judgements
(``annotations/technique-judgements.json``: page id, technique, offsets into the page's ground-truth
``articleBody``, and whether a careful reader sees that technique there; no article text):

    .venv/bin/python scripts/judged_techniques.py annotations/technique-judgements.json ../shared/data/news-html
    .venv/bin/python scripts/judged_techniques.py ... --every-text   # without the public-affairs gate

The judged spans are those shown on the 157 pages of ``../shared/data/news-html`` outside the real-news
development set when they were judged (2026-11-27, before the public-affairs gate was written). A
shown span is right when a plausible judgement of the same technique overlaps it; a shown span no
one judged is counted apart.
"""
import argparse
import json
from pathlib import Path

from claimscope.analyzers.techniques import shown_from
from claimscope.evaluation.extraction import read_html, read_pages
from claimscope.evaluation.realnews import Tally, locate, score_techniques
from claimscope.ingest import from_html, html_bytes_to_str
from claimscope.pipeline import Pipeline
from claimscope.report import Report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("judgements", type=Path)
    parser.add_argument("pages", type=Path)
    parser.add_argument("--every-text", action="store_true", help="show spans in every text (no public-affairs gate)")
    args = parser.parse_args()
    judged = json.loads(args.judgements.read_text(encoding="utf-8"))["spans"]
    by_page: dict[str, list[dict]] = {}
    for j in judged:
        by_page.setdefault(j["page"], []).append(j)
    config = {"techniques": {"min_confidence": shown_from()}} if args.every_text else {}
    tally = Tally()
    with Pipeline(config=config) as pipeline:
        for page_id, path, truth in read_pages(args.pages):
            if page_id not in by_page:
                continue
            doc = pipeline(from_html(html_bytes_to_str(read_html(path)), doc_id=page_id))
            report = Report.from_document(doc, analyzers=pipeline.names).to_dict()
            score_techniques(report, by_page[page_id], lambda at: locate(truth["articleBody"], at, doc.text), tally)
    shown, right = tally.techniques_shown, tally.techniques_right
    print(f"{len(by_page)} pages, {len(judged)} judged spans ({sum(j['plausible'] for j in judged)} plausible)")
    print(f"shown {shown}, right {right}, not judged {tally.techniques_unjudged}; "
          f"precision {right / shown if shown else 0:.2f}")


if __name__ == "__main__":
    main()
