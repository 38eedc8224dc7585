"""Hostile text made from the real data, and a checker that finds live markup in what is rendered.

`hostile_copy(folder)` copies data/ and rewrites every free-text cell of every table (the
columns without an enum, a pattern or a key in datapackage.json) into an attack that keeps the
real value: HTML tags with event attributes, quote and comment break-outs, javascript:/data:
links in HTML and Markdown, Markdown link and image syntax, right-to-left overrides. The
attacks combine several lists (element x event x scheme x break-out x Markdown form x direction
control); attack n takes item n of each list (lengths chosen so that neighbouring cells get
different combinations), so every table and column gets many different ones.

`live_markup(html)` parses rendered HTML with html.parser and lists every problem: a tag or
attribute injected by the data (they all carry MARK), any on* event attribute, a link or source
whose scheme is not http/https (or a PNG data: image), a forbidden element, and any direction
override that is not inside an isolate.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from helpers.dataset import DEFAULT_DATA_DIR

MARK = "data-h12x"  # every injected tag carries this attribute: seeing it parsed means a live tag
ELEMENTS = ["script", "img", "svg", "iframe", "a", "style", "object", "details", "math", "form", "b"]
EVENTS = ["onerror", "onload", "onmouseover", "ontoggle", "onfocus", "onclick"]
SCHEMES = ["javascript:", "JaVaScRiPt:", "java\tscript:", " javascript:", "data:text/html,", "vbscript:",
           "&#106;avascript:"]
BREAKOUTS = ["", '"', "'", "-->", "]]>", "</textarea>", "</p>", "`", "*/", "</bdi>"]
MARKDOWN = ["[{v}]({s}alert(1))", "<{s}alert(1)>", "![{v}]({s}alert(1))", "[{v}][r]\n\n[r]: {s}alert(1)",
            "*{v}*", "# {v}", "<!-- {v}"]
BIDI = ["\u202e", "\u202d", "\u202b", "\u2067", "\u2069", "\u202c", "\u200f"]
FORBIDDEN = {"script", "iframe", "object", "embed", "svg", "math", "form", "base", "meta", "link", "frame",
             "frameset", "applet", "textarea", "input", "button"}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "background", "poster", "data"}
SAFE_URL = re.compile(r"^(https?:|data:image/png;base64,|[^:/?#]*([/?#]|$))", re.I)


def attacks():
    """An endless, deterministic stream of (html_attack, markdown_form, scheme, bidi) tuples."""
    def pick(items, n):
        return items[n % len(items)]

    for n in itertools.count():
        element, scheme = pick(ELEMENTS, n), pick(SCHEMES, n)
        tag = (f"{pick(BREAKOUTS, n)}<{element} {MARK} {pick(EVENTS, n)}=alert(1) src=\"{scheme}alert(1)\" "
               f"href='{scheme}alert(1)'>x</{element}>")
        yield tag, pick(MARKDOWN, n), pick(SCHEMES, n // len(SCHEMES)), pick(BIDI, n // 3)


def free_text_columns(package: dict) -> dict[str, list[str]]:
    """resource path -> its columns of free text (no enum, pattern, key or list of ids)."""
    out = {}
    for res in package["resources"]:
        schema = res["schema"]
        keys = {schema.get("primaryKey")} | {fk["fields"][0] for fk in schema.get("foreignKeys", [])}
        out[res["path"]] = [f["name"] for f in schema["fields"]
                            if f.get("type", "string") == "string" and f["name"] not in keys
                            and not set(f.get("constraints", {})) & {"enum", "pattern"}
                            and "bishkek:listOf" not in f]
    return out


def hostile_value(value: str, column: str, attack) -> str:
    """The real `value` turned into an attack (URL columns get a hostile URL)."""
    tag, form, scheme, bidi = attack
    if re.fullmatch(r"\d{4}-\d\d-\d\d(/\d{4}-\d\d-\d\d)?", value):
        return value  # a date a source gives (claims.value): kept, so the timeline still has dates
    if column == "url":
        return f"{scheme}alert('{value}')"
    markdown = form.format(v=value or "x", s=scheme)
    return f"{bidi}{value}{tag}{markdown}"


def hostile_copy(target: Path, tables: set[str] | None = None) -> Path:
    """A copy of data/ in `target` whose free-text cells all hold attacks built from their values."""
    shutil.copytree(DEFAULT_DATA_DIR, target)
    package = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    stream = attacks()
    for path, columns in free_text_columns(package).items():
        if tables is not None and path not in tables:
            continue
        with open(target / path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        header = rows[0]
        for row in rows[1:]:
            for column in columns:
                i = header.index(column)
                if i < len(row):
                    row[i] = hostile_value(row[i], column, next(stream))
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        (target / path).write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return target


_OPENERS = set("\u202a\u202b\u202d\u202e")
_ISOLATE_OPEN = set("\u2066\u2067\u2068")


def bidi_leaks(text: str) -> list[str]:
    """Direction controls that can reorder text around them: an override or embedding outside an
    isolate, a stray 'pop', or an isolate left open."""
    problems, isolates = [], 0
    for ch in text:
        if ch in _ISOLATE_OPEN:
            isolates += 1
        elif ch == "\u2069":
            if isolates == 0:
                problems.append("stray U+2069 (pops an isolate it did not open)")
            isolates = max(0, isolates - 1)
        elif ch in _OPENERS and isolates == 0:
            problems.append(f"U+{ord(ch):04X} outside an isolate")
    if isolates:
        problems.append("isolate left open")
    return problems


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in FORBIDDEN:
            self.problems.append(f"live <{tag}>")
        for name, value in attrs:
            if name == MARK:
                self.problems.append(f"injected <{tag}> is live")
            if name.startswith("on"):
                self.problems.append(f"event attribute {name} on <{tag}>")
            if name in URL_ATTRS and value is not None:
                squeezed = re.sub(r"[\x00-\x20]", "", value)
                if not SAFE_URL.match(squeezed):
                    self.problems.append(f"<{tag} {name}={value!r}> is not an http(s) or relative link")
            if value:
                self.problems += [f"in attribute {name}: {p}" for p in bidi_leaks(value)]

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def live_markup(html: str) -> list[str]:
    """Every way in which `html` lets text from the data act as markup (empty list: safe)."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    return checker.problems + [f"in text: {p}" for p in bidi_leaks("".join(checker.text))]


def render_markdown(text: str) -> str:
    """Markdown as JupyterLab shows output made in the live session: CommonMark with raw HTML
    allowed and no link filter (markdown-it's own javascript: filter is switched off, as marked,
    JupyterLab's renderer, has none)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True
    return md.render(text)


def widget_html(widget) -> list[str]:
    """The value of every HTML widget in a widget tree (and of labels shown as HTML)."""
    import ipywidgets as widgets

    out, stack, seen = [], [widget], set()
    while stack:
        w = stack.pop()
        if id(w) in seen:
            continue
        seen.add(id(w))
        if isinstance(w, (widgets.HTML, widgets.HTMLMath)):
            out.append(w.value)
        stack += list(getattr(w, "children", ()))
        # controls kept as attributes (box.feedback, explorer.why_html) and trait values
        for value in [*vars(w).values(), *getattr(w, "_trait_values", {}).values()]:
            items = value if isinstance(value, (list, tuple)) else [value]
            stack += [x for x in items if isinstance(x, widgets.Widget)]
    return out
