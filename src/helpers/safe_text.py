"""Text from data, journals and question files made safe for the place it is shown.

The module's trust boundary (see README, "For developers"): the data package (a lecturer may
adapt it), imported journals and self-check question files are untrusted text; only the
helpers' own code is trusted. Every place where such text meets a renderer goes through one of
these functions:

- `escape_html(text)`: for HTML (ipywidgets HTML values, <img alt>, links). Tags become text
  ("<script>" is shown, never run), quotes are escaped (safe inside attributes);
- `escape_markdown(text)`: for Markdown output (the "Sources used" lists, the journal export).
  HTML is escaped and Markdown syntax ([links](...), *emphasis*, $maths$, `code`, headings) is
  shown as typed;
- `markdown_link(text, url)` / `safe_url(url)`: a link only for http:, https: or a relative
  target; anything else (javascript:, data:, file:, ...) is shown as plain text, never a link.

Both escaping functions also remove control characters (NUL, ESC, ...) and isolate text that
holds right-to-left letters or direction controls (Unicode "first strong isolate" ... "pop
directional isolate", the same isolation as HTML's <bdi>, but valid in attributes and Markdown
too), so an override character in a name cannot reorder the text around it.
"""

from __future__ import annotations

import html
import math
import re
from urllib.parse import quote

# C0 controls except tab, newline and carriage return; DEL; C1 controls
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# right-to-left letters, bidi marks and explicit direction controls: text with any gets isolated
_BIDI = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff"
                   "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
# anything clean_text or isolate would change: text without any goes straight to html.escape
_SPECIAL = re.compile(f"[\r{_CONTROL.pattern[1:-1]}{_SURROGATE.pattern[1:-1]}{_BIDI.pattern[1:-1]}]")
_EMBEDDINGS = "\u202a\u202b\u202d\u202e"  # LRE RLE LRO RLO, closed by PDF
_ISOLATES = "\u2066\u2067\u2068"  # LRI RLI FSI, closed by PDI
PDF, FSI, PDI = "\u202c", "\u2068", "\u2069"

SAFE_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


def _missing(value) -> bool:
    """None, NaN, NaT or pandas' NA."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def clean_text(value) -> str:
    """`value` as text without control characters (tab and newline kept) or lone surrogates."""
    if _missing(value):
        return ""
    text = str(value)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _SURROGATE.sub("\ufffd", text)


def isolate(text: str) -> str:
    """`text` wrapped in a direction isolate when it holds right-to-left letters or controls.

    Unbalanced controls are balanced first (a stray 'pop' is dropped, an open override is
    closed), so nothing inside can leak out and reorder what follows. Plain text is unchanged.
    """
    if not _BIDI.search(text):
        return text
    out, stack = [], []
    for ch in text:
        if ch in _EMBEDDINGS or ch in _ISOLATES:
            stack.append(ch)
        elif ch == PDF:
            if not stack or stack[-1] not in _EMBEDDINGS:
                continue  # nothing of ours to close: drop it
            stack.pop()
        elif ch == PDI:
            if not any(c in _ISOLATES for c in stack):
                continue  # would close the isolate we add around the text: drop it
            while stack and stack.pop() not in _ISOLATES:
                out.append(PDF)
        out.append(ch)
    out += [PDF if c in _EMBEDDINGS else PDI for c in reversed(stack)]
    return FSI + "".join(out) + PDI


def escape_html(value) -> str:
    """Text safe inside HTML, element or attribute (quotes escaped). None and NaN become ''."""
    if type(value) is str and not _SPECIAL.search(value):  # the usual case, kept fast
        return html.escape(value, quote=True)
    return html.escape(isolate(clean_text(value)), quote=True)


_MD_ANYWHERE = re.compile(r"([\\`*_\[\]{}|~$!])")
_MD_LINE_START = re.compile(r"^(\u2068?[ \t]*)([#+\-=])", re.M)
_MD_NUMBERED = re.compile(r"^(\u2068?[ \t]*\d+)([.)])", re.M)  # '1994. ' would start a numbered list


def escape_markdown(value, one_line: bool = False) -> str:
    """Text shown as typed in Markdown: no live HTML, no links, emphasis, maths or headings.

    one_line: newlines become spaces (for a heading or a list item).
    """
    text = clean_text(value)
    if one_line:
        text = " ".join(text.split())
    text = html.escape(isolate(text), quote=False)  # & < > as entities: no tag, no autolink
    text = _MD_ANYWHERE.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(r"\1\\\2", text)
    return _MD_NUMBERED.sub(r"\1\\\2", text)


def safe_url(url) -> str | None:
    """`url` if it may become a link (http, https or a relative path), else None."""
    text = "" if _missing(url) else str(url).strip()
    if not text or _CONTROL.search(text) or re.search(r"\s", text) or text.startswith(("//", "\\")):
        return None  # browsers ignore tabs/newlines inside a scheme ("java\tscript:"), so refuse them
    decoded = html.unescape(text)  # Markdown and HTML attributes decode '&colon;' and '&#106;'
    if re.search(r"[\s\x00-\x1f]", decoded):
        return None
    match = _SCHEME.match(text) or _SCHEME.match(decoded)
    if match:
        return text if match.group(1).lower() in SAFE_SCHEMES and _SCHEME.match(decoded) else None
    if ":" in decoded.split("/", 1)[0]:
        return None  # 'javascript&colon;...' or '&#106;avascript:...': a colon before the first slash
    return text


def _url_for_markdown(url: str) -> str:
    """A link target that cannot end early: spaces, brackets and quotes percent-encoded."""
    return quote(url, safe="/:?#[]@!$'*+,;=%-._~")  # '&' encoded: no entity can be decoded


def markdown_link(text, url) -> str:
    """A Markdown link to `url` labelled `text`, or just the escaped text when the URL is unsafe."""
    target = safe_url(url)
    label = escape_markdown(text, one_line=True)
    if target is None:
        return label
    target = _url_for_markdown(target).replace("(", "%28").replace(")", "%29")
    return f"[{label}]({target})"


def html_link(text, url) -> str:
    """An HTML link to `url` (opens in a new tab), or just the escaped text when the URL is unsafe."""
    target = safe_url(url)
    if target is None:
        return escape_html(text)
    href = html.escape(clean_text(target), quote=True)  # no direction isolate inside a URL
    return f"<a href=\"{href}\" target=\"_blank\" rel=\"noopener noreferrer\">{escape_html(text)}</a>"
