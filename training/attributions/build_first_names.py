"""Mine first names and their gender from news text: src/claimscope/data/first_names.json.

In each article the attributions analyzer already knows the gender the text itself gives some
people (a title such as "Mrs." next to a mention, a gendered role word, the he/she of sentences in
which the person is the only one named). Counted over many articles by the person's first name,
this gives the gender a first name usually has in the news, without any name list from outside.
A person counts once per article; a name is kept when it was seen in at least MIN_SEEN such
(person, article) pairs and AGREEMENT of them agree. Titles ("Cardinal Burke") and words that are
more often the last word of a name ("Trump Jr.") are not first names.

    python training/attributions/build_first_names.py ../shared/data/polnear/train/text [more folders]
"""
from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from claimscope import ingest
from claimscope.analyzers.attributions.rules import extract_raw
from claimscope.analyzers.attributions.speakers import _entity_mentions, person_genders
from claimscope.analyzers.lexicon import AUTHORITY_TITLES, ROLE_WORDS
from claimscope.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[2]
MIN_SEEN = 3
AGREEMENT = 0.9


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", type=Path, nargs="+", help="folders of .txt articles")
    parser.add_argument("--out", type=Path, default=ROOT / "src/claimscope/data/first_names.json")
    args = parser.parse_args(argv)
    pipeline = Pipeline(["entities"], prefetch=False)
    seen: dict[str, dict[str, set]] = defaultdict(lambda: {"m": set(), "f": set()})  # first name -> (person, article)
    last_words: dict[str, int] = defaultdict(int)
    first_words: dict[str, int] = defaultdict(int)
    files = sorted(p for folder in args.folders for p in folder.glob("*.txt"))
    for n, path in enumerate(files, start=1):
        document = pipeline(ingest.from_text(path.read_text(encoding="utf-8"), doc_id=path.stem))
        genders = person_genders(document, _entity_mentions(document), extract_raw(document.spacy_doc))
        for ent in document.entities:
            words = ent.name.split()
            if ent.label != "PERSON" or len(words) < 2:
                continue
            first_words[words[0]] += 1
            last_words[words[-1]] += 1
            if ent.id in genders and words[0].isalpha() and not words[0].isupper():
                seen[words[0]][genders[ent.id]].add((ent.name, path.stem))
        if n % 200 == 0:
            print(f"{n}/{len(files)} articles", flush=True)
    names = {}
    titles = {w.lower() for w in AUTHORITY_TITLES | ROLE_WORDS}
    for name, by in sorted(seen.items()):
        m, f = len(by["m"]), len(by["f"])
        if name.lower() in titles or last_words[name] > first_words[name]:
            continue
        if m + f >= MIN_SEEN and max(m, f) >= AGREEMENT * (m + f):
            names[name] = "m" if m > f else "f"
    args.out.write_text(json.dumps({"source": [f.as_posix() for f in args.folders], "min_seen": MIN_SEEN,
                                    "agreement": AGREEMENT, "names": names}, indent=0, ensure_ascii=False))
    print(f"{len(names)} first names ({sum(g == 'f' for g in names.values())} f) from {len(files)} articles -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
