"""How the appeal-to-popularity pattern agrees with PTC's annotators (the figures in the README).

    python training/techniques/pattern_agreement.py ../shared/data/ptc-train
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

from claimscope.evaluation.ptc import read_tc  # noqa: E402
from claimscope.analyzers.techniques.patterns import BANDWAGON, appeals_to_popularity  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    args = parser.parse_args()
    gold = defaultdict(list)
    for art, tech, s, e in read_tc(args.corpus / "train-TC.labels"):
        gold[art].append((tech, s, e))
    matches = same_class = any_class = 0
    overlapped = Counter()
    for path in sorted((args.corpus / "articles").glob("*.txt")):
        art = path.stem.replace("article", "")
        for m in appeals_to_popularity(path.read_text(encoding="utf-8")):
            labels = {t for t, s, e in gold[art] if s < m.end and m.start < e}
            matches += 1
            same_class += BANDWAGON in labels
            any_class += bool(labels)
            overlapped.update(labels)
    print(f"{matches} matches; {same_class} overlap a gold Bandwagon span; {any_class} overlap any gold span")
    print("gold techniques they overlap:", dict(overlapped.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
