"""Making document text safe to show outside HTML (HTML escapes with ``html.escape``).

Article text is untrusted: in a terminal an ESC sequence can recolour the screen, move the cursor
or set the window title; in Markdown, link and image syntax or inline HTML becomes live (a tracking
pixel loads when the report is viewed). Everything a document supplies passes through here.
"""
from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls (U+009B is a one-byte CSI), and the bidi
# overrides and isolates that can make shown text read differently from what it is
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-!|~])")
# a scheme or www. would be linked by GitHub-flavoured Markdown: a zero-width space defuses it
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|file|javascript|data)(:)|\b(www)(\.)")
ZERO_WIDTH_SPACE = "\u200b"


def plain(text: str) -> str:
    """Text for a terminal: control characters shown as U+FFFD instead of acting."""
    return _CONTROLS.sub("\ufffd", str(text))


def markdown_inline(text: str) -> str:
    """Text for Markdown, inert: no links, images, HTML, emphasis or table breaks from the document."""
    text = plain(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN.sub(r"\\\1", text)
    return _AUTOLINK.sub(lambda m: (m.group(1) or m.group(3)) + ZERO_WIDTH_SPACE + (m.group(2) or m.group(4)), text)
