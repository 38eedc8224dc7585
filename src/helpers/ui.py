"""Small bits shared by the learner widgets: escaping, dates, source lines, labelled controls.

Kept apart so that the timeline, close reading, disagreement viewer, perspectives comparer,
self-check and journal all show text the same way:
- anything that comes from data or from a learner is passed through `esc` (the module's one HTML
  escaping function, `safe_text.escape_html`) before it goes into HTML, so "<script>" typed in a
  journal box is shown as text, never run, and a right-to-left override in a name stays inside it;
- every control gets a visible label (its `description`, shown in full);
- every figure is shown as an <img> with alt text, next to a text list (the text alternative).
pandas is imported inside the functions that need it, so the journal (which uses `esc`) starts fast.
"""

from __future__ import annotations

import base64
import io

from .safe_text import _missing, escape_html
from .strings import t

FULL_LABEL = {"description_width": "initial"}  # show a control's label in full, never cut


def esc(text) -> str:
    """Text made safe to put inside HTML (quotes included). None and NaN become ''.

    The same as `safe_text.escape_html`: tags shown as text, control characters removed,
    right-to-left text isolated."""
    return escape_html(text)


def format_date(value, precision: str = "day", lang: str | None = None) -> str:
    """'5 May 1994' / '5 de mayo de 1994', or 'May 1994' / '1994' for coarser precision."""
    import pandas as pd

    if _missing(value):
        return t("date.unknown", lang)
    stamp = pd.Timestamp(value)
    month = t(f"date.month.{stamp.month}", lang)
    if precision == "year":
        return str(stamp.year)
    if precision == "month":
        return t("date.month_format", lang, month=month, year=stamp.year)
    return t("date.day_format", lang, day=stamp.day, month=month, year=stamp.year)


def format_span(start, end, precision: str = "day", lang: str | None = None) -> str:
    """A date, or 'start - end' when the event lasted more than one day."""
    import pandas as pd

    first = format_date(start, precision, lang)
    if _missing(end) or pd.Timestamp(end) == pd.Timestamp(start):
        return first
    return f"{first} - {format_date(end, precision, lang)}"


def source_rows(ds, source_ids) -> list[dict]:
    """One dict per cited source (id, name, perspective, reliability_en/es); unknown ids kept."""
    from .citations import short_name, split_ids

    ids = split_ids(source_ids) if isinstance(source_ids, str) else list(source_ids)
    table = ds.sources.set_index("id") if len(ds.sources) else None
    rows = []
    for sid in ids:
        if table is not None and sid in table.index:
            r = table.loc[sid]
            rows.append({"id": sid, "name": short_name(r) or sid, "title": str(r.get("title", "")),
                         "perspective": str(r.get("perspective", "")),
                         "reliability_en": str(r.get("reliability_en", "")),
                         "reliability_es": str(r.get("reliability_es", ""))})
        else:
            rows.append({"id": sid, "name": sid, "title": "", "perspective": "",
                         "reliability_en": "", "reliability_es": ""})
    return rows


def perspective_label(perspective: str, lang: str | None = None) -> str:
    """The learner-facing name of a source perspective ('' when unknown)."""
    return t(f"perspective.{perspective}", lang) if perspective else t("perspective.unknown", lang)


def sources_html(ds, source_ids, lang: str | None = None, with_perspective: bool = True) -> str:
    """An escaped HTML list of sources: 'S04 PA-X (reference)'."""
    items = []
    for row in source_rows(ds, source_ids):
        text = f"<b>{esc(row['id'])}</b> {esc(row['name'])}"
        if with_perspective:
            text += f" <i>({esc(perspective_label(row['perspective'], lang))})</i>"
        items.append(f"<li>{text}</li>")
    return f"<ul class='bishkek-sources'>{''.join(items)}</ul>" if items else ""


def sources_text(ds, source_ids, lang: str | None = None) -> str:
    """Plain text version of `sources_html`: 'S04 PA-X (reference); S11 ...'."""
    return "; ".join(f"{r['id']} {r['name']} ({perspective_label(r['perspective'], lang)})"
                     for r in source_rows(ds, source_ids))


def figure_png(fig) -> bytes:
    """A matplotlib Figure rendered to PNG bytes (Agg, no pyplot, nothing left open)."""
    buffer = io.BytesIO()
    # Figures set their own margins (no slow "tight" pass); light PNG compression is much faster.
    fig.savefig(buffer, format="png", dpi=96, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def figure_html(fig, alt: str) -> str:
    """An <img> tag holding the figure, with `alt` as its text alternative."""
    data = base64.b64encode(figure_png(fig)).decode("ascii")
    return (f"<img src='data:image/png;base64,{data}' alt='{esc(alt)}' "
            f"style='max-width:100%;height:auto'>")


def message_html(text: str, kind: str = "info") -> str:
    """A short message box; kind is 'info', 'ok', 'warning' or 'error' (colour and a word)."""
    colours = {"info": "#0072B2", "ok": "#009E73", "warning": "#E69F00", "error": "#D55E00"}
    colour = colours.get(kind, colours["info"])
    return (f"<div role='status' style='border-left:4px solid {colour};padding:4px 8px;"
            f"margin:4px 0'>{esc(text)}</div>")


def show_figure(fig, alt: str):
    """Display a matplotlib Figure in a notebook as an image with `alt` as its text alternative.

    Screen readers read the alt text; print handouts should also show the longer text alternative
    (e.g. `describe_network(...)`) next to the figure.
    """
    from IPython.display import HTML

    return HTML(figure_html(fig, alt))
