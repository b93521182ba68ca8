"""`claimscope corpus add|search|list` and `claimscope map`: a store of analyzed documents."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import ClaimscopeError
from .analyze import batch_options, input_options
from .common import EXIT_BAD_INPUT, Guarded, say_error, say_skipped, write_file


@click.group(name="corpus", cls=Guarded)
def corpus_group():
    """A store of analyzed documents: DB is a file (SQLite) or a postgresql:// URL."""


def _open(db: str, create: bool):
    from ..store import Store
    return Store.open(db, create=create)


@click.command(name="add")
@click.argument("db")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--only", multiple=True, help="Run only these analyzers (comma-separated); their needs are added.")
@click.option("--model", default=None, help="spaCy model name.")
@batch_options
@click.option("--lang", type=click.Choice(["auto", "en"]), default="auto", show_default=True)
@input_options
def corpus_add(db, inputs, only, model, jobs, dask, doc_timeout, max_memory, lang, max_bytes, max_chars, timeout,
               encoding):
    """Analyze INPUT... and store documents, reports and annotations in DB.

    Documents already stored (same URL or same text) are not analyzed again, so an interrupted
    run resumes where it stopped; each document is written in one transaction."""
    from ..batch import WorkerSpec, runner
    from ..ingest import iter_inputs
    from ..pipeline import resolve
    from .analyze import _split_names, limits

    store = _open(db, create=True)
    names = resolve(_split_names(only))
    spec = WorkerSpec(names=tuple(names), model=model, fmt=None, want_dict=True,
                      languages=("en",) if lang == "auto" else None, claim_vectors="claims" in names)
    tally = {"stored": 0, "already": 0, "failed": 0, "skipped": 0}

    def fresh(items):
        for item in items:
            if item.skipped:
                tally["skipped"] += 1
                say_skipped(item)
                continue
            if item.document is not None:
                dup = store.duplicate_of(item.document.metadata.get("url"), item.document.text)
                if dup is not None:
                    tally["already"] += 1
                    continue
            yield item

    with runner(spec, jobs=jobs, dask=dask, doc_timeout=doc_timeout, max_memory_mb=max_memory) as supervisor:
        for outcome in in_input_order(supervisor.run(fresh(iter_inputs(list(inputs), limits(max_bytes, max_chars, timeout), encoding)))):
            if outcome.error is not None:
                tally["failed"] += 1
                say_error(outcome.error.at(outcome.item.name).message)
                continue
            result = store.add(outcome.report, outcome.vectors, name=outcome.item.name)
            tally["stored" if isinstance(result, str) else "already"] += 1
    click.echo(f"{tally['stored']} stored, {tally['already']} already in the store, {tally['failed']} failed"
               + (f", {tally['skipped']} skipped" if tally["skipped"] else "")
               + f" -> {store.count()} documents in {_shown(db)}", err=True)
    store.close()
    if not any(tally.values()):
        raise ClaimscopeError("E096", reason="no input held a document")
    if tally["stored"] == tally["already"] == tally["failed"] == 0:
        raise ClaimscopeError("E096", reason="every file was skipped")
    sys.exit(EXIT_BAD_INPUT if tally["failed"] else 0)


def in_input_order(outcomes):
    """Outcomes in the order of their inputs (workers finish in any order): documents are stored in
    the order given, which decides "first" between documents with the same date or none."""
    waiting, next_seq = {}, 0
    for outcome in outcomes:
        waiting[outcome.seq] = outcome
        while next_seq in waiting:
            yield waiting.pop(next_seq)
            next_seq += 1
    yield from (waiting[k] for k in sorted(waiting))


def _shown(db: str) -> str:
    from ..store import redact
    return redact(db)


@click.command(name="search")
@click.argument("db")
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def corpus_search(db, query, limit, fmt):
    """Full-text search over the stored texts and claims."""
    store = _open(db, create=False)
    hits = store.search(query, limit=limit)
    store.close()
    if fmt == "json":
        click.echo(json.dumps([hit.__dict__ for hit in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo("no match", err=True)
    for hit in hits:
        where = f"{hit.document_id}" + (f" {hit.ref}" if hit.ref else "")
        click.echo(f"{where:<40} {hit.kind:<8} {hit.snippet}")


@click.command(name="list")
@click.argument("db")
@click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
def corpus_list(db, limit, offset):
    """List the stored documents in the order they were added."""
    store = _open(db, create=False)
    total = store.count()
    for row in store.documents(limit=limit, offset=offset):
        click.echo(f"{row['id']:<40} {row['published'] or '-':<10}  {(row['title'] or '')[:80]}")
    click.echo(f"{total} documents", err=True)
    store.close()


for _command in (corpus_add, corpus_search, corpus_list):
    corpus_group.add_command(_command)


@click.command(name="map")
@click.argument("db")
@click.option("--actor", "actors", multiple=True, help="An actor by name or alias (up to two).")
@click.option("--claim", default=None, help="A claim: its matches across the corpus.")
@click.option("--since", default=None, help="Only documents published on or after this date (YYYY-MM-DD).")
@click.option("--until", default=None, help="Only documents published on or before this date (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["json", "html", "md"]), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def evidence_map(db, actors, claim, since, until, fmt, output):
    """The evidence map of one or two actors, or of a claim, across the stored documents."""
    from ..evidence import build_map, render_map

    if not actors and not claim:
        raise click.UsageError("name --actor (once or twice) or --claim")
    if len(actors) > 2:
        raise click.UsageError("at most two --actor")
    store = _open(db, create=False)
    result = build_map(store, actors=list(actors), claim=claim, since=since, until=until)
    store.close()
    blob = render_map(result, fmt)
    if output:
        write_file(output, blob)
        click.echo(f"{len(result['clusters'])} claim clusters, {len(result['relations'])} relations "
                   f"over {len(result['documents'])} documents -> {output}", err=True)
    else:
        click.echo(blob, nl=not blob.endswith("\n"))


COMMANDS = (corpus_group, evidence_map)
