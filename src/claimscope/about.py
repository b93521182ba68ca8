"""The package's name and version, for reports and the CLI (a low module: anything may import it)."""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

NAME = "claimscope"
try:
    __version__ = version(NAME)
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0"
