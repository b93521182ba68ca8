"""Precision of the relations the dossier shows on political news, against a reader's judgements
(``annotations/polnear-dev-relation-judgements.json``: text name, the relation's two actors, type,
polarity and evidence offsets, and whether a careful reader sees that act stated there; no text):

    .venv/bin/python scripts/judged_relations.py annotations/polnear-dev-relation-judgements.json ../shared/data/polnear/dev

PolNeAR labels attributions, not relations, so these judgements are the only reference for the
relation layer on US political news. A shown relation no one judged (the analyzer changed since) is
counted apart.
"""
import argparse
import json
from pathlib import Path

from claimscope import ingest
from claimscope.pipeline import Pipeline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("judgements", type=Path)
    parser.add_argument("corpus", type=Path, help="PolNeAR dev: the folder that holds text/")
    parser.add_argument("--unjudged", action="store_true", help="print each relation shown but not judged, to read")
    args = parser.parse_args()
    judged = {(j["text"], j["source"], j["type"], j["polarity"], j["target"], tuple(j["evidence"])): j["holds"]
              for j in json.loads(args.judgements.read_text(encoding="utf-8"))["relations"]}
    shown = right = unjudged = 0
    with Pipeline() as pipeline:
        for path in sorted((args.corpus / "text").iterdir()):
            doc = pipeline(ingest.from_text(path.read_text(encoding="utf-8"), doc_id=path.stem))
            for r in doc.relations:
                key = (path.name, r.source_name, r.type, r.polarity, r.target_name, (r.evidence.start, r.evidence.end))
                shown += 1
                if key not in judged:
                    unjudged += 1
                    if args.unjudged:
                        print(json.dumps({"text": path.name, "source": r.source_name, "type": r.type,
                                          "polarity": r.polarity, "target": r.target_name,
                                          "evidence": [r.evidence.start, r.evidence.end]}), "|", r.evidence.text)
                right += judged.get(key, False)
    print(f"{len(judged)} judged relations ({sum(judged.values())} hold)")
    print(f"shown {shown}, right {right}, not judged {unjudged} (counted wrong); "
          f"precision {right / shown if shown else 0:.2f}")


if __name__ == "__main__":
    main()
