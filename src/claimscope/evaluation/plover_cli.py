"""`claimscope eval plover`: PLOVER relation types for marked sentences."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import click

from ..errors import ClaimscopeError


@click.command(name="plover")
@click.argument("tsv", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Write uid<TAB>predicted type here.")
def command(tsv: Path, out: Path):
    """Type the relation between <s>source</s> and <t>target</t> in each row of TSV."""
    from .. import nlp as nlp_mod
    from ..relations_model import features, load

    from .plover_io import parse_marked

    if not tsv.exists():
        raise ClaimscopeError("E005", str(tsv))
    csv.field_size_limit(10**7)
    with tsv.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    if not rows or "marked_sentence" not in rows[0]:
        raise ClaimscopeError("E006", str(tsv), reason="expected a TSV with a marked_sentence column")
    nlp = nlp_mod.load()
    model = load()
    preds, gold = [], []
    with click.progressbar(rows, label="plover", file=sys.stderr) as bar:
        for n, row in enumerate(bar, start=1):
            uid = row.get("uid") or row.get("sentence_id") or row.get("") or str(n)
            label, _conf, _ = model.predict(features(*parse_marked(nlp, row["marked_sentence"])))
            preds.append((uid, label))
            if row.get("gold_root"):
                gold.append(row["gold_root"])
    out.write_text("".join(f"{u}\t{p}\n" for u, p in preds), encoding="utf-8")
    click.echo(f"{len(preds)} predictions -> {out}")
    if gold and len(gold) == len(preds):
        from sklearn.metrics import accuracy_score, f1_score
        labels = [p for _, p in preds]
        click.echo(f"accuracy {accuracy_score(gold, labels):.3f}  macro-F1 {f1_score(gold, labels, average='macro'):.3f}")
