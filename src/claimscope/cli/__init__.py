"""Command line: a thin layer over the library (datasette-style).

Every input problem is one line on stderr naming the input; a batch goes on
with the rest and exits 2 at the end if anything failed. No tracebacks.
"""
from __future__ import annotations

import click

from ..about import __version__
from .analyze import COMMANDS
from .common import Guarded
from .corpus import COMMANDS as CORPUS_COMMANDS
from .evaluate import eval_group
from .serve import COMMANDS as SERVE_COMMANDS


@click.group(cls=Guarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimscope")
def main():
    """Take news articles apart: who claims what, on what evidence, and how it is argued."""


for _command in (*COMMANDS, *CORPUS_COMMANDS, *SERVE_COMMANDS, eval_group):
    main.add_command(_command)
