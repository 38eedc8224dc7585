"""Figures shown together with their text alternative, in one call a notebook cell can make.

A static figure in a notebook needs three things: the picture, a short alt text for screen
readers, and the full text alternative (a numbered list) for printing and for reading closely.
`timeline_figure` returns all three as one HTML block, so the notebook cell stays one line.
"""

from __future__ import annotations

from .dataset import shared_dataset
from .strings import resolve_language, t
from .ui import esc, figure_html


def timeline_figure(ds=None, start=None, end=None, phases=None, zoom: str = "all", lang: str | None = None):
    """The timeline of `start`-`end` (or a `zoom` preset) for `phases`, as an image with alt text,
    followed by its text alternative (one numbered line per event, with its sources)."""
    from IPython.display import HTML

    from .timeline import describe_timeline, draw_timeline

    ds, lang = shared_dataset(ds), resolve_language(lang)
    window = dict(zoom=zoom, start=start, end=end, phases=phases)
    text = describe_timeline(ds, lang=lang, **window)
    head, _, body = text.partition("\n")
    fig = draw_timeline(ds, lang=lang, **window)
    items = "".join(f"<li>{esc(line.split('. ', 1)[1] if '. ' in line else line)}</li>"
                    for line in body.splitlines() if line.strip())
    return HTML(figure_html(fig, head)
                + f"<details><summary>{esc(t('views.text_alternative', lang))}</summary>"
                + f"<p>{esc(head)}</p><ol>{items}</ol></details>")
