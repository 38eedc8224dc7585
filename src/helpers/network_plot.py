"""Draw the negotiation network with matplotlib.

Colour shows an actor's side (Okabe-Ito palette, safe for colour-blind readers), marker shape its
kind (person, delegation, state...), line style the kind of tie (talks, mediation, signature...),
and fainter lines mark less certain ties. Positions come from `layout.py`: fixed per actor, so
the picture does not jump when the filters change.

`draw_network(G)` returns a matplotlib Figure (not registered with pyplot: nothing is left open).
Its text alternative is `describe_network(G)` and `edge_table(G)` (network_text.py).

`NetworkCanvas` is the engine: it builds the figure and every artist once, for the full network,
and each `update(G)` only moves data into them (which nodes and ties show, colours, fading).
The explorer widget redraws through it, so an update is about as fast as one bare draw.
"""

from __future__ import annotations

import base64
import io
import textwrap

import networkx as nx
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from PIL import Image

from .graph import resolve_actor, term
from .layout import compute_layout, layout_positions, place_labels
from .metrics import ego_nodes
from .network_text import describe_network
from .safe_text import escape_html
from .strings import resolve_language, t

# Okabe-Ito colours, one per side (the order of the palette; black for commentators).
SIDE_COLOURS = {
    "azerbaijani": "#0072B2", "armenian": "#D55E00", "karabakh_armenian": "#E69F00",
    "russian": "#009E73", "cis": "#56B4E9", "international": "#CC79A7", "iranian": "#F0E442",
    "commentator": "#000000",
}
KIND_MARKERS = {"person": "o", "delegation": "s", "state": "D", "unrecognised_entity": "v",
                "organisation": "^", "document": "p"}
# relation type -> (line style, width, grey): talks solid, mediation dashed, hierarchy dotted...
EDGE_STYLES = {
    "negotiated_with": ("solid", 2.2, "#222222"),
    "mediated": ((0, (5, 2)), 2.0, "#222222"),
    "consulted": ("solid", 1.1, "#666666"),
    "hosted": ((0, (2, 2)), 1.2, "#666666"),
    "represented": ((0, (1, 1.5)), 1.6, "#444444"),
    "member_of": ((0, (1, 3)), 1.1, "#888888"),
    "instructed": ((0, (4, 1, 1, 1)), 1.4, "#444444"),
    "reported_to": ((0, (4, 1, 1, 1, 1, 1)), 1.1, "#666666"),
    "addressed": ((0, (1, 2)), 1.0, "#777777"),
    "signed": ((0, (8, 2)), 1.5, "#333333"),
    "refused_to_sign": ((0, (6, 2, 1, 2)), 2.2, "#000000"),
    "objected_to": ((0, (3, 3)), 1.8, "#000000"),
}
DEFAULT_STYLE = ("solid", 1.0, "#999999")
CERTAINTY_ALPHA = {"certain": 1.0, "probable": 0.75, "disputed": 0.45, "unknown": 0.3}
FADE = 0.15  # how visible actors and ties outside a highlighted ego network stay
FONT_SIZE = 8
LEGEND_FONT_SIZE = 7.5
LABEL_BACKGROUND = (1.0, 1.0, 1.0, 0.8)  # a white, slightly see-through patch behind each name


