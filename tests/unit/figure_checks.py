"""Measures of a figure's legibility on a projector, and the list of figures the course draws.

`measure(fig)` draws a matplotlib Figure and returns, for its visible texts:
- overlaps: pairs of texts whose boxes (renderer extents, in pixels) overlap;
- min_pt: the smallest text size in points AT DISPLAY SIZE (see below);
- min_contrast: the lowest WCAG contrast ratio between a text's colour and the background it is
  drawn on (the most frequent colour inside its box in the rendered image);
- tie_styles: for a network figure, how many line styles its key shows for ties.

Display size (our assumption, stated and checked here): the notebooks and the dashboard show a
figure at its own pixel width, never enlarged (`max-width:100%` for <img>, `max_width` for the
explorer's image), in an output area at least ASSUMED_DISPLAY_PX wide: in a window 1280 px wide,
JupyterLab with its file browser open leaves 848 px for outputs, Voila more
(tests/browser/test_figure_display.py measures both in Chromium).
So a figure at most ASSUMED_DISPLAY_PX wide is shown 1:1 (at 96 dpi a point is a point); a
wider one is scaled down by ASSUMED_DISPLAY_PX / its width, and its text shrinks with it.

`notebook_calls()` finds every figure-drawing call in the notebooks and the dashboard (by parsing
their code cells), and `figure_cases()` lists what the quality test draws: those calls, plus the
widgets at their defaults and at extreme settings.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.text import Text

ROOT = Path(__file__).resolve().parents[2]
ASSUMED_DISPLAY_PX = 840
MIN_PT, MIN_NAME_PT, MIN_CONTRAST, MAX_TIE_STYLES = 10.0, 11.0, 4.5, 5
FIGURE_FUNCTIONS = ("draw_timeline", "timeline_explorer", "network_explorer", "draw_network")


def display_scale(fig) -> float:
    """How much the figure is scaled when shown (1 = at its own size), in points per point."""
    width_px = fig.get_figwidth() * fig.dpi
    return min(1.0, ASSUMED_DISPLAY_PX / width_px) * fig.dpi / 96


def luminance(rgb) -> float:
    """WCAG relative luminance of an sRGB colour (0-1 channels)."""
    c = np.asarray(rgb[:3], dtype=float)
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2])


def contrast(a, b) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def visible_texts(fig) -> list[Text]:
    """Every text the reader sees: visible, non-empty, in a visible parent (a tick label only
    when its tick is inside the axis' range: matplotlib does not draw the others)."""
    out, undrawn = [], set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not low <= tick.get_loc() <= high:
                    undrawn.update({id(tick.label1), id(tick.label2)})
    for text in fig.findobj(Text):
        if id(text) in undrawn:
            continue
        if not text.get_visible() or not text.get_text().strip():
            continue
        parent = text.axes
        if parent is not None and not parent.get_visible():
            continue
        out.append(text)
    return out


def render(fig, pixels=None):
    """Draw the figure (tick labels exist only after a draw); return (renderer, RGBA pixels)."""
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    if pixels is None:
        canvas.draw()
        pixels = np.asarray(canvas.buffer_rgba())
    return canvas.get_renderer(), pixels


def measure(fig, pixels=None, names=()) -> dict:
    """The legibility measures of `fig` (see the module docstring). `pixels`: an image already
    rendered (the explorer draws through its own fast path); `names`: the texts that are actor
    names (checked against MIN_NAME_PT)."""
    renderer, image = render(fig, pixels)
    height = image.shape[0]
    texts = visible_texts(fig)
    boxes = [text.get_window_extent(renderer) for text in texts]
    scale = display_scale(fig)
    overlaps = []
    for i, a in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            b = boxes[j]
            w = min(a.x1, b.x1) - max(a.x0, b.x0)
            h = min(a.y1, b.y1) - max(a.y0, b.y0)
            if w > 0.5 and h > 0.5:
                overlaps.append((texts[i].get_text(), texts[j].get_text()))
    sizes = [(text.get_fontsize() * scale, text.get_text()) for text in texts]
    name_ids = {id(n) for n in names}
    name_sizes = [size for (size, _), text in zip(sizes, texts, strict=True) if id(text) in name_ids]
    contrasts = []
    for text, box in zip(texts, boxes, strict=True):
        x0, x1 = int(max(box.x0, 0)), int(min(box.x1, image.shape[1]))
        y0, y1 = int(max(height - box.y1, 0)), int(min(height - box.y0, height))
        region = image[y0:y1, x0:x1, :3].reshape(-1, 3)
        if len(region) == 0:
            contrasts.append((0.0, text.get_text()))  # outside the image: not readable at all
            continue
        colours, counts = np.unique(region, axis=0, return_counts=True)
        background = colours[np.argmax(counts)] / 255
        rgba = to_rgba(text.get_color(), text.get_alpha())
        shown = np.asarray(rgba[:3]) * rgba[3] + background * (1 - rgba[3])
        contrasts.append((contrast(shown, background), text.get_text()))
    return {
        "texts": len(texts),
        "overlaps": overlaps,
        "min_pt": min(sizes, default=(99.0, ""))[0],
        "smallest": min(sizes, default=(99.0, ""))[1],
        "min_name_pt": min(name_sizes, default=99.0),
        "min_contrast": min(contrasts, default=(99.0, ""))[0],
        "lowest_contrast": min(contrasts, default=(99.0, ""))[1],
        "tie_styles": tie_styles(fig),
        "width_px": fig.get_figwidth() * fig.dpi,
    }


def tie_styles(fig) -> int:
    """How many different tie styles the network key shows (0 for a figure without one)."""
    canvas = getattr(fig, "network_canvas", None)
    if canvas is None:
        return 0
    styles = set()
    for section, key, heading, line, _text in canvas.legend_rows:
        if section == "ties" and not heading and key != "fainter" and line.get_visible():
            dashes = getattr(line, "_unscaled_dash_pattern", None)  # the dash sequence (no public getter)
            styles.add((str(line.get_linestyle()), str(dashes), line.get_linewidth(), line.get_color()))
    return len(styles)


# ---------------------------------------------------------------- which figures the course draws

def notebook_calls(folder: Path = ROOT / "notebooks") -> list[tuple[str, str, dict, bool]]:
    """(notebook, function, keyword arguments, resolved?) for every figure-drawing call in the
    notebooks' code cells. Literal arguments are read as they are, and `**name` when `name` is a
    dict(...) literal in the same notebook; anything else (a variable) is marked unresolved."""
    calls = []
    for path in sorted(folder.glob("*.ipynb")):
        cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
        trees = []
        for cell in cells:  # cell by cell: one cell that is not plain Python does not hide the others
            lines = "".join(cell["source"]).splitlines()
            try:
                trees.append(ast.parse("\n".join(x for x in lines if not x.lstrip().startswith(("%", "!")))))
            except SyntaxError:
                continue
        tree = ast.Module(body=[node for t in trees for node in t.body], type_ignores=[])
        dicts = {}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                    and isinstance(node.value, ast.Call) and getattr(node.value.func, "id", "") == "dict"):
                try:
                    dicts[node.targets[0].id] = {k.arg: ast.literal_eval(k.value) for k in node.value.keywords}
                except ValueError:
                    pass
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in FIGURE_FUNCTIONS:
                continue
            kwargs, resolved = {}, True
            for k in node.keywords:
                if k.arg is None:
                    if isinstance(k.value, ast.Name) and k.value.id in dicts:
                        kwargs.update(dicts[k.value.id])
                    else:
                        resolved = False
                    continue
                try:
                    kwargs[k.arg] = ast.literal_eval(k.value)
                except ValueError:
                    resolved = False
            calls.append((path.name, name, kwargs, resolved))
    return calls
