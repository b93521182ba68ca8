"""`claimscope eval ptc`: SemEval-2020 Task 11 predictions and scores."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import ClaimscopeError


def _articles(folder: Path) -> dict[str, str]:
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not files:
        raise ClaimscopeError("E080", path=str(folder))
    return {p.stem.replace("article", ""): p.read_text(encoding="utf-8") for p in files}


@click.command(name="ptc")
@click.argument("articles_dir", type=click.Path(path_type=Path))
@click.option("--si-out", type=click.Path(dir_okay=False, path_type=Path), help="Write SI predictions (id, start, end).")
@click.option("--tc-spans", type=click.Path(dir_okay=False, path_type=Path),
              help="TC template: id, technique (may be ?), start, end; one label is predicted per row.")
@click.option("--tc-out", type=click.Path(dir_okay=False, path_type=Path), help="Write TC predictions here.")
@click.option("--si-gold", type=click.Path(dir_okay=False, path_type=Path), help="Score SI against these spans.")
@click.option("--tc-gold", type=click.Path(dir_okay=False, path_type=Path), help="Score TC against these labels.")
@click.option("--threshold", type=float, default=None, help="SI threshold (default: the model's).")
@click.option("--patterns/--no-patterns", default=True, show_default=True,
              help="SI as the analyzer gives it: the model's spans plus appeals to popularity (a phrase "
                   "pattern) and authority quotes the head names Appeal_to_Authority; --no-patterns: the model's only.")
def command(articles_dir, si_out, tc_spans, tc_out, si_gold, tc_gold, threshold, patterns):
    """Predict persuasion techniques for ARTICLES_DIR/article*.txt in SemEval-2020 Task 11 formats."""
    from collections import Counter, defaultdict

    from .. import ingest
    from ..registry import Pipeline
    from ..techniques_model import load
    from .ptc import read_si, read_tc, score_si, score_tc

    articles = _articles(articles_dir)
    if si_out or si_gold:
        pred = defaultdict(list)
        pipeline = Pipeline(["techniques"], config={"techniques": {"patterns": patterns, "threshold": threshold}})
        with click.progressbar(sorted(articles.items()), label="SI", file=sys.stderr) as bar:
            for art, text in bar:
                document = pipeline(ingest.from_text(text, doc_id=art))
                pred[art] += [(t.start, t.end) for t in document.techniques]
        if si_out:
            si_out.write_text("".join(f"{a}\t{s}\t{e}\n" for a in sorted(pred) for s, e in pred[a]))
        if si_gold:
            gold = read_si(si_gold)
            gold = {a: v for a, v in gold.items() if a in articles}
            s = score_si(pred, gold)
            click.echo(f"SI  P {s['precision']:.4f}  R {s['recall']:.4f}  F1 {s['f1']:.4f}"
                       f"  ({s['predicted']} predicted, {s['gold']} gold spans after merging)")
    if tc_spans:
        rows_per_span = Counter()  # a span listed k times gets its k most probable techniques
        for art, _tech, s, e in read_tc(tc_spans):
            if art not in articles:
                raise ClaimscopeError("E080", path=f"{articles_dir} (no article{art}.txt for the template)")
            rows_per_span[(art, s, e)] += 1
        model = load()
        preds = []
        grouped = defaultdict(list)
        for art, s, e in rows_per_span:
            grouped[art].append((s, e))
        with click.progressbar(sorted(grouped.items()), label="TC", file=sys.stderr) as bar:
            for art, spans in bar:
                for (s, e), probs in zip(spans, model.classify_spans(articles[art], spans)):
                    ranked = probs.argsort()[::-1]
                    for k in range(rows_per_span[(art, s, e)]):
                        preds.append((art, model.labels[int(ranked[k])], s, e))
        if tc_out:
            tc_out.write_text("".join(f"{a}\t{t}\t{s}\t{e}\n" for a, t, s, e in preds))
        if tc_gold:
            gold = [r for r in read_tc(tc_gold) if r[0] in articles]
            sc = score_tc(preds, gold)
            click.echo(f"TC  micro-F1 {sc['micro_f1']:.4f}")
            for label, v in sorted(sc["per_class"].items(), key=lambda kv: -kv[1]["support"]):
                click.echo(f"    {label:<40} F1 {v['f1']:.3f}  (support {v['support']})")
