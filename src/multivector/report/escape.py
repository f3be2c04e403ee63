"""Escaping for the report renderers: every text and URL from a case file is untrusted.

A case file is YAML anyone can write; its titles, names, notes and source URLs end up in the Markdown and
HTML reports, which are opened in browsers and Markdown viewers (which render raw HTML). The renderers
pass every such value through these helpers:

- :func:`md_text`: text for a Markdown paragraph or table cell: HTML specials (``<``, ``>``, ``&``) as
  entities, Markdown specials (``\\ ` * _ [ ] | ~``) backslash-escaped, a leading ``#`` escaped so the
  text cannot start a heading, line breaks folded to spaces;
- :func:`md_code`: an identifier shown as inline code, only when it is a plain identifier (else as text);
- :func:`safe_url`: ``http``/``https`` URLs only (anything else, ``javascript:`` included, is not a link),
  percent-encoded so that no quote, bracket, space or backtick survives to break out of a link or an
  attribute; :func:`md_url` shows one as a Markdown autolink, or as escaped text when it is not allowed;
- :func:`anchor`: an HTML id / fragment of letters, digits, ``-`` and ``_`` only.

The HTML page relies on Jinja2's autoescaping for text and uses :func:`safe_url` (the ``safe_url`` filter)
for every ``href``.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

__all__ = ["anchor", "md_code", "md_text", "md_url", "safe_url"]

_MD_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_[]|~"})
_BLOCK_START = re.compile(r"^#")
_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
#: Characters kept as they are in a URL (RFC 3986 reserved and unreserved, and ``%`` of existing escapes);
#: quotes, brackets ``<>``, parentheses (they end a Markdown link), backticks, spaces and anything else are
#: percent-encoded.
_URL_SAFE = "/:?#[]@!$&*+,;=%-._~"


def md_text(value: object) -> str:
    """``value`` as text for a Markdown paragraph or table cell (see the module docstring)."""
    text = " ".join(html.escape(str(value), quote=False).split()).translate(_MD_SPECIALS)
    return _BLOCK_START.sub(lambda m: "\\" + m.group(0), text)


def md_code(value: object) -> str:
    """``value`` as inline code when it is a plain identifier (``cpc-outage``), else as escaped text."""
    text = str(value)
    return f"`{text}`" if _IDENTIFIER.fullmatch(text) else md_text(text)


def safe_url(value: object) -> str | None:
    """An ``http(s)`` URL with every unsafe character percent-encoded; None for any other value."""
    text = str(value or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(text, safe=_URL_SAFE)


def md_url(value: object) -> str:
    """A URL for Markdown: an autolink ``<https://...>`` when :func:`safe_url` allows it, else plain text."""
    url = safe_url(value)
    return f"<{url}>" if url is not None else md_text(value)


def anchor(value: object) -> str:
    """An HTML id or URL fragment: letters, digits, ``-`` and ``_`` (anything else becomes ``-``)."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", str(value))
