"""Draw the negotiation network with matplotlib.

Colour shows an actor's side (Okabe-Ito palette, safe for colour-blind readers), marker shape its
kind (person, delegation, state...), line style the family of the tie (five families: talks,
mediation, signature, membership, objection; see tie_families.py), and fainter lines mark less
certain ties. The key lists only what the current view shows. Positions come from `layout.py`:
fixed per actor, so the picture does not jump when the filters change.

Sized for a projector: the figure is 8.75 inches wide at 96 dpi (840 px) and is shown at that size,
so names are 11 pt on screen. Names are placed where they overlap no other name; a name that
finds no free spot is left out (its actor is still drawn), the figure says how many, and the
text alternative names everyone. With an actor highlighted, the names of its ego network come
first and faded actors stay unnamed. Every text is drawn as plain text (a '$' in a name is a
dollar sign, never mathtext).

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
from .tie_families import FAMILY_STYLES, OTHER, families_in, family_of

# Okabe-Ito colours, one per side (the order of the palette; black for commentators).
SIDE_COLOURS = {
    "azerbaijani": "#0072B2", "armenian": "#D55E00", "karabakh_armenian": "#E69F00",
    "russian": "#009E73", "cis": "#56B4E9", "international": "#CC79A7", "iranian": "#F0E442",
    "commentator": "#000000",
}
KIND_MARKERS = {"person": "o", "delegation": "s", "state": "D", "unrecognised_entity": "v",
                "organisation": "^", "document": "p"}
EDGE_STYLES = FAMILY_STYLES  # tie family -> (line style, width, grey)
DEFAULT_STYLE = FAMILY_STYLES[OTHER]
CERTAINTY_ALPHA = {"certain": 1.0, "probable": 0.75, "disputed": 0.45, "unknown": 0.3}
FADE = 0.15  # how visible actors and ties outside a highlighted ego network stay
FIG_SIZE, DPI = (8.75, 7.3), 96  # 840 x 701 px, shown at natural size (see tests/unit/figure_checks.py)
FONT_SIZE = 11  # names
LEGEND_FONT_SIZE = 11
TITLE_FONT_SIZE = 13
LABEL_BACKGROUND = (1.0, 1.0, 1.0, 0.85)  # a white, slightly see-through patch behind each name
NAME_RINGS = 3  # a name sits beside its marker or at most two lines further out (with a leader line)
SURE_NAMES = 8  # the most connected actors' names may cover part of a marker (never another name)
NAME_CANDIDATES = 120  # at most this many names are tried (no figure has room for more at 11 pt)
LEGEND_CACHE = 24  # fast mode: how many different keys' backgrounds are kept


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
                 size=FIG_SIZE, dpi: int = DPI, max_labels: int | None = None, legend: bool = True,
                 fast: bool = False):
        """fast=True (the explorer): the parts that change only with the key (legend, frame) are
        drawn once per key and kept as a bitmap; each `to_png` then draws only the network on top.
        max_labels: name at most this many actors (default: as many as fit)."""
        self.lang = resolve_language(lang)
        self.fast = fast
        self.max_labels = max_labels
        self._backgrounds: dict = {}
        self._placements: dict = {}
        self._legend_key: tuple = ()
        self.pos = dict(pos) if pos is not None else layout_positions(full_graph)
        missing = [n for n in full_graph if n not in self.pos]
        if missing:
            self.pos.update(compute_layout(full_graph, fixed=self.pos))
        self.figure = NetworkFigure(figsize=size, dpi=dpi)
        self.canvas = FigureCanvasAgg(self.figure)
        self.figure.network_canvas = self  # so a test can read the key's rows from the figure
        self.renderer = self.canvas.get_renderer()
        self.legend_rows: list = []  # (section, key, heading?, Line2D or None, Text)
        self.legend_texts: list = []  # the key's texts shown in the current view
        self.legend_x = 1.0
        if legend:
            self._make_legend(full_graph)
        right = self.legend_x - 0.01 if legend else 0.995
        self.ax = self.figure.add_axes((0.005, 0.005, right - 0.005, 0.93 - 0.005))
        self.ax.set_axis_off()
        self._kinds = dict(full_graph.nodes(data="kind"))
        self._set_limits()
        self.edges = {family: LineCollection([], zorder=1, linestyles=[style[0]], linewidths=[style[1]])
                      for family, style in FAMILY_STYLES.items()}
        for collection in self.edges.values():
            self.ax.add_collection(collection)
        kinds = sorted({d.get("kind", "") for _, d in full_graph.nodes(data=True)} | {""})
        self.markers = {k: self.ax.scatter(np.empty(0), np.empty(0), marker=KIND_MARKERS.get(k, "o"),
                                           zorder=3, linewidths=0.8) for k in kinds}
        self.title = self.figure.text(0.01, 0.985, "", ha="left", va="top", fontsize=TITLE_FONT_SIZE,
                                      weight="bold", parse_math=False)
        self.message = self.ax.text(0.5, 0.5, "", transform=self.ax.transAxes, ha="center", va="center",
                                    fontsize=12, wrap=True, parse_math=False)
        # how many names are left out: at the foot of the key (or of the drawing without a key)
        note_x = self.legend_x if legend else 0.01
        self.unnamed_note = self.figure.text(note_x, 0.012, "", ha="left", va="bottom", fontsize=LEGEND_FONT_SIZE,
                                             parse_math=False, linespacing=1.15)
        self._note_width = (1 - note_x - 0.01) * self.figure.bbox.width
        self.labels: dict = {}
        self.leaders: dict = {}
        self.label_patches: PolyCollection | None = None
        self.unnamed: list = []
        self._make_labels(full_graph)
        for artist in self._dynamic():
            artist.set_animated(fast)

    def _dynamic(self) -> list:
        """The artists that change between updates, in drawing order (bottom to top)."""
        return (list(self.edges.values()) + list(self.leaders.values()) + list(self.markers.values())
                + ([self.label_patches] if self.label_patches is not None else [])
                + list(self.labels.values()) + [self.message, self.title, self.unnamed_note])

    # -------------------------------------------------------------- set-up (once)

    def _set_limits(self, documents: bool = True):
        """Frame every actor; without documents, only the others (the documents' strip at the
        bottom is then left out and the drawing gets that room)."""
        kinds = self._kinds if hasattr(self, "_kinds") else {}
        keep = [p for v, p in self.pos.items() if documents or kinds.get(v) != "document"]
        self._documents = documents
        xy = np.array(keep) if keep else (np.array(list(self.pos.values())) if self.pos else np.zeros((1, 2)))
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        span = np.maximum(hi - lo, 0.5)
        self.ax.set_xlim(lo[0] - 0.06 * span[0], hi[0] + 0.06 * span[0])
        self.ax.set_ylim(lo[1] - 0.05 * span[1], hi[1] + 0.05 * span[1])

    def _make_labels(self, full_graph: nx.Graph):
        """One hidden text per actor, its size measured once (normal and bold); placed per view."""
        nodes = list(full_graph.nodes)
        if not nodes:
            return
        sizes = []
        for v in nodes:
            text = self.ax.text(0, 0, wrap_label(str(full_graph.nodes[v].get("label", v))), fontsize=FONT_SIZE,
                                ha="center", va="center", zorder=4, linespacing=1.0, parse_math=False)
            text.set_fontweight("bold")  # the widest it will be (the highlighted actor is bold)
            extent = text.get_window_extent(self.renderer)  # (an invisible text measures nothing)
            text.set_fontweight("normal")
            text.set_visible(False)
            self.labels[v] = text
            sizes.append((extent.width + 3.0, extent.height + 2.0))  # a little air around each name
            self.leaders[v] = self.ax.plot([0, 0], [0, 0], color="#999999", linewidth=0.6, zorder=2,
                                           visible=False)[0]
        self._sizes = dict(zip(nodes, sizes, strict=True))
        self.label_patches = PolyCollection([], facecolors=[LABEL_BACKGROUND], edgecolors="none", zorder=3.5)
        self.ax.add_collection(self.label_patches)

    def _make_legend(self, full_graph: nx.Graph):
        """The key (sides, kinds of actor, families of tie), drawn as plain texts and sample marks
        in the right margin. Every row that the full network could need is made once; each view
        shows the rows it uses, stacked from the top. (matplotlib's Legend lays itself out on every
        draw, which costs more than the rest of the key.)"""
        lang = self.lang
        sides = [s for s in SIDE_COLOURS if any(d.get("side") == s for _, d in full_graph.nodes(data=True))]
        kinds = [k for k in KIND_MARKERS if any(d.get("kind") == k for _, d in full_graph.nodes(data=True))]
        families = families_in(x for _, _, d in full_graph.edges(data=True) for x in d.get("types", [d.get("type")]))
        marker = {"linestyle": "none", "markersize": 8, "markeredgecolor": "#333333"}
        rows = [("sides", None, t("network.legend.sides", lang), None)]
        rows += [("sides", s, term("side", s, lang), {"marker": "o", "markerfacecolor": SIDE_COLOURS[s], **marker})
                 for s in sides]
        rows += [("kinds", None, t("network.legend.kinds", lang), None)]
        rows += [("kinds", k, term("kind", k, lang), {"marker": KIND_MARKERS[k], "markerfacecolor": "#bbbbbb",
                                                      **marker}) for k in kinds]
        rows += [("ties", None, t("network.legend.ties", lang), None)]
        rows += [("ties", f, t(f"network.family.{f}", lang),
                  {"linestyle": FAMILY_STYLES[f][0], "linewidth": FAMILY_STYLES[f][1], "color": FAMILY_STYLES[f][2]})
                 for f in families]
        rows += [("ties", "fainter", t("network.legend.fainter", lang),
                  {"color": "#222222", "alpha": CERTAINTY_ALPHA["disputed"], "linewidth": 2.2})]
        width, height = self.figure.get_size_inches() * self.figure.dpi  # figure size in pixels
        handle = 24  # the sample mark, in pixels
        widest = 0.0
        for section, key, label, style in rows:
            weight = "bold" if style is None else "normal"
            text = self.figure.text(0, 0, label, fontsize=LEGEND_FONT_SIZE, va="center", weight=weight,
                                    parse_math=False)
            widest = max(widest, text.get_window_extent(self.renderer).width + (0 if style is None else handle + 6))
            text.set_visible(False)
            line = None
            if style is not None:
                line = Line2D([0, 0], [0, 0], transform=self.figure.transFigure, visible=False, **style)
                self.figure.add_artist(line)
            self.legend_rows.append((section, key, style is None, line, text))
        self.legend_x = max(0.55, 1 - (widest + 10) / width)
        self._row_step = LEGEND_FONT_SIZE * 1.7 * self.figure.dpi / 72 / height  # one row, in figure coordinates
        self._handle = handle / width
        self._gap = 6 / width

    def _show_legend(self, graph: nx.Graph) -> tuple:
        """Show the key's rows that `graph` uses, stacked from the top; returns which rows."""
        sides = {d.get("side") for _, d in graph.nodes(data=True)}
        kinds = {d.get("kind") for _, d in graph.nodes(data=True)}
        families = set(families_in(x for _, _, d in graph.edges(data=True) for x in d.get("types", [d.get("type")])))
        unsure = any(d.get("certainty") != "certain" for _, _, d in graph.edges(data=True))
        used = {"sides": lambda k: k in sides, "kinds": lambda k: k in kinds,
                "ties": lambda k: (unsure and graph.number_of_edges() > 0) if k == "fainter" else k in families}
        shown = [(section, key) for section, key, heading, _, _ in self.legend_rows
                 if not heading and used[section](key)]
        sections = {section for section, _ in shown}
        key = tuple(shown)
        if key == self._legend_key and self.legend_texts:
            return key
        self.legend_texts = []
        row = 0
        for section, k, heading, line, text in self.legend_rows:
            visible = section in sections if heading else (section, k) in key
            text.set_visible(visible)
            if line is not None:
                line.set_visible(visible)
            if not visible:
                continue
            if heading and row:
                row += 0.35  # a little space before each heading
            y = 0.93 - row * self._row_step
            x0 = self.legend_x
            if heading:
                text.set_position((x0, y))
            else:
                style_marker = line.get_marker() not in (None, "None", "none", "")
                xs = [x0 + self._handle / 2] * 2 if style_marker else [x0, x0 + self._handle]
                line.set_data(xs, [y, y])
                text.set_position((x0 + self._handle + self._gap, y))
            self.legend_texts.append(text)
            row += 1
        self._legend_key = key
        return key

    # -------------------------------------------------------------- each redraw

    def update(self, graph: nx.Graph, highlight=None, centre=None, title: str = "", message: str = ""):
        """Show `graph` (a view of the full network). highlight: actor ids to keep bright (the
        rest fades, unnamed); centre: one actor to ring in black; message: text in the middle."""
        new = [n for n in graph if n not in self.pos]
        if new:
            self.pos.update(compute_layout(graph, fixed=self.pos))
            self._add_labels(graph, new)
        documents = any(kind == "document" for _, kind in graph.nodes(data="kind"))
        if documents != self._documents:
            self._kinds.update(graph.nodes(data="kind"))
            self._set_limits(documents)
        bright = set(graph) if highlight is None else set(highlight) & set(graph)
        self._update_edges(graph, bright)
        self._update_nodes(graph, bright, centre)
        self._update_labels(graph, bright, centre)
        if self.legend_rows:
            self._show_legend(graph)
        self.title.set_text(title)
        self.message.set_text(message)

    def _add_labels(self, graph, new):
        """Actors that were not in the full network (a lecturer's own graph): make their names too."""
        sizes = {}
        for v in new:
            text = self.ax.text(0, 0, wrap_label(str(graph.nodes[v].get("label", v))), fontsize=FONT_SIZE,
                                ha="center", va="center", zorder=4, linespacing=1.0, parse_math=False,
                                animated=self.fast)
            text.set_fontweight("bold")
            extent = text.get_window_extent(self.renderer)
            text.set_fontweight("normal")
            text.set_visible(False)
            self.labels[v] = text
            sizes[v] = (extent.width + 3.0, extent.height + 2.0)
            self.leaders[v] = self.ax.plot([0, 0], [0, 0], color="#999999", linewidth=0.6, zorder=2,
                                           visible=False, animated=self.fast)[0]
        self._sizes.update(sizes)

    def _name_order(self, graph, bright, centre) -> list:
        """Who gets a name first: the highlighted actor, then the most connected bright actors."""
        candidates = [v for v in graph if v in bright and v in self.labels]
        candidates.sort(key=lambda v: (v != centre, -graph.degree(v), str(v)))
        return candidates[: self.max_labels if self.max_labels is not None else NAME_CANDIDATES]

    def _update_labels(self, graph, bright, centre):
        if not self.labels:
            return
        order = self._name_order(graph, bright, centre)
        key = (tuple(order), tuple(sorted(map(str, graph))), self._documents)
        if key not in self._placements:
            if len(self._placements) > 256:
                self._placements.clear()
            self._placements[key] = self._place(graph, order)
        placed = self._placements[key]
        corners = []
        flip = np.array([1.0, -1.0])
        for v, text in self.labels.items():
            spot = placed.get(v)
            text.set_visible(spot is not None)
            self.leaders[v].set_visible(spot is not None and spot[2])
            if spot is None:
                continue
            (x, y), half, far = spot[0], spot[1], spot[2]
            text.set_position((x, y))
            text.set_fontweight("bold" if v == centre else "normal")
            if far:
                self.leaders[v].set_data([self.pos[v][0], x], [self.pos[v][1], y])
            centre_px = self.ax.transData.transform((x, y))
            corners.append(self.ax.transData.inverted().transform(
                np.array([centre_px - half, centre_px + half * flip, centre_px + half, centre_px - half * flip])))
        self.label_patches.set_verts(corners)
        self.label_patches.set_facecolor([LABEL_BACKGROUND])
        named = sum(1 for v in graph if v in placed)
        self.unnamed = [v for v in graph if v not in placed and v in bright]
        left_out = len(self.unnamed)
        self.unnamed_note.set_text(wrap_to(t("network.legend.unnamed", self.lang, n=left_out), self._note_width,
                                           self.renderer, LEGEND_FONT_SIZE) if left_out and named else "")

    def _place(self, graph, order) -> dict:
        """Where each name in `order` goes (data coordinates), or absent if it finds no free spot."""
        if not order:
            return {}
        to_px = self.ax.transData
        points = to_px.transform(np.array([self.pos[v] for v in order]))
        obstacles = to_px.transform(np.array([self.pos[v] for v in graph]))
        wh = np.array([self._sizes[v] for v in order])
        box = self.ax.get_window_extent()
        radius = np.sqrt(MAX_SIZE) / 2 * self.figure.dpi / 72
        degree = np.array([graph.degree(v) for v in graph], dtype=float)
        radii = np.sqrt(np.clip(MIN_SIZE + 22 * degree, MIN_SIZE, MAX_SIZE)) / 2 * self.figure.dpi / 72 + 1.0
        centres, _, far = place_labels(wh, points, radius, (box.x0, box.y0, box.x1, box.y1),
                                       obstacles=obstacles, drop=True, rings=NAME_RINGS, obstacle_radii=radii,
                                       sure=SURE_NAMES)
        data_xy = to_px.inverted().transform(np.nan_to_num(centres))
        half = (wh - 1.0) / 2  # the name's extent plus half a pixel all round
        return {v: (tuple(data_xy[i]), half[i], bool(far[i])) for i, v in enumerate(order)
                if not np.isnan(centres[i, 0])}

    def _update_edges(self, graph, bright):
        by_family: dict = {family: [] for family in self.edges}
        for u, v, d in graph.edges(data=True):
            by_family[family_of(d.get("type"))].append((u, v, d))
        faded = len(bright) < graph.number_of_nodes()
        for family, edges in by_family.items():
            collection = self.edges[family]
            if not edges:
                collection.set_segments([])
                continue
            collection.set_segments(np.array([(self.pos[u], self.pos[v]) for u, v, _ in edges]))
            colours = np.tile(to_rgba(FAMILY_STYLES[family][2]), (len(edges), 1))
            colours[:, 3] = [CERTAINTY_ALPHA.get(d.get("certainty"), 0.5)
                             * (FADE if faded and not (u in bright and v in bright) else 1.0) for u, v, d in edges]
            collection.set_color(colours)

    def _update_nodes(self, graph, bright, centre):
        by_kind: dict = {k: [] for k in self.markers}
        for v, kind in graph.nodes(data="kind"):
            if kind not in self.markers:  # a kind the full network did not have
                self.markers[kind] = self.ax.scatter(np.empty(0), np.empty(0), marker=KIND_MARKERS.get(kind, "o"),
                                                     zorder=3, linewidths=0.8, animated=self.fast)
                by_kind[kind] = []
            by_kind[kind].append(v)
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
            background = self._backgrounds.get(self._legend_key)
            if background is None:
                self.canvas.draw()  # everything but the network (its artists are 'animated')
                background = self.canvas.copy_from_bbox(self.figure.bbox)
                if len(self._backgrounds) >= LEGEND_CACHE:
                    self._backgrounds.pop(next(iter(self._backgrounds)))
                self._backgrounds[self._legend_key] = background
            else:
                self.canvas.restore_region(background)
            for artist in self._dynamic():
                if artist.get_visible():
                    self.figure.draw_artist(artist)
        return np.asarray(self.canvas.buffer_rgba())

    def to_png(self) -> bytes:
        """Render the figure as it stands to PNG bytes (Agg, fast compression)."""
        rgba = self.render()
        height, width = rgba.shape[:2]
        # encoded straight from the drawing's own pixels (no copy of the picture is made: less memory)
        picture = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        picture.save(buffer, format="png", compress_level=1)
        return buffer.getvalue()


def wrap_to(text: str, width_px: float, renderer, size: float) -> str:
    """`text` on as many lines as it needs to fit `width_px` pixels (plain text, measured)."""
    from matplotlib.font_manager import FontProperties
    prop = FontProperties(size=size)
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and renderer.get_text_width_height_descent(trial, prop, ismath=False)[0] > width_px:
            lines.append(line)
            line = word
        else:
            line = trial
    return "\n".join(lines + [line])


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


def window_title(start, end, lang: str | None = None) -> str:
    """'Who dealt with whom, 15 April 1994 to 5 May 1994', or '... on 5 May 1994' for a single day."""
    from .ui import format_date
    first, last = format_date(start, "day", lang), format_date(end, "day", lang)
    if first == last:
        return t("network.title.day", lang, day=first)
    return t("network.title.window", lang, start=first, end=last)


def default_title(graph: nx.Graph, lang: str | None = None) -> str:
    """The title for the graph's dates (or without dates)."""
    start, end = graph.graph.get("start"), graph.graph.get("end")
    if start and end:
        return window_title(start, end, lang)
    return t("network.title.all", lang)
