"""`claimscope eval ...`: the evaluations kept in the repository and rerun (trafilatura-style)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import ClaimscopeError


def register(group: click.Group) -> None:
    group.add_command(eval_attributions)
    for name in ("ptc", "plover"):
        try:
            module = __import__(f"claimscope.evaluation.{name}_cli", fromlist=["command"])
        except ModuleNotFoundError as err:
            if err.name != f"claimscope.evaluation.{name}_cli":
                raise
            continue
        group.add_command(module.command)


@click.command(name="attributions")
@click.argument("corpus", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Write one JSON report per text here.")
@click.option("--limit", type=int, default=0, help="Only the first N texts.")
@click.option("--model", default=None)
def eval_attributions(corpus: Path, out_dir: Path, limit: int, model):
    """Run attributions on CORPUS/text/*.txt; score against CORPUS/attributions/*.ann if present."""
    from .. import ingest
    from ..registry import Pipeline
    from ..report import Report
    from .polnear import Scores, from_report, gold_for, read_ann

    texts = sorted((corpus / "text").glob("*.txt")) if (corpus / "text").is_dir() else []
    if not texts:
        raise ClaimscopeError("E080", path=str(corpus))
    if limit:
        texts = texts[:limit]
    out_dir.mkdir(parents=True, exist_ok=True)
    pipeline = Pipeline(["entities", "attributions"], model=model)
    scores, scored = Scores(), 0
    with click.progressbar(texts, label="attributions", file=sys.stderr) as bar:
        for path in bar:
            text = path.read_text(encoding="utf-8")
            doc = pipeline(ingest.Document(text=text, id=path.stem, metadata={"path": str(path)}))
            report = Report.from_document(doc, analyzers=pipeline.names)
            (out_dir / f"{path.stem}.json").write_text(report.to_json(), encoding="utf-8")
            gold = gold_for(corpus, path.stem)
            if gold is not None:
                scores.add(from_report(report.to_dict()), read_ann(gold))
                scored += 1
    click.echo(f"{len(texts)} reports -> {out_dir}")
    if scored:
        s = scores.summary()
        click.echo(f"texts scored: {scored}; attributions predicted {s['predicted']}, gold {s['gold']}")
        click.echo(f"content   P {s['content_precision']:.3f}  R {s['content_recall']:.3f}  F1 {s['content_f1']:.3f}")
        click.echo(f"source accuracy {s['source_accuracy']:.3f}   cue accuracy {s['cue_accuracy']:.3f}")
        click.echo(f"end-to-end P {s['e2e_precision']:.3f}  R {s['e2e_recall']:.3f}  F1 {s['e2e_f1']:.3f}")
        (out_dir / "scores.json").write_text(json.dumps(s, indent=2))