class NetworkFigure(Figure):
    """A matplotlib Figure that shows itself in a notebook as an image followed by its text
    alternative (`description`), even when pyplot was never imported."""

    description = ""
    lang = None

    def _png(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
        return buffer.getvalue()

    def _repr_png_(self) -> bytes:
        return self._png()

    def _repr_html_(self) -> str:
        lines = self.description.splitlines()
        alt = " ".join(lines[:2]) + (" " + t("network.ui.alt_more", self.lang) if len(lines) > 2 else "")
        data = base64.b64encode(self._png()).decode("ascii")
        items = "".join(f"<li>{escape_html(line)}</li>" for line in lines)
        details = (f"<details><summary>{escape_html(t('network.ui.text_title', self.lang))}</summary><ul>{items}</ul>"
                   "</details>") if lines else ""
        return (f"<img src='data:image/png;base64,{data}' alt='{escape_html(alt)}' "
                f"style='max-width:100%;height:auto'>{details}")


class NetworkCanvas:
    """One figure, built once for `full_graph`, redrawn for any filtered view of it."""

    def __init__(self, full_graph: nx.Graph, pos: dict | None = None, lang: str | None = None,
                 size=(11.5, 7.5), dpi: int = 96, max_labels: int = 70, legend: bool = True,
                 fast: bool = False):
        """fast=True (the explorer): the parts that never change (legend, frame) are drawn once
        and kept as a bitmap; each `to_png` then draws only the network on top of it."""
        self.lang = resolve_language(lang)
        self.fast = fast
        self._background = None
        self.pos = dict(pos) if pos is not None else layout_positions(full_graph)
        missing = [n for n in full_graph if n not in self.pos]
        if missing:
            self.pos.update(compute_layout(full_graph, fixed=self.pos))
        self.figure = NetworkFigure(figsize=size, dpi=dpi)
        self.canvas = FigureCanvasAgg(self.figure)
        right = 0.76 if legend else 0.995
        self.ax = self.figure.add_axes((0.005, 0.005, right - 0.005, 0.925))
        self.ax.set_axis_off()
        self._set_limits()
        # one collection per kind of tie (each with its own line style), plus one for other types
        self.edges = {kind: LineCollection([], zorder=1, linestyles=[style[0]], linewidths=[style[1]])
                      for kind, style in list(EDGE_STYLES.items()) + [("", DEFAULT_STYLE)]}
        for collection in self.edges.values():
            self.ax.add_collection(collection)
        kinds = sorted({d.get("kind", "") for _, d in full_graph.nodes(data=True)} | {""})
        self.markers = {k: self.ax.scatter(np.empty(0), np.empty(0), marker=KIND_MARKERS.get(k, "o"),
                                           zorder=3, linewidths=0.8) for k in kinds}
        self.title = self.figure.text(0.01, 0.985, "", ha="left", va="top", fontsize=11, weight="bold")
        self.message = self.ax.text(0.5, 0.5, "", transform=self.ax.transAxes, ha="center", va="center",
                                    fontsize=12, wrap=True)
        self.labels: dict = {}
        self.leaders: dict = {}
        self.label_patches: PolyCollection | None = None
        self.legend_texts: list = []
        self._make_labels(full_graph, max_labels)
        if legend:
            self._make_legend(full_graph)
        for artist in self._dynamic():
            artist.set_animated(fast)

    def _dynamic(self) -> list:
        """The artists that change between updates, in drawing order (bottom to top)."""
        return (list(self.edges.values()) + list(self.leaders.values()) + list(self.markers.values())
                + ([self.label_patches] if self.label_patches is not None else [])
                + list(self.labels.values()) + [self.message, self.title])

    # -------------------------------------------------------------- set-up (once)

    def _set_limits(self):
        xy = np.array(list(self.pos.values())) if self.pos else np.zeros((1, 2))
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        span = np.maximum(hi - lo, 0.5)
        self.ax.set_xlim(lo[0] - 0.12 * span[0], hi[0] + 0.12 * span[0])
        self.ax.set_ylim(lo[1] - 0.08 * span[1], hi[1] + 0.08 * span[1])

    def _make_labels(self, full_graph: nx.Graph, max_labels: int):
        """Create one text per actor (hidden until shown), placed so that names do not collide."""
        nodes = sorted(full_graph.nodes, key=lambda v: (-full_graph.degree(v), str(v)))
        named = nodes[:max_labels]
        if not named:
            return
        renderer = self.canvas.get_renderer()
        for v in named:
            self.labels[v] = self.ax.text(0, 0, wrap_label(str(full_graph.nodes[v].get("label", v))),
                                          fontsize=FONT_SIZE, ha="center", va="center", zorder=4, linespacing=1.0)
        extents = [self.labels[v].get_window_extent(renderer) for v in named]
        wh = np.array([(e.width, e.height) for e in extents]) + 2.0  # a little air around each name
        to_px = self.ax.transData
        points = to_px.transform(np.array([self.pos[v] for v in named]))
        box = self.ax.get_window_extent()
        radius = np.sqrt(MAX_SIZE) / 2 * self.figure.dpi / 72
        order = list(range(len(named)))
        all_points = to_px.transform(np.array([self.pos[v] for v in nodes]))
        centres, self.label_overlap, far = place_labels(wh, points, radius, (box.x0, box.y0, box.x1, box.y1),
                                                   order=order, obstacles=all_points)
        data_xy = to_px.inverted().transform(centres)
        # the white patches behind the names: one collection (much faster to draw than a box per name)
        half = (wh - 1.0) / 2  # the name's extent plus half a pixel all round
        flip = np.array([1.0, -1.0])
        corners = np.stack([centres - half, centres + half * flip, centres + half, centres - half * flip], axis=1)
        self.label_patches = PolyCollection(to_px.inverted().transform(corners.reshape(-1, 2)).reshape(-1, 4, 2),
                                            facecolors=[(1, 1, 1, 0)], edgecolors="none", zorder=3.5)
        self.ax.add_collection(self.label_patches)
        for v, (x, y), moved in zip(named, data_xy, far, strict=True):
            self.labels[v].set_position((x, y))
            self.labels[v].set_visible(False)
            if moved:  # a thin line from the marker to its name, shown with the name
                self.leaders[v] = self.ax.plot([self.pos[v][0], x], [self.pos[v][1], y], color="#999999",
                                               linewidth=0.6, zorder=2, visible=False)[0]

    def _make_legend(self, full_graph: nx.Graph):
        """The key (sides, kinds of actor, kinds of tie), drawn as plain texts and sample marks in
        the right margin. (matplotlib's Legend lays itself out on every draw, which costs more
        than the rest of the key; this one is placed once.)"""
        lang = self.lang
        sides = [s for s in SIDE_COLOURS if any(d.get("side") == s for _, d in full_graph.nodes(data=True))]
        kinds = [k for k in KIND_MARKERS if any(d.get("kind") == k for _, d in full_graph.nodes(data=True))]
        types = [x for x in EDGE_STYLES if any(x in d.get("types", [d.get("type")])
                                                for _, _, d in full_graph.edges(data=True))]
        marker = {"linestyle": "none", "markersize": 7, "markeredgecolor": "#333333"}
        rows = [(t("network.legend.sides", lang), None)]
        rows += [(term("side", s, lang), {"marker": "o", "markerfacecolor": SIDE_COLOURS[s], **marker})
                 for s in sides]
        rows += [(t("network.legend.kinds", lang), None)]
        rows += [(term("kind", k, lang), {"marker": KIND_MARKERS[k], "markerfacecolor": "#bbbbbb", **marker})
                 for k in kinds]
        rows += [(t("network.legend.ties", lang), None)]
        rows += [(term("type", x, lang), {"linestyle": EDGE_STYLES[x][0], "linewidth": EDGE_STYLES[x][1],
                                          "color": EDGE_STYLES[x][2]}) for x in types]
        rows += [(t("network.legend.fainter", lang), {"color": "#222222", "alpha": CERTAINTY_ALPHA["disputed"],
                                                      "linewidth": 2})]
        width, height = self.figure.get_size_inches() * 72  # figure size in points
        step = LEGEND_FONT_SIZE * 1.75 / height  # one row, in figure coordinates
        x0, handle = 0.77, 20 / width  # the sample mark is 20 points wide
        for row, (label, style) in enumerate(rows):
            y = 0.915 - row * step
            if style is None:  # a heading
                text = self.figure.text(x0, y, label, fontsize=LEGEND_FONT_SIZE, va="center", weight="bold")
            else:
                xs = [x0 + handle / 2] * 2 if "marker" in style else [x0, x0 + handle]
                self.figure.add_artist(Line2D(xs, [y, y], transform=self.figure.transFigure, **style))
                text = self.figure.text(x0 + handle + 6 / width, y, label, fontsize=LEGEND_FONT_SIZE, va="center")
            self.legend_texts.append(text)

    # -------------------------------------------------------------- each redraw

    def update(self, graph: nx.Graph, highlight=None, centre=None, title: str = "", message: str = ""):
        """Show `graph` (a view of the full network). highlight: actor ids to keep bright (the
        rest fades); centre: one actor to ring in black; message: text shown in the middle."""
        new = [n for n in graph if n not in self.pos]
        if new:
            self.pos.update(compute_layout(graph, fixed=self.pos))
        bright = set(graph) if highlight is None else set(highlight)
        self._update_edges(graph, bright)
        self._update_nodes(graph, bright, centre)
        for v, text in self.labels.items():
            shown = v in graph
            text.set_visible(shown)
            if shown:
                text.set_alpha(1.0 if v in bright else 0.35)
                text.set_fontweight("bold" if v == centre else "normal")
            if v in self.leaders:
                self.leaders[v].set_visible(shown)
        if self.label_patches is not None:
            self.label_patches.set_facecolor([LABEL_BACKGROUND if v in graph else (1, 1, 1, 0) for v in self.labels])
        self.title.set_text(title)
        self.message.set_text(message)

    def _update_edges(self, graph, bright):
        by_type: dict = {kind: [] for kind in self.edges}
        for u, v, d in graph.edges(data=True):
            by_type[d.get("type") if d.get("type") in self.edges else ""].append((u, v, d))
        faded = len(bright) < graph.number_of_nodes()
        for kind, edges in by_type.items():
            collection = self.edges[kind]
            if not edges:
                collection.set_segments([])
                continue
            collection.set_segments(np.array([(self.pos[u], self.pos[v]) for u, v, _ in edges]))
            colours = np.tile(to_rgba(EDGE_STYLES.get(kind, DEFAULT_STYLE)[2]), (len(edges), 1))
            colours[:, 3] = [CERTAINTY_ALPHA.get(d.get("certainty"), 0.5)
                             * (FADE if faded and not (u in bright and v in bright) else 1.0) for u, v, d in edges]
            collection.set_color(colours)

    def _update_nodes(self, graph, bright, centre):
        by_kind: dict = {k: [] for k in self.markers}
        for v, kind in graph.nodes(data="kind"):
            by_kind[kind if kind in self.markers else ""].append(v)
        for kind, nodes in by_kind.items():
            artist = self.markers[kind]
            if not nodes:
                artist.set_offsets(np.empty((0, 2)))
                continue
            artist.set_offsets(np.array([self.pos[v] for v in nodes]))
            face = np.array([to_rgba(SIDE_COLOURS.get(graph.nodes[v].get("side"), "#999999")) for v in nodes])
            face[:, 3] = [1.0 if v in bright else FADE for v in nodes]
            edge = np.tile(to_rgba("#333333"), (len(nodes), 1))
            edge[:, 3] = face[:, 3]
            widths = np.full(len(nodes), 0.8)
            if centre in nodes:
                k = nodes.index(centre)
                edge[k] = to_rgba("#000000")
                widths[k] = 2.5
            degree = np.array([graph.degree(v) for v in nodes], dtype=float)
            artist.set_sizes(np.clip(MIN_SIZE + 22 * degree, MIN_SIZE, MAX_SIZE))
            artist.set_facecolor(face)
            artist.set_edgecolor(edge)
            artist.set_linewidth(widths)

    def render(self) -> np.ndarray:
        """Draw the figure as it stands; return its pixels (height x width x RGBA)."""
        if not self.fast:
            self.canvas.draw()
        else:
            if self._background is None:
                self.canvas.draw()  # everything but the network (its artists are 'animated')
                self._background = self.canvas.copy_from_bbox(self.figure.bbox)
            else:
                self.canvas.restore_region(self._background)
            for artist in self._dynamic():
                if artist.get_visible():
                    self.figure.draw_artist(artist)
        return np.asarray(self.canvas.buffer_rgba())

    def to_png(self) -> bytes:
        """Render the figure as it stands to PNG bytes (Agg, fast compression)."""
        rgba = self.render()
        buffer = io.BytesIO()
        Image.fromarray(rgba[..., :3]).save(buffer, format="png", compress_level=1)
        return buffer.getvalue()


def wrap_label(text: str, width: int = 24) -> str:
    """Long names on two or three lines (the full name is kept: the text alternative uses it)."""
    return textwrap.fill(text, width=width, break_long_words=False) if len(text) > width else text


MIN_SIZE, MAX_SIZE = 60.0, 320.0  # marker areas (points²) for the least and most connected actors


def draw_network(graph: nx.Graph, highlight: str | None = None, pos: dict | None = None,
                 lang: str | None = None, title: str | None = None) -> Figure:
    """Draw `graph`; highlight: an actor (name or id) whose ego network stays bright.

    Returns a matplotlib Figure; in a notebook it shows as the image followed by its text
    alternative (`fig.description`, the same as `describe_network(graph)`; the table of ties is
    `edge_table(graph)`). To keep positions fixed across several views, pass the same `pos`
    (e.g. `layout_positions(full_graph)`); by default the stored layout is used.
    """
    lang = resolve_language(lang)
    canvas = NetworkCanvas(graph, pos=pos, lang=lang)
    centre = resolve_actor(highlight, graph) if highlight is not None else None
    bright = ego_nodes(graph, centre) if centre is not None else None
    message = t("network.text.empty", lang) if graph.number_of_edges() == 0 else ""
    canvas.update(graph, highlight=bright, centre=centre, message=message,
                  title=title if title is not None else default_title(graph, lang))
    canvas.figure.description, canvas.figure.lang = describe_network(graph, lang), lang
    return canvas.figure


def default_title(graph: nx.Graph, lang: str | None = None) -> str:
    """'Who dealt with whom, 15 April to 5 May 1994' (or without dates)."""
    from .ui import format_date
    start, end = graph.graph.get("start"), graph.graph.get("end")
    if start and end:
        return t("network.title.window", lang, start=format_date(start, "day", lang),
                 end=format_date(end, "day", lang))
    return t("network.title.all", lang)
