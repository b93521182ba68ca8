"""First names whose gender is near certain in a public reference: src/claimscope/data/first_names_reference.json.

The reference is nomquamgender's name table (MIT licence; pip install nomquamgender, in the training
extra): for each name, how many people in its sources carried it and the share of them that were
women. A name is kept when at least MIN_COUNT people carried it and at most SURE of them, or at
least 1 - SURE, were women; titles and role words are left out. The analyzer asks this table last:
the text's own evidence first, then the names mined from news (first_names.json).

    python training/attributions/reference_first_names.py
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
from pathlib import Path

from claimscope.analyzers.lexicon import AUTHORITY_TITLES, ROLE_WORDS

ROOT = Path(__file__).resolve().parents[2]
MIN_COUNT = 1000
SURE = 0.05


def reference_table() -> dict:
    """The package's name_data.json, read without importing the package (which imports pandas)."""
    spec = importlib.util.find_spec("nomquamgender")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("nomquamgender is not installed: pip install nomquamgender")
    path = Path(next(iter(spec.submodule_search_locations))) / "name_data.json"
    return json.loads(path.read_text(encoding="utf-8"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "src/claimscope/data/first_names_reference.json")
    args = parser.parse_args(argv)
    titles = {w.lower() for w in AUTHORITY_TITLES | ROLE_WORDS}
    names = {}
    for name, (_sources, count, share_women, *_rest) in sorted(reference_table().items()):
        if not re.fullmatch(r"[a-z]+(?:-[a-z]+)?", name) or name in titles or count < MIN_COUNT:
            continue
        if share_women <= SURE or share_women >= 1 - SURE:
            names["-".join(p.capitalize() for p in name.split("-"))] = "f" if share_women >= 0.5 else "m"
    from importlib.metadata import version
    source = f"nomquamgender {version('nomquamgender')} name_data.json (MIT licence)"
    # two space-separated lists, not a mapping: a third of the size
    by_gender = {g: " ".join(n for n, ng in names.items() if ng == g) for g in ("f", "m")}
    args.out.write_text(json.dumps({"source": source, "min_count": MIN_COUNT, "sure": SURE, **by_gender},
                                   ensure_ascii=False, separators=(",", ":")))
    print(f"{len(names)} first names ({sum(g == 'f' for g in names.values())} f) -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
