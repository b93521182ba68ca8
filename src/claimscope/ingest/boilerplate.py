"""Lines of a page that are not the article: related-story links, newsletter and reprint notices,
bare URLs and timestamps that trafilatura lets through.

Left in, they join the article's sentences ("Also on X: ..." glued to the first sentence, a
related headline read as a claim, "Bolivia THREATEN Associated Press" from a link). The patterns
are phrases sites share, not rules for one site; ``claimscope eval extraction`` measures them
against the benchmark's ground truth.
"""
from __future__ import annotations

import re

# a line that starts a block of links to other stories: it and the short lines after it go
_BLOCK_HEADS = re.compile(
    r"^(?:read more|more from|more on this|related(?: stories| articles| coverage)?|you (?:may|might) also like|"
    r"don'?t miss|recommended(?: for you)?|trending(?: now)?|most (?:read|popular)|also on [\w .'-]+|see also|"
    r"what to read next|read next|up next|top stories)\b[\s:.!…-]*$", re.I)
# a line that is a link to another story or a notice about the site, whatever follows
_LINES = re.compile(
    r"^(?:read more|related|also on [\w .'-]+|see also|watch|listen|more)\s*:|"
    r"\[(?:news|insight|warning|pictures|video|poll|latest|live)\]\s*$|"
    r"^(?:sign up|subscribe|thanks? (?:you )?for signing up|keep an eye on your inbox|sorry!|"
    r"there was an error processing|order reprints|print article|this copy is for your personal|"
    r"copyright\s*(?:©|\(c\)|ⓒ)|all rights reserved|write to \w[\w .'-]* at \S+@\S+|"
    r"an error has occurred, please try again|this article has been sent to|share this article|"
    r"follow us on|get [\w ]+ (?:on the go|delivered))", re.I)
_ONLY = re.compile(r"^(?:https?://\S+|\d{4}-\d\d-\d\dT[\d:.+Z-]+|comments?|tags?|share|advertisement)$", re.I)
_BLOCK_LINE_WORDS = 25  # lines after a block head this short are its links


def drop_boilerplate(body: str) -> str:
    """The body without boilerplate lines; the article's own lines are kept as they were."""
    kept, in_block = [], False
    for line in body.split("\n"):
        bare = line.strip()
        if _BLOCK_HEADS.match(bare):
            in_block = True
            continue
        if in_block:
            if bare and len(bare.split()) <= _BLOCK_LINE_WORDS and not bare.endswith((".", "?", "!", "”", '"')):
                continue
            in_block = False
        if bare and (_LINES.search(bare) or _ONLY.match(bare)):
            continue
        kept.append(line)
    text = "\n".join(kept)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# elements that only pop up over the article (a name's hover card with its latest headlines, a
# glossary tooltip's text): trafilatura reads them as part of the sentence they sit in ("Gov. Kristi
# NoemKristi Lynn NoemSouth Dakota governor doubles down … MORE (R) is defending")
POPUP_CLASS = re.compile(r"\b(?:rollover-(?:people-)?block|tooltip-?text|tooltip-content|tooltip_popup|"
                         r"popover-(?:content|body)|hover-?card)\b", re.I)
POPUP_CLASS_BYTES = re.compile(POPUP_CLASS.pattern.encode(), re.I)


def without_popups(html: str | bytes):
    """The page (text or bytes) with its pop-up elements removed, as an lxml tree for trafilatura;
    the page itself when it has none (most pages: no second parse)."""
    if not (POPUP_CLASS_BYTES if isinstance(html, (bytes, bytearray)) else POPUP_CLASS).search(html):
        return html
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return html
    for el in tree.xpath("//*[@class]"):
        if POPUP_CLASS.search(el.get("class", "")) and el.getparent() is not None:
            el.drop_tree()
    return tree
