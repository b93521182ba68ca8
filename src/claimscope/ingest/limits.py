"""How much one input may hold, and how long a fetch may take."""
from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 10 * 1024 * 1024
MAX_CHARS = 1_000_000


@dataclass
class Limits:
    max_bytes: int = MAX_BYTES
    max_chars: int = MAX_CHARS
    timeout: float = 10.0

