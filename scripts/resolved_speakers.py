"""List the speakers that the body and group rules resolve on pages, with context, for reading:

    .venv/bin/python scripts/resolved_speakers.py ../shared/data/news-html

Prints every attribution whose source ("the ministry", "the company", "they") was resolved to an
organisation or group named before it, with 160 characters of context, and the count.
"""
import sys
from pathlib import Path

from claimscope.evaluation.extraction import read_html, read_pages
from claimscope.errors import ClaimscopeError
from claimscope.ingest import from_html, html_bytes_to_str
from claimscope.pipeline import Pipeline

RULES = ("named just before", "organisation just before", "the last", "body quoted just before",
         "group quoted just before", "group named just before")


def main(folder: Path) -> None:
    count = 0
    with Pipeline(["entities", "attributions"]) as pipeline:
        for page_id, path, _truth in read_pages(folder):
            try:
                doc = pipeline(from_html(html_bytes_to_str(read_html(path)), doc_id=page_id))
            except ClaimscopeError:
                continue  # not English, no main text: the analysis refuses it, so does this list
            for att in doc.attributions:
                how = att.resolved_by or ""
                if att.source is None or "person" in how or not any(rule in how for rule in RULES):
                    continue
                count += 1
                context = doc.text[max(0, att.source.start - 160):att.source.end + 60].replace("\n", " ")
                print(f"[{page_id[:8]}] {att.source.text!r} -> {att.speaker_name!r} ({how})\n    …{context}…")
    print(f"{count} sources resolved by the body and group rules")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
