"""`claimscope eval ...`: the evaluations kept in the repository and rerun (trafilatura-style).

Each command reads a public corpus by path, runs the library, writes predictions in the corpus's
own format and prints the scores of ``claimscope.evaluation``.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import ClaimscopeError
from ..pipeline import Pipeline
from ..report import Report
from .common import Guarded, write_file


@click.group(name="eval", cls=Guarded)
def eval_group():
    """Evaluate analyzers on public corpora."""


@click.command(name="attributions")
@click.argument("corpus", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Write one JSON report per text here.")
@click.option("--limit", type=int, default=0, help="Only the first N texts.")
@click.option("--model", default=None)
@click.option("--attributions", "attribution_mode", type=click.Choice(["tagger+rules", "rules+tagger", "tagger", "rules"]),
              default=None, help="Score this combination of the learned tagger and the rules (default: the analyzer's).")
def eval_attributions(corpus: Path, out_dir: Path, limit: int, model, attribution_mode):
    """Run attributions on CORPUS/text/*.txt; score against CORPUS/attributions/*.ann if present."""
    from .. import ingest
    from ..evaluation.polnear import Scores, from_report, gold_for, read_ann

    texts = sorted((corpus / "text").glob("*.txt")) if (corpus / "text").is_dir() else []
    if not texts:
        raise ClaimscopeError("E080", path=str(corpus))
    if limit:
        texts = texts[:limit]
    out_dir.mkdir(parents=True, exist_ok=True)
    config = {"attributions": {"combine": attribution_mode}} if attribution_mode else {}
    pipeline = Pipeline(["entities", "attributions"], model=model, config=config)
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
def eval_ptc(articles_dir, si_out, tc_spans, tc_out, si_gold, tc_gold, threshold, patterns):
    """Predict persuasion techniques for ARTICLES_DIR/article*.txt in SemEval-2020 Task 11 formats."""
    from collections import Counter, defaultdict

    from .. import ingest
    from ..analyzers.techniques.model import load
    from ..evaluation.ptc import read_si, read_tc, score_si, score_tc

    articles = _articles(articles_dir)
    if si_out or si_gold:
        pred = defaultdict(list)
        pipeline = Pipeline(["techniques"], config={"techniques": {"patterns": patterns, "threshold": threshold,
                                                             "min_confidence": 0.0}})  # SI scores every span
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


@click.command(name="plover")
@click.argument("tsv", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Write uid<TAB>predicted type here.")
def eval_plover(tsv: Path, out: Path):
    """Type the relation between <s>source</s> and <t>target</t> in each row of TSV."""
    from ..analyzers.relations.model import features, load
    from ..evaluation.plover import parse_marked, read_tsv, row_id, scores
    from ..pipeline import nlp as nlp_mod

    rows = read_tsv(tsv)
    nlp = nlp_mod.load()
    model = load()
    preds, gold = [], []
    with click.progressbar(rows, label="plover", file=sys.stderr) as bar:
        for n, row in enumerate(bar, start=1):
            label, _conf, _ = model.predict(features(*parse_marked(nlp, row["marked_sentence"])))
            preds.append((row_id(row, n), label))
            if row.get("gold_root"):
                gold.append(row["gold_root"])
    write_file(out, "".join(f"{u}\t{p}\n" for u, p in preds))
    click.echo(f"{len(preds)} predictions -> {out}")
    if gold and len(gold) == len(preds):
        s = scores(gold, [p for _, p in preds])
        click.echo(f"accuracy {s['accuracy']:.3f}  macro-F1 {s['macro_f1']:.3f}")


@click.command(name="extraction")
@click.argument("pages_dir", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write per-page scores (JSON) here.")
def eval_extraction(pages_dir: Path, out: Path | None):
    """Score the main text claimscope extracts from PAGES_DIR/html/*.html.gz against
    PAGES_DIR/ground-truth.json, beside trafilatura alone with the benchmark's settings."""
    import trafilatura

    from ..evaluation.extraction import Scores, read_html, read_pages
    from ..ingest import Limits, from_html, html_bytes_to_str

    pages = read_pages(pages_dir)
    ours, alone, failed = Scores(), Scores(), []
    with click.progressbar(pages, label="extraction", file=sys.stderr) as bar:
        for page_id, path, truth in bar:
            html = html_bytes_to_str(read_html(path))
            alone.add(page_id, truth["articleBody"], trafilatura.extract(html, include_comments=False) or "")
            try:
                document = from_html(html, doc_id=page_id, limits=Limits(max_chars=10**8))
                body = document.text[document.metadata.get("body_start", 0):]
            except ClaimscopeError as err:
                failed.append(f"{page_id}: {err.detail}")
                body = ""
            ours.add(page_id, truth["articleBody"], body)
    for name, scores in (("claimscope", ours), ("trafilatura alone", alone)):
        s = scores.summary()
        click.echo(f"{name:<18} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  ({s['pages']} pages)")
    for line in failed:
        click.echo(f"  no text: {line}", err=True)
    if out:
        write_file(out, json.dumps({"claimscope": ours.pages, "trafilatura": alone.pages}, indent=1))


@click.command(name="realnews")
@click.argument("annotations_dir", type=click.Path(path_type=Path))
@click.argument("pages_dir", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the scores (JSON) here.")
def eval_realnews(annotations_dir: Path, pages_dir: Path, out: Path | None):
    """Analyze the annotated pages of PAGES_DIR and score relations, pronoun speakers, anonymous
    sources and flags against ANNOTATIONS_DIR/*.json."""
    from ..evaluation.extraction import read_html, read_pages
    from ..evaluation.realnews import Tally, load_annotations, score_page
    from ..ingest import from_html, html_bytes_to_str

    gold = load_annotations(annotations_dir)
    pages = [(pid, path, truth) for pid, path, truth in read_pages(pages_dir) if pid in gold]
    tally = Tally()
    with Pipeline() as pipeline, click.progressbar(pages, label="real news", file=sys.stderr) as bar:
        for page_id, path, truth in bar:
            document = pipeline(from_html(html_bytes_to_str(read_html(path)), doc_id=page_id))
            report = Report.from_document(document, analyzers=pipeline.names).to_dict()
            score_page(report, truth["articleBody"], gold[page_id], tally)
    s = tally.summary()

    def show(value):
        return "n/a" if value is None else f"{value:.2f}"
    click.echo(f"{len(pages)} annotated pages")
    click.echo(f"relations          P {show(s['relation_precision'])}  R {show(s['relation_recall'])}"
               f"  ({s['relations'][0]} predicted, {s['relations'][1]} annotated)")
    click.echo(f"pronoun speakers   accuracy {show(s['pronoun_accuracy'])}  precision of the resolved "
               f"{show(s['pronoun_precision'])}  ({s['pronouns']} annotated)")
    click.echo(f"anonymous sources  recall {show(s['anonymous_recall'])}")
    for kind, precision in s["flag_precision"].items():
        click.echo(f"flag {kind:<24} precision {show(precision)}  ({s['flags'][kind]} flagged)")
    click.echo(f"techniques shown   precision {show(s['technique_precision'])}  ({s['techniques'][0]} shown, "
               f"{s['techniques'][1]} of them not judged, counted wrong)")
    if s["spans_not_found_in_the_text"]:
        click.echo(f"({s['spans_not_found_in_the_text']} annotated spans not found in the extracted text)")
    if out:
        write_file(out, json.dumps(s, indent=2))


@click.command(name="claim-matching")
@click.argument("queries", type=click.Path(path_type=Path))
@click.option("--vclaims", type=click.Path(path_type=Path), required=True, help="Verified claims, JSONL.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Write the TREC run here.")
@click.option("--qrels", type=click.Path(path_type=Path), default=None, help="TREC qrels: print MAP@5, P@1, MRR.")
@click.option("--depth", type=click.IntRange(1, 1000), default=5, show_default=True, help="Claims ranked per query.")
@click.option("--vector-weight", type=click.FloatRange(0, 1), default=None,
              help="Weight of the vector side (0: BM25 alone, 1: MiniLM alone; default: the shipped 0.5).")
@click.option("--no-dates", is_flag=True, help="Leave out the date bonus (a claim checked soon after the query).")
def eval_claim_matching(queries: Path, vclaims: Path, out: Path, qrels: Path | None, depth: int,
                        vector_weight: float | None, no_dates: bool):
    """Rank the verified claims for each query in QUERIES (id<TAB>text); write a TREC run."""
    from ..evaluation.claim_matching import query_date, read_qrels, read_queries, read_vclaims, scores
    from ..matching.index import ClaimIndex

    asked = read_queries(queries)
    known = read_vclaims(vclaims)
    index = ClaimIndex(known.ids, known.texts, claims=known.claims, dates=None if no_dates else known.dates)
    if vector_weight is not None:
        index.vector_weight = vector_weight
    ranked = index.search([q for _, q in asked], k=depth, dates=[query_date(q) for _, q in asked])
    lines, run = [], {}
    for (qid, _), matches in zip(asked, ranked):
        run[qid] = [m.id for m in matches]
        lines += [f"{qid}\tQ0\t{m.id}\t{rank}\t{m.score:.4f}\tclaimscope" for rank, m in enumerate(matches, 1)]
    write_file(out, "\n".join(lines) + "\n")
    click.echo(f"{len(asked)} queries ranked against {len(index.ids)} verified claims -> {out}")
    if qrels:
        gold = read_qrels(qrels)
        s = scores(run, {q: r for q, r in gold.items() if q in run})
        click.echo(f"queries scored: {s['queries']}   MAP@5 {s['map@5']:.4f}   P@1 {s['p@1']:.4f}   MRR {s['mrr']:.4f}")


@click.command(name="checkworthiness")
@click.argument("tsv", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Write Sentence_id<TAB>Yes|No<TAB>score here.")
def eval_checkworthiness(tsv: Path, out: Path):
    """Judge every sentence of TSV (Sentence_id, Text[, class_label]); print F1 of Yes when labelled."""
    from ..analyzers.checkworthy import load
    from ..evaluation.checkworthiness import f1_yes, read_sentences

    rows = read_sentences(tsv)
    model = load()
    judged = model.score([r.text for r in rows])
    verdicts = [j.probability >= model.threshold for j in judged]
    write_file(out, "".join(f"{r.id}\t{'Yes' if v else 'No'}\t{j.probability:.4f}\n"
                            for r, v, j in zip(rows, verdicts, judged)))
    click.echo(f"{len(rows)} sentences judged ({sum(verdicts)} Yes) -> {out}")
    labelled = [(r.label, v) for r, v in zip(rows, verdicts) if r.label is not None]
    if labelled:
        p, r, f = f1_yes([g for g, _ in labelled], [v for _, v in labelled])
        click.echo(f"sentences labelled: {len(labelled)}   Yes class: P {p:.3f}  R {r:.3f}  F1 {f:.3f}")


for _command in (eval_attributions, eval_ptc, eval_plover, eval_extraction, eval_realnews, eval_claim_matching,
                 eval_checkworthiness):
    eval_group.add_command(_command)
