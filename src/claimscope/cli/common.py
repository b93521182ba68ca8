"""What every command shares: one-line errors instead of tracebacks, exit codes, safe writes."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import ClaimscopeError

EXIT_BAD_INPUT = 2


def say_error(message: str) -> None:
    click.echo(f"error: {message}", err=True)


def say_skipped(item) -> None:
    click.echo(f"skipped: {item.name}: {item.skipped}", err=True)


class Guarded(click.Group):
    """Turn any stray exception into a one-line message instead of a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ClaimscopeError as err:
            say_error(err.message)
            sys.exit(EXIT_BAD_INPUT)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            say_error("interrupted")
            sys.exit(130)
        except BrokenPipeError:
            sys.exit(0)
        except Exception as err:  # noqa: BLE001 - last resort, reported as one line
            say_error(f"internal error: {type(err).__name__}: {err} (please report this)")
            sys.exit(1)


def write_file(path: Path, blob: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(blob, encoding="utf-8")
    except OSError as err:
        raise ClaimscopeError("E006", str(path), reason=f"cannot write: {err.strerror or err}") from None
