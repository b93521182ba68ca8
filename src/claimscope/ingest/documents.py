"""Documents from text and from HTML: the text every offset points into, and its metadata."""
from __future__ import annotations

import re

from ..document import Document
from ..errors import ClaimscopeError
from .boilerplate import drop_boilerplate, without_popups
from .decode import check_text, normalize_text, sniff_binary
from .language import describe
from .limits import Limits


SITE_SEPARATORS = (" – ", " — ", " - ", " | ", " :: ", " · ")


def _without_site_name(title: str, site: str | None) -> str:
    """The headline without the site's name the page's <title> adds ("… investigating WeWork –
    TechCrunch"): the site is metadata, not a word of the headline."""
    if not title or not site:
        return title
    low, site = title.lower(), site.strip().lower()
    for sep in SITE_SEPARATORS:
        if low.endswith(sep + site) and len(title) > len(sep + site):
            return title[:-len(sep + site)].strip()
        for lead in (site + sep, site + ": "):  # "LinkNaija | …: BREAKING NEWS: …"
            if low.startswith(lead) and len(title) > len(lead):
                return title[len(lead):].strip()
    return title


def guess_title(text: str) -> str | None:
    """The headline of a plain-text article: the longest of its first short lines.

    Lines before the body (at most three, each under 20 words, not ending like a
    sentence) are headline candidates; captions such as "Turkey flag" lose to
    the longer headline.
    """
    candidates = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if len(line.split()) > 20 or line[-1] in ".!:;,\"”" or len(candidates) == 3:
            break
        candidates.append(line)
    if not candidates:
        first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        return first[:300] or None
    return max(candidates, key=lambda ln: len(ln.split()))


def from_text(text: str, doc_id: str = "", metadata: dict | None = None,
              limits: Limits | None = None) -> Document:
    limits = limits or Limits()
    text = check_text(text)
    if len(text) > limits.max_chars:
        raise ClaimscopeError("E031", size=len(text), limit=limits.max_chars)
    meta = {"format": "text", **describe(text), **(metadata or {})}
    return Document(text=text, id=doc_id, title=guess_title(text), metadata=meta)


# words that mark a byline part as an outlet or a role, not a person ("AP Auto Writer", "CNN Business")
_BYLINE_NOISE = {"writer", "editor", "reporter", "correspondent", "staff", "contributor", "columnist", "press",
                 "news", "media", "insider", "business", "cnn", "com", "advance", "times", "post", "journal",
                 "herald", "tribune", "nast", "editor-at-large", "associated", "reuters", "bureau", "desk"}
_WEEKDAYS_MONTHS = re.compile(r"\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|"
                              r"march|april|may|june|july|august|september|october|november|december)$", re.I)


def clean_author(raw) -> str | None:
    """The people of a byline, as trafilatura joins its parts with ";": outlets, roles, dates and
    degrees dropped ("Tom Krisher; Ap Auto Writer" -> "Tom Krisher", "Phil Helsel is a reporter" ->
    "Phil Helsel"); None when no person is left."""
    if not isinstance(raw, str):
        return None
    names: list[str] = []
    for part in raw.split(";"):
        part = re.sub(r"^(?:(?:analysis|opinion|commentary)\s+)?by\s+", "", part.strip(), flags=re.I)
        part = _WEEKDAYS_MONTHS.sub("", re.sub(r"\s+is\s+an?\s+.*$", "", part)).strip()
        words = part.split()
        if not 2 <= len(words) <= 4 or any(w.lower().strip(".,") in _BYLINE_NOISE for w in words):
            continue
        if not all(w[0].isupper() for w in words if w[0].isalpha()):
            continue
        if any(w.split()[0] == words[0] and w.split()[-1] == words[-1] for w in names):
            continue  # "Troy Smith; Troy L Smith": one person
        names.append(part)
    return "; ".join(names) or None


def from_html(html: str | bytes, doc_id: str = "", url: str | None = None,
              limits: Limits | None = None) -> Document:
    """Main text and metadata with trafilatura; the text is what offsets point into."""
    import trafilatura

    limits = limits or Limits()
    if isinstance(html, bytes):
        if len(html) > limits.max_bytes:
            raise ClaimscopeError("E003", size=len(html), limit=limits.max_bytes)
        if not html.strip():
            raise ClaimscopeError("E001")
        kind = sniff_binary(html)
        if kind:
            raise ClaimscopeError("E002", kind=kind)
    elif not html.strip():
        raise ClaimscopeError("E001")
    result = trafilatura.bare_extraction(
        without_popups(html), url=url, with_metadata=True, include_comments=False,
        include_tables=True, favor_precision=False,
    )
    if result is None:
        raise ClaimscopeError("E030")
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    body = drop_boilerplate(normalize_text(data.get("text") or ""))
    if not body:
        raise ClaimscopeError("E030")
    title = _without_site_name(normalize_text(data.get("title") or "").strip(), data.get("sitename")) or None
    # The headline is part of the analysed text so that a question headline has offsets, but only
    # once: many pages repeat it as the body's first line.
    repeated = bool(title) and " ".join(body.split()[: len(title.split())]).lower() == " ".join(title.split()).lower()
    text = f"{title}\n\n{body}\n" if title and not repeated else body + "\n"
    body_start = len(title) + 2 if title and not repeated else 0
    if len(text) > limits.max_chars:
        raise ClaimscopeError("E031", size=len(text), limit=limits.max_chars)
    meta = {
        "format": "html",
        "url": url or data.get("url"),
        "author": clean_author(data.get("author")),
        "date": data.get("date"),
        "site": data.get("sitename") or data.get("hostname"),
        "declared_language": data.get("language"),
        "description": data.get("description"),
    }
    meta = {k: v for k, v in meta.items() if v}
    meta.update(format="html", body_start=body_start, **describe(text))
    return Document(text=text, id=doc_id, title=title or guess_title(text), metadata=meta)

